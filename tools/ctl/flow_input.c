// SPDX-License-Identifier: GPL-2.0
/* Reading flows: one argument or stdin, all parsed before anything is sent. */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "flow_input.h"

/* Parse one flow; a match without actions= gets a placeholder action (del). */
static int parse_one(const char *text, bool match_only, struct cvsw_flow_rule *r,
		     char *err, size_t errlen)
{
	char *tmp = NULL;
	int ret;

	if (match_only && !strstr(text, "actions=")) {
		if (asprintf(&tmp, "%s%sactions=drop", text, *text ? "," : "") < 0) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		text = tmp;
	}
	memset(r, 0, sizeof(*r));
	ret = cvsw_flow_parse(text, r, err, errlen);
	free(tmp);
	return ret;
}

struct cvsw_flow_rule *flow_list_push(struct flow_list *l, unsigned int line)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct cvsw_flow_rule *r = realloc(l->rules, cap * sizeof(*r));
		unsigned int *ln;

		if (!r)
			return NULL;
		l->rules = r;
		ln = realloc(l->lines, cap * sizeof(*ln));
		if (!ln)
			return NULL;
		l->lines = ln;
		l->cap = cap;
	}
	l->lines[l->n] = line;
	memset(&l->rules[l->n], 0, sizeof(l->rules[0]));
	return &l->rules[l->n++];
}

static int read_stream(struct flow_list *l, FILE *f, bool match_only)
{
	char *line = NULL, *s, *end, err[256];
	size_t cap = 0;
	unsigned int lineno = 0;
	struct cvsw_flow_rule *r;
	int ret = EXIT_OK;

	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		for (s = line; *s == ' ' || *s == '\t'; s++)
			;
		end = s + strlen(s);
		while (end > s && strchr(" \t\r\n", end[-1]))
			*--end = '\0';
		if (!*s || *s == '#')
			continue;
		r = flow_list_push(l, lineno);
		if (!r) {
			fprintf(stderr, "%s:%u: out of memory\n", l->source, lineno);
			ret = EXIT_RUNTIME;
			break;
		}
		if (parse_one(s, match_only, r, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s:%u: %s\n", l->source, lineno, err);
			l->n--;
			ret = EXIT_USAGE;
		}
	}
	free(line);
	if (ferror(f)) {
		perror(l->source);
		ret = EXIT_RUNTIME;
	}
	return ret;
}

int flow_list_read_file(struct flow_list *l, const char *path, bool match_only)
{
	FILE *f;
	int ret;

	memset(l, 0, sizeof(*l));
	l->source = path;
	if (!strcmp(path, "-"))
		return read_stream(l, stdin, match_only);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	ret = read_stream(l, f, match_only);
	fclose(f);
	return ret;
}

int flow_list_read(struct flow_list *l, const char *arg, bool match_only)
{
	char err[256];
	struct cvsw_flow_rule *r;

	if (!strcmp(arg, "-"))
		return flow_list_read_file(l, arg, match_only);
	memset(l, 0, sizeof(*l));
	r = flow_list_push(l, 0);
	if (!r) {
		fprintf(stderr, "out of memory\n");
		return EXIT_RUNTIME;
	}
	if (parse_one(arg, match_only, r, err, sizeof(err)) < 0)
		return arg_wrong(arg, "%s", err);
	return EXIT_OK;
}

void flow_list_free(struct flow_list *l)
{
	free(l->rules);
	free(l->lines);
	memset(l, 0, sizeof(*l));
}

void flow_list_where(const struct flow_list *l, size_t i, char *buf, size_t len)
{
	if (l->source)
		snprintf(buf, len, "%s:%u: ", l->source, l->lines[i]);
	else
		buf[0] = '\0';
}
