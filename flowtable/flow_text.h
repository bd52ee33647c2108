/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The textual flow syntax, ovs-ofctl style, parsed and printed by the same
 * table of fields so that every printed rule parses back to the same rule:
 *
 *   priority=10,ip,nw_dst=10.0.0.2,actions=encap(sclp-vxlan,vni=42,remote=192.0.2.2),output
 *
 * Userspace only in practice (cvsw-ctl, tests) but kept free of libc beyond
 * platform.h so the fuzzers and the kernel could share it.
 */
#ifndef CVSW_FLOWTABLE_FLOW_TEXT_H
#define CVSW_FLOWTABLE_FLOW_TEXT_H

#include "flow.h"

/*
 * Parse one flow. On error returns a negative errno and writes a one-line
 * message naming the bad token into err (e.g. "unknown keyword foo",
 * "nw_dst: bad IPv4 address 10.0.0.300", "actions= is required").
 * Counters (n_packets=, n_bytes=) and cookie= are accepted and ignored /
 * stored, so dump output parses back.
 */
int flow_parse(const char *text, struct flow_rule *rule, char *err, size_t errlen);

/* Print a rule (without counters unless with_stats). Returns length or -ENOSPC. */
int flow_format(const struct flow_rule *rule, bool with_stats, char *buf, size_t len);

/* Names of encap types as written in actions: "vxlan", "sclp-vxlan", ... */
const char *flow_encap_name(u8 type);

#endif /* CVSW_FLOWTABLE_FLOW_TEXT_H */
