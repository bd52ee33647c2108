// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_flow_parse(): ovs-ofctl style "key=value" match fields separated by commas
 * or white space, then "actions=" taking the rest of the line.
 */
#include "flow_text.h"
#include "flow_actions_text.h"
#include "flow_fields.h"

#define DEFAULT_PRIORITY 32768

struct parser {
	struct cvsw_flow_rule *r;
	struct flow_out err;
	u32 seen;  /* bit i: flow_fields[i] was given */
};

static bool is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int bad_value(struct parser *ps, const struct flow_field *f, struct flow_str val,
		     const char *what)
{
	cvsw_flow_text_error(&ps->err, "", flow_str_of(f->name), ": \"");
	cvsw_flow_out_slice(&ps->err, val);
	cvsw_flow_out_str(&ps->err, "\" ");
	cvsw_flow_out_str(&ps->err, what);
	return -EINVAL;
}

/* Merge (val, msk) into the rule's match: a bit given twice must agree. */
static int merge(struct parser *ps, struct flow_str tok, const struct flow_key *val,
		 const struct flow_key *msk)
{
	u8 *k = (u8 *)&ps->r->key, *m = (u8 *)&ps->r->mask;
	const u8 *v = (const u8 *)val, *vm = (const u8 *)msk;
	size_t i;

	for (i = 0; i < sizeof(*val); i++)
		if ((k[i] ^ v[i]) & m[i] & vm[i])
			return cvsw_flow_text_error(&ps->err, "", tok,
					       " conflicts with an earlier match on the same field");
	for (i = 0; i < sizeof(*val); i++) {
		k[i] |= v[i] & vm[i];
		m[i] |= vm[i];
	}
	return 0;
}

/* "N" or "N/0xMASK" for fields that accept a mask. */
static int parse_int(struct parser *ps, const struct flow_field *f, struct flow_str s,
		     struct flow_key *val, struct flow_key *msk)
{
	struct flow_str vs = s, ms;
	u64 v, m = cvsw_flow_field_all_ones(f);

	if (f->masked && cvsw_flow_str_split(s, '/', &vs, &ms) &&
	    (cvsw_flow_lex_u64(ms, &m) || m > cvsw_flow_field_all_ones(f)))
		return bad_value(ps, f, s, "has a bad mask");
	if (cvsw_flow_lex_u64(vs, &v))
		return bad_value(ps, f, s, "is not a valid number");
	if (v > f->max) {
		bad_value(ps, f, s, "is out of range (0..");
		cvsw_flow_out_dec(&ps->err, f->max);
		cvsw_flow_out_str(&ps->err, ")");
		return -EINVAL;
	}
	cvsw_flow_field_put(val, f, v);
	cvsw_flow_field_put(msk, f, m);
	return 0;
}

static int parse_port(struct parser *ps, const struct flow_field *f, struct flow_str s,
		      struct flow_key *val, struct flow_key *msk)
{
	u32 p;

	for (p = FLOW_PORT_LOCAL; p <= FLOW_PORT_LOWER; p++)
		if (cvsw_flow_str_eq(s, cvsw_flow_port_name(p)))
			break;
	if (p > FLOW_PORT_LOWER) {
		u64 n;

		if (cvsw_flow_lex_u64(s, &n) || n < FLOW_PORT_LOCAL || n > FLOW_PORT_LOWER)
			return bad_value(ps, f, s, "is not a port (local, tunnel, lower or 1..3)");
		p = (u32)n;
	}
	val->in_port = p;
	msk->in_port = ~0u;
	return 0;
}

static void prefix_mask(u8 *mask, u32 bytes, u32 prefix)
{
	u32 i;

	for (i = 0; i < bytes; i++, prefix = prefix > 8 ? prefix - 8 : 0)
		mask[i] = prefix >= 8 ? 0xff : (u8)(0xff00 >> prefix);
}

