#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# oneleaf.sh up|down [PREFIX [SWITCH]]: the smoke test's topology, to play
# with by hand. "up" builds namespaces PREFIXleaf, PREFIXh1, PREFIXh2,
# attaches SWITCH to the leaf and routes the hosts; "down" removes it all.
# Defaults: PREFIX clos-lab-, SWITCH lab-leaf. Needs root and a built tree.
#
#   netns-scripts/oneleaf.sh up
#   ip netns exec clos-lab-h1 ping 10.0.2.2
#   build/closctl -s lab-leaf stats
#   netns-scripts/oneleaf.sh down
set -u
. "$(dirname "$0")/lib.sh"

cmd=${1:-}
prefix=${2:-clos-lab-}
sw=${3:-lab-leaf}

case $cmd in
up)
	clos_cleanup_prefix "$prefix" &&
	clos_oneleaf_up "$prefix" &&
	clos_oneleaf_attach "$prefix" "$sw" || {
		echo "oneleaf: setup failed, removing what was built" >&2
		clos_cleanup_prefix "$prefix"
		exit 1
	}
	echo "up: h1 ${prefix}h1 (10.0.1.2, 2001:db8:1::2), h2 ${prefix}h2 (10.0.2.2, 2001:db8:2::2), switch $sw in ${prefix}leaf"
	;;
down)
	clos_cleanup_prefix "$prefix"
	;;
*)
	echo "Usage: $0 up|down [PREFIX [SWITCH]]"
	[ "$cmd" = -h ] || [ "$cmd" = --help ] && exit 0
	exit 2
	;;
esac
