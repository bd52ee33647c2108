// SPDX-License-Identifier: GPL-2.0
/*
 * Microbenchmark of the tuple-space-search classifier (flowtable/classifier.h)
 * in userspace: ns per operation at N rules with M distinct masks.
 *
 *   lookup_hit   cvsw_flow_cls_lookup() on packet keys built from random rules
 *                (the rule's match plus other header fields): every one hits
 *   lookup_miss  the same keys with a tun_id and MACs no rule uses: no hit
 *   emc_hit      cvsw_flow_emc_cls_lookup() on up to 256 hit keys already cached,
 *                in distinct EMC slots (no eviction: every lookup hits)
 *   add, del     inserting the whole set, then removing it in random order
 *
 * Rules are realistic overlay rules: the masks are drawn from a pool of 16
 * (tun_id + eth_dst, tun_id + IPv4 nw_dst prefixes /8../32, in_port +
 * eth_dst, tun_id + L4 port, ...) and rule i uses mask i % M, so a set of N
 * rules really has M distinct masks (N = 10 with 16 masks cannot: it runs
 * with 16 rules and says so). Each mask has its own priority, as longer
 * prefixes outrank shorter ones in OVS. Results are checked outside the
 * timing: every insert succeeds, hit keys hit, miss keys miss, the classifier
 * is empty after the deletes.
 *
 * Lookups are timed over batches of keys cycling through KEYS random keys,
 * median of SAMPLES samples; add/del are medians over repeated builds for
 * small N. Goals (issue 12), printed as "goal:" lines:
 *   lookup_miss at 1,000,000 rules within 2x of 10 rules, per mask count
 *   1,000,000 adds in under 2 s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "flowtable/classifier.h"

#ifndef BENCH_CC
#define BENCH_CC "unknown compiler"
#endif

#define KEYS 4096
#define EMC_KEYS 256
#define SAMPLES 7
#define MAX_RESULTS 64
#define SEED 0x5eed

static const u32 n_rules[] = { 10, 1000, 100000, 1000000 };
static const u32 n_masks[] = { 1, 4, 16 };

struct result {
	u32 rules, masks;
	const char *op;
	double ns;
};

static struct result results[MAX_RESULTS];
static u32 n_results;
static u32 rng = 2463534242u;

static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static void die(const char *msg)
{
	fprintf(stderr, "flow_bench: %s\n", msg);
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void set_prefix(u8 *addr, u8 *mask, u32 value, u32 plen)
{
	u32 m = plen ? ~0u << (32 - plen) : 0;
	__be32 a = cpu_to_be32(value & m), b = cpu_to_be32(m);

	memcpy(addr, &a, 4);
	memcpy(mask, &b, 4);
}

static void set_mac(u8 *mac, u8 *mask, u64 v)
{
	u32 i;

	for (i = 0; i < 6; i++) {
		mac[i] = (u8)(v >> (40 - 8 * i));
		mask[i] = 0xff;
	}
	mac[0] = 0x02;	/* locally administered unicast */
}

/*
 * Rule j of mask m: distinct keys for distinct j (up to 2^20 per mask). VNIs
 * take the high bits of j, the masked address or MAC bits the low ones.
 */
