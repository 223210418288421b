/* SPDX-License-Identifier: GPL-2.0 */
/* Topology files (YAML: clos's explicit or shorthand form, or a
 * containerlab topology) into the model. */
#ifndef CLOS_TOPO_LOAD_H
#define CLOS_TOPO_LOAD_H

#include <stddef.h>
#include "err.h"
#include "model.h"

/* What a topology file may be: a few kB in practice. */
#define TOPO_FILE_MAX		(1 << 20)
#define TOPO_YAML_MAX_DEPTH	32

/* What the command line adds to a file: for a file that does not say,
 * its routing; for containerlab files, which kinds are hosts and which
 * switches ("KIND=host", "KIND=switch"). */
struct topo_load_opts {
	int routing;		/* enum topo_routing; -1: the file's */
	const char *const *kinds;
	int num_kinds;
};

/* Read, check and plan the fabric of file: 0, or a negative errno with
 * "FILE:LINE: reason" in err. Nothing is created. */
int topo_load(struct topo *t, const char *file, struct clos_err *err);
/* The same with the command line's opts (NULL: none). */
int topo_load_opts(struct topo *t, const char *file,
		   const struct topo_load_opts *opts, struct clos_err *err);

/* The same from len bytes at buf (need not end in NUL); name stands for
 * the file in messages. No side effects: what the fuzzer drives. */
int topo_load_buffer(struct topo *t, const char *name, const void *buf,
		     size_t len, struct clos_err *err);
int topo_load_buffer_opts(struct topo *t, const char *name, const void *buf,
			  size_t len, const struct topo_load_opts *opts,
			  struct clos_err *err);

#endif /* CLOS_TOPO_LOAD_H */
