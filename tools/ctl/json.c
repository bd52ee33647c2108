// SPDX-License-Identifier: GPL-2.0
/* Text/JSON printer: see json.h. A stack records whether each open JSON
 * container already holds a member, to place commas; its depth drives the
 * pretty-printing indentation. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "json.h"

#define MAX_DEPTH 16

static FILE *of;
static bool json_mode, pretty_mode;
static int depth;
static bool has_member[MAX_DEPTH];

static void newline_indent(void)
{
	if (!pretty_mode)
		return;
	fputc('\n', of);
	for (int i = 0; i < depth; i++)
		fputs("    ", of);
}

/* Comma, indentation and "key": before a new member of the current container. */
static void member(const char *key)
{
	if (depth > 0) {
		/* Nesting deeper than MAX_DEPTH is a caller bug: commas may go missing. */
		if (depth <= MAX_DEPTH && has_member[depth - 1])
			fputc(',', of);
		if (depth <= MAX_DEPTH)
			has_member[depth - 1] = true;
		newline_indent();
	}
	if (key) {
		json_escape(of, key);
		fputs(pretty_mode ? ": " : ":", of);
	}
}

static void open_container(const char *key, char c)
{
	member(key);
	fputc(c, of);
	if (depth < MAX_DEPTH)
		has_member[depth] = false;
	depth++;
}

static void close_container(char c)
{
	bool had = depth > 0 && depth <= MAX_DEPTH && has_member[depth - 1];

	depth--;
	if (had)
		newline_indent();
	fputc(c, of);
}

void json_escape(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void out_begin(FILE *f, bool json, bool pretty)
{
	of = f;
	json_mode = json;
	pretty_mode = json && pretty;
	depth = 0;
	if (json_mode)
		open_container(NULL, '[');
}

void out_end(void)
{
	if (!json_mode)
		return;
	close_container(']');
	fputc('\n', of);
}

void out_open_object(const char *key)
{
	if (json_mode)
		open_container(key, '{');
}

void out_close_object(void)
{
	if (json_mode)
		close_container('}');
}

void out_open_array(const char *key)
{
	if (json_mode)
		open_container(key, '[');
}

void out_close_array(void)
{
	if (json_mode)
		close_container(']');
}

void out_str(const char *key, const char *fmt, const char *val)
{
	if (json_mode) {
		member(key);
		json_escape(of, val);
	} else if (fmt) {
		fprintf(of, fmt, val);
	}
}

void out_u64(const char *key, const char *fmt, uint64_t val)
{
	if (json_mode) {
		member(key);
		fprintf(of, "%" PRIu64, val);
	} else if (fmt) {
		fprintf(of, fmt, val);
	}
}

void out_text(const char *fmt, ...)
{
	va_list ap;

	if (json_mode)
		return;
	va_start(ap, fmt);
	vfprintf(of, fmt, ap);
	va_end(ap);
}
