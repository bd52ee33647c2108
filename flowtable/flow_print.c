// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_flow_format(): the canonical text of a rule, walking the same field table
 * as cvsw_flow_parse() so the output parses back to the same rule.
 */
#include "flow_text.h"
#include "flow_actions_text.h"
#include "flow_fields.h"

static bool all_zero(const u8 *p, u32 n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* The prefix length when mask is leading ones only, else -1. */
static int mask_prefix(const u8 *mask, u32 n)
{
	u32 i, bits = 0;
	u8 b;

	for (i = 0; i < n && mask[i] == 0xff; i++)
		bits += 8;
	if (i == n)
		return (int)bits;
	/* The partial byte: leading ones, then nothing. */
	for (b = mask[i]; b & 0x80; b = (u8)(b << 1))
		bits++;
	if (b)
		return -1;
	return all_zero(mask + i + 1, n - i - 1) ? (int)bits : -1;
}

static void field_name(struct flow_out *o, const struct flow_field *f)
{
	cvsw_flow_out_char(o, ',');
	cvsw_flow_out_str(o, f->name);
	cvsw_flow_out_char(o, '=');
}

static void print_int(struct flow_out *o, const struct flow_field *f, u64 v, u64 m)
{
	field_name(o, f);
	if (f->hex)
		cvsw_flow_out_hex(o, v, f->size == 2 ? 4 : 1);
	else
		cvsw_flow_out_dec(o, v);
	if (m != cvsw_flow_field_all_ones(f)) {
		cvsw_flow_out_char(o, '/');
		cvsw_flow_out_hex(o, m, f->size * 2);
	}
}

static void print_addr_value(struct flow_out *o, const struct flow_field *f, const u8 *a)
{
	if (f->kind == FF_MAC)
		cvsw_flow_out_mac(o, a);
	else if (f->kind == FF_IPV4)
		cvsw_flow_out_ipv4(o, a);
	else
		cvsw_flow_out_ipv6(o, a);
}

static void print_addr(struct flow_out *o, const struct flow_field *f,
		       const struct cvsw_flow_rule *r)
{
	const u8 *v = (const u8 *)&r->key + f->offset, *m = (const u8 *)&r->mask + f->offset;
	int prefix = mask_prefix(m, f->size);

	field_name(o, f);
	print_addr_value(o, f, v);
	if (prefix == 8 * f->size)
		return;
	cvsw_flow_out_char(o, '/');
	if (f->kind != FF_MAC && prefix >= 0)
		cvsw_flow_out_dec(o, (u64)prefix);
	else
		print_addr_value(o, f, m);
}

/* dl_vlan / dl_vlan_pcp when they describe the mask, else raw vlan_tci. */
static void print_vlan(struct flow_out *o, const struct flow_field *f, u16 v, u16 m)
{
	bool tagged = v & 0x1000;

	if (tagged && (m == 0x1fff || m == 0xffff)) {
		cvsw_flow_out_str(o, ",dl_vlan=");
		cvsw_flow_out_dec(o, v & 0xfff);
	}
	if (tagged && (m == 0xf000 || m == 0xffff)) {
		cvsw_flow_out_str(o, ",dl_vlan_pcp=");
		cvsw_flow_out_dec(o, v >> 13);
	}
	if (!tagged || (m != 0x1fff && m != 0xf000 && m != 0xffff))
		print_int(o, f, v, m);
}

static void print_tun_opt(struct flow_out *o, const struct flow_field *f,
			  const struct flow_key *k, const struct flow_key *m)
{
	u32 dm = be32_to_cpu(m->tun_opt_data);

	field_name(o, f);
	cvsw_flow_out_hex(o, be16_to_cpu(k->tun_opt_class), 4);
	cvsw_flow_out_char(o, ':');
	cvsw_flow_out_hex(o, k->tun_opt_type, 2);
	if (!dm)
		return;
	cvsw_flow_out_char(o, ':');
	cvsw_flow_out_hex(o, be32_to_cpu(k->tun_opt_data), 8);
	if (dm != 0xffffffff) {
		cvsw_flow_out_char(o, '/');
		cvsw_flow_out_hex(o, dm, 8);
	}
}

/*
 * dl_type as a shorthand (ip, tcp6, arp...) when one describes it; returns
 * whether the shorthand covered nw_proto as well.
 */
static bool print_dl_type(struct flow_out *o, const struct flow_field *f,
			  const struct cvsw_flow_rule *r)
{
	u16 et = be16_to_cpu(r->key.eth_type);
	bool proto = r->mask.nw_proto == 0xff;
	const struct flow_shorthand *best = NULL;
	u32 i;

	if (r->mask.eth_type != cpu_to_be16(0xffff)) {
		print_int(o, f, et, be16_to_cpu(r->mask.eth_type));
		return false;
	}
	for (i = 0; i < flow_n_shorthands; i++) {
		const struct flow_shorthand *sh = &flow_shorthands[i];

		if (sh->eth_type != et)
			continue;
		if (sh->proto < 0 && !best)
			best = sh;
		if (proto && sh->proto == r->key.nw_proto)
			best = sh;
	}
	if (!best) {
		print_int(o, f, et, 0xffff);
		return false;
	}
	cvsw_flow_out_char(o, ',');
	cvsw_flow_out_str(o, best->name);
	return best->proto >= 0;
}

/* An IPv6 rule prints ipv6_src/dst, otherwise nw_src/dst (the first 4 bytes). */
static bool is_ipv6_rule(const struct cvsw_flow_rule *r)
{
	return (r->mask.eth_type == cpu_to_be16(0xffff) &&
		r->key.eth_type == cpu_to_be16(ETH_TYPE_IPV6)) ||
	       !all_zero(r->mask.nw_src + 4, 12) || !all_zero(r->mask.nw_dst + 4, 12);
}

static void print_match(struct flow_out *o, const struct cvsw_flow_rule *r)
{
	bool v6 = is_ipv6_rule(r), proto_done = false;
	u32 i;

	for (i = 0; i < flow_n_fields; i++) {
		const struct flow_field *f = &flow_fields[i];
		const u8 *m = (const u8 *)&r->mask + f->offset;
		const char *port;

		if (f->kind == FF_VLAN_VID || f->kind == FF_VLAN_PCP || all_zero(m, f->size))
			continue;
		switch (f->kind) {
		case FF_PORT:
			port = cvsw_flow_port_name(r->key.in_port);
			if (port && r->mask.in_port == ~0u) {
				field_name(o, f);
				cvsw_flow_out_str(o, port);
			} else {
				print_int(o, f, r->key.in_port, r->mask.in_port);
			}
			break;
		case FF_TUN_OPT:
			print_tun_opt(o, f, &r->key, &r->mask);
			break;
		case FF_MAC:
			print_addr(o, f, r);
			break;
		case FF_IPV4:
		case FF_IPV6:
			if (v6 == (f->kind == FF_IPV6))
				print_addr(o, f, r);
			break;
		default:
			if (f->offset == offsetof(struct flow_key, vlan_tci))
				print_vlan(o, f, r->key.vlan_tci, r->mask.vlan_tci);
			else if (f->offset == offsetof(struct flow_key, eth_type))
				proto_done = print_dl_type(o, f, r);
			else if (!(f->offset == offsetof(struct flow_key, nw_proto) && proto_done))
				print_int(o, f, cvsw_flow_field_get(&r->key, f), cvsw_flow_field_get(&r->mask, f));
			break;
		}
	}
}

int cvsw_flow_format(const struct cvsw_flow_rule *rule, bool with_stats, char *buf, size_t len)
{
	struct flow_out o = { buf, len, 0 };

	if (len)
		buf[0] = '\0';
	if (rule->cookie) {
		cvsw_flow_out_str(&o, "cookie=");
		cvsw_flow_out_hex(&o, rule->cookie, 1);
		cvsw_flow_out_str(&o, ", ");
	}
	if (with_stats) {
		cvsw_flow_out_str(&o, "n_packets=");
		cvsw_flow_out_dec(&o, rule->packets);
		cvsw_flow_out_str(&o, ", n_bytes=");
		cvsw_flow_out_dec(&o, rule->bytes);
		cvsw_flow_out_str(&o, ", ");
	}
	cvsw_flow_out_str(&o, "priority=");
	cvsw_flow_out_dec(&o, rule->priority);
	print_match(&o, rule);
	cvsw_flow_out_str(&o, ",actions=");
	cvsw_flow_actions_format(&rule->actions, &o);
	return o.pos < len ? (int)o.pos : -ENOSPC;
}
