// SPDX-License-Identifier: GPL-2.0
/*
 * lib/table/field.c on values where `closctl table show` finds them: in a
 * buffer of entries, right after the key, so a u64 counter may lie at a
 * 4-byte boundary (the port_stats table: a u32 key, then counters). Under
 * UBSan (make test-san) a misaligned read stops the test.
 */
#include <string.h>
#include <criterion/criterion.h>
#include "field.h"

Test(field, a_counter_at_a_4_byte_offset_reads_as_written)
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
