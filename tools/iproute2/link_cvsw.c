// SPDX-License-Identifier: GPL-2.0
/*
 * iproute2 plugin for "ip link ... type cvsw": ip(8) dlopen()s
 * $IP_LIB_DIR/link_cvsw.so (Debian: /usr/lib/x86_64-linux-gnu/ip) and looks up
 * the symbol cvsw_link_util. It lets ip parse and print cvsw's IFLA_CVSW_*
 * options:
 *   ip link add cvsw0 type cvsw lower eth0 sclp_tx_mode sw reasm_timeout 5000
 *   ip -d link show cvsw0
 *
 * iproute2 ships no headers for plugins: the declarations below are those of
 * iproute2 6.1 (Debian 12), whose ip binary exports these functions. Keep
 * struct link_util in its 6.1 layout.
 */
#include <stdio.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "cvsw/uapi/cvsw.h"

/* ip/ip_common.h */
struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *, int, char **, struct nlmsghdr *);
	void (*print_opt)(struct link_util *, FILE *, struct rtattr *[]);
	void (*print_xstats)(struct link_util *, FILE *, struct rtattr *);
	void (*print_help)(struct link_util *, int, char **, FILE *);
	int (*parse_ifla_xstats)(struct link_util *, int, char **);
	int (*print_ifla_xstats)(struct nlmsghdr *, void *);
};

/* include/json_print.h, include/color.h */
enum output_type { PRINT_FP = 1, PRINT_JSON = 2, PRINT_ANY = 4 };
enum color_attr { COLOR_IFNAME, COLOR_MAC, COLOR_INET, COLOR_INET6,
		  COLOR_OPERSTATE_UP, COLOR_OPERSTATE_DOWN, COLOR_NONE };
int print_color_string(enum output_type t, enum color_attr c, const char *key,
		       const char *fmt, const char *value);
int print_color_uint(enum output_type t, enum color_attr c, const char *key,
		     const char *fmt, unsigned int value);

/* include/libnetlink.h, include/ll_map.h, include/utils.h */
int addattr8(struct nlmsghdr *n, int maxlen, int type, __u8 data);
int addattr32(struct nlmsghdr *n, int maxlen, int type, __u32 data);
unsigned int ll_name_to_index(const char *name);
const char *ll_index_to_name(unsigned int idx);
int get_u32(__u32 *val, const char *arg, int base);
void incomplete_command(void) __attribute__((noreturn));
void invarg(const char *msg, const char *arg) __attribute__((noreturn));

/* iplink.c builds the request in a 1024-byte buffer for the link_util. */
#define REQ_MAX 1024

static const char *const tx_modes[] = {
	[CVSW_SCLP_TX_AUTO] = "auto",
	[CVSW_SCLP_TX_GSO] = "gso",
	[CVSW_SCLP_TX_SW] = "sw",
};
#define N_TX_MODES (sizeof(tx_modes) / sizeof(tx_modes[0]))

static void explain(FILE *f)
{
	fprintf(f,
		"Usage: ... cvsw [ lower DEV ] [ sclp_tx_mode { auto | gso | sw } ]\n"
		"                [ reasm_max_mem BYTES ] [ reasm_timeout MS ]\n"
		"\n"
		"Where: DEV is the Ethernet device cvsw stacks on (or: ip link add ... link DEV)\n"
		"Flows: cvsw-ctl flow help\n");
}

static void cvsw_print_help(struct link_util *lu, int argc, char **argv, FILE *f)
{
	explain(f);
}

static int cvsw_parse_opt(struct link_util *lu, int argc, char **argv, struct nlmsghdr *n)
{
	__u32 v;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "lower")) {
			unsigned int idx;

			if (--argc <= 0)
				incomplete_command();
			argv++;
			idx = ll_name_to_index(*argv);
			if (!idx)
				invarg("device not found", *argv);
			addattr32(n, REQ_MAX, IFLA_CVSW_LOWER, idx);
		} else if (!strcmp(*argv, "sclp_tx_mode")) {
			unsigned int m;

			if (--argc <= 0)
				incomplete_command();
			argv++;
			for (m = 0; m < N_TX_MODES; m++)
				if (!strcmp(*argv, tx_modes[m]))
					break;
			if (m == N_TX_MODES)
				invarg("sclp_tx_mode is auto, gso or sw", *argv);
			addattr8(n, REQ_MAX, IFLA_CVSW_SCLP_TX_MODE, m);
		} else if (!strcmp(*argv, "reasm_max_mem")) {
			if (--argc <= 0)
				incomplete_command();
			argv++;
			if (get_u32(&v, *argv, 0))
				invarg("reasm_max_mem is a number of bytes", *argv);
			addattr32(n, REQ_MAX, IFLA_CVSW_REASM_MAX_MEM, v);
		} else if (!strcmp(*argv, "reasm_timeout")) {
			if (--argc <= 0)
				incomplete_command();
			argv++;
			if (get_u32(&v, *argv, 0))
				invarg("reasm_timeout is a number of milliseconds", *argv);
			addattr32(n, REQ_MAX, IFLA_CVSW_REASM_TIMEOUT, v);
		} else if (!strcmp(*argv, "help")) {
			explain(stdout);
			return -1;
		} else {
			fprintf(stderr, "cvsw: unknown option \"%s\"\n", *argv);
			explain(stderr);
			return -1;
		}
	}
	return 0;
}

static __u32 get_u32_attr(const struct rtattr *a)
{
	__u32 v;

	memcpy(&v, RTA_DATA(a), sizeof(v));
	return v;
}

static void print_tx_mode(struct rtattr *a, const char *key)
{
	char fmt[32];
	__u8 m;

	if (!a || RTA_PAYLOAD(a) < sizeof(__u8))
		return;
	m = *(__u8 *)RTA_DATA(a);
	snprintf(fmt, sizeof(fmt), "%s %%s ", key);
	print_color_string(PRINT_ANY, COLOR_NONE, key, fmt,
			   m < N_TX_MODES ? tx_modes[m] : "unknown");
}

static void cvsw_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	struct rtattr *a;

	if (!tb)
		return;
	a = tb[IFLA_CVSW_LOWER];
	if (a && RTA_PAYLOAD(a) >= sizeof(__u32)) {
		unsigned int idx = get_u32_attr(a);
		const char *name = ll_index_to_name(idx);

		print_color_string(PRINT_ANY, COLOR_IFNAME, "lower", "lower %s ", name);
	}
	print_tx_mode(tb[IFLA_CVSW_SCLP_TX_MODE], "sclp_tx_mode");
	/* What AUTO resolved to: GSO super-packets or cvsw's own segmentation. */
	print_tx_mode(tb[IFLA_CVSW_SCLP_TX_EFFECTIVE], "sclp_tx");
	a = tb[IFLA_CVSW_REASM_MAX_MEM];
	if (a && RTA_PAYLOAD(a) >= sizeof(__u32))
		print_color_uint(PRINT_ANY, COLOR_NONE, "reasm_max_mem", "reasm_max_mem %u ",
				 get_u32_attr(a));
	a = tb[IFLA_CVSW_REASM_TIMEOUT];
	if (a && RTA_PAYLOAD(a) >= sizeof(__u32))
		print_color_uint(PRINT_ANY, COLOR_NONE, "reasm_timeout", "reasm_timeout %u ",
				 get_u32_attr(a));
}

struct link_util cvsw_link_util = {
	.id = "cvsw",
	.maxattr = IFLA_CVSW_MAX,
	.parse_opt = cvsw_parse_opt,
	.print_opt = cvsw_print_opt,
	.print_help = cvsw_print_help,
};
