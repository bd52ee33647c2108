// SPDX-License-Identifier: GPL-2.0
/*
 * proto/reasm.c driven by a stream of operations. Each op is 8 bytes:
 *   op[0] % 4: 0, 1 offer a segment, 2 advance the clock, 3 expire
 *   offer: id = op[1] % 6, first = op[1] & 0x80, source = op[1] & 0x40,
 *          tail = op[2..3] % 4400, len = op[4..5] % 4400 (0 and beyond
 *          max_size 4096 included), truesize = op[6] * 8,
 *          sum = op[7] % 4 (0: unknown; few values: conflicts and repeats)
 *   clock: now += op[2..3] ms
 *   expire: op[1] & 1: first set new limits (max_mem 2000 + op[2..3] %
 *           30000, low_mem a quarter to all of it, max_flows 1 + op[4] % 8)
 * Small limits make every eviction path reachable. After every op the
 * engine's own walk (sclp_reasm_consistent) and an independent ledger of frags
 * and bytes must agree, and a completed payload must be contiguous and of
 * the announced size.
 */
#include <stdint.h>
#include <stdlib.h>
#include "proto/reasm.h"

struct ledger {
	u64 truesize_in, truesize_freed, truesize_out, freed;
};

static void free_frag(struct reasm_frag *f, void *ctx)
{
	struct ledger *l = ctx;

	l->freed++;
	l->truesize_freed += f->truesize;
	free(f);
}

static const struct reasm_ops ops = { .free_frag = free_frag };

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

static void check(const struct reasm *r, const struct ledger *l)
{
	u64 drops = 0;
	int i;

	for (i = 0; i < REASM_DROP_MAX; i++)
		drops += r->stats.drops[i];
	REQUIRE(sclp_reasm_consistent(r));
	REQUIRE(r->nflows <= r->lim.max_flows);
	REQUIRE(r->mem <= r->lim.max_mem);
	REQUIRE(r->stats.frags_in == r->stats.frags_out + r->nfrags + drops);
	REQUIRE(l->freed == drops);
	REQUIRE(r->mem == l->truesize_in - l->truesize_freed - l->truesize_out +
			  (u64)r->nflows * sclp_reasm_flow_overhead());
}

/* Contiguous from size down to 0; frees the payload. */
static void take(struct reasm_frag *f, u32 size, struct ledger *l)
{
	u32 pos = size;

	REQUIRE(f && size);
	while (f) {
		struct reasm_frag *next = f->next;

		REQUIRE(f->len && f->tail + f->len == pos);
		pos = f->tail;
		l->truesize_out += f->truesize;
		free(f);
		f = next;
	}
	REQUIRE(pos == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct reasm_limits lim = {
		.max_mem = 24000, .low_mem = 16000, .max_flows = 4,
		.timeout_ms = 5000, .max_size = 4096, .max_flow_mem = 9000,
	};
	struct ledger l = { 0 };
	struct reasm r;
	u64 now = 0;

	if (sclp_reasm_init(&r, &lim, 2, 0, &ops, &l))
		__builtin_trap();
	for (; size >= 8; data += 8, size -= 8) {
		struct reasm_key key = { .family = 4, .proto = 234 };
		struct reasm_frag *f, *out;
		enum reasm_result res;
		u32 out_size;

		switch (data[0] % 4) {
		case 0:
		case 1:
			f = calloc(1, sizeof(*f));
			f->tail = (data[2] | data[3] << 8) % 4400;
			f->len = (data[4] | data[5] << 8) % 4400;
			f->truesize = data[6] * 8U;
			f->sum = data[7] % 4;
			key.id = (data[1] % 6) << 1;
			key.saddr[0] = data[1] & 0x40 ? 2 : 1;
			l.truesize_in += f->truesize;
			res = sclp_reasm_add(&r, &key, data[1] & 0x80, f, now, &out,
					&out_size);
			if (res == REASM_DONE)
				take(out, out_size, &l);
			else
				REQUIRE(!out);
			break;
		case 2:
			if (data[1] & 1) { /* another engine under the same budget asks */
				u32 target = (data[2] | data[3] << 8) % 24000;

				sclp_reasm_shrink_to(&r, target);
				REQUIRE(r.mem <= target);
				break;
			}
			now += data[2] | data[3] << 8;
			break;
		default:
			if (data[1] & 1) {
				struct reasm_limits nl = lim;

				nl.max_mem = 2000 + (data[2] | data[3] << 8) % 30000;
				nl.low_mem = nl.max_mem / 4 * (1 + data[5] % 4);
				nl.max_flows = 1 + data[4] % 8;
				REQUIRE(sclp_reasm_set_limits(&r, &nl) == 0);
				REQUIRE(r.mem <= nl.max_mem && r.nflows <= nl.max_flows);
			}
			sclp_reasm_expire(&r, now);
			break;
		}
		check(&r, &l);
	}
	sclp_reasm_destroy(&r);
	REQUIRE(l.truesize_in == l.truesize_freed + l.truesize_out);
	return 0;
}