static void make_rule(struct cvsw_flow_rule *r, u32 m, u32 j)
{
	static const u32 plen[] = { 32, 24, 16, 8, 28, 20, 12 };
	struct flow_key *k = &r->key, *mk = &r->mask;

	memset(r, 0, sizeof(*r));
	r->priority = (u16)(1000 + 16 * m);
	r->actions.n = 1;
	r->actions.act[0].type = FLOW_ACT_OUTPUT;
	r->actions.act[0].arg = FLOW_PORT_LOCAL;
	if (m < 7) {	/* tun_id + IPv4 nw_dst prefix: 2^(plen) / 8 hosts per VNI */
		u32 per_vni = plen[m] >= 16 ? 256 : 1u << (plen[m] - 8);

		k->tun_id = 1 + j / per_vni;
		k->eth_type = cpu_to_be16(0x0800);
		mk->eth_type = 0xffff;
		set_prefix(k->nw_dst, mk->nw_dst,
			   0x0a000000 | (j % per_vni) << (32 - plen[m]), plen[m]);
	} else if (m < 9) {	/* tun_id + eth_dst (with a VLAN for m == 8) */
		k->tun_id = 1 + j / 256;
		set_mac(k->eth_dst, mk->eth_dst, j);
		if (m == 8) {
			k->vlan_tci = 0x1000 | 100;
			mk->vlan_tci = 0xffff;
		}
	} else if (m < 11) {	/* in_port + eth_dst (+ eth_type for m == 10) */
		k->in_port = FLOW_PORT_LOCAL;
		mk->in_port = 0xffffffff;
		set_mac(k->eth_dst, mk->eth_dst, j);
		if (m == 10) {
			k->eth_type = cpu_to_be16(0x0800);
			mk->eth_type = 0xffff;
		}
	} else {	/* tun_id + TCP port, + nw_dst /32, /24, /16, /32 and nw_src /24 */
		k->tun_id = 1 + j / 4096;
		k->eth_type = cpu_to_be16(0x0800);
		mk->eth_type = 0xffff;
		k->nw_proto = 6;
		mk->nw_proto = 0xff;
		k->tp_dst = cpu_to_be16((u16)(1 + j % 4096));
		mk->tp_dst = 0xffff;
		if (m >= 12)
			set_prefix(k->nw_dst, mk->nw_dst, 0x0a000001u, m == 15 ? 32 : 128 - 8 * m);
		if (m == 15)
			set_prefix(k->nw_src, mk->nw_src, 0xc0a80000u, 24);
	}
	if (k->tun_id)
		mk->tun_id = 0xffffff;
}

/* A packet key that the rule matches: its match plus other header fields. */
static void packet_key(struct flow_key *k, const struct cvsw_flow_rule *r)
{
	const u8 *m = (const u8 *)&r->mask, *v = (const u8 *)&r->key;
	struct flow_key pkt;
	u8 *o = (u8 *)k;
	u32 i, src = 0xc0a80000u | (rnd() & 0xff);
	__be32 a = cpu_to_be32(src);

	memset(&pkt, 0, sizeof(pkt));
	pkt.in_port = r->key.tun_id ? FLOW_PORT_TUNNEL : FLOW_PORT_LOCAL;
	pkt.eth_src[0] = 0x02;
	pkt.eth_src[5] = (u8)rnd();
	pkt.eth_type = cpu_to_be16(0x0800);
	pkt.ip_ver = 4;
	pkt.nw_proto = 6;
	memcpy(pkt.nw_src, &a, 4);
	pkt.tp_src = cpu_to_be16((u16)(1024 + rnd() % 60000));
	pkt.tp_dst = cpu_to_be16(443);
	memcpy(k, &pkt, sizeof(pkt));
	for (i = 0; i < sizeof(*k); i++)
		o[i] = (o[i] & ~m[i]) | v[i];
}

struct set {
	u32 n, masks;
	struct cvsw_flow_rule *rules;
	struct flow_key *hit, *miss;
	u32 *order;	/* a random permutation for the deletes */
};

static void set_build(struct set *s, u32 n, u32 masks)
{
	u32 i;

	s->n = n;
	s->masks = masks;
	s->rules = malloc((size_t)n * sizeof(*s->rules));
	s->hit = malloc(KEYS * sizeof(*s->hit));
	s->miss = malloc(KEYS * sizeof(*s->miss));
	s->order = malloc((size_t)n * sizeof(*s->order));
	if (!s->rules || !s->hit || !s->miss || !s->order)
		die("out of memory");
	for (i = 0; i < n; i++) {
		make_rule(&s->rules[i], i % masks, i / masks);
		s->order[i] = i;
	}
	for (i = n; i > 1; i--) {
		u32 j = rnd() % i, t = s->order[i - 1];

		s->order[i - 1] = s->order[j];
		s->order[j] = t;
	}
	for (i = 0; i < KEYS; i++) {
		packet_key(&s->hit[i], &s->rules[rnd() % n]);
		s->miss[i] = s->hit[i];
		s->miss[i].tun_id = 0xfffff0 + i % 16;	/* no rule has this VNI */
		s->miss[i].in_port = FLOW_PORT_LOWER;
		s->miss[i].eth_dst[0] = 0x0e;	/* nor this MAC */
	}
}

