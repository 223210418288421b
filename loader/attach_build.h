/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clos-loader attach: the steps both modes take to build a switch (step 2
 * of attach_modes.h): its maps, its tables through lib/switch/build.h, and
 * its pins in the staging directory. Each says why it failed
 * (jout_error).
 */
#ifndef CLOS_LOADER_ATTACH_BUILD_H
#define CLOS_LOADER_ATTACH_BUILD_H

#include <bpf/libbpf.h>
#include "attach.h"
#include "hooks.h"

/* st->sw as the maps of obj, the freshly loaded object of switch name. */
int attach_maps(const char *name, struct bpf_object *obj, struct clos_switch *sw);

/* Fill the tables of st->sw. The tx_ports devmap names the interfaces,
 * without a program: fast mode decides everything at ingress. */
int attach_fill_tables(const struct attach_req *req, const struct attach_state *st,
		       __u32 seed);

/* Create the staging directory and pin in it the hook record (first:
 * nothing is hooked before it exists), the maps of st->sw, and the
 * programs as prog_ingress (if ingress_fd >= 0) and prog_egress (if
 * egress_fd >= 0: queue mode's TC egress). */
int attach_pin(struct attach_state *st, int ingress_fd, int egress_fd);

/* Pin the ingress program in the staging directory (fast mode: libxdp
 * loads it at the first port's attach). */
int attach_pin_ingress(struct attach_state *st, int fd);

/* Write down hook kind of port i before it is made, and that it was made
 * (prog_id: the XDP program now there, or 0); say why when they fail. */
int attach_note(struct attach_state *st, int i, enum hook_kind kind);
int attach_made(struct attach_state *st, int i, __u32 prog_id);

#endif /* CLOS_LOADER_ATTACH_BUILD_H */
