// SPDX-License-Identifier: GPL-2.0
/* Geneve header and option TLVs (RFC 8926). */
#include <stdlib.h>
#include "check.h"
#include "proto/geneve.h"

/*
 * Written from RFC 8926 section 3.4/3.5: Opt Len 3 (12 bytes), C set,
 * Ethernet, VNI 0x123456; option class 0x0102 type 0x80 (critical) with 4
 * data bytes, then class 0xffff type 0x01 with no data.
 */
static const u8 hdr[20] = {
	0x03, 0x40, 0x65, 0x58, 0x12, 0x34, 0x56, 0x00,
	0x01, 0x02, 0x80, 0x01, 0xde, 0xad, 0xbe, 0xef,
	0xff, 0xff, 0x01, 0x00,
};

static u8 *dup_exact(const void *p, size_t n)
{
	u8 *d = malloc(n ? n : 1);

	memcpy(d, p, n);
	return d;
}

TEST(geneve_build_matches_rfc_layout)
{
	struct cvsw_geneve_info in = {
		.vni = 0x123456, .proto = CVSW_GENEVE_PROTO_ETH,
		.opts = hdr + 8, .opts_len = 12,
	};
	u8 buf[20];

	CHECK_EQ(cvsw_geneve_build(buf, 19, &in), -EMSGSIZE);
	/* C is derived from the critical option, not from info->critical. */
	CHECK_EQ(cvsw_geneve_build(buf, 20, &in), 20);
	CHECK_MEM(buf, hdr, 20);
	in.opts_len = 0;
	in.oam = true;
	CHECK_EQ(cvsw_geneve_build(buf, 8, &in), 8);
	CHECK_EQ(buf[0], 0x00);
	CHECK_EQ(buf[1], 0x80);
	in.vni = 0x1000000;
	CHECK_EQ(cvsw_geneve_build(buf, 8, &in), -EINVAL);
}

TEST(geneve_parse_and_iterate)
{
	struct cvsw_geneve_info out;
	struct cvsw_geneve_opt_info o;
	const struct cvsw_geneve_opt *f;
	u8 *d = dup_exact(hdr, 20);
	size_t pos = 0;

	CHECK_EQ(cvsw_geneve_parse(d, 20, &out), 20);
	CHECK_EQ(out.vni, 0x123456);
	CHECK_EQ(out.proto, 0x6558);
	CHECK(out.critical);
	CHECK(!out.oam);
	CHECK_EQ(out.opts_len, 12);
	CHECK(out.opts == d + 8);
	CHECK_EQ(cvsw_geneve_opt_next(out.opts, out.opts_len, &pos, &o), 1);
	CHECK_EQ(o.opt_class, 0x0102);
	CHECK_EQ(o.type, 0x80);
	CHECK_EQ(o.len, 4);
	CHECK(o.data == d + 12);
	CHECK_EQ(cvsw_geneve_opt_next(out.opts, out.opts_len, &pos, &o), 1);
	CHECK_EQ(o.opt_class, 0xffff);
	CHECK_EQ(o.len, 0);
	CHECK_EQ(cvsw_geneve_opt_next(out.opts, out.opts_len, &pos, &o), 0);
	f = cvsw_geneve_opt_find(out.opts, out.opts_len, 0x0102, 0x80);
	CHECK(f == (const void *)(d + 8));
	CHECK_EQ(cvsw_geneve_opt_len(f), 4);
	CHECK(cvsw_geneve_opt_find(out.opts, out.opts_len, 0xffff, 0x01) ==
	      (const void *)(d + 16));
	CHECK(!cvsw_geneve_opt_find(out.opts, out.opts_len, 0x0102, 0x81));
	CHECK(!cvsw_geneve_opt_find(out.opts, out.opts_len, 0x0103, 0x80));
	free(d);
}

TEST(geneve_roundtrip_max_options)
{
	struct cvsw_geneve_info in = { .vni = 0xffffff, .proto = 0x0800, .oam = true };
	struct cvsw_geneve_info out;
	u8 opts[CVSW_GENEVE_OPTS_MAX], buf[8 + CVSW_GENEVE_OPTS_MAX];
	size_t pos = 0;
	int n = 0;
	struct cvsw_geneve_opt_info o;

	/* 252 bytes: options of 124 and 116 data bytes, then an empty one. */
	memset(opts, 0xa5, sizeof(opts));
	opts[0] = 0; opts[1] = 1; opts[2] = 1; opts[3] = 0xff; /* R bits set: ignored */
	opts[128] = 0; opts[129] = 2; opts[130] = 2; opts[131] = 29;
	opts[248] = 0; opts[249] = 3; opts[250] = 3; opts[251] = 0;
	in.opts = opts;
	in.opts_len = sizeof(opts);
	CHECK_EQ(cvsw_geneve_build(buf, sizeof(buf), &in), 260);
	CHECK_EQ(buf[0], 63);
	CHECK_EQ(buf[1], 0x80); /* O, no critical option */
	CHECK_EQ(cvsw_geneve_parse(buf, sizeof(buf), &out), 260);
	CHECK_EQ(out.vni, 0xffffff);
	CHECK_EQ(out.proto, 0x0800);
	CHECK(out.oam);
	CHECK(!out.critical);
	CHECK_MEM(out.opts, opts, sizeof(opts));
	while (n < 4 && cvsw_geneve_opt_next(out.opts, out.opts_len, &pos, &o) > 0) {
		n++;
		CHECK_EQ(o.opt_class, n);
		CHECK_EQ(o.len, n == 1 ? 124 : n == 2 ? 116 : 0);
	}
	CHECK_EQ(n, 3);
}

