/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The match fields of the flow syntax: one table read by both cvsw_flow_parse()
 * and cvsw_flow_format(), so the printed form always parses back. Internal to
 * flowtable/.
 */
#ifndef CVSW_FLOWTABLE_FLOW_FIELDS_H
#define CVSW_FLOWTABLE_FLOW_FIELDS_H

#include "flow.h"
#include "flow_lex.h"

#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_ARP 0x0806

enum flow_field_kind {
	FF_INT,      /* number, network or host order per .be */
	FF_PORT,     /* in_port: local|tunnel|lower or 1..3 */
	FF_MAC,
	FF_IPV4,     /* first 4 bytes of nw_src/nw_dst */
	FF_IPV6,
	FF_VLAN_VID, /* dl_vlan: parse-only view of vlan_tci */
	FF_VLAN_PCP, /* dl_vlan_pcp: likewise */
	FF_TUN_OPT,  /* tun_opt=CLASS:TYPE[:DATA[/MASK]] */
};

/* What a field needs in the rest of the match (checked after parsing). */
enum flow_field_prereq {
	FP_NONE,
	FP_IP,   /* dl_type IPv4 or IPv6 */
	FP_IPV4,
	FP_IPV6,
	FP_L4,   /* and nw_proto TCP, UDP or SCTP */
};

struct flow_field {
	const char *name;
	u8 kind;     /* enum flow_field_kind */
	u8 prereq;   /* enum flow_field_prereq */
	u8 offset;   /* in struct flow_key */
	u8 size;     /* bytes */
	bool be;     /* FF_INT stored big-endian */
	bool hex;    /* FF_INT printed in hex */
	bool masked; /* accepts VALUE/MASK */
	u64 max;     /* FF_INT: largest value */
};

extern const struct flow_field flow_fields[];
extern const u32 flow_n_fields;

/* ip, tcp6, arp...: dl_type and (when proto >= 0) nw_proto. */
struct flow_shorthand {
	const char *name;
	u16 eth_type;
	s16 proto;
};

extern const struct flow_shorthand flow_shorthands[];
extern const u32 flow_n_shorthands;

const struct flow_field *cvsw_flow_field_find(struct flow_str name);

/* Integer view of a field in a key (host order). */
u64 cvsw_flow_field_get(const struct flow_key *k, const struct flow_field *f);
void cvsw_flow_field_put(struct flow_key *k, const struct flow_field *f, u64 v);
u64 cvsw_flow_field_all_ones(const struct flow_field *f);

/* Names for in_port values. */
const char *cvsw_flow_port_name(u32 port);

#endif /* CVSW_FLOWTABLE_FLOW_FIELDS_H */
