/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a rule travels in the generic netlink ABI (cvsw/uapi/cvsw.h): which
 * attribute carries which struct flow_key field, and which action attribute
 * is which action. One table, read by the kernel (cvsw/netlink_flow.c) and by
 * cvsw-ctl (tools/ctl/flow_nl.c), so both sides put and read the same bytes.
 * Every key attribute's payload is the field's bytes as struct flow_key
 * stores them (host order for u16/u32/u64, network order for the be ones).
 */
#ifndef CVSW_FLOWTABLE_FLOW_NL_H
#define CVSW_FLOWTABLE_FLOW_NL_H

#include "flow.h"
#include "cvsw/uapi/cvsw.h"

struct cvsw_flow_nl_field {
	u16 attr;       /* enum cvsw_key_attr */
	u8 offset;      /* in struct flow_key */
	u8 len;         /* bytes, in the field and in the attribute */
	u16 eth_type;   /* prerequisite: ETH_TYPE matched exactly as this; 0: none */
};

extern const struct cvsw_flow_nl_field cvsw_flow_nl_fields[];
extern const u32 cvsw_flow_nl_n_fields;

/*
 * Does the match (key, mask) carry field f? Its mask is not zero and, for an
 * address, the match's ETH_TYPE is f's family (IPV4_SRC and IPV6_SRC share
 * the same bytes of struct flow_key: only one of them is sent).
 */
bool cvsw_flow_nl_field_in(const struct flow_key *key, const struct flow_key *mask,
			   const struct cvsw_flow_nl_field *f);

/*
 * After the fields were copied in: is f's prerequisite met? NULL if so, else
 * the reason, naming the field.
 */
const char *cvsw_flow_nl_prereq(const struct flow_key *key, const struct flow_key *mask,
				const struct cvsw_flow_nl_field *f);

/* enum cvsw_action_attr <-> enum flow_action_type; 0 where there is none. */
u8 cvsw_flow_nl_action_type(u16 attr);
u16 cvsw_flow_nl_action_attr(u8 type);

#endif /* CVSW_FLOWTABLE_FLOW_NL_H */
