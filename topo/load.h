/* SPDX-License-Identifier: GPL-2.0 */
/* Topology files (YAML, explicit or shorthand form) into the model. */
#ifndef CLOS_TOPO_LOAD_H
#define CLOS_TOPO_LOAD_H

#include "err.h"
#include "model.h"

/* Read, check and plan the fabric of file: 0, or a negative errno with
 * "FILE:LINE: reason" in err. Nothing is created. */
int topo_load(struct topo *t, const char *file, struct clos_err *err);

#endif /* CLOS_TOPO_LOAD_H */
