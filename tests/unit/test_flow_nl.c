// SPDX-License-Identifier: GPL-2.0
/*
 * flowtable/flow_nl.c, the table both the kernel and cvsw-ctl use to put a
 * rule's match in netlink attributes: it covers every matchable byte of
 * struct flow_key, and a match sends each address in one family only.
 */
#include "check.h"
#include "flowtable/flow.h"
#include "flowtable/flow_nl.h"
#include "flowtable/flow_text.h"

#define OFF(f) offsetof(struct flow_key, f)

static bool not_matchable(size_t off)
{
	return off == OFF(ip_ver) || off == OFF(pad0) || off == OFF(pad1) ||
	       (off >= OFF(pad2) && off < OFF(pad2) + 4);
}

TEST(every_matchable_byte_has_an_attribute)
{
	for (size_t off = 0; off < sizeof(struct flow_key); off++) {
		u32 covered = 0;

		for (u32 i = 0; i < cvsw_flow_nl_n_fields; i++) {
			const struct cvsw_flow_nl_field *f = &cvsw_flow_nl_fields[i];

			covered += off >= f->offset && off < (size_t)f->offset + f->len;
		}
		/* Address bytes 0-3 have an IPv4 and an IPv6 attribute, 4-15 IPv6 only. */
		if (not_matchable(off))
			CHECK_EQ(covered, 0);
		else if ((off >= OFF(nw_src) && off < OFF(nw_src) + 4) ||
			 (off >= OFF(nw_dst) && off < OFF(nw_dst) + 4))
			CHECK_EQ(covered, 2);
		else
			CHECK_EQ(covered, 1);
	}
}

TEST(attribute_numbers_unique_and_in_range)
{
	for (u32 i = 0; i < cvsw_flow_nl_n_fields; i++) {
		CHECK(cvsw_flow_nl_fields[i].attr >= 1 && cvsw_flow_nl_fields[i].attr <= CVSW_KEY_A_MAX);
		for (u32 j = i + 1; j < cvsw_flow_nl_n_fields; j++)
			CHECK(cvsw_flow_nl_fields[i].attr != cvsw_flow_nl_fields[j].attr);
	}
	CHECK_EQ(cvsw_flow_nl_n_fields, CVSW_KEY_A_MAX);
}

static u32 attrs_of(const char *text, u16 *out)
{
	struct cvsw_flow_rule r;
	char err[200];
	u32 n = 0;

	CHECK_EQ(cvsw_flow_parse(text, &r, err, sizeof(err)), 0);
	for (u32 i = 0; i < cvsw_flow_nl_n_fields; i++)
		if (cvsw_flow_nl_field_in(&r.key, &r.mask, &cvsw_flow_nl_fields[i]))
			out[n++] = cvsw_flow_nl_fields[i].attr;
	return n;
}

TEST(addresses_in_the_match_family_only)
{
	u16 a[32];

	CHECK_EQ(attrs_of("ip,nw_src=10.0.0.0/8,actions=drop", a), 2);
	CHECK_EQ(a[0], CVSW_KEY_A_ETH_TYPE);
	CHECK_EQ(a[1], CVSW_KEY_A_IPV4_SRC);
	CHECK_EQ(attrs_of("ipv6,ipv6_dst=2001:db8::/32,actions=drop", a), 2);
	CHECK_EQ(a[0], CVSW_KEY_A_ETH_TYPE);
	CHECK_EQ(a[1], CVSW_KEY_A_IPV6_DST);
	CHECK_EQ(attrs_of("actions=drop", a), 0);
}

TEST(prerequisites)
{
	struct flow_key k = { 0 }, m = { 0 };
	const struct cvsw_flow_nl_field *v4 = NULL, *v6 = NULL;

	for (u32 i = 0; i < cvsw_flow_nl_n_fields; i++) {
		if (cvsw_flow_nl_fields[i].attr == CVSW_KEY_A_IPV4_DST)
			v4 = &cvsw_flow_nl_fields[i];
		if (cvsw_flow_nl_fields[i].attr == CVSW_KEY_A_IPV6_DST)
			v6 = &cvsw_flow_nl_fields[i];
	}
	CHECK(v4 && v6);
	CHECK(cvsw_flow_nl_prereq(&k, &m, v4) != NULL);
	CHECK(cvsw_flow_nl_prereq(&k, &m, v6) != NULL);
	m.eth_type = 0xffff;
	k.eth_type = cpu_to_be16(0x0800);
	CHECK(cvsw_flow_nl_prereq(&k, &m, v4) == NULL);
	CHECK(cvsw_flow_nl_prereq(&k, &m, v6) != NULL);
	k.eth_type = cpu_to_be16(0x86dd);
	CHECK(cvsw_flow_nl_prereq(&k, &m, v6) == NULL);
	m.eth_type = cpu_to_be16(0xff00);	/* not matched exactly */
	CHECK(cvsw_flow_nl_prereq(&k, &m, v6) != NULL);
}

TEST(actions_both_ways)
{
	for (u16 a = 1; a <= CVSW_ACTION_A_MAX; a++) {
		u8 t = cvsw_flow_nl_action_type(a);

		CHECK(t != 0);
		CHECK_EQ(cvsw_flow_nl_action_attr(t), a);
	}
	CHECK_EQ(cvsw_flow_nl_action_type(0), 0);
	CHECK_EQ(cvsw_flow_nl_action_type(CVSW_ACTION_A_MAX + 1), 0);
	CHECK_EQ(cvsw_flow_nl_action_attr(0), 0);
}

int main(void)
{
	return RUN_TESTS();
}
