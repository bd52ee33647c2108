/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cvsw flow table: OpenFlow-like match/action rules, portable C shared by
 * cvsw.ko (data path), cvsw-ctl (parse and print) and the tests.
 *
 * A rule is (priority, match = key + mask, actions). Lookup returns the
 * highest-priority rule whose masked key equals the masked packet key; equal
 * priorities resolve to the rule added first. Rule storage and concurrency
 * belong to the host: the kernel keeps its rules in a struct flow_cls
 * (classifier.h), changed incrementally and read lock-free under RCU, with
 * an exact-match cache (struct flow_emc, one per CPU) in front of it.
 * struct flow_table (flow_table.c), an immutable sorted snapshot searched
 * linearly, is the reference the tests compare the classifier with.
 */
#ifndef CVSW_FLOWTABLE_FLOW_H
#define CVSW_FLOWTABLE_FLOW_H

#include "proto/platform.h"

/* in_port values: where a frame entered the cvsw switch. */
enum flow_port {
	FLOW_PORT_NONE = 0,
	FLOW_PORT_LOCAL = 1,  /* from this host's stack (cvsw0 transmit) */
	FLOW_PORT_TUNNEL = 2, /* decapsulated from a tunnel (tun_id is set) */
	FLOW_PORT_LOWER = 3,  /* the lower device (plain, non-tunnel frame) */
};

/*
 * Everything a rule can match. Addresses and ports in network byte order,
 * IPv4 addresses in the first 4 bytes of nw_src/nw_dst. Padding is zero so
 * keys hash and compare as bytes.
 */
struct flow_key {
	u64 tun_id;        /* VNI / VSID / STT context id, 0 if none */
	u32 in_port;       /* enum flow_port */
	u8 eth_src[6];
	u8 eth_dst[6];
	__be16 eth_type;   /* after any VLAN tag */
	u16 vlan_tci;      /* host order; 0x1000 (CFI bit) set when tagged */
	u8 ip_ver;         /* 0, 4 or 6 */
	u8 nw_proto;
	u8 nw_tos;
	u8 pad0;
	u8 nw_src[16];
	u8 nw_dst[16];
	__be16 tp_src;
	__be16 tp_dst;
	/*
	 * The FIRST Geneve option TLV of the packet (class, type, first 4
	 * bytes of its data, zero-padded). Limitation: a rule can only match
	 * the first option; later options are invisible to the classifier.
	 */
	__be16 tun_opt_class;
	u8 tun_opt_type;
	u8 pad1;
	__be32 tun_opt_data; /* first 4 bytes of its value */
	u32 pad2;
};

/* A key as 64-bit words, for masked compares (flow_key is whole words). */
#define FLOW_KEY_WORDS (sizeof(struct flow_key) / sizeof(u64))

/* memcpy keeps the word access legal for any alignment and aliasing. */
static inline u64 flow_key_word(const struct flow_key *k, u32 i)
{
	u64 w;

	memcpy(&w, (const u8 *)k + i * sizeof(u64), sizeof(w));
	return w;
}

enum flow_encap_type {
	FLOW_ENCAP_VXLAN = 1,
	FLOW_ENCAP_NVGRE,
	FLOW_ENCAP_GENEVE,
	FLOW_ENCAP_STT,
	FLOW_ENCAP_SCLP_VXLAN,
	FLOW_ENCAP_SCLP_GENEVE,
	FLOW_ENCAP_MAX
};

#define FLOW_GENEVE_MAX_OPTS_LEN 32 /* bytes of option TLVs in an encap action */

struct flow_encap {
	u8 type;            /* enum flow_encap_type */
	u8 family;          /* 4 or 6: of remote/local */
	u8 ttl;             /* 0: default 64 */
	u8 tos;
	u32 vni;            /* VNI (24 bits), VSID (24 bits), STT context (64 in key) */
	u8 remote[16];
	u8 local[16];       /* all zero: the source address the route gives */
	__be16 dport;       /* 0: the tunnel's default */
	__be16 sport;       /* 0: hashed from the inner flow */
	u8 flowid;          /* NVGRE FlowID (low 8 bits of the key) */
	u8 opts_len;        /* Geneve option TLV bytes in opts */
	u8 pad[2];
	u8 opts[FLOW_GENEVE_MAX_OPTS_LEN]; /* Geneve options, wire format */
};

enum flow_action_type {
	FLOW_ACT_OUTPUT = 1, /* arg: enum flow_port (LOWER after encap, LOCAL) */
	FLOW_ACT_ENCAP,      /* arg: encap */
	FLOW_ACT_DECAP,      /* strip the tunnel: frame continues as in_port LOCAL-bound */
	FLOW_ACT_DROP,
	FLOW_ACT_SET_VLAN,   /* arg: vid (push a tag or rewrite the VID) */
	FLOW_ACT_STRIP_VLAN,
};

#define FLOW_MAX_ACTIONS 8

struct cvsw_flow_action {
	u8 type;   /* enum flow_action_type */
	u8 pad;
	u16 arg;   /* output port, or VLAN id */
};

struct flow_actions {
	u8 n;
	struct cvsw_flow_action act[FLOW_MAX_ACTIONS];
	struct flow_encap encap; /* at most one ENCAP per rule */
};

struct cvsw_flow_rule {
	u16 priority;            /* default 32768 */
	struct flow_key key;     /* already masked */
	struct flow_key mask;
	struct flow_actions actions;
	u64 cookie;
	/* Counters: the host updates them (atomically in the kernel). */
	u64 packets;
	u64 bytes;
};

/* An immutable, priority-ordered snapshot of the rules (the reference, flow_table.c). */
struct flow_table {
	u32 n;
	u32 generation;
	struct cvsw_flow_rule *rules[]; /* sorted: priority descending, then age */
};

