// SPDX-License-Identifier: GPL-2.0
/*
 * Number and address parsing and printing for the flow syntax, without libc.
 */
#include "flow_lex.h"

bool cvsw_flow_str_eq(struct flow_str s, const char *lit)
{
	return strlen(lit) == s.n && !memcmp(s.p, lit, s.n);
}

bool cvsw_flow_str_split(struct flow_str s, char c, struct flow_str *head, struct flow_str *tail)
{
	u32 i;

	for (i = 0; i < s.n; i++) {
		if (s.p[i] == c) {
			*head = (struct flow_str){ s.p, i };
			*tail = (struct flow_str){ s.p + i + 1, s.n - i - 1 };
			return true;
		}
	}
	*head = s;
	*tail = (struct flow_str){ s.p + s.n, 0 };
	return false;
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool has_hex_prefix(struct flow_str s)
{
	return s.n >= 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X');
}

int cvsw_flow_lex_u64(struct flow_str s, u64 *v)
{
	u64 x = 0;
	u32 i;

	if (has_hex_prefix(s)) {
		if (s.n == 2 || s.n > 18)
			return -EINVAL;
		for (i = 2; i < s.n; i++) {
			int d = hex_val(s.p[i]);

			if (d < 0)
				return -EINVAL;
			x = x << 4 | (u64)d;
		}
		*v = x;
		return 0;
	}
	if (!s.n)
		return -EINVAL;
	for (i = 0; i < s.n; i++) {
		u64 d = (u64)(s.p[i] - '0');

		if (s.p[i] < '0' || s.p[i] > '9')
			return -EINVAL;
		if (x > (~0ULL - d) / 10)
			return -EINVAL;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

int cvsw_flow_lex_mac(struct flow_str s, u8 mac[6])
{
	u32 i = 0, part;

	for (part = 0; part < 6; part++) {
		u32 v = 0, digits = 0;

		if (part) {
			if (i >= s.n || s.p[i] != ':')
				return -EINVAL;
			i++;
		}
		while (i < s.n && hex_val(s.p[i]) >= 0 && digits < 2) {
			v = v << 4 | (u32)hex_val(s.p[i]);
			i++;
			digits++;
		}
		if (!digits)
			return -EINVAL;
		mac[part] = (u8)v;
	}
	return i == s.n ? 0 : -EINVAL;
}

int cvsw_flow_lex_ipv4(struct flow_str s, u8 addr[4])
{
	u32 i = 0, part;

	for (part = 0; part < 4; part++) {
		u32 v = 0, digits = 0;

		if (part) {
			if (i >= s.n || s.p[i] != '.')
				return -EINVAL;
			i++;
		}
		while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9' && digits < 3) {
			v = v * 10 + (u32)(s.p[i] - '0');
			i++;
			digits++;
		}
		if (!digits || v > 255)
			return -EINVAL;
		addr[part] = (u8)v;
	}
	return i == s.n ? 0 : -EINVAL;
}

/* Expand groups g[0..ng) with the "::" gap before index gap (or none). */
static void ipv6_expand(const u16 *g, int ng, int gap, u8 addr[16])
{
	int i, o = 0;

	memset(addr, 0, 16);
	for (i = 0; i < ng; i++) {
		if (i == gap)
			o += 8 - ng;
		addr[2 * o] = (u8)(g[i] >> 8);
		addr[2 * o + 1] = (u8)g[i];
		o++;
	}
}

int cvsw_flow_lex_ipv6(struct flow_str s, u8 addr[16])
{
	u16 g[8];
	int ng = 0, gap = -1;
	u32 i = 0;

	if (s.n >= 2 && s.p[0] == ':' && s.p[1] == ':') {
		gap = 0;
		i = 2;
	}
	while (i < s.n) {
		u32 start = i, v = 0;

		while (i < s.n && hex_val(s.p[i]) >= 0 && i - start < 5)
			v = v << 4 | (u32)hex_val(s.p[i++]);
		if (i < s.n && s.p[i] == '.') {
			/* Trailing dotted quad: the last two groups. */
			u8 v4[4];

			if (ng > 6 || cvsw_flow_lex_ipv4((struct flow_str){ s.p + start, s.n - start }, v4))
				return -EINVAL;
			g[ng++] = (u16)(v4[0] << 8 | v4[1]);
			g[ng++] = (u16)(v4[2] << 8 | v4[3]);
			i = s.n;
			break;
		}
		if (i == start || i - start > 4 || ng == 8)
			return -EINVAL;
		g[ng++] = (u16)v;
		if (i == s.n)
			break;
		if (s.p[i++] != ':' || i == s.n)
			return -EINVAL;
		if (s.p[i] == ':') {
			if (gap >= 0)
				return -EINVAL;
			gap = ng;
			i++;
		}
	}
	if (gap < 0 ? ng != 8 : ng > 7)
		return -EINVAL;
	ipv6_expand(g, ng, gap, addr);
	return 0;
}

int cvsw_flow_lex_hex_bytes(struct flow_str s, u8 *out, u32 max, u32 *n)
{
	u32 i, nb;

	if (!has_hex_prefix(s) || (s.n - 2) % 2)
		return -EINVAL;
	nb = (s.n - 2) / 2;
	if (nb > max)
		return -EINVAL;
	for (i = 0; i < nb; i++) {
		int hi = hex_val(s.p[2 + 2 * i]), lo = hex_val(s.p[3 + 2 * i]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (u8)(hi << 4 | lo);
	}
	*n = nb;
	return 0;
}

void cvsw_flow_out_char(struct flow_out *o, char c)
{
	if (o->pos + 1 < o->len) {
		o->p[o->pos] = c;
		o->p[o->pos + 1] = '\0';
	}
	o->pos++;
}

void cvsw_flow_out_str(struct flow_out *o, const char *s)
{
	while (*s)
		cvsw_flow_out_char(o, *s++);
}

void cvsw_flow_out_slice(struct flow_out *o, struct flow_str s)
{
	u32 i;

	for (i = 0; i < s.n; i++)
		cvsw_flow_out_char(o, s.p[i]);
}

void cvsw_flow_out_dec(struct flow_out *o, u64 v)
{
	char d[20];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		cvsw_flow_out_char(o, d[--n]);
}

static void out_hex_digits(struct flow_out *o, u64 v, u32 min_digits)
{
	static const char digits[] = "0123456789abcdef";
	char d[16];
	u32 n = 0;

	do {
		d[n++] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	while (n < min_digits && n < sizeof(d))
		d[n++] = '0';
	while (n)
		cvsw_flow_out_char(o, d[--n]);
}

void cvsw_flow_out_hex(struct flow_out *o, u64 v, u32 min_digits)
{
	cvsw_flow_out_str(o, "0x");
	out_hex_digits(o, v, min_digits);
}

void cvsw_flow_out_hex_bytes(struct flow_out *o, const u8 *b, u32 n)
{
	u32 i;

	cvsw_flow_out_str(o, "0x");
	for (i = 0; i < n; i++)
		out_hex_digits(o, b[i], 2);
}

void cvsw_flow_out_mac(struct flow_out *o, const u8 mac[6])
{
	int i;

	for (i = 0; i < 6; i++) {
		if (i)
			cvsw_flow_out_char(o, ':');
		out_hex_digits(o, mac[i], 2);
	}
}

void cvsw_flow_out_ipv4(struct flow_out *o, const u8 addr[4])
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			cvsw_flow_out_char(o, '.');
		cvsw_flow_out_dec(o, addr[i]);
	}
}

/* RFC 5952: the longest run (>= 2) of zero groups, the first on a tie, is "::". */
void cvsw_flow_out_ipv6(struct flow_out *o, const u8 addr[16])
{
	int i, best = -1, best_len = 1, run = 0;

	for (i = 0; i < 8; i++) {
		run = (addr[2 * i] | addr[2 * i + 1]) ? 0 : run + 1;
		if (run > best_len) {
			best_len = run;
			best = i - run + 1;
		}
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			cvsw_flow_out_str(o, "::");
			i += best_len - 1;
			continue;
		}
		if (i && i != best + best_len)
			cvsw_flow_out_char(o, ':');
		out_hex_digits(o, (u64)(addr[2 * i] << 8 | addr[2 * i + 1]), 1);
	}
}

int cvsw_flow_text_error(struct flow_out *err, const char *a, struct flow_str tok, const char *b)
{
	err->pos = 0;
	if (err->len)
		err->p[0] = '\0';
	cvsw_flow_out_str(err, a);
	cvsw_flow_out_slice(err, tok);
	cvsw_flow_out_str(err, b);
	return -EINVAL;
}