/* ADDR, ADDR/PREFIX or ADDR/MASK for MAC, IPv4 and IPv6 fields. */
static int parse_addr(struct parser *ps, const struct flow_field *f, struct flow_str s,
		      struct flow_key *val, struct flow_key *msk)
{
	static const char *const what[] = {
		[FF_MAC] = "is not a valid Ethernet address",
		[FF_IPV4] = "is not a valid IPv4 address",
		[FF_IPV6] = "is not a valid IPv6 address",
	};
	u8 *v = (u8 *)val + f->offset, *m = (u8 *)msk + f->offset;
	struct flow_str as, ms;
	bool has_mask = cvsw_flow_str_split(s, '/', &as, &ms);
	u64 prefix;
	int ret;

	ret = f->kind == FF_MAC ? cvsw_flow_lex_mac(as, v) :
	      f->kind == FF_IPV4 ? cvsw_flow_lex_ipv4(as, v) : cvsw_flow_lex_ipv6(as, v);
	if (ret)
		return bad_value(ps, f, s, what[f->kind]);
	if (!has_mask) {
		memset(m, 0xff, f->size);
		return 0;
	}
	if (f->kind != FF_MAC && !cvsw_flow_lex_u64(ms, &prefix)) {
		if (prefix > 8u * f->size)
			return bad_value(ps, f, s, "has a prefix length out of range");
		prefix_mask(m, f->size, (u32)prefix);
		return 0;
	}
	ret = f->kind == FF_MAC ? cvsw_flow_lex_mac(ms, m) :
	      f->kind == FF_IPV4 ? cvsw_flow_lex_ipv4(ms, m) : cvsw_flow_lex_ipv6(ms, m);
	if (ret)
		return bad_value(ps, f, s, "has a bad mask");
	return 0;
}

static int parse_vlan(struct parser *ps, const struct flow_field *f, struct flow_str s,
		      struct flow_key *val, struct flow_key *msk)
{
	u64 v;

	if (cvsw_flow_lex_u64(s, &v) || v > f->max)
		return bad_value(ps, f, s, f->kind == FF_VLAN_VID ?
				 "is not a VLAN id (0..4095)" : "is not a VLAN priority (0..7)");
	if (f->kind == FF_VLAN_VID) {
		val->vlan_tci = (u16)(0x1000 | v);
		msk->vlan_tci = 0x1fff;
	} else {
		val->vlan_tci = (u16)(0x1000 | v << 13);
		msk->vlan_tci = 0xf000;
	}
	return 0;
}

/* tun_opt=CLASS:TYPE[:DATA[/MASK]] */
static int parse_tun_opt(struct parser *ps, const struct flow_field *f, struct flow_str s,
			 struct flow_key *val, struct flow_key *msk)
{
	struct flow_str cls, rest, type, data, ds, ms;
	u64 c, t, d = 0, m = 0;
	bool has_data;

	if (!cvsw_flow_str_split(s, ':', &cls, &rest))
		return bad_value(ps, f, s, "is not 0xCLASS:0xTYPE[:0xDATA[/0xMASK]]");
	has_data = cvsw_flow_str_split(rest, ':', &type, &data);
	if (cvsw_flow_lex_u64(cls, &c) || c > 0xffff || cvsw_flow_lex_u64(type, &t) || t > 0xff)
		return bad_value(ps, f, s, "is not 0xCLASS:0xTYPE[:0xDATA[/0xMASK]]");
	if (has_data) {
		m = 0xffffffff;
		if (cvsw_flow_str_split(data, '/', &ds, &ms) && (cvsw_flow_lex_u64(ms, &m) || m > 0xffffffff))
			return bad_value(ps, f, s, "has a bad data mask");
		if (cvsw_flow_lex_u64(ds, &d) || d > 0xffffffff)
			return bad_value(ps, f, s, "has bad data (up to 4 bytes)");
	}
	val->tun_opt_class = cpu_to_be16((u16)c);
	msk->tun_opt_class = cpu_to_be16(0xffff);
	val->tun_opt_type = (u8)t;
	msk->tun_opt_type = 0xff;
	val->tun_opt_data = cpu_to_be32((u32)d);
	msk->tun_opt_data = cpu_to_be32((u32)m);
	return 0;
}

