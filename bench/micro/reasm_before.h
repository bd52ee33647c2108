/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reassembly engine as it was before issue 9's rules (stale pieces,
 * restarts, per-source shares), built from git history into build/before/
 * by the Makefile, so sclp_bench can print the new engine's cost next to the
 * old one's from the same run. Its struct reasm_frag is the first four
 * fields of today's, its key and results are the same: the bench passes its
 * own structures through these untyped pointers.
 */
#ifndef CVSW_BENCH_REASM_BEFORE_H
#define CVSW_BENCH_REASM_BEFORE_H

#include <stdbool.h>
#include <stdint.h>

void *before_reasm_new(void);            /* the bench's limits; NULL on failure */
/* sclp_reasm_add() of the old engine; returns its enum reasm_result. */
int before_reasm_add(void *r, const void *key, bool first, void *frag, void **out,
		     uint32_t *out_size);
/* Consistent, nothing held, and completed payloads as expected. */
bool before_reasm_done(void *r, uint64_t completed);
void before_reasm_free(void *r);

#endif
