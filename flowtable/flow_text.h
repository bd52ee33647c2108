/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The textual flow syntax, ovs-ofctl style, parsed and printed by the same
 * table of fields so that every printed rule parses back to the same rule:
 *
 *   priority=10,ip,nw_dst=10.0.0.2,actions=encap(sclp-vxlan,vni=42,remote=192.0.2.2),output
 *
 * Userspace only in practice (cvsw-ctl, tests) but kept free of libc beyond
 * platform.h so the fuzzers and the kernel could share it.
 *
 * Match (comma or white space separated, any order, each field once unless
 * the values agree):
 *   priority=0..65535 (default 32768)  cookie=N
 *   in_port=local|tunnel|lower|1..3    tun_id=N[/MASK]
 *   tun_opt=CLASS:TYPE[:DATA[/MASK]]   (first Geneve option, 4 data bytes)
 *   dl_src=MAC[/MAC] dl_dst=...        dl_type=N
 *   dl_vlan=0..4095 dl_vlan_pcp=0..7   vlan_tci=N[/MASK] (0x1000 = tagged)
 *   nw_src=A.B.C.D[/PREFIX|/A.B.C.D] nw_dst=...   (need ip)
 *   ipv6_src=ADDR[/PREFIX|/ADDR] ipv6_dst=...     (need ipv6)
 *   nw_proto=N nw_tos=N (whole TOS / traffic class byte; need ip or ipv6)
 *   tp_src=N[/MASK] tp_dst=...         (need tcp, udp or sctp)
 *   shorthands ip ipv6 tcp udp sctp icmp tcp6 udp6 sctp6 icmp6 arp
 *   n_packets=N n_bytes=N duration=X   (dump output: accepted, ignored)
 * Numbers are decimal or 0x hex. Then actions= (last, required), comma
 * separated: output | output:lower | output:local | local | drop | decap |
 * strip_vlan | mod_vlan_vid:N | encap(TYPE,vni=N,remote=ADDR[,local=ADDR]
 * [,dport=N][,sport=N][,ttl=N][,tos=N][,flowid=N][,opt=CLASS:TYPE[:0xHEX]]...)
 * A parsed rule always passes cvsw_flow_rule_validate().
 */

/* Enough for the text of any valid rule, counters included. */
#define FLOW_TEXT_MAX 2048
#ifndef CVSW_FLOWTABLE_FLOW_TEXT_H
#define CVSW_FLOWTABLE_FLOW_TEXT_H

#include "flow.h"

/*
 * Parse one flow. On error returns a negative errno and writes a one-line
 * message naming the bad token into err (e.g. "unknown keyword foo",
 * "nw_dst: \"10.0.0.300\" is not a valid IPv4 address", "actions= is
 * required"); err may be NULL. On error *rule is all zero.
 * Counters (n_packets=, n_bytes=) and cookie= are accepted and ignored /
 * stored, so dump output parses back.
 */
int cvsw_flow_parse(const char *text, struct cvsw_flow_rule *rule, char *err, size_t errlen);

/*
 * Print a rule (without counters unless with_stats) in canonical form:
 * [cookie=0xN, ][n_packets=N, n_bytes=N, ]priority=N,MATCH,actions=ACTIONS
 * Returns the length, or -ENOSPC when len is too small (buf then holds a
 * truncated, NUL-terminated prefix).
 */
int cvsw_flow_format(const struct cvsw_flow_rule *rule, bool with_stats, char *buf, size_t len);

/* Names of encap types as written in actions: "vxlan", "sclp-vxlan", ...; "unknown" otherwise. */
const char *cvsw_flow_encap_name(u8 type);

#endif /* CVSW_FLOWTABLE_FLOW_TEXT_H */