/*
 * Extract a key from an Ethernet frame (the first len bytes available).
 * Fields that the frame does not carry stay zero; a field cut by len is zero,
 * never partial. Never reads past len (nor past opts_len of geneve_opts).
 *   - one 802.1Q tag (TPID 0x8100): vlan_tci = TCI | 0x1000, eth_type inner
 *   - IPv4 (version 4, ihl >= 5, 20 bytes present): nw_tos, nw_proto, addrs;
 *     ports only for TCP/UDP/SCTP in a non-fragment or first fragment
 *   - IPv6 (40-byte fixed header only): nw_tos = traffic class, nw_proto =
 *     next header; ports only when it is TCP/UDP/SCTP (no extension headers)
 *   - geneve_opts (may be NULL): the first option TLV, see struct flow_key
 */
void cvsw_flow_key_extract(struct flow_key *key, const u8 *frame, u32 len,
		      u32 in_port, u64 tun_id, const u8 *geneve_opts, u32 opts_len);

/* Highest-priority rule matching key, or NULL (also for a NULL table). */
struct cvsw_flow_rule *cvsw_flow_table_lookup(const struct flow_table *t,
					      const struct flow_key *key);

/*
 * Sort rules into a new table (memory from cvsw_alloc, free with cvsw_free);
 * NULL on ENOMEM. rules[] is in insertion order; the sort is a stable
 * insertion sort (no recursion, no qsort), fine for thousands of rules. The
 * rules themselves are not copied: they must outlive the table.
 */
struct flow_table *cvsw_flow_table_build(struct cvsw_flow_rule *const *rules, u32 n,
					 u32 generation);

/*
 * Semantic check of a rule from an untrusted source (netlink, text): known
 * action types, ENCAP present at most once with a valid type/family/vni,
 * OUTPUT ports valid, at most FLOW_MAX_ACTIONS, key has no bits outside
 * mask, opts_len well-formed Geneve TLVs. Returns 0 or -EINVAL with *why set
 * to a static one-line message. In detail, it rejects:
 *   - key bits outside the mask; a mask on ip_ver or padding; a partial mask
 *     on in_port, eth_type, nw_proto, nw_tos, tun_opt_class or tun_opt_type
 *   - no actions (write drop), more than FLOW_MAX_ACTIONS, an unknown type,
 *     drop together with other actions, an arg on an action without one,
 *     OUTPUT to anything but LOWER or LOCAL, SET_VLAN above 4095
 *   - encap: more than one ENCAP; encap fields set without an ENCAP action;
 *     unknown type; family not 4/6; zero remote; IPv4 with bytes past the
 *     4th; vni above 24 bits (except STT); flowid unless NVGRE; options
 *     unless Geneve, longer than FLOW_GENEVE_MAX_OPTS_LEN, not whole TLVs,
 *     or with non-zero bytes after opts_len
 */
int cvsw_flow_rule_validate(const struct cvsw_flow_rule *r, const char **why);

/* Same match (priority, key and mask): the identity used by add/del. */
bool cvsw_flow_rule_same_match(const struct cvsw_flow_rule *a, const struct cvsw_flow_rule *b);
/* The rule's match covers key? (masked compare; flow_table.c, userspace only) */
bool cvsw_flow_rule_matches(const struct cvsw_flow_rule *r, const struct flow_key *key);
/*
 * Non-strict deletion (ovs-ofctl del-flows): is r's match at least as
 * specific as (key, mask)? That is, r's mask has every bit of mask and r's
 * key agrees with key on them. Priority is not compared. An all-zero mask
 * covers every rule.
 */
bool cvsw_flow_match_covers(const struct flow_key *key, const struct flow_key *mask,
		       const struct cvsw_flow_rule *r);

/*
 * Exact-match cache, direct-mapped by cvsw_flow_key_hash, one per CPU (not
 * thread-safe). Negative results (no rule) are cached too. A zeroed struct
 * flow_emc is an empty cache: hash 0 marks a free slot and cvsw_flow_key_hash
 * never returns 0. hits counts lookups served from the cache, misses those
 * that went to the wildcard lookup. Size: about 120 KiB (above the 32 KiB
 * alloc_percpu limit: allocate one per CPU with kvzalloc and keep per-CPU
 * pointers). Two front ends, one per classifier (an emc serves only one):
 *   - cvsw_flow_emc_lookup, over a struct flow_table snapshot: an entry is valid
 *     only for the table generation it was filled from, so a new snapshot
 *     invalidates the whole cache at once;
 *   - cvsw_flow_emc_cls_lookup (classifier.h), over a struct flow_cls: an entry is
 *     invalidated only by the changes that can affect it (see there).
 */
#define FLOW_EMC_ENTRIES 1024
struct flow_emc_entry {
	u32 hash;
	u32 generation;  /* flow_table: of the snapshot */
	struct flow_key key;
	struct cvsw_flow_rule *rule;
	/* flow_cls: the rule's stamp (0: negative entry), id and priority */
	u64 stamp;
	u64 add_gen;     /* insert generation read before the lookup */
	u32 id;
	u16 prio;
};
struct flow_emc {
	struct flow_emc_entry e[FLOW_EMC_ENTRIES];
	u64 hits, misses;
};
/* Hash of all key bytes, never 0. */
u32 cvsw_flow_key_hash(const struct flow_key *key, u32 seed);
/* EMC hit, else the wildcard lookup (and the result is cached). */
struct cvsw_flow_rule *cvsw_flow_emc_lookup(struct flow_emc *emc, const struct flow_table *t,
				  const struct flow_key *key, u32 seed);

#endif /* CVSW_FLOWTABLE_FLOW_H */
