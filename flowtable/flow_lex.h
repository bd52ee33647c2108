/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small text helpers for the flow syntax, in place of libc's strtoull,
 * inet_pton/inet_ntop and snprintf (not available to kernel code):
 * parsing works on slices of the input, printing into a bounded buffer.
 * Internal to flowtable/.
 */
#ifndef CVSW_FLOWTABLE_FLOW_LEX_H
#define CVSW_FLOWTABLE_FLOW_LEX_H

#include "proto/platform.h"

/* A slice of the input text: not NUL-terminated. */
struct flow_str {
	const char *p;
	u32 n;
};

static inline struct flow_str flow_str_of(const char *s)
{
	return (struct flow_str){ s, (u32)strlen(s) };
}

bool cvsw_flow_str_eq(struct flow_str s, const char *lit);
/* Split at the first c: false (head = s, tail empty) when there is none. */
bool cvsw_flow_str_split(struct flow_str s, char c, struct flow_str *head, struct flow_str *tail);

/* Parsers: 0, or -EINVAL when s is not exactly one well-formed value. */
int cvsw_flow_lex_u64(struct flow_str s, u64 *v);          /* decimal or 0x hex */
int cvsw_flow_lex_mac(struct flow_str s, u8 mac[6]);       /* aa:bb:cc:dd:ee:ff */
int cvsw_flow_lex_ipv4(struct flow_str s, u8 addr[4]);     /* dotted quad */
int cvsw_flow_lex_ipv6(struct flow_str s, u8 addr[16]);    /* RFC 4291 text forms */
/* 0x followed by an even number of hex digits, at most max bytes. */
int cvsw_flow_lex_hex_bytes(struct flow_str s, u8 *out, u32 max, u32 *n);

/*
 * Output buffer: writes stop at len - 1 and the text stays NUL-terminated,
 * but pos keeps counting so overflow is detected (pos >= len).
 */
struct flow_out {
	char *p;
	size_t len;
	size_t pos;
};

void cvsw_flow_out_char(struct flow_out *o, char c);
void cvsw_flow_out_str(struct flow_out *o, const char *s);
void cvsw_flow_out_slice(struct flow_out *o, struct flow_str s);
void cvsw_flow_out_dec(struct flow_out *o, u64 v);
/* "0x" then at least min_digits lowercase hex digits. */
void cvsw_flow_out_hex(struct flow_out *o, u64 v, u32 min_digits);
void cvsw_flow_out_hex_bytes(struct flow_out *o, const u8 *b, u32 n); /* 0x0011.. */
void cvsw_flow_out_mac(struct flow_out *o, const u8 mac[6]);
void cvsw_flow_out_ipv4(struct flow_out *o, const u8 addr[4]);
void cvsw_flow_out_ipv6(struct flow_out *o, const u8 addr[16]); /* RFC 5952 */

/*
 * Restart the error message err as a + tok + b (callers may append more)
 * and return -EINVAL.
 */
int cvsw_flow_text_error(struct flow_out *err, const char *a, struct flow_str tok, const char *b);

#endif /* CVSW_FLOWTABLE_FLOW_LEX_H */