TEST(geneve_truncated_everywhere)
{
	struct cvsw_geneve_info out;
	size_t n;

	for (n = 0; n < 20; n++) {
		u8 *d = dup_exact(hdr, n);

		CHECK_EQ(cvsw_geneve_parse(d, n, &out), -EMSGSIZE);
		free(d);
	}
}

TEST(geneve_rejects_version_and_bad_options)
{
	struct cvsw_geneve_info out;
	u8 h[20];

	memcpy(h, hdr, 20);
	h[0] |= 0x40; /* version 1 */
	CHECK_EQ(cvsw_geneve_parse(h, 20, &out), -EPROTONOSUPPORT);
	memcpy(h, hdr, 20);
	h[11] = 3; /* first option claims 12 data bytes: runs past the area */
	CHECK_EQ(cvsw_geneve_parse(h, 20, &out), -EINVAL);
	memcpy(h, hdr, 20);
	h[0] = 0x02; /* an 8-byte area: ends exactly after the first option */
	CHECK_EQ(cvsw_geneve_parse(h, 20, &out), 16);
	h[11] = 2; /* ...now the first overruns the 8-byte area */
	CHECK_EQ(cvsw_geneve_parse(h, 20, &out), -EINVAL);
	memcpy(h, hdr, 20);
	h[0] = 0x04; /* Opt Len lies: 16 bytes of options, buffer has 12 */
	CHECK_EQ(cvsw_geneve_parse(h, 20, &out), -EMSGSIZE);
}

TEST(geneve_c_bit_and_critical)
{
	struct cvsw_geneve_info out, in = { .vni = 7, .proto = 0x6558, .critical = true };
	u8 h[20], buf[8];

	memcpy(h, hdr, 20);
	h[1] = 0x00; /* C clear although an option is critical */
	CHECK_EQ(cvsw_geneve_parse(h, 20, &out), 20);
	CHECK(out.critical);
	/* A caller may force C without critical options. */
	CHECK_EQ(cvsw_geneve_build(buf, 8, &in), 8);
	CHECK_EQ(buf[1], 0x40);
	/* Reserved flag bits and byte 7 are ignored. */
	buf[1] |= 0x3f;
	buf[7] = 0xee;
	CHECK_EQ(cvsw_geneve_parse(buf, 8, &out), 8);
	CHECK_EQ(out.vni, 7);
	CHECK(out.critical);
}

TEST(geneve_opts_validate_for_builders)
{
	static const u8 ok[8] = { 0, 1, 2, 1, 9, 9, 9, 9 };
	static const u8 crit[4] = { 0, 1, 0x82, 0 };
	static const u8 over[8] = { 0, 1, 2, 2, 9, 9, 9, 9 };
	struct cvsw_geneve_info in = { .opts = over, .opts_len = 8 };
	bool c = true;
	u8 buf[16];

	CHECK_EQ(cvsw_geneve_opts_validate(ok, 8, &c), 0);
	CHECK(!c);
	CHECK_EQ(cvsw_geneve_opts_validate(crit, 4, &c), 0);
	CHECK(c);
	CHECK_EQ(cvsw_geneve_opts_validate(over, 8, NULL), -EINVAL);
	CHECK_EQ(cvsw_geneve_opts_validate(ok, 6, NULL), -EINVAL);
	CHECK_EQ(cvsw_geneve_opts_validate(ok, 0, NULL), 0);
	CHECK_EQ(cvsw_geneve_build(buf, sizeof(buf), &in), -EINVAL);
	in.opts = ok;
	in.opts_len = 6;
	CHECK_EQ(cvsw_geneve_build(buf, sizeof(buf), &in), -EINVAL);
	in.opts = NULL;
	in.opts_len = 8;
	CHECK_EQ(cvsw_geneve_build(buf, sizeof(buf), &in), -EINVAL);
}

int main(void)
{
	return RUN_TESTS();
}
