// SPDX-License-Identifier: GPL-2.0
/*
 * lib/table printing what `closctl table show` finds, as UBSan (make
 * test-san) saw it go wrong: a u64 counter in a buffer of entries lies
 * right after the key, so at a 4-byte boundary (port_stats: a u32 key,
 * then counters); and an empty table has no buffer at all.
 */
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include "field.h"
#include "fixture.h"
#include "jsonout.h"
#include "table.h"

Test(table_print, a_counter_at_a_4_byte_offset_reads_as_written)
{
	const struct clos_field f = {
		.name = "rx", .type = CLOS_FT_COUNTER, .offset = 4,
		.size = sizeof(struct clos_counter),
	};
	const struct clos_counter c = { .packets = 3, .bytes = 5 };
	__u64 store[4] = { 0 };	/* 8-byte aligned, so offset 4 is not */
	char out[CLOS_FIELD_STRLEN];

	memcpy((__u8 *)store + f.offset, &c, sizeof(c));
	cr_assert_str_eq(clos_field_str(NULL, &f, store, out, sizeof(out)),
			 "3 pkt 5 B");
}

TestSuite(table_show, .fini = fx_teardown);

/* The unit switch has no ECMP group: an empty JSON array. */
Test(table_show, an_empty_table_is_an_empty_array, .init = cr_redirect_stdout)
{
	struct fx *fx = fx_setup(FX_PROD);
	struct clos_err err = {};

	jout_init(true, false);
	cr_assert_eq(clos_table_show(&fx->sw, "ecmp_groups", &err), 0, "%s", err.msg);
	jout_finish();
	fflush(stdout);
	cr_assert_stdout_eq_str("[]\n");
}
