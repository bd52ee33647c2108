// SPDX-License-Identifier: GPL-2.0
/*
 * Parse and print actions: output, output:lower|local, local, drop, decap,
 * strip_vlan, mod_vlan_vid:N and encap(TYPE,key=value,...).
 */
#include "flow_actions_text.h"
#include "flow_text.h"

static const char *const encap_names[FLOW_ENCAP_MAX] = {
	[FLOW_ENCAP_VXLAN] = "vxlan",
	[FLOW_ENCAP_NVGRE] = "nvgre",
	[FLOW_ENCAP_GENEVE] = "geneve",
	[FLOW_ENCAP_STT] = "stt",
	[FLOW_ENCAP_SCLP_VXLAN] = "sclp-vxlan",
	[FLOW_ENCAP_SCLP_GENEVE] = "sclp-geneve",
};

const char *cvsw_flow_encap_name(u8 type)
{
	if (type < FLOW_ENCAP_VXLAN || type >= FLOW_ENCAP_MAX)
		return "unknown";
	return encap_names[type];
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static struct flow_str trim(struct flow_str s)
{
	while (s.n && is_space(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n && is_space(s.p[s.n - 1]))
		s.n--;
	return s;
}

static bool starts_with(struct flow_str s, const char *lit)
{
	u32 n = (u32)strlen(lit);

	return s.n >= n && !memcmp(s.p, lit, n);
}

static struct flow_str after(struct flow_str s, u32 n)
{
	return (struct flow_str){ s.p + n, s.n - n };
}

/* Encap arguments that may each appear once. */
enum encap_arg {
	EA_VNI, EA_REMOTE, EA_LOCAL, EA_DPORT, EA_SPORT, EA_TTL, EA_TOS, EA_FLOWID, EA_OPT,
};

static const char *const encap_args[] = {
	[EA_VNI] = "vni", [EA_REMOTE] = "remote", [EA_LOCAL] = "local",
	[EA_DPORT] = "dport", [EA_SPORT] = "sport", [EA_TTL] = "ttl", [EA_TOS] = "tos",
	[EA_FLOWID] = "flowid", [EA_OPT] = "opt",
};

static int out_of_range(struct flow_out *err, struct flow_str arg, u64 max)
{
	cvsw_flow_text_error(err, "encap: \"", arg, "\" is out of range (0..");
	cvsw_flow_out_dec(err, max);
	cvsw_flow_out_str(err, ")");
	return -EINVAL;
}

/* Returns the family (4 or 6), or 0 when val is no address. */
static u8 parse_addr(struct flow_str val, u8 addr[16])
{
	memset(addr, 0, 16);
	if (!cvsw_flow_lex_ipv4(val, addr))
		return 4;
	if (!cvsw_flow_lex_ipv6(val, addr))
		return 6;
	return 0;
}

/* opt=0xCLASS:0xTYPE[:0xDATA]: appends one Geneve TLV to e->opts. */
static int parse_opt(struct flow_encap *e, struct flow_str arg, struct flow_str val,
		     struct flow_out *err)
{
	struct flow_str cls, rest, type, data;
	u8 buf[FLOW_GENEVE_MAX_OPTS_LEN];
	u64 c, t;
	u32 n = 0;

	if (e->type != FLOW_ENCAP_GENEVE && e->type != FLOW_ENCAP_SCLP_GENEVE)
		return cvsw_flow_text_error(err, "encap: \"", arg, "\": options are only for geneve tunnels");
	if (!cvsw_flow_str_split(val, ':', &cls, &rest))
		return cvsw_flow_text_error(err, "encap: \"", arg, "\" is not 0xCLASS:0xTYPE[:0xDATA]");
	cvsw_flow_str_split(rest, ':', &type, &data);
	if (cvsw_flow_lex_u64(cls, &c) || c > 0xffff || cvsw_flow_lex_u64(type, &t) || t > 0xff ||
	    (data.n && cvsw_flow_lex_hex_bytes(data, buf, sizeof(buf), &n)) ||
	    (data.p != type.p + type.n && !data.n))
		return cvsw_flow_text_error(err, "encap: \"", arg, "\" is not 0xCLASS:0xTYPE[:0xDATA]");
	if (n % 4)
		return cvsw_flow_text_error(err, "encap: \"", arg,
				       "\": option data must be whole 4-byte words");
	if (e->opts_len + 4 + n > FLOW_GENEVE_MAX_OPTS_LEN)
		return cvsw_flow_text_error(err, "encap: \"", arg,
				       "\": options exceed 32 bytes");
	e->opts[e->opts_len] = (u8)(c >> 8);
	e->opts[e->opts_len + 1] = (u8)c;
	e->opts[e->opts_len + 2] = (u8)t;
	e->opts[e->opts_len + 3] = (u8)(n / 4);
	memcpy(e->opts + e->opts_len + 4, buf, n);
	e->opts_len += (u8)(4 + n);
	return 0;
}

static int parse_encap_arg(struct flow_encap *e, struct flow_str arg, u32 *seen,
			   u8 *local_family, struct flow_out *err)
{
	struct flow_str name, val;
	u64 v, max;
	u32 i;

	cvsw_flow_str_split(arg, '=', &name, &val);
	for (i = 0; i < ARRAY_SIZE(encap_args); i++)
		if (cvsw_flow_str_eq(name, encap_args[i]))
			break;
	if (i == ARRAY_SIZE(encap_args))
		return cvsw_flow_text_error(err, "encap: unknown argument \"", arg, "\"");
	if (i != EA_OPT && (*seen & (1u << i)))
		return cvsw_flow_text_error(err, "encap: \"", arg, "\": argument given twice");
	*seen |= 1u << i;

	switch (i) {
	case EA_REMOTE:
		e->family = parse_addr(val, e->remote);
		if (!e->family)
			return cvsw_flow_text_error(err, "encap: \"", arg,
					       "\" is not a valid IPv4 or IPv6 address");
		return 0;
	case EA_LOCAL:
		*local_family = parse_addr(val, e->local);
		if (!*local_family)
			return cvsw_flow_text_error(err, "encap: \"", arg,
					       "\" is not a valid IPv4 or IPv6 address");
		return 0;
	case EA_OPT:
		return parse_opt(e, arg, val, err);
	}

	max = i == EA_VNI ? (e->type == FLOW_ENCAP_STT ? 0xffffffffULL : 0xffffff) :
	      i == EA_DPORT || i == EA_SPORT ? 0xffff : 0xff;
	if (cvsw_flow_lex_u64(val, &v))
		return cvsw_flow_text_error(err, "encap: \"", arg, "\" is not a valid number");
	if (v > max)
		return out_of_range(err, arg, max);
	switch (i) {
	case EA_VNI:
		e->vni = (u32)v;
		break;
	case EA_DPORT:
		e->dport = cpu_to_be16((u16)v);
		break;
	case EA_SPORT:
		e->sport = cpu_to_be16((u16)v);
		break;
	case EA_TTL:
		e->ttl = (u8)v;
		break;
	case EA_TOS:
		e->tos = (u8)v;
		break;
	case EA_FLOWID:
		if (e->type != FLOW_ENCAP_NVGRE)
			return cvsw_flow_text_error(err, "encap: \"", arg, "\": flowid is only for nvgre");
		e->flowid = (u8)v;
		break;
	}
	return 0;
}

/* item is "encap(...)" with the closing parenthesis checked by the caller. */
static int parse_encap(struct flow_encap *e, struct flow_str item, struct flow_out *err)
{
	struct flow_str args = { item.p + 6, item.n - 7 }, arg, rest;
	u8 local_family = 0;
	u32 seen = 0, t;
	bool more;

	more = cvsw_flow_str_split(args, ',', &arg, &rest);
	arg = trim(arg);
	for (t = FLOW_ENCAP_VXLAN; t < FLOW_ENCAP_MAX; t++)
		if (cvsw_flow_str_eq(arg, encap_names[t]))
			break;
	if (t == FLOW_ENCAP_MAX)
		return cvsw_flow_text_error(err, "encap: unknown tunnel type \"", arg, "\"");
	e->type = (u8)t;
	while (more) {
		int ret;

		more = cvsw_flow_str_split(rest, ',', &arg, &rest);
		ret = parse_encap_arg(e, trim(arg), &seen, &local_family, err);
		if (ret)
			return ret;
	}
	if (!(seen & (1u << EA_REMOTE)))
		return cvsw_flow_text_error(err, "encap: remote= is required in \"", item, "\"");
	if (local_family && local_family != e->family)
		return cvsw_flow_text_error(err, "encap: local and remote are not the same family in \"",
				       item, "\"");
	return 0;
}

static int parse_output(struct cvsw_flow_action *act, struct flow_str item, struct flow_str port,
			struct flow_out *err)
{
	u64 n;

	act->type = FLOW_ACT_OUTPUT;
	if (cvsw_flow_str_eq(port, "lower") || (!cvsw_flow_lex_u64(port, &n) && n == FLOW_PORT_LOWER))
		act->arg = FLOW_PORT_LOWER;
	else if (cvsw_flow_str_eq(port, "local") || (!cvsw_flow_lex_u64(port, &n) && n == FLOW_PORT_LOCAL))
		act->arg = FLOW_PORT_LOCAL;
	else
		return cvsw_flow_text_error(err, "output: \"", item,
				       "\" is not an output port (lower or local)");
	return 0;
}

static int parse_action(struct flow_actions *a, struct flow_str item, struct flow_out *err)
{
	struct cvsw_flow_action *act;
	u64 vid;

	if (!item.n)
		return cvsw_flow_text_error(err, "actions: empty action", item, "");
	if (a->n == FLOW_MAX_ACTIONS)
		return cvsw_flow_text_error(err, "actions: more than 8 actions at \"", item, "\"");
	act = &a->act[a->n];

	if (cvsw_flow_str_eq(item, "output")) {
		act->type = FLOW_ACT_OUTPUT;
		act->arg = FLOW_PORT_LOWER;
	} else if (starts_with(item, "output:")) {
		if (parse_output(act, item, after(item, 7), err))
			return -EINVAL;
	} else if (cvsw_flow_str_eq(item, "local")) {
		act->type = FLOW_ACT_OUTPUT;
		act->arg = FLOW_PORT_LOCAL;
	} else if (cvsw_flow_str_eq(item, "drop")) {
		act->type = FLOW_ACT_DROP;
	} else if (cvsw_flow_str_eq(item, "decap")) {
		act->type = FLOW_ACT_DECAP;
	} else if (cvsw_flow_str_eq(item, "strip_vlan")) {
		act->type = FLOW_ACT_STRIP_VLAN;
	} else if (starts_with(item, "mod_vlan_vid:")) {
		if (cvsw_flow_lex_u64(after(item, 13), &vid) || vid > 4095)
			return cvsw_flow_text_error(err, "mod_vlan_vid: \"", item,
					       "\" needs a VLAN id 0..4095");
		act->type = FLOW_ACT_SET_VLAN;
		act->arg = (u16)vid;
	} else if (starts_with(item, "encap(") && item.p[item.n - 1] == ')') {
		if (a->encap.type)
			return cvsw_flow_text_error(err, "actions: \"", item, "\" is a second encap");
		act->type = FLOW_ACT_ENCAP;
		if (parse_encap(&a->encap, item, err))
			return -EINVAL;
	} else {
		return cvsw_flow_text_error(err, "unknown action ", item, "");
	}
	a->n++;
	return 0;
}

int cvsw_flow_actions_parse(struct flow_str s, struct flow_actions *a, struct flow_out *err)
{
	u32 i, start = 0;
	int depth = 0;

	if (!trim(s).n)
		return cvsw_flow_text_error(err, "actions: empty (use actions=drop)", s, "");
	for (i = 0; i <= s.n; i++) {
		if (i < s.n && s.p[i] == '(')
			depth++;
		if (i < s.n && s.p[i] == ')' && --depth < 0)
			break;
		if (i == s.n || (s.p[i] == ',' && depth == 0)) {
			int ret = parse_action(a, trim((struct flow_str){ s.p + start, i - start }),
					       err);

			if (ret)
				return ret;
			start = i + 1;
		}
	}
	if (depth)
		return cvsw_flow_text_error(err, "actions: unbalanced parentheses in \"", s, "\"");
	return 0;
}

static void format_opts(const struct flow_encap *e, struct flow_out *o)
{
	u32 off = 0, n;

	while (off + 4 <= e->opts_len && off + 4 <= FLOW_GENEVE_MAX_OPTS_LEN) {
		const u8 *tlv = e->opts + off;

		n = min_t(u32, (tlv[3] & 0x1f) * 4, FLOW_GENEVE_MAX_OPTS_LEN - off - 4);
		cvsw_flow_out_str(o, ",opt=");
		cvsw_flow_out_hex(o, (u64)(tlv[0] << 8 | tlv[1]), 4);
		cvsw_flow_out_char(o, ':');
		cvsw_flow_out_hex(o, tlv[2], 2);
		if (n) {
			cvsw_flow_out_char(o, ':');
			cvsw_flow_out_hex_bytes(o, tlv + 4, n);
		}
		off += 4 + n;
	}
}

static void format_addr(struct flow_out *o, const char *name, u8 family, const u8 *addr)
{
	cvsw_flow_out_str(o, name);
	if (family == 4)
		cvsw_flow_out_ipv4(o, addr);
	else
		cvsw_flow_out_ipv6(o, addr);
}

static void format_encap(const struct flow_encap *e, struct flow_out *o)
{
	static const u8 zero[16];

	cvsw_flow_out_str(o, "encap(");
	cvsw_flow_out_str(o, cvsw_flow_encap_name(e->type));
	cvsw_flow_out_str(o, ",vni=");
	cvsw_flow_out_dec(o, e->vni);
	format_addr(o, ",remote=", e->family, e->remote);
	if (memcmp(e->local, zero, sizeof(zero)))
		format_addr(o, ",local=", e->family, e->local);
	if (e->dport) {
		cvsw_flow_out_str(o, ",dport=");
		cvsw_flow_out_dec(o, be16_to_cpu(e->dport));
	}
	if (e->sport) {
		cvsw_flow_out_str(o, ",sport=");
		cvsw_flow_out_dec(o, be16_to_cpu(e->sport));
	}
	if (e->ttl) {
		cvsw_flow_out_str(o, ",ttl=");
		cvsw_flow_out_dec(o, e->ttl);
	}
	if (e->tos) {
		cvsw_flow_out_str(o, ",tos=");
		cvsw_flow_out_dec(o, e->tos);
	}
	if (e->flowid) {
		cvsw_flow_out_str(o, ",flowid=");
		cvsw_flow_out_dec(o, e->flowid);
	}
	format_opts(e, o);
	cvsw_flow_out_char(o, ')');
}

void cvsw_flow_actions_format(const struct flow_actions *a, struct flow_out *o)
{
	u32 i;

	for (i = 0; i < a->n && i < FLOW_MAX_ACTIONS; i++) {
		const struct cvsw_flow_action *act = &a->act[i];

		if (i)
			cvsw_flow_out_char(o, ',');
		switch (act->type) {
		case FLOW_ACT_OUTPUT:
			cvsw_flow_out_str(o, act->arg == FLOW_PORT_LOCAL ? "output:local" : "output");
			break;
		case FLOW_ACT_ENCAP:
			format_encap(&a->encap, o);
			break;
		case FLOW_ACT_DECAP:
			cvsw_flow_out_str(o, "decap");
			break;
		case FLOW_ACT_DROP:
			cvsw_flow_out_str(o, "drop");
			break;
		case FLOW_ACT_SET_VLAN:
			cvsw_flow_out_str(o, "mod_vlan_vid:");
			cvsw_flow_out_dec(o, act->arg);
			break;
		case FLOW_ACT_STRIP_VLAN:
			cvsw_flow_out_str(o, "strip_vlan");
			break;
		default:
			cvsw_flow_out_str(o, "unknown");
			break;
		}
	}
}
