// SPDX-License-Identifier: GPL-2.0
/*
 * The old engine behind reasm_before.h. Compiled against build/before/
 * (reasm.h and platform.h of REASM_BEFORE, see the Makefile), with its
 * public symbols renamed v0_* so that it links beside today's engine.
 */
#include <stdlib.h>

#include "reasm.h"
#include "reasm_before.h"

static void free_frag(struct reasm_frag *frag, void *ctx)
{
	(void)frag;
	(void)ctx;
	abort(); /* every segment of the bench completes its payload */
}

static const struct reasm_ops ops = { .free_frag = free_frag };

void *before_reasm_new(void)
{
	/* As sclp_bench.c's setup(). */
	struct reasm_limits lim = {
		.max_mem = 4 << 20, .low_mem = 3 << 20, .max_flows = 1024,
		.timeout_ms = 30000, .max_size = 65535,
	};
	struct reasm *r = calloc(1, sizeof(*r));

	if (r && reasm_init(r, &lim, 64, 1, &ops, NULL)) {
		free(r);
		r = NULL;
	}
	return r;
}

int before_reasm_add(void *r, const void *key, bool first, void *frag, void **out,
		     uint32_t *out_size)
{
	return reasm_add(r, key, first, frag, 0, (struct reasm_frag **)out, out_size);
}

bool before_reasm_done(void *r, uint64_t completed)
{
	const struct reasm *e = r;

	return e->stats.completed == completed && reasm_consistent(e) && !reasm_mem(e);
}

void before_reasm_free(void *r)
{
	reasm_destroy(r);
	free(r);
}