static void set_free(struct set *s)
{
	free(s->rules);
	free(s->hit);
	free(s->miss);
	free(s->order);
}

static double time_adds(struct flow_cls *cls, struct set *s)
{
	double t0 = now_ns();
	u32 i;

	for (i = 0; i < s->n; i++)
		if (cvsw_flow_cls_insert(cls, &s->rules[i]))
			die("insert failed");
	return now_ns() - t0;
}

static double time_dels(struct flow_cls *cls, struct set *s)
{
	double t0 = now_ns();
	u32 i;

	for (i = 0; i < s->n; i++)
		if (cvsw_flow_cls_remove(cls, &s->rules[s->order[i]]))
			die("remove failed");
	return now_ns() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, u32 n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static volatile u64 sink;

/* ns per lookup over KEYS keys, median of SAMPLES passes of `rounds` cycles. */
static double time_lookups(const struct flow_cls *cls, const struct flow_key *keys, u32 rounds)
{
	double ns[SAMPLES];
	u32 s, r, i;

	for (s = 0; s < SAMPLES; s++) {
		double t0 = now_ns();
		u64 found = 0;

		for (r = 0; r < rounds; r++)
			for (i = 0; i < KEYS; i++)
				found += cvsw_flow_cls_lookup(cls, &keys[i]) != NULL;
		ns[s] = (now_ns() - t0) / ((double)rounds * KEYS);
		sink += found;
	}
	return median(ns, SAMPLES);
}

/* Up to EMC_KEYS of keys that fall into distinct EMC slots: every timed lookup hits. */
static u32 emc_keys(struct flow_key *out, const struct flow_key *keys, u32 seed)
{
	static bool used[FLOW_EMC_ENTRIES];
	u32 i, n = 0;

	memset(used, 0, sizeof(used));
	for (i = 0; i < KEYS && n < EMC_KEYS; i++) {
		u32 slot = cvsw_flow_key_hash(&keys[i], seed) & (FLOW_EMC_ENTRIES - 1);

		if (!used[slot]) {
			used[slot] = true;
			out[n++] = keys[i];
		}
	}
	return n;
}

static double time_emc(struct flow_emc *emc, const struct flow_cls *cls,
		       const struct flow_key *keys, u32 n, u32 rounds)
{
	double ns[SAMPLES];
	u32 s, r, i;

	for (i = 0; i < n; i++)	/* fill */
		cvsw_flow_emc_cls_lookup(emc, cls, &keys[i]);
	for (s = 0; s < SAMPLES; s++) {
		double t0 = now_ns();
		u64 found = 0;

		for (r = 0; r < rounds; r++)
			for (i = 0; i < n; i++)
				found += cvsw_flow_emc_cls_lookup(emc, cls, &keys[i]) != NULL;
		ns[s] = (now_ns() - t0) / ((double)rounds * n);
		sink += found;
	}
	if (emc->misses != n)
		die("an EMC lookup missed");
	return median(ns, SAMPLES);
}

static void record(u32 rules, u32 masks, const char *op, double ns)
{
	if (n_results == MAX_RESULTS)
		die("too many results");
	results[n_results++] = (struct result){ rules, masks, op, ns };
}

static void check_keys(const struct flow_cls *cls, const struct set *s)
{
	u32 i;

	for (i = 0; i < KEYS; i++) {
		if (!cvsw_flow_cls_lookup(cls, &s->hit[i]))
			die("a hit key misses");
		if (cvsw_flow_cls_lookup(cls, &s->miss[i]))
			die("a miss key hits");
	}
}

static void run(u32 n, u32 masks, struct flow_emc *emc)
{
	u32 reps = n >= 1000000 ? 1 : n >= 100000 ? 3 : SAMPLES, rep, rounds;
	static struct flow_key ekeys[EMC_KEYS];
	double add[SAMPLES], del[SAMPLES];
	struct flow_cls *cls;
	struct set s;
	u32 nemc;

	set_build(&s, n, masks);
	for (rep = 0; rep < reps; rep++) {
		cls = cvsw_flow_cls_create(SEED);
		if (!cls)
			die("out of memory");
		add[rep] = time_adds(cls, &s) / n;
		if (rep == reps - 1)
			break;
		del[rep] = time_dels(cls, &s) / n;
		cvsw_flow_cls_destroy(cls);
	}
	check_keys(cls, &s);
	/* Fewer passes with more masks: a sample stays in the milliseconds. */
	rounds = 1 + 64 / masks;
	record(n, masks, "lookup_hit", time_lookups(cls, s.hit, rounds));
	record(n, masks, "lookup_miss", time_lookups(cls, s.miss, rounds));
	memset(emc, 0, sizeof(*emc));
	nemc = emc_keys(ekeys, s.hit, SEED);
	record(n, masks, "emc_hit", time_emc(emc, cls, ekeys, nemc, 64));
	del[reps - 1] = time_dels(cls, &s) / n;
	if (cvsw_flow_cls_count(cls) || cvsw_flow_cls_memory(cls) > 4096)
		die("not empty after the deletes");
	cvsw_flow_cls_destroy(cls);
	record(n, masks, "add", median(add, reps));
	record(n, masks, "del", median(del, reps));
	set_free(&s);
}

static double find(u32 rules, u32 masks, const char *op)
{
	u32 i;

	for (i = 0; i < n_results; i++)
		if (results[i].rules == rules && results[i].masks == masks &&
		    !strcmp(results[i].op, op))
			return results[i].ns;
	return -1;
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

static void print_goals(void)
{
	u32 i, big = n_rules[ARRAY_SIZE(n_rules) - 1];
	double add;

	for (i = 0; i < ARRAY_SIZE(n_masks); i++) {
		u32 m = n_masks[i], small = n_rules[0] < m ? m : n_rules[0];
		double r = find(big, m, "lookup_miss") / find(small, m, "lookup_miss");

		printf("goal: lookup_miss at 1,000,000 rules within 2x of %u rules, %2u masks: "
		       "%s (%.2fx)\n", small, m, r <= 2.0 ? "met" : "missed", r);
	}
	for (i = 0; i < ARRAY_SIZE(n_masks); i++) {
		add = find(big, n_masks[i], "add") * big / 1e9;
		printf("goal: 1,000,000 adds in under 2 s, %2u masks: %s (%.2f s)\n",
		       n_masks[i], add < 2.0 ? "met" : "missed", add);
	}
}

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : NULL;
	static struct flow_emc emc;
	double load[3] = { 0 }, load_end[3] = { 0 };
	char cpu[128];
	struct utsname un;
	u32 i, j;
	FILE *f;

	getloadavg(load, 3);
	for (i = 0; i < ARRAY_SIZE(n_rules); i++)
		for (j = 0; j < ARRAY_SIZE(n_masks); j++)
			run(n_rules[i] < n_masks[j] ? n_masks[j] : n_rules[i], n_masks[j], &emc);
	getloadavg(load_end, 3);

	cpu_model(cpu, sizeof(cpu));
	uname(&un);
	printf("classifier microbenchmark (flowtable/classifier.c)\nCPU: %s, %ld online\n"
	       "compiler: %s -O2\nenvironment: userspace on a shared machine (%s kernel %s), "
	       "load average %.1f (%.1f at the end): other jobs compete, absolute numbers "
	       "are pessimistic\n", cpu, sysconf(_SC_NPROCESSORS_ONLN), BENCH_CC, un.machine,
	       un.release, load[0], load_end[0]);
	printf("lookups: median of %d samples over %d keys; N = 10 with 16 masks runs with "
	       "16 rules\n\n%9s %6s %12s %10s\n", SAMPLES, KEYS, "rules", "masks", "op", "ns/op");
	for (i = 0; i < n_results; i++)
		printf("%9u %6u %12s %10.1f\n", results[i].rules, results[i].masks, results[i].op,
		       results[i].ns);
	printf("\n");
	print_goals();
	if (!out)
		return 0;
	f = fopen(out, "w");
	if (!f)
		die("cannot write the output file");
	fprintf(f, "[\n");
	for (i = 0; i < n_results; i++)
		fprintf(f, "  {\"rules\": %u, \"masks\": %u, \"op\": \"%s\", \"ns\": %.1f}%s\n",
			results[i].rules, results[i].masks, results[i].op, results[i].ns,
			i + 1 < n_results ? "," : "");
	fprintf(f, "]\n");
	fclose(f);
	printf("\nwrote %s\n", out);
	return 0;
}
