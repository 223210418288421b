/* SPDX-License-Identifier: GPL-2.0 */
/* Topology files (YAML, explicit or shorthand form) into the model. */
#ifndef CLOS_TOPO_LOAD_H
#define CLOS_TOPO_LOAD_H

#include <stddef.h>
#include "err.h"
#include "model.h"

/* What a topology file may be: a few kB in practice. */
#define TOPO_FILE_MAX		(1 << 20)
#define TOPO_YAML_MAX_DEPTH	32

/* Read, check and plan the fabric of file: 0, or a negative errno with
 * "FILE:LINE: reason" in err. Nothing is created. */
int topo_load(struct topo *t, const char *file, struct clos_err *err);

/* The same from len bytes at buf (need not end in NUL); name stands for
 * the file in messages. No side effects: what the fuzzer drives. */
int topo_load_buffer(struct topo *t, const char *name, const void *buf,
		     size_t len, struct clos_err *err);

#endif /* CLOS_TOPO_LOAD_H */
