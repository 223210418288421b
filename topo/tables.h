/* SPDX-License-Identifier: GPL-2.0 */
/* Installing the plan's switch entries through the library closctl uses. */
#ifndef CLOS_TOPO_TABLES_H
#define CLOS_TOPO_TABLES_H

#include "model.h"
#include "switch.h"

/* line: "table add NAME KEY => ACTION ...", "group set GID kind K members
 * M,..." or "port set PORT role R" -- the closctl words, so a user can
 * replay any of them by hand. */
int topo_tables_apply(struct clos_switch *sw, const char *line,
		      struct topo_err *err);

#endif /* CLOS_TOPO_TABLES_H */
