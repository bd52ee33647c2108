/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cvsw-ctl internals shared between its files. One job per file:
 *   main.c      global options, object dispatch, top-level help
 *   util.c      prefix matching, error reporting, netns switch, device names
 *   json.c      one printer for text and JSON output (iproute2 json_print style)
 *   genl.c      generic netlink: family lookup, request/ack, dumps, extack
 *   cmd_flow.c  cvsw-ctl flow ...
 *   cmd_dev.c   cvsw-ctl dev ...
 */
#ifndef CVSW_CTL_H
#define CVSW_CTL_H

#include <stdbool.h>
#include <stdio.h>

/* Exit codes: documented in cvsw-ctl.8 and checked by tests/tools/test_ctl.sh. */
#define EXIT_OK 0
#define EXIT_RUNTIME 1 /* the kernel said no, device missing, no permission */
#define EXIT_USAGE 2   /* bad command line or flow syntax */

struct ctl_opts {
	bool json;
	bool pretty;
	const char *netns;
};
extern struct ctl_opts ctl;

/* A command: name matched by prefix, in table order (first match wins). */
struct ctl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
};

/* True if arg is a non-empty prefix of word (iproute2's matches()). */
bool matches(const char *arg, const char *word);
/* Run the first command of cmds whose name arg prefixes; usage error if none. */
int ctl_dispatch(const struct ctl_cmd *cmds, const char *object, int argc, char **argv);

/* Messages in iproute2's words, on stderr. Each returns the exit code. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int arg_wrong(const char *arg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int missing_arg(const char *what);
int incomplete_command(void);

/* Enter /run/netns/NAME like "ip -n NAME". */
int ctl_enter_netns(const char *name);
/* Checks a device name's syntax (exit code, or 0 if acceptable). */
int check_ifname(const char *name);
/* Device name to ifindex; prints "Cannot find device" and returns 0 if absent. */
unsigned int ifindex_or_complain(const char *name);

int do_flow(int argc, char **argv);
int do_dev(int argc, char **argv);

#endif /* CVSW_CTL_H */
