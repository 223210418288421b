/* SPDX-License-Identifier: GPL-2.0 */
/* clos-topo show (the plan) and status (what exists now), text or JSON. */
#ifndef CLOS_TOPO_STATUS_H
#define CLOS_TOPO_STATUS_H

#include <stdbool.h>
#include "model.h"

int topo_show(const struct topo *t, bool json);
int topo_status(const struct topo *t, bool json);

#endif /* CLOS_TOPO_STATUS_H */
