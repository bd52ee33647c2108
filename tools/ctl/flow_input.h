/* SPDX-License-Identifier: GPL-2.0 */
/* Flows from the command line or stdin, parsed by flowtable/flow_text.c. */
#ifndef CVSW_CTL_FLOW_INPUT_H
#define CVSW_CTL_FLOW_INPUT_H

#include "flowtable/flow_text.h"

struct flow_list {
	struct cvsw_flow_rule *rules;
	unsigned int *lines; /* input line of each rule (file, stdin), for messages */
	size_t n, cap;
	const char *source;  /* file name ("-": stdin), NULL for one argument */
};

/*
 * Parse FLOW, or with "-" every line of stdin (blank lines and lines
 * starting with '#' skipped). match_only: the actions may be left out (del).
 * Reports every bad flow ("-:LINE: msg", or iproute2's "argument is wrong")
 * and returns EXIT_USAGE if there was one, else EXIT_OK.
 */
int flow_list_read(struct flow_list *l, const char *arg, bool match_only);
/*
 * Every flow of a file ("-": stdin), one per line, "#" comments and blank
 * lines skipped. Every bad line is reported as "FILE:LINE: msg"; returns
 * EXIT_USAGE if there was one (the list then holds only the good ones).
 */
int flow_list_read_file(struct flow_list *l, const char *path, bool match_only);
void flow_list_free(struct flow_list *l);
/* Append a zeroed slot (line: input line for messages); NULL on ENOMEM. */
struct cvsw_flow_rule *flow_list_push(struct flow_list *l, unsigned int line);

/* Prefix for messages about rule i: "FILE:LINE: " ("-" for stdin), "" for an argument. */
void flow_list_where(const struct flow_list *l, size_t i, char *buf, size_t len);

#endif /* CVSW_CTL_FLOW_INPUT_H */
