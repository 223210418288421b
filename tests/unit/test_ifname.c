// SPDX-License-Identifier: GPL-2.0
/*
 * lib/os/ifname.c: interface names exactly as the kernel's dev_valid_name()
 * takes them. '#', quotes, ',' and bytes above 0x7f are names like any
 * other; '/', ':' and the kernel's white space are not.
 */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>
#include "ifname.h"

Test(ifname, kernel_names_taken)
{
	static const char *const ok[] = {
		"eth0", "e#1", "e'1", "e\"1", "a,b=c", "#", "...", ".a", "a.",
		"-", "lo", "123456789012345",	/* 15 bytes */
		"\x01\x7f", "\xc3\xa9t\xc3\xa9", "\xff", "e;$(x)", "a\\b",
	};
	struct clos_err why;
	unsigned int i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		cr_expect_eq(clos_ifname_check(ok[i], &why), 0,
			     "'%s' refused: %s", ok[i], why.msg);
}

Test(ifname, kernel_refusals_with_their_reason)
{
	static const struct {
		const char *name, *why;
	} bad[] = {
		{ "", "is empty" },
		{ "1234567890123456", "is longer than 15 bytes" },
		{ ".", "is '.'" },
		{ "..", "is '..'" },
		{ "a/b", "holds '/' at byte 2" },
		{ "s1:x", "holds ':' at byte 3" },
		{ "a b", "holds white space (0x20) at byte 2" },
		{ "x\nnetns\tadd\tP#", "holds white space (0x0a) at byte 2" },
		{ "\tx", "holds white space (0x09) at byte 1" },
		{ "a\v", "holds white space (0x0b) at byte 2" },
		{ "a\f", "holds white space (0x0c) at byte 2" },
		{ "a\r", "holds white space (0x0d) at byte 2" },
		{ "a\xa0", "holds white space (0xa0) at byte 2" },
	};
	struct clos_err why;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&why, 0, sizeof(why));
		cr_expect_eq(clos_ifname_check(bad[i].name, &why), -EINVAL,
			     "case %u taken", i);
		cr_expect_str_eq(why.msg, bad[i].why, "case %u", i);
	}
}

Test(ifname, no_reason_wanted)
{
	cr_expect_eq(clos_ifname_check("a:b", NULL), -EINVAL);
	cr_expect_eq(clos_ifname_check("e#1", NULL), 0);
}

Test(ifname, shown_on_one_line)
{
	char buf[CLOS_IFNAME_SHOWLEN];

	cr_expect_str_eq(clos_ifname_show("e#1", buf, sizeof(buf)), "e#1");
	cr_expect_str_eq(clos_ifname_show("x\nnetns\tadd\tP#", buf, sizeof(buf)),
			 "x\\x0anetns\\x09add\\x09P#");
	cr_expect_str_eq(clos_ifname_show("a\\b\xa0", buf, sizeof(buf)),
			 "a\\x5cb\\xa0");
	cr_expect_str_eq(clos_ifname_show("0123456789012345678901234567890123", buf,
					  sizeof(buf)),
			 "01234567890123456789012345678901...");
	/* 33 bytes that all need escaping still end in "...". */
	cr_expect_str_eq(clos_ifname_show("\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
					  "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
					  "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01",
					  buf, sizeof(buf)) + 31 * 4, "\\x01...");
	cr_expect_eq(strlen(buf), 32 * 4 + 3);
	/* A small buffer: whole escapes only. */
	cr_expect_str_eq(clos_ifname_show("\x01\x02\x03", buf, 9), "\\x01\\x02");
	cr_expect_str_eq(clos_ifname_show("\x01\x02\x03", buf, 8), "\\x01");
}
