// SPDX-License-Identifier: GPL-2.0
/*
 * The topology loader from memory: YAML in, the whole loader and the model's
 * checks (topo_load_buffer), then, for a fabric it takes, everything up
 * would derive from it without touching the system: each node's ip
 * commands, its closctl batch and its FRR configuration. A hang shows as
 * libFuzzer's -timeout (FUZZ_ARGS_topo_load).
 *
 * Checked beyond "no crash, no sanitizer report": a fabric that loads has
 * only port names the kernel takes (lib/os/ifname) but "lo", each name
 * comes back whole from its closctl batch word (lib/os/words), and each ip
 * command holds them as whole words.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "frr_conf.h"
#include "ifname.h"
#include "load.h"
#include "plan.h"
#include "words.h"

/* Big (the model is a fixed array): static, and reset by the loader. */
static struct topo t;

static void check_names(const struct topo *m)
{
	int i, p;

	for (i = 0; i < m->num_nodes; i++)
		for (p = 0; p < m->nodes[i].num_ports; p++) {
			const char *ifn = m->nodes[i].ports[p].ifname;
			char word[CLOS_QUOTED_LEN(CLOS_IFNAMSIZ) + 8], *argv[2];
			const char *why;

			if (clos_ifname_check(ifn, NULL) || !strcmp(ifn, "lo"))
				abort();
			/* As a batch line ends it: a comment after the word. */
			if (!clos_quote_word(ifn, word, sizeof(word) - 8))
				abort();
			strcat(word, " #x");
			if (clos_split_words(word, argv, 2, &why) != 1 ||
			    strcmp(argv[0], ifn))
				abort();
		}
}

/* Every word naming a port must be one of the node's port names, whole. */
static void check_cmds(const struct topo_node *n, const struct topo_cmds *c)
{
	char **w;
	int i;

	if (c->err)
		return;
	for (w = topo_cmd_next(c, NULL); w; w = topo_cmd_next(c, w))
		for (i = 0; w[i]; i++)
			if (!strcmp(w[i], "dev") && (!w[i + 1] ||
			    topo_port_find(n, w[i + 1]) < 0))
				abort();
}

static void plan_all(const struct topo *m)
{
	struct topo_text text = {};
	struct topo_cmds ip = {};
	int i, d;

	for (i = 0; i < m->num_nodes; i++) {
		const struct topo_node *n = &m->nodes[i];

		topo_cmds_reset(&ip);
		topo_plan_ip_config(m, n, &ip);
		topo_plan_ip_routes(m, n, &ip);
		check_cmds(n, &ip);
		topo_text_reset(&text);
		if (topo_is_switch(n)) {
			topo_plan_tables(m, n, &text);
			for (d = 0; d < TOPO_FRR_DAEMONS; d++)
				topo_frr_conf(m, n, d, "/dev/null", &text);
		}
	}
	topo_cmds_free(&ip);
	topo_text_free(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clos_err err;

	if (topo_load_buffer(&t, "fuzz.yaml", data, size, &err))
		return 0;
	check_names(&t);
	plan_all(&t);
	/* A fabric across boxes: its first box's part too (tunnels, MTU). */
	if (t.num_boxes) {
		if (topo_select_box(&t, t.boxes[0].name, "ul", &err))
			abort();
		plan_all(&t);
	}
	return 0;
}