static int parse_field(struct parser *ps, const struct flow_field *f, struct flow_str tok,
		       struct flow_str s)
{
	struct flow_key val, msk;
	int ret;

	memset(&val, 0, sizeof(val));
	memset(&msk, 0, sizeof(msk));
	switch (f->kind) {
	case FF_INT:
		ret = parse_int(ps, f, s, &val, &msk);
		break;
	case FF_PORT:
		ret = parse_port(ps, f, s, &val, &msk);
		break;
	case FF_VLAN_VID:
	case FF_VLAN_PCP:
		ret = parse_vlan(ps, f, s, &val, &msk);
		break;
	case FF_TUN_OPT:
		ret = parse_tun_opt(ps, f, s, &val, &msk);
		break;
	default:
		ret = parse_addr(ps, f, s, &val, &msk);
		break;
	}
	if (ret)
		return ret;
	ps->seen |= 1u << (f - flow_fields);
	return merge(ps, tok, &val, &msk);
}

static int parse_shorthand(struct parser *ps, struct flow_str tok)
{
	struct flow_key val, msk;
	u32 i;

	for (i = 0; i < flow_n_shorthands; i++)
		if (cvsw_flow_str_eq(tok, flow_shorthands[i].name))
			break;
	if (i == flow_n_shorthands) {
		if (cvsw_flow_field_find(tok) || cvsw_flow_str_eq(tok, "priority") ||
		    cvsw_flow_str_eq(tok, "cookie") || cvsw_flow_str_eq(tok, "actions"))
			return cvsw_flow_text_error(&ps->err, "", tok, ": missing value");
		return cvsw_flow_text_error(&ps->err, "unknown keyword ", tok, "");
	}
	memset(&val, 0, sizeof(val));
	memset(&msk, 0, sizeof(msk));
	val.eth_type = cpu_to_be16(flow_shorthands[i].eth_type);
	msk.eth_type = cpu_to_be16(0xffff);
	if (flow_shorthands[i].proto >= 0) {
		val.nw_proto = (u8)flow_shorthands[i].proto;
		msk.nw_proto = 0xff;
	}
	return merge(ps, tok, &val, &msk);
}

/* Keywords outside the match: priority, cookie and dump-only counters. */
static int parse_meta(struct parser *ps, struct flow_str name, struct flow_str tok,
		      struct flow_str val, bool *handled)
{
	u64 v;

	*handled = true;
	if (cvsw_flow_str_eq(name, "duration"))
		return 0;
	if (cvsw_flow_str_eq(name, "priority")) {
		if (cvsw_flow_lex_u64(val, &v) || v > 0xffff)
			return cvsw_flow_text_error(&ps->err, "priority: \"", val,
					       "\" is not a priority (0..65535)");
		ps->r->priority = (u16)v;
		return 0;
	}
	if (cvsw_flow_str_eq(name, "cookie") || cvsw_flow_str_eq(name, "n_packets") ||
	    cvsw_flow_str_eq(name, "n_bytes")) {
		if (cvsw_flow_lex_u64(val, &v))
			return cvsw_flow_text_error(&ps->err, "", tok, " is not a valid number");
		if (cvsw_flow_str_eq(name, "cookie"))
			ps->r->cookie = v;
		return 0;
	}
	*handled = false;
	return 0;
}

static bool proto_has_ports(u8 proto)
{
	return proto == 6 || proto == 17 || proto == 132;
}

