// SPDX-License-Identifier: GPL-2.0
/*
 * Microbenchmark of proto/ in userspace: what SCLP segmentation and
 * reassembly cost per 64 KiB payload next to a plain memcpy of the same bytes.
 *
 * Every operation handles one payload of PAYLOAD bytes cut at MSS:
 *   memcpy        copy the payload into the segment buffers, piece by piece
 *                 (the bytes segmentation must move anyway: the baseline)
 *   csum          cvsw_csum_add() over the same pieces
 *   segment_buf   sclp_segment_buf(): header, copy and checksum per segment
 *   segment_iter  sclp_seg_next() + sclp_build() + cvsw_csum_copy() (copy and
 *                 checksum in one pass) + the header's sum, stored
 *   segment_iter_2pass  the same with memcpy, then sclp_csum_fill() (two
 *                 passes over the piece; not held to the goal)
 *   reasm_*       per segment sclp_parse() + sclp_csum_ok() + sclp_reasm_add() (with
 *                 the header's checksum as the segment's sum, as cvsw passes
 *                 it), then the completed frag list copied out in order, for
 *                 segments fed in order, reversed, and in a fresh random
 *                 permutation. Each payload's segments carry a fresh id
 *                 (restamped outside the timing): the engine drops pieces
 *                 for an id it has just completed, as late duplicates.
 *
 * The machine is shared and noisy, so the operations are measured side by
 * side: each sample runs every operation once on `batch` payloads, the order
 * rotating from sample to sample, and the median over samples is reported.
 * Each payload is timed on its own so that the checks stay outside the
 * timing (abort on a failure): the copies equal the payload, the checksum
 * its precomputed value, every segment parses with this payload's fresh id,
 * verifies and carries its piece, and the reassembled payload equals the
 * original.
 *
 * Goal (issue 14): segment_buf, segment_iter and reasm_in_order each move
 * payload at >= GOAL_RATIO of memcpy's bandwidth, i.e. memcpy's median time
 * over theirs, both from the same run; printed as "goal:" lines.
 *
 * reasm_*_before: the same with the engine as it was before issue 9's rules
 * (reasm_before.h; built when git history is at hand). Issue 9 asks the new
 * rules to cost no throughput: "before:" lines print the old engine's
 * median time over the new one's (>= 1: the new engine is no slower).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "proto/csum.h"
#include "proto/reasm.h"
#include "proto/sclp.h"
#ifdef HAVE_REASM_BEFORE
#include "reasm_before.h"
#endif

#ifndef BENCH_CC
#define BENCH_CC "unknown compiler"
#endif

#define PAYLOAD SCLP_MAX_PAYLOAD /* the largest SCLP payload: 64 KiB - 1 */
#define MSS 1468 /* 1500 - IPv4 20 - SCLP 12 */
#define MAX_SEGS ((PAYLOAD + MSS - 1) / MSS)
#define GOAL_RATIO 0.5

struct seg {
	struct reasm_frag frag;
	u8 *buf; /* SCLP header + payload piece */
	u32 len;
};

struct bench {
	u8 *payload;
	u8 *out; /* reassembled payload */
	u8 *tx[MAX_SEGS]; /* segmentation writes here */
	u32 tx_len[MAX_SEGS];
	u32 seg_id; /* SCLP id for the next payload: stale segments show */
	__sum16 want_csum; /* what op_csum must find */
	struct seg rx[MAX_SEGS]; /* prepared segments the reassembly reads */
	u32 nsegs;
	u32 order[MAX_SEGS];
	struct reasm reasm;
	void *before;      /* the old engine (reasm_before.h), or NULL */
	bool use_before;   /* reassemble() feeds it instead */
	u32 rng;
	volatile u32 sink; /* keeps checksum results alive */
};

enum order { IN_ORDER, REVERSED, RANDOM };

