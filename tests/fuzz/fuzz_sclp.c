// SPDX-License-Identifier: GPL-2.0
/*
 * proto/sclp.c on arbitrary bytes, and the full SCLP path on a fuzz-chosen
 * payload: segment (sclp_segment_buf), parse and verify every segment, feed
 * them to proto/reasm.c in a fuzz-chosen order, and require the original
 * payload back.
 *   data[0..1] payload size (1..65535), data[2..3] mss (1..65535),
 *   data[4..7] PRNG seed for the order (0: in order), data[8..] payload
 *   bytes (repeated when short). The whole input is also parsed as a segment.
 */
#include <stdint.h>
#include <stdlib.h>
#include "proto/sclp.h"
#include "proto/reasm.h"

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)
#define MAX_SEGS 1024 /* keeps one run fast: mss is raised to fit */

struct sfrag {
	struct reasm_frag f;
	const u8 *payload;
};

static void free_frag(struct reasm_frag *f, void *ctx)
{
	(void)f;
	(void)ctx;
	__builtin_trap(); /* a clean segment stream drops nothing */
}

static const struct reasm_ops ops = { .free_frag = free_frag };

static void parse_any(const u8 *data, size_t size)
{
	struct sclp_info info;
	u8 *copy;

	if (sclp_parse(data, size, &info)) {
		REQUIRE(size < SCLP_HLEN || size - SCLP_HLEN > SCLP_MAX_PAYLOAD ||
			size - SCLP_HLEN + ((data[8] << 8) | data[9]) > SCLP_MAX_PAYLOAD);
		return;
	}
	REQUIRE(info.payload_len == size - SCLP_HLEN);
	REQUIRE(!(info.id & 1) && info.rem + info.payload_len <= SCLP_MAX_PAYLOAD);
	REQUIRE(info.first == (data[7] & 1));
	copy = malloc(size);
	memcpy(copy, data, size);
	sclp_csum_fill(copy, size);
	REQUIRE(sclp_csum_ok(copy, size));
	/* Filling touches nothing but the checksum field. */
	REQUIRE(!memcmp(copy, data, SCLP_CSUM_OFFSET) &&
		!memcmp(copy + SCLP_HLEN, data + SCLP_HLEN, size - SCLP_HLEN));
	free(copy);
}

static u32 rng(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void round_trip(const u8 *data, size_t size)
{
	static u8 payload[SCLP_MAX_PAYLOAD], joined[SCLP_MAX_PAYLOAD];
	static u8 *segs[MAX_SEGS];
	static u32 seg_lens[MAX_SEGS], order[MAX_SEGS];
	static struct sfrag frags[MAX_SEGS];
	static const struct reasm_limits lim = {
		.max_mem = 4 << 20, .low_mem = 3 << 20, .max_flows = 16,
		.timeout_ms = 1000, .max_size = SCLP_MAX_PAYLOAD,
	};
	struct reasm_key key = { .family = 4, .proto = SCLP_IPPROTO_DEFAULT };
	struct reasm_frag *out = NULL;
	u32 total, mss, seed, n, i, pos, out_size = 0;
	struct reasm r;
	int ret;

	if (size < 8)
		return;
	total = 1 + (data[0] | data[1] << 8) % SCLP_MAX_PAYLOAD;
	mss = 1 + (data[2] | data[3] << 8);
	if (sclp_seg_count(total, mss) > MAX_SEGS)
		mss = (total + MAX_SEGS - 1) / MAX_SEGS;
	seed = data[4] | data[5] << 8 | data[6] << 16 | (u32)data[7] << 24;
	for (i = 0; i < total; i++)
		payload[i] = size > 8 ? data[8 + i % (size - 8)] : (u8)i;

	n = sclp_seg_count(total, mss);
	for (i = 0; i < n; i++)
		segs[i] = malloc(SCLP_HLEN + mss);
	ret = sclp_segment_buf(payload, total, mss, 4000, SCLP_PORT_VXLAN,
			       0x13579bdf, segs, seg_lens, n);
	REQUIRE(ret == (int)n);

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n; seed && i > 1; i--) {
		u32 j = rng(&seed) % i, t = order[i - 1];

		order[i - 1] = order[j];
		order[j] = t;
	}

	REQUIRE(!sclp_reasm_init(&r, &lim, 16, 1, &ops, NULL));
	for (i = 0; i < n; i++) {
		struct sfrag *sf = &frags[order[i]];
		u8 *seg = segs[order[i]];
		struct sclp_info info;
		enum reasm_result res;

		REQUIRE(sclp_csum_ok(seg, seg_lens[order[i]]));
		REQUIRE(!sclp_parse(seg, seg_lens[order[i]], &info));
		REQUIRE(info.id == 0x13579bde && info.first == (order[i] == 0));
		key.id = info.id;
		key.sport = info.sport;
		key.dport = info.dport;
		sf->f.tail = info.rem;
		sf->f.len = info.payload_len;
		sf->f.truesize = info.payload_len;
		sf->payload = info.payload;
		res = sclp_reasm_add(&r, &key, info.first, &sf->f, 0, &out, &out_size);
		REQUIRE(res == (i + 1 == n ? REASM_DONE : REASM_HELD));
	}
	REQUIRE(out_size == total);
	for (pos = 0; out; out = out->next) {
		struct sfrag *sf = (struct sfrag *)out;

		REQUIRE(pos + out->len <= total && out->tail == total - pos - out->len);
		memcpy(joined + pos, sf->payload, out->len);
		pos += out->len;
	}
	REQUIRE(pos == total && !memcmp(joined, payload, total));
	REQUIRE(r.nflows == 0 && r.mem == 0 && r.stats.completed == 1);
	sclp_reasm_destroy(&r);
	for (i = 0; i < n; i++)
		free(segs[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_any(data, size);
	round_trip(data, size);
	return 0;
}
