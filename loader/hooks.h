/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hook record: what the loader put on (or was about to put on) each
 * port of a switch, written down *before* each hook is made, so that the
 * switch can be taken off exactly those hooks whatever stopped the loader
 * (kill -9 inside an attach included).
 *
 * The record is a small BPF array map pinned as "hooks" next to the
 * switch's tables, in its staging directory first and its pin directory
 * once attached (pins.h): one owner, the switch, and it goes with the pins.
 * Entry i is port i: its ifindex and name, the hooks noted, and the XDP
 * program once known. A noted hook may not have been made (the loader died
 * between noting and making): teardown looks before it removes.
 */
#ifndef CLOS_LOADER_HOOKS_H
#define CLOS_LOADER_HOOKS_H

#include <stdbool.h>
#include "clos/abi.h"
#include "ifinfo.h"

#define HOOKS_PIN	"hooks"

enum hook_kind {
	HOOK_XDP	= 1 << 0,	/* the ingress program, through libxdp */
	HOOK_CLSACT	= 1 << 1,	/* a clsact qdisc made (or an empty one taken) */
	HOOK_TC_EGRESS	= 1 << 2,	/* the egress program on the clsact */
	HOOK_TC_INGRESS	= 1 << 3,	/* the ingress program on the clsact */
	HOOK_HTB	= 1 << 4,	/* the HTB tree of a rated port */
	HOOK_TCX_EGRESS	= 1 << 5,	/* the egress program on tcx */
	HOOK_TCX_INGRESS = 1 << 6,	/* the ingress program on tcx */
};

struct hook_rec {
	__u32 ifindex;
	__u32 kinds;			/* enum hook_kind bits */
	__u32 prog_id;			/* HOOK_XDP: the program, once attached */
	char name[CLOS_IFNAMSIZ];
};

/* Create the record and pin it in dir. Returns its fd, or a negative
 * errno. */
int hooks_create(const char *dir);

/* Read the record pinned in dir into recs (zeroed where a port has
 * none). 0; -ENOENT when dir has no record (a switch attached by a loader
 * that kept none). */
int hooks_read(const char *dir, struct hook_rec recs[CLOS_MAX_PORTS]);

/* Before hook kind is made on port i (interface ifi): write it down. The
 * hook must not be made when this fails. */
int hooks_note(int fd, __u32 i, const struct ifinfo *ifi, enum hook_kind kind);

/* After a hook is made on port i; prog_id, when not 0, is the XDP program
 * now on it. */
int hooks_made(int fd, __u32 i, __u32 prog_id);

/* A noted hook that turned out not to be ours to make (a clsact another
 * user has): strike it. */
int hooks_forget(int fd, __u32 i, enum hook_kind kind);

/* "xdp", "clsact", "tc-egress", ... for the set bits of kinds, joined by
 * '+', into buf. */
const char *hooks_kinds_str(__u32 kinds, char *buf, size_t len);

/*
 * Tests only: CLOS_LOADER_TEST_KILL_AT=N makes the loader kill itself with
 * SIGKILL at the N-th step of its hook record (each note and each made
 * counts one, from 1), as a crash or a kill -9 at that point would. Tests
 * walk N from 1 up to the first attach that completes.
 */

#endif /* CLOS_LOADER_HOOKS_H */
