// SPDX-License-Identifier: GPL-2.0
/*
 * proto_selftest.ko (tests only): runs the portable checksum, SCLP and
 * reassembly code inside the kernel (kzalloc(GFP_ATOMIC), kernel byte order
 * helpers) on the same vectors as the unit tests: RFC 1071, the paper's
 * Fig. 4, a 64 KiB payload in a shuffled order, id reuse. Prints one
 * "PASS: <case>" or "FAIL: <case>" line per case; loading fails with
 * -EINVAL if any case failed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/vmalloc.h>
/* The reassembly engine's test-only accessors and invariant checker too. */
#define CVSW_PROTO_SELFTEST
#include "proto/csum.c"
#include "proto/sclp.c"
#include "proto/sclp_buf.c"
#include "proto/reasm.c"

struct kfrag {
	struct reasm_frag f;
	const u8 *payload;
	u8 *seg;
};

static unsigned int nfreed;
static int nfailed;

static void kfrag_release(struct reasm_frag *f)
{
	struct kfrag *k = container_of(f, struct kfrag, f);

	kfree(k->seg);
	kfree(k);
}

/* Only frags the engine drops or destroys come through here. */
static void engine_free(struct reasm_frag *f, void *ctx)
{
	nfreed++;
	kfrag_release(f);
}

static const struct reasm_ops kops = { .free_frag = engine_free };

static void report(const char *name, bool ok)
{
	pr_info("%s: %s\n", ok ? "PASS" : "FAIL", name);
	nfailed += !ok;
}

