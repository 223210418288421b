#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cleanup.sh PREFIX: detach every clos switch whose netns starts with PREFIX
# and delete the namespaces starting with PREFIX (which must start with
# "clos"), e.g. after an interrupted test: netns-scripts/cleanup.sh clos-smoke-
set -u
. "$(dirname "$0")/lib.sh"

if [ $# -ne 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
	echo "Usage: $0 PREFIX   (PREFIX starts with 'clos', e.g. clos-smoke-)"
	[ $# -eq 1 ] && exit 0
	exit 2
fi
clos_cleanup_prefix "$1"