/* Like OVS: nw_* need an IP dl_type, tp_* a transport protocol too. */
static int check_prereqs(struct parser *ps)
{
	const struct flow_key *k = &ps->r->key, *m = &ps->r->mask;
	bool et = m->eth_type == cpu_to_be16(0xffff);
	bool ip4 = et && k->eth_type == cpu_to_be16(ETH_TYPE_IPV4);
	bool ip6 = et && k->eth_type == cpu_to_be16(ETH_TYPE_IPV6);
	u32 i;

	for (i = 0; i < flow_n_fields; i++) {
		const struct flow_field *f = &flow_fields[i];
		struct flow_str name = flow_str_of(f->name);

		if (!(ps->seen & (1u << i)) || f->prereq == FP_NONE)
			continue;
		if (f->prereq == FP_IPV6 && !ip6)
			return cvsw_flow_text_error(&ps->err, "", name, " requires ipv6 (dl_type=0x86dd)");
		if (!ip4 && !ip6)
			return cvsw_flow_text_error(&ps->err, "", name, " requires ip or ipv6 (dl_type)");
		if (f->prereq == FP_IPV4 && ip6)
			return cvsw_flow_text_error(&ps->err, "", name,
					       " is IPv4 only: use ipv6_src/ipv6_dst with ipv6");
		if (f->prereq == FP_L4 && (m->nw_proto != 0xff || !proto_has_ports(k->nw_proto)))
			return cvsw_flow_text_error(&ps->err, "", name,
					       " requires tcp, udp or sctp (nw_proto)");
	}
	return 0;
}

static int parse_token(struct parser *ps, struct flow_str tok)
{
	struct flow_str name, val;
	const struct flow_field *f;
	bool handled;
	int ret;

	if (!cvsw_flow_str_split(tok, '=', &name, &val))
		return parse_shorthand(ps, tok);
	ret = parse_meta(ps, name, tok, val, &handled);
	if (ret || handled)
		return ret;
	f = cvsw_flow_field_find(name);
	if (!f)
		return cvsw_flow_text_error(&ps->err, "unknown keyword ", name, "");
	return parse_field(ps, f, tok, val);
}

static int finish(struct parser *ps, struct flow_str actions)
{
	const char *why;
	int ret;

	ret = cvsw_flow_actions_parse(actions, &ps->r->actions, &ps->err);
	if (!ret)
		ret = check_prereqs(ps);
	if (!ret && cvsw_flow_rule_validate(ps->r, &why))
		ret = cvsw_flow_text_error(&ps->err, "invalid flow: ", flow_str_of(why), "");
	return ret;
}

static int parse_all(struct parser *ps, struct flow_str s)
{
	u32 i = 0;

	for (;;) {
		struct flow_str tok;
		u32 start;
		int ret;

		while (i < s.n && is_sep(s.p[i]))
			i++;
		if (i == s.n)
			return cvsw_flow_text_error(&ps->err, "actions= is required",
					       (struct flow_str){ s.p, 0 }, "");
		start = i;
		while (i < s.n && !is_sep(s.p[i]) && s.p[i] != '=')
			i++;
		tok = (struct flow_str){ s.p + start, i - start };
		if (i < s.n && s.p[i] == '=' && cvsw_flow_str_eq(tok, "actions"))
			return finish(ps, (struct flow_str){ s.p + i + 1, s.n - i - 1 });
		while (i < s.n && !is_sep(s.p[i]))
			i++;
		tok.n = i - start;
		ret = parse_token(ps, tok);
		if (ret)
			return ret;
	}
}

int cvsw_flow_parse(const char *text, struct cvsw_flow_rule *rule, char *err, size_t errlen)
{
	struct parser ps = { rule, { err, err ? errlen : 0, 0 }, 0 };
	int ret;

	memset(rule, 0, sizeof(*rule));
	rule->priority = DEFAULT_PRIORITY;
	if (ps.err.len)
		err[0] = '\0';
	ret = parse_all(&ps, flow_str_of(text));
	if (ret)
		memset(rule, 0, sizeof(*rule));
	return ret;
}
