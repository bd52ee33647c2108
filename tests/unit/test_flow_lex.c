// SPDX-License-Identifier: GPL-2.0
/* The libc-free number and address helpers behind the flow syntax. */
#include "check.h"
#include "flowtable/flow_lex.h"

static const char *ip6_canon(const char *in)
{
	static char buf[64];
	struct flow_out o = { buf, sizeof(buf), 0 };
	u8 a[16];

	if (cvsw_flow_lex_ipv6(flow_str_of(in), a))
		return "(invalid)";
	buf[0] = '\0';
	cvsw_flow_out_ipv6(&o, a);
	return buf;
}

TEST(ipv6_rfc5952_forms)
{
	CHECK_STR(ip6_canon("::"), "::");
	CHECK_STR(ip6_canon("::1"), "::1");
	CHECK_STR(ip6_canon("1::"), "1::");
	CHECK_STR(ip6_canon("2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
	CHECK_STR(ip6_canon("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1"); /* first of a tie */
	CHECK_STR(ip6_canon("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1"); /* no :: for one */
	CHECK_STR(ip6_canon("1:0:0:2:0:0:0:3"), "1:0:0:2::3"); /* the longest run */
	CHECK_STR(ip6_canon("::ffff:192.0.2.1"), "::ffff:c000:201");
	CHECK_STR(ip6_canon("1:2:3:4:5:6:7::"), "1:2:3:4:5:6:7:0");
	CHECK_STR(ip6_canon("::2:3:4:5:6:7:8"), "0:2:3:4:5:6:7:8");
}

TEST(ipv6_rejects)
{
	static const char *const bad[] = {
		"", ":", ":::", "1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::",
		"1::2:", "12345::", "g::", "1:2:3:4:5:6:7:8::", "::1.2.3", "::1.2.3.4.5",
		"1:2:3:4:5:6:7:1.2.3.4", "::256.0.0.1", "1:: 2",
	};
	size_t i;
	u8 a[16];

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (!cvsw_flow_lex_ipv6(flow_str_of(bad[i]), a))
			fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
		CHECK(cvsw_flow_lex_ipv6(flow_str_of(bad[i]), a) == -EINVAL);
	}
}

TEST(ipv4_and_mac)
{
	u8 a[4], m[6];

	CHECK_EQ(cvsw_flow_lex_ipv4(flow_str_of("255.0.10.1"), a), 0);
	CHECK(a[0] == 255 && a[1] == 0 && a[2] == 10 && a[3] == 1);
	CHECK(cvsw_flow_lex_ipv4(flow_str_of("256.0.0.1"), a) == -EINVAL);
	CHECK(cvsw_flow_lex_ipv4(flow_str_of("1.2.3"), a) == -EINVAL);
	CHECK(cvsw_flow_lex_ipv4(flow_str_of("1.2.3.4."), a) == -EINVAL);
	CHECK(cvsw_flow_lex_ipv4(flow_str_of("1..3.4"), a) == -EINVAL);
	CHECK(cvsw_flow_lex_ipv4(flow_str_of("1.2.3.1234"), a) == -EINVAL);
	CHECK_EQ(cvsw_flow_lex_mac(flow_str_of("0:1b:FF:a:00:9"), m), 0);
	CHECK(m[0] == 0 && m[1] == 0x1b && m[2] == 0xff && m[3] == 0xa && m[5] == 9);
	CHECK(cvsw_flow_lex_mac(flow_str_of("00:11:22:33:44:555"), m) == -EINVAL);
	CHECK(cvsw_flow_lex_mac(flow_str_of("00-11-22-33-44-55"), m) == -EINVAL);
}

TEST(numbers)
{
	u64 v;

	CHECK_EQ(cvsw_flow_lex_u64(flow_str_of("18446744073709551615"), &v), 0);
	CHECK(v == ~0ULL);
	CHECK(cvsw_flow_lex_u64(flow_str_of("18446744073709551616"), &v) == -EINVAL);
	CHECK_EQ(cvsw_flow_lex_u64(flow_str_of("0xFFFFffffFFFFffff"), &v), 0);
	CHECK(v == ~0ULL);
	CHECK_EQ(cvsw_flow_lex_u64(flow_str_of("0x0"), &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(cvsw_flow_lex_u64(flow_str_of("007"), &v), 0);
	CHECK_EQ(v, 7);
	CHECK(cvsw_flow_lex_u64(flow_str_of("0x"), &v) == -EINVAL);
	CHECK(cvsw_flow_lex_u64(flow_str_of(""), &v) == -EINVAL);
	CHECK(cvsw_flow_lex_u64(flow_str_of("-1"), &v) == -EINVAL);
	CHECK(cvsw_flow_lex_u64(flow_str_of("12a"), &v) == -EINVAL);
	CHECK(cvsw_flow_lex_u64(flow_str_of("0x1g"), &v) == -EINVAL);
}

TEST(output_buffer_bounds)
{
	char buf[6];
	struct flow_out o = { buf, sizeof(buf), 0 };

	cvsw_flow_out_hex(&o, 0xabcdef, 8);
	CHECK_EQ(o.pos, 10);
	CHECK_STR(buf, "0x00a"); /* "0x00abcdef" cut to fit, terminated */
	o = (struct flow_out){ buf, sizeof(buf), 0 };
	cvsw_flow_out_dec(&o, 12345);
	CHECK_EQ(o.pos, 5);
	CHECK_STR(buf, "12345");
}

int main(void)
{
	return RUN_TESTS();
}