static bool csum_vectors(void)
{
	static const u8 v[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	static const u8 iph[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
				    0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8,
				    0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	__sum16 c = cvsw_csum(v, sizeof(v));
	u8 b[2];

	memcpy(b, &c, 2);
	return b[0] == 0x22 && b[1] == 0x0d && cvsw_csum_ok(iph, sizeof(iph));
}

static u32 xorshift(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/*
 * Segment total bytes at mss, check every segment, then reassemble them in
 * the order given by seed (0: in order, 1: reversed, else shuffled) and
 * compare the bytes. Returns false on any mismatch or allocation failure.
 */
static bool round_trip(struct reasm *r, u32 total, u32 mss, u32 id, u32 seed)
{
	u32 n = sclp_seg_count(total, mss), i, pos, size = 0;
	u8 *payload = vmalloc(total), *joined = vmalloc(total);
	struct kfrag **frags = kcalloc(n, sizeof(*frags), GFP_KERNEL);
	struct reasm_key key = { .family = 4, .proto = SCLP_IPPROTO_DEFAULT };
	u32 *order = kcalloc(n, sizeof(*order), GFP_KERNEL);
	struct reasm_frag *out = NULL;
	struct sclp_seg_iter it;
	struct sclp_seg seg;
	bool ok = false;

	if (!payload || !joined || !frags || !order || !n)
		goto out;
	for (i = 0; i < total; i++)
		payload[i] = (u8)(i * 7 + (i >> 8));
	sclp_seg_iter_init(&it, total, mss);
	for (i = 0; sclp_seg_next(&it, &seg); i++) {
		struct kfrag *k = kzalloc(sizeof(*k), GFP_KERNEL);

		if (!k)
			goto out;
		frags[i] = k;
		k->seg = kmalloc(SCLP_HLEN + seg.len, GFP_KERNEL);
		if (!k->seg)
			goto out;
		sclp_build((struct sclphdr *)k->seg, 1000, SCLP_PORT_VXLAN, id,
			   seg.first, seg.rem);
		memcpy(k->seg + SCLP_HLEN, payload + seg.offset, seg.len);
		sclp_csum_fill(k->seg, SCLP_HLEN + seg.len);
		order[i] = seed == 1 ? n - 1 - i : i;
	}
	for (i = n; seed > 1 && i > 1; i--) {
		u32 j = xorshift(&seed) % i; /* swap() evaluates twice */

		swap(order[i - 1], order[j]);
	}

	for (i = 0; i < n; i++) {
		struct kfrag *k = frags[order[i]];
		size_t len = SCLP_HLEN + (order[i] + 1 < n ? mss : total - (n - 1) * mss);
		struct sclp_info info;
		enum reasm_result res;

		if (sclp_parse(k->seg, len, &info) || !sclp_csum_ok(k->seg, len) ||
		    info.first != (order[i] == 0))
			goto out;
		key.id = info.id;
		k->f.tail = info.rem;
		k->f.len = info.payload_len;
		k->f.truesize = len;
		k->payload = info.payload;
		frags[order[i]] = NULL; /* the engine owns it now */
		res = sclp_reasm_add(r, &key, info.first, &k->f, 0, &out, &size);
		if (res != (i + 1 == n ? REASM_DONE : REASM_HELD))
			goto out;
	}
	for (pos = 0; out && pos + out->len <= total; out = out->next) {
		memcpy(joined + pos, container_of(out, struct kfrag, f)->payload,
		       out->len);
		pos += out->len;
	}
	ok = !out && size == total && pos == total && !memcmp(joined, payload, total);
out:
	while (out) {
		struct reasm_frag *next = out->next;

		kfrag_release(out);
		out = next;
	}
	for (i = 0; frags && i < n; i++)
		if (frags[i])
			kfrag_release(&frags[i]->f);
	kfree(order);
	kfree(frags);
	vfree(joined);
	vfree(payload);
	return ok;
}

static bool id_reuse(struct reasm *r)
{
	struct reasm_key key = { .family = 6, .proto = SCLP_IPPROTO_DEFAULT, .id = 8 };
	u64 restart = r->stats.drops[REASM_DROP_RESTART];
	struct reasm_frag *out;
	struct kfrag *a = kzalloc(sizeof(*a), GFP_KERNEL);
	struct kfrag *b = kzalloc(sizeof(*b), GFP_KERNEL);
	u32 size;

	if (!a || !b) {
		kfree(a);
		kfree(b);
		return false;
	}
	a->f = (struct reasm_frag){ .tail = 1532, .len = 1468, .truesize = 1468 };
	b->f = (struct reasm_frag){ .tail = 1000, .len = 1000, .truesize = 1000 };
	return sclp_reasm_add(r, &key, true, &a->f, 0, &out, &size) == REASM_HELD &&
	       sclp_reasm_add(r, &key, true, &b->f, 0, &out, &size) == REASM_HELD &&
	       r->stats.drops[REASM_DROP_RESTART] == restart + 1 &&
	       r->nfrags == 1 && sclp_reasm_consistent(r);
}

static int __init proto_selftest_init(void)
{
	static const struct reasm_limits lim = {
		.max_mem = 4 << 20, .low_mem = 3 << 20, .max_flows = 64,
		.timeout_ms = 30000, .max_size = SCLP_MAX_PAYLOAD,
		/* 65535 one-byte segments charged 13 bytes each must fit. */
		.max_flow_mem = 1 << 20,
	};
	struct reasm r;
	unsigned int held;

	report("csum_rfc1071_and_ipv4", csum_vectors());
	if (sclp_reasm_init(&r, &lim, 64, 0x5eed, &kops, NULL)) {
		report("sclp_reasm_init", false);
		return -EINVAL;
	}
	report("fig4_in_order", round_trip(&r, 3000, 1468, 0x12345678, 0));
	/* A fresh id: the engine drops late pieces of an id it just completed. */
	report("fig4_reversed", round_trip(&r, 3000, 1468, 0x1234567a, 1));
	report("64k_mss1468_shuffled", round_trip(&r, 65535, 1468, 0x2468ace0, 0xbeef));
	report("64k_mss1_reversed", round_trip(&r, 65535, 1, 0x2468ace2, 1));
	report("books_after_round_trips", r.stats.completed == 4 && r.mem == 0 &&
	       r.nflows == 0 && nfreed == 0);
	report("id_reuse", id_reuse(&r));
	held = r.nfrags;
	nfreed = 0;
	sclp_reasm_destroy(&r);
	report("destroy_frees_all", held == 1 && nfreed == 1);
	return nfailed ? -EINVAL : 0;
}

static void __exit proto_selftest_exit(void)
{
}

module_init(proto_selftest_init);
module_exit(proto_selftest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("cvsw proto/ self-test in kernel context (tests only)");