static void die(const char *msg)
{
	fprintf(stderr, "sclp_bench: %s\n", msg);
	exit(1);
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static u32 xorshift(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void op_memcpy(struct bench *b)
{
	u32 off, i = 0;

	for (off = 0; off < PAYLOAD; off += MSS, i++)
		memcpy(b->tx[i] + SCLP_HLEN, b->payload + off, min_t(u32, MSS, PAYLOAD - off));
}

static void op_csum(struct bench *b)
{
	u32 off, sum = 0;

	for (off = 0; off < PAYLOAD; off += MSS)
		sum = cvsw_csum_add(sum, b->payload + off, min_t(u32, MSS, PAYLOAD - off));
	b->sink = cvsw_csum_fold(sum);
}

static void op_segment_buf(struct bench *b)
{
	if (sclp_segment_buf(b->payload, PAYLOAD, MSS, 4789, 4789, b->seg_id, b->tx,
			     b->tx_len, MAX_SEGS) != (int)b->nsegs)
		die("sclp_segment_buf failed");
}

static void op_segment_iter(struct bench *b)
{
	struct sclp_seg_iter it;
	struct sclp_seg s;
	u32 i = 0;

	if (sclp_seg_iter_init(&it, PAYLOAD, MSS))
		die("sclp_seg_iter_init failed");
	while (sclp_seg_next(&it, &s)) {
		u8 *buf = b->tx[i];
		__sum16 check;
		u32 sum;

		sclp_build((struct sclphdr *)buf, 4789, 4789, b->seg_id, s.first, s.rem);
		/* One pass over the piece; the header (check 0, even length) adds. */
		sum = cvsw_csum_copy(0, buf + SCLP_HLEN, b->payload + s.offset, s.len);
		check = cvsw_csum_fold(cvsw_csum_add(sum, buf, SCLP_HLEN));
		memcpy(buf + SCLP_CSUM_OFFSET, &check, sizeof(check));
		b->tx_len[i++] = SCLP_HLEN + s.len;
	}
}

static void op_segment_iter_2pass(struct bench *b)
{
	struct sclp_seg_iter it;
	struct sclp_seg s;
	u32 i = 0;

	if (sclp_seg_iter_init(&it, PAYLOAD, MSS))
		die("sclp_seg_iter_init failed");
	while (sclp_seg_next(&it, &s)) {
		u8 *buf = b->tx[i];

		sclp_build((struct sclphdr *)buf, 4789, 4789, b->seg_id, s.first, s.rem);
		memcpy(buf + SCLP_HLEN, b->payload + s.offset, s.len);
		sclp_csum_fill(buf, SCLP_HLEN + s.len);
		b->tx_len[i++] = SCLP_HLEN + s.len;
	}
}

static void reassemble(struct bench *b)
{
	static const struct reasm_key key_template = {
		.saddr = { 192, 0, 2, 1 }, .daddr = { 192, 0, 2, 2 },
		.sport = 4789, .dport = 4789, .family = 4, .proto = SCLP_IPPROTO_DEFAULT,
	};
	struct reasm_key key = key_template;
	struct reasm_frag *done = NULL;
	u32 i, size = 0, off = 0;

	for (i = 0; i < b->nsegs; i++) {
		struct seg *sg = &b->rx[b->order[i]];
		struct sclp_info info;
		enum reasm_result res;

		if (sclp_parse(sg->buf, sg->len, &info) || !sclp_csum_ok(sg->buf, sg->len))
			die("prepared segment does not parse or verify");
		key.id = info.id;
		sg->frag.next = NULL;
		sg->frag.tail = info.rem;
		sg->frag.len = info.payload_len;
		sg->frag.truesize = sg->len;
		sg->frag.sum = 0x10000U | ((const u8 *)sg->buf)[SCLP_CSUM_OFFSET] << 8 |
			       ((const u8 *)sg->buf)[SCLP_CSUM_OFFSET + 1];
#ifdef HAVE_REASM_BEFORE
		if (b->use_before)
			res = before_reasm_add(b->before, &key, info.first, &sg->frag,
					       (void **)&done, &size);
		else
#endif
			res = sclp_reasm_add(&b->reasm, &key, info.first, &sg->frag, 0, &done,
					&size);
		if (res == REASM_DROPPED || (res == REASM_DONE) != (i == b->nsegs - 1))
			die("reassembly dropped a segment or finished early");
	}
	if (size != PAYLOAD)
		die("reassembled payload has the wrong size");
	for (; done; done = done->next) {
		struct seg *sg = (struct seg *)done; /* frag is the first member */

		memcpy(b->out + off, sg->buf + SCLP_HLEN, done->len);
		off += done->len;
	}
}

/* Outside the timing: the next payload's id in every segment, and the feed order. */
static void prepare_order(struct bench *b, enum order o)
{
	u32 i, j, t, off = 0;

	for (i = 0; i < b->nsegs; i++) {
		u32 len = b->rx[i].len - SCLP_HLEN;

		sclp_build((struct sclphdr *)b->rx[i].buf, 4789, 4789, b->seg_id, i == 0,
			   PAYLOAD - off - len);
		sclp_csum_fill(b->rx[i].buf, b->rx[i].len);
		off += len;
	}

	for (i = 0; i < b->nsegs; i++)
		b->order[i] = o == REVERSED ? b->nsegs - 1 - i : i;
	if (o != RANDOM)
		return;
	for (i = b->nsegs - 1; i > 0; i--) {
		j = xorshift(&b->rng) % (i + 1);
		t = b->order[i];
		b->order[i] = b->order[j];
		b->order[j] = t;
	}
}

static void check_out(struct bench *b)
{
	if (memcmp(b->out, b->payload, PAYLOAD))
		die("reassembled payload differs from the original");
	memset(b->out, 0, PAYLOAD);
}

static void check_copy(struct bench *b)
{
	u32 off, i = 0;

	for (off = 0; off < PAYLOAD; off += MSS, i++)
		if (memcmp(b->tx[i] + SCLP_HLEN, b->payload + off, min_t(u32, MSS, PAYLOAD - off)))
			die("a copied piece differs from the payload");
}

static void check_csum(struct bench *b)
{
	if (b->sink != b->want_csum)
		die("the checksum differs from the precomputed one");
}

/* Each segment parses with this payload's id, verifies and carries its piece. */
static void check_segments(struct bench *b)
{
	struct sclp_info info;
	u32 i, off = 0, len;

	for (i = 0; i < b->nsegs; i++, off += len) {
		len = min_t(u32, MSS, PAYLOAD - off);
		if (b->tx_len[i] != SCLP_HLEN + len ||
		    sclp_parse(b->tx[i], b->tx_len[i], &info) ||
		    info.id != (b->seg_id & SCLP_ID_MASK) || info.first != (i == 0) ||
		    info.rem != PAYLOAD - off - len || !sclp_csum_ok(b->tx[i], b->tx_len[i]) ||
		    memcmp(b->tx[i] + SCLP_HLEN, b->payload + off, len))
			die("a segment is not the payload piece it should carry");
	}
}

struct op {
	const char *name;
	void (*run)(struct bench *b);
	void (*check)(struct bench *b); /* after each payload, outside the timing */
	int reasm_order; /* -1: not a reassembly */
	bool goal; /* held to GOAL_RATIO of memcpy's bandwidth */
	bool before; /* with the engine before issue 9 */
	double *ns; /* per sample: mean ns per payload */
};

static struct op ops[] = {
	{ "memcpy", op_memcpy, check_copy, -1, false, false, NULL },
	{ "csum", op_csum, check_csum, -1, false, false, NULL },
	{ "segment_buf", op_segment_buf, check_segments, -1, true, false, NULL },
	{ "segment_iter", op_segment_iter, check_segments, -1, true, false, NULL },
	{ "segment_iter_2pass", op_segment_iter_2pass, check_segments, -1, false, false, NULL },
	{ "reasm_in_order", reassemble, check_out, IN_ORDER, true, false, NULL },
	{ "reasm_reversed", reassemble, check_out, REVERSED, false, false, NULL },
	{ "reasm_random", reassemble, check_out, RANDOM, false, false, NULL },
#ifdef HAVE_REASM_BEFORE
	{ "reasm_in_order_before", reassemble, check_out, IN_ORDER, false, true, NULL },
	{ "reasm_reversed_before", reassemble, check_out, REVERSED, false, true, NULL },
	{ "reasm_random_before", reassemble, check_out, RANDOM, false, true, NULL },
#endif
};

static double run_once(struct bench *b, const struct op *op, unsigned int batch)
{
	u64 total = 0, t0;
	unsigned int k;

	b->use_before = op->before;
	for (k = 0; k < batch; k++) {
		b->seg_id += 2; /* bit 0 is SCLP's F */
		if (op->reasm_order >= 0)
			prepare_order(b, op->reasm_order);
		t0 = now_ns();
		op->run(b);
		total += now_ns() - t0;
		op->check(b);
	}
	return (double)total / batch;
}

static void free_frag(struct reasm_frag *frag, void *ctx)
{
	(void)frag;
	(void)ctx;
	die("reassembly freed a frag: every segment should complete its payload");
}

static const struct reasm_ops bench_reasm_ops = { .free_frag = free_frag };

static void setup(struct bench *b)
{
	struct reasm_limits lim = {
		.max_mem = 4 << 20, .low_mem = 3 << 20, .max_flows = 1024,
		.timeout_ms = 30000, .max_size = PAYLOAD,
	};
	u32 i;

	b->nsegs = sclp_seg_count(PAYLOAD, MSS);
	b->payload = malloc(PAYLOAD);
	b->out = calloc(1, PAYLOAD);
	if (!b->payload || !b->out)
		die("out of memory");
	b->rng = 0x9e3779b9;
	for (i = 0; i < PAYLOAD; i++)
		b->payload[i] = (u8)xorshift(&b->rng);
	b->want_csum = cvsw_csum(b->payload, PAYLOAD);
	for (i = 0; i < MAX_SEGS; i++) {
		b->tx[i] = malloc(SCLP_HLEN + MSS);
		b->rx[i].buf = malloc(SCLP_HLEN + MSS);
		if (!b->tx[i] || !b->rx[i].buf)
			die("out of memory");
	}
	{
		u8 *bufs[MAX_SEGS];
		u32 lens[MAX_SEGS];

		for (i = 0; i < MAX_SEGS; i++)
			bufs[i] = b->rx[i].buf;
		if (sclp_segment_buf(b->payload, PAYLOAD, MSS, 4789, 4789, 2, bufs, lens,
				     MAX_SEGS) != (int)b->nsegs)
			die("cannot prepare the segments");
		for (i = 0; i < b->nsegs; i++)
			b->rx[i].len = lens[i];
	}
	if (sclp_reasm_init(&b->reasm, &lim, 64, 1, &bench_reasm_ops, NULL))
		die("sclp_reasm_init failed");
#ifdef HAVE_REASM_BEFORE
	b->before = before_reasm_new();
	if (!b->before)
		die("the old engine's sclp_reasm_init failed");
#endif
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct summary {
	double median, min, max;
};

static struct summary summarize(double *v, unsigned int n)
{
	struct summary s;

	qsort(v, n, sizeof(*v), cmp_double);
	s.min = v[0];
	s.max = v[n - 1];
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	return s;
}

static void cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(buf, len, "unknown CPU");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !v)
			continue;
		v += 1 + (v[1] == ' ');
		v[strcspn(v, "\n")] = 0;
		snprintf(buf, len, "%s", v);
		break;
	}
	fclose(f);
}

