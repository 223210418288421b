// SPDX-License-Identifier: GPL-2.0
/* Names of the enums clos-loader prints. */
#include <xdp/libxdp.h>
#include "loader.h"

const char *loader_role_name(__u8 role)
{
	switch (role) {
	case CLOS_ROLE_LEAF:
		return "leaf";
	case CLOS_ROLE_SPINE:
		return "spine";
	default:
		return "unknown";
	}
}

const char *loader_mode_name(__u8 mode)
{
	return mode == CLOS_MODE_FAST ? "fast" : "queue";
}

const char *loader_xdp_mode_name(int mode)
{
	switch (mode) {
	case XDP_MODE_NATIVE:
		return "native";
	case XDP_MODE_SKB:
		return "generic";
	case XDP_MODE_HW:
		return "hw";
	default:
		return "unspec";
	}
}
