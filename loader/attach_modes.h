/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clos-loader attach, per mode: attach_fast.c (XDP) and attach_queue.c
 * (TC and HTB). attach.c runs them; they build on attach_build.h.
 *
 * Order of work, so that no packet ever sees empty tables and a failure
 * leaves nothing behind:
 *   1. validate everything (name, netns, ports, rates, existing switches);
 *   2. load the mode's BPF object, fill its tables (ports, local routes,
 *      QoS defaults and profiles, switch_cfg) and pin them and its
 *      programs in a staging directory;
 *   3. put the programs on every port (fast: XDP through libxdp; queue:
 *      clsact TC hooks, then each rated port's HTB tree);
 *   4. rename the staging directory to the switch's pin directory.
 */
#ifndef CLOS_LOADER_ATTACH_MODES_H
#define CLOS_LOADER_ATTACH_MODES_H

#include "attach.h"

/* Inside the switch's netns: build and pin (step 2), attach (step 3),
 * undo, free. The build and attach steps say why they failed. */
int attach_fast_build(const struct attach_req *req, struct attach_state *st, __u32 seed);
int attach_fast_ports(const struct attach_req *req, struct attach_state *st);
void attach_fast_rollback(const char *name, struct attach_state *st);
void attach_fast_free(struct attach_state *st);

int attach_queue_build(const struct attach_req *req, struct attach_state *st, __u32 seed);
int attach_queue_ports(const struct attach_req *req, struct attach_state *st);
void attach_queue_rollback(const char *name, struct attach_state *st);
void attach_queue_free(struct attach_state *st);

#endif /* CLOS_LOADER_ATTACH_MODES_H */