static bool hypervisor_guest(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, "flags", 5) && strstr(line, " hypervisor");
	fclose(f);
	return found;
}

int main(int argc, char **argv)
{
	static struct bench b;
	unsigned int samples = 51, batch = 20, s, i, nops = ARRAY_SIZE(ops);
	const char *prefix = NULL;
	struct summary sum[ARRAY_SIZE(ops)];
	char cpu[128], env[256], path[512];
	struct utsname un;
	double loadavg[3] = { 0 }, loadavg_end[3] = { 0 };
	FILE *csv = NULL, *json = NULL;
	int opt;

	while ((opt = getopt(argc, argv, "n:b:o:")) != -1) {
		switch (opt) {
		case 'n': samples = strtoul(optarg, NULL, 0); break;
		case 'b': batch = strtoul(optarg, NULL, 0); break;
		case 'o': prefix = optarg; break;
		default:
			fprintf(stderr, "usage: %s [-n samples] [-b payloads per sample] "
				"[-o out/prefix (writes prefix.csv, prefix.json)]\n", argv[0]);
			return 2;
		}
	}
	if (!samples || !batch)
		die("samples and batch must be at least 1");

	setup(&b);
	for (i = 0; i < nops; i++) {
		ops[i].ns = calloc(samples, sizeof(double));
		if (!ops[i].ns)
			die("out of memory");
		run_once(&b, &ops[i], batch); /* warm caches and the branch predictor */
	}
	getloadavg(loadavg, 3);
	for (s = 0; s < samples; s++)
		for (i = 0; i < nops; i++) {
			struct op *op = &ops[(i + s) % nops];

			op->ns[s] = run_once(&b, op, batch);
		}
	getloadavg(loadavg_end, 3);
	if (b.reasm.stats.completed != (u64)(samples + 1) * batch * 3 ||
	    !sclp_reasm_consistent(&b.reasm) || sclp_reasm_mem(&b.reasm))
		die("reassembly counters do not add up");
#ifdef HAVE_REASM_BEFORE
	if (!before_reasm_done(b.before, (u64)(samples + 1) * batch * 3))
		die("the old engine's counters do not add up");
#endif
	for (i = 0; i < nops; i++)
		sum[i] = summarize(ops[i].ns, samples);

	cpu_model(cpu, sizeof(cpu));
	uname(&un);
	snprintf(env, sizeof(env), "userspace, no VM (%s kernel %s%s), load average %.1f "
		 "(%.1f after the samples)", un.machine, un.release,
		 hypervisor_guest() ? "; this machine is itself a hypervisor guest" : "",
		 loadavg[0], loadavg_end[0]);
	printf("SCLP microbenchmark: %u-byte payload, MSS %u, %u segments\n", PAYLOAD, MSS,
	       b.nsegs);
	printf("CPU: %s\ncompiler: %s -O2\nenvironment: %s\n", cpu, BENCH_CC, env);
	printf("median of %u interleaved samples, %u payloads each; every output checked "
	       "against the payload outside the timing\n\n", samples, batch);
	printf("%-22s %12s %10s %8s %9s %12s %12s\n", "operation", "ns/payload", "ns/segment",
	       "GB/s", "x memcpy", "min ns", "max ns");
	for (i = 0; i < nops; i++)
		printf("%-22s %12.0f %10.1f %8.2f %9.2f %12.0f %12.0f\n", ops[i].name,
		       sum[i].median, sum[i].median / b.nsegs, PAYLOAD / sum[i].median,
		       sum[i].median / sum[0].median, sum[i].min, sum[i].max);
	printf("\n");
	for (i = 0; i < nops; i++)
		if (ops[i].goal)
			printf("goal: %s %.2fx memcpy bandwidth (>= %.2f: %s)\n", ops[i].name,
			       sum[0].median / sum[i].median, GOAL_RATIO,
			       sum[0].median / sum[i].median >= GOAL_RATIO ? "met" : "missed");
	/* Each *_before op follows its new counterpart by name: compare medians. */
	for (i = 0; i < nops; i++) {
		unsigned int j;

		if (!ops[i].before)
			continue;
		for (j = 0; j < nops; j++)
			if (!ops[j].before && ops[j].reasm_order == ops[i].reasm_order)
				printf("before: %s %.2fx the throughput of the engine before issue 9 "
				       "(%s: its median time over the new one's)\n", ops[j].name,
				       sum[i].median / sum[j].median, ops[i].name);
	}
#ifndef HAVE_REASM_BEFORE
	printf("before: not built (no git history for the engine before issue 9)\n");
#endif

	if (!prefix)
		return 0;
	snprintf(path, sizeof(path), "%s.csv", prefix);
	csv = fopen(path, "w");
	snprintf(path, sizeof(path), "%s.json", prefix);
	json = fopen(path, "w");
	if (!csv || !json)
		die("cannot write the output files");
	fprintf(csv, "operation,ns_per_payload,ns_per_segment,gb_per_s,ratio_to_memcpy,"
		"bandwidth_vs_memcpy,goal,min_ns,max_ns,samples,batch,payload,mss,segments,cpu,"
		"compiler,environment\n");
	fprintf(json, "{\n  \"payload\": %u, \"mss\": %u, \"segments\": %u,\n"
		"  \"samples\": %u, \"batch\": %u, \"goal_bandwidth_vs_memcpy\": %.2f,\n"
		"  \"cpu\": \"%s\",\n"
		"  \"compiler\": \"%s -O2\",\n  \"environment\": \"%s\",\n  \"results\": [\n",
		PAYLOAD, MSS, b.nsegs, samples, batch, GOAL_RATIO, cpu, BENCH_CC, env);
	for (i = 0; i < nops; i++) {
		double m = sum[i].median;

		double bw = sum[0].median / m;
		const char *goal = !ops[i].goal ? "" : bw >= GOAL_RATIO ? "met" : "missed";

		fprintf(csv, "%s,%.0f,%.1f,%.3f,%.3f,%.3f,%s,%.0f,%.0f,%u,%u,%u,%u,%u,\"%s\","
			"\"%s -O2\",\"%s\"\n", ops[i].name, m, m / b.nsegs, PAYLOAD / m,
			m / sum[0].median, bw, goal, sum[i].min, sum[i].max, samples, batch,
			PAYLOAD, MSS, b.nsegs, cpu, BENCH_CC, env);
		fprintf(json, "    {\"operation\": \"%s\", \"ns_per_payload\": %.0f, "
			"\"ns_per_segment\": %.1f, \"gb_per_s\": %.3f, \"ratio_to_memcpy\": %.3f, "
			"\"bandwidth_vs_memcpy\": %.3f, \"goal\": %s%s%s, "
			"\"min_ns\": %.0f, \"max_ns\": %.0f}%s\n", ops[i].name, m, m / b.nsegs,
			PAYLOAD / m, m / sum[0].median, bw, *goal ? "\"" : "", *goal ? goal : "null",
			*goal ? "\"" : "", sum[i].min, sum[i].max, i + 1 < nops ? "," : "");
	}
	fprintf(json, "  ]\n}\n");
	fclose(csv);
	fclose(json);
	printf("\nwrote %s.csv and %s.json\n", prefix, prefix);
	sclp_reasm_destroy(&b.reasm);
	return 0;
}
