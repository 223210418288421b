/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A new switch's tables, written one way for everyone who builds a switch:
 * clos-loader (pinned, on real ports), the unit-test fixture and the bench
 * (not pinned, every port on lo for BPF_PROG_TEST_RUN).
 *
 * From a description of the switch, on the maps of a freshly loaded
 * object: ports, port_by_ifindex, tx_ports, a local route for each of the
 * switch's addresses, the QoS defaults and each port's profiles for its
 * rate (lib/qos/qos_defaults.h), each port's punt policer at its defaults
 * (punt_police.h), and switch_cfg last, because its pin is
 * what makes a directory a switch. Routes, nexthops and groups are the
 * caller's.
 */
#ifndef CLOS_BUILD_H
#define CLOS_BUILD_H

#include "clos/abi.h"
#include "err.h"
#include "switch.h"

struct bpf_object;

/* An address the switch owns: its local route sends packets addressed to
 * the switch to its kernel. */
struct clos_local_addr {
	int family;		/* AF_INET or AF_INET6 */
	__u8 addr[16];		/* network order; 4 bytes used for AF_INET */
};

struct clos_switch_desc {
	/* Port i as the ports table holds it: ifindex, MAC, name, role,
	 * VLAN, up, trust, rate. Ports that share an ifindex (the test
	 * switches, all on lo) leave port_by_ifindex at the last of them. */
	const struct clos_port *ports;
	int num_ports;
	__u32 seed;
	__u8 role;		/* enum clos_role */
	__u8 mode;		/* enum clos_mode */
	const char *netns;	/* where the ports live; NULL: the root netns */
	const struct clos_local_addr *local;
	int num_local;
};

/* sw as the maps of a loaded, unpinned object (by the names of
 * clos_map_names), called name. -ENOENT naming a map the object lacks. */
int clos_switch_of_object(struct clos_switch *sw, struct bpf_object *obj,
			  const char *name, struct clos_err *err);

/* Write d into the empty tables of sw. On failure err names the table and
 * the entry, and switch_cfg is not written. */
int clos_switch_build(const struct clos_switch *sw,
		      const struct clos_switch_desc *d, struct clos_err *err);

#endif /* CLOS_BUILD_H */
