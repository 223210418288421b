/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clos-topo graph: the fabric drawn by graphviz. One row per tier (hosts
 * at the bottom, the spines on top), every link with its rate (the file's)
 * and, when the fabric is up, its state (both ends' interfaces up and
 * running); with stats, the packets each way and the drops from the
 * switches' port counters (the same reads as closctl stats).
 */
#ifndef CLOS_TOPO_GRAPH_H
#define CLOS_TOPO_GRAPH_H

#include <stdbool.h>
#include "err.h"
#include "model.h"

/* Draw t into out: "*.dot" is the DOT text, "-" the same on stdout,
 * "*.svg" the picture (graphviz's dot). 0, or a negative errno with err
 * saying why. */
int topo_graph(const struct topo *t, bool stats, const char *out,
	       struct clos_err *err);

#endif /* CLOS_TOPO_GRAPH_H */
