/* SPDX-License-Identifier: GPL-2.0 */
/* clos-topo show (the plan) and status (what exists now), text or JSON
 * through lib's jout (set up by the caller). */
#ifndef CLOS_TOPO_STATUS_H
#define CLOS_TOPO_STATUS_H

#include "model.h"

int topo_show(const struct topo *t);
int topo_status(const struct topo *t);

#endif /* CLOS_TOPO_STATUS_H */
