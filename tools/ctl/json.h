/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One code path prints both text and JSON, like iproute2's json_print.c:
 * each value is given once with its JSON key and its text format. In text
 * mode the format is printed (a NULL format prints nothing); in JSON mode
 * the key/value pair is. The JSON top level is always an array, numbers stay
 * numbers and strings are escaped. Output goes to the FILE given to
 * out_begin() (stdout in cvsw-ctl; errors never go there).
 */
#ifndef CVSW_CTL_JSON_H
#define CVSW_CTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

void out_begin(FILE *f, bool json, bool pretty);
void out_end(void);

/* key is NULL for an element of an array. */
void out_open_object(const char *key);
void out_close_object(void);
void out_open_array(const char *key);
void out_close_array(void);

void out_str(const char *key, const char *fmt, const char *val);
void out_u64(const char *key, const char *fmt, uint64_t val);
/* Text mode only: separators, newlines, labels. */
void out_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes s as a JSON string literal (quotes included) to f. */
void json_escape(FILE *f, const char *s);

#endif /* CVSW_CTL_JSON_H */
