// SPDX-License-Identifier: GPL-2.0
/* cvsw-ctl dev { show [dev DEV] | set dev DEV max-flows N | help } */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "genl.h"
#include "json.h"
#include "cvsw/uapi/cvsw.h"

static int dev_usage(FILE *f)
{
	fprintf(f,
		"Usage: cvsw-ctl dev show [ dev DEV ]\n"
		"       cvsw-ctl dev set dev DEV max-flows N\n"
		"       cvsw-ctl dev help\n"
		"show: every cvsw device of the network namespace, or DEV: its lower\n"
		"device, number of flows and flow limit, flow memory (classifier,\n"
		"rules), SCLP protocol number and transmit mode, reassembly memory,\n"
		"limit and timeout, exact-match cache hits/misses.\n"
		"set max-flows: the device's flow limit (1 to %u).\n", CVSW_MAX_FLOWS_CEILING);
	return f == stdout ? EXIT_OK : EXIT_USAGE;
}

struct dev_info {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	const struct nlattr *tb[CVSW_DEV_A_MAX + 1];
};

static const char *tx_mode_name(unsigned int mode)
{
	switch (mode) {
	case CVSW_SCLP_TX_AUTO: return "auto";
	case CVSW_SCLP_TX_GSO:  return "gso";
	case CVSW_SCLP_TX_SW:   return "sw";
	}
	return "unknown";
}

static int dev_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	unsigned int type = mnl_attr_get_type(attr);
	static const enum mnl_attr_data_type want[CVSW_DEV_A_MAX + 1] = {
		[CVSW_DEV_A_LOWER_IFINDEX] = MNL_TYPE_U32,
		[CVSW_DEV_A_N_FLOWS] = MNL_TYPE_U32,
		[CVSW_DEV_A_SCLP_PROTO] = MNL_TYPE_U8,
		[CVSW_DEV_A_SCLP_TX_MODE] = MNL_TYPE_U8,
		[CVSW_DEV_A_REASM_MEM] = MNL_TYPE_U32,
		[CVSW_DEV_A_REASM_MAX_MEM] = MNL_TYPE_U32,
		[CVSW_DEV_A_REASM_TIMEOUT] = MNL_TYPE_U32,
		[CVSW_DEV_A_EMC_HITS] = MNL_TYPE_U64,
		[CVSW_DEV_A_EMC_MISSES] = MNL_TYPE_U64,
		[CVSW_DEV_A_MAX_FLOWS] = MNL_TYPE_U32,
		[CVSW_DEV_A_CLS_MEMORY] = MNL_TYPE_U64,
		[CVSW_DEV_A_RULES_MEMORY] = MNL_TYPE_U64,
		[CVSW_DEV_A_STAGED_FLOWS] = MNL_TYPE_U32,
	};

	/* Unknown (newer) or malformed attributes are left out, not fatal. */
	if (type <= CVSW_DEV_A_MAX && want[type] && mnl_attr_validate(attr, want[type]) == 0)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int top_attr(const struct nlattr *attr, void *data)
{
	struct dev_info *d = data;

	switch (mnl_attr_get_type(attr)) {
	case CVSW_A_IFINDEX:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			d->ifindex = mnl_attr_get_u32(attr);
		break;
	case CVSW_A_IFNAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(d->ifname, sizeof(d->ifname), "%s", mnl_attr_get_str(attr));
		break;
	case CVSW_A_DEV:
		return mnl_attr_parse_nested(attr, dev_attr, d->tb) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
	}
	return MNL_CB_OK;
}

static uint64_t get_num(const struct nlattr *a)
{
	switch (mnl_attr_get_payload_len(a)) {
	case 1: return mnl_attr_get_u8(a);
	case 4: return mnl_attr_get_u32(a);
	default: return mnl_attr_get_u64(a);
	}
}

/* A number if the kernel sent it; text format fmt takes a uint64_t. */
static void print_num(const struct dev_info *d, int type, const char *key, const char *fmt)
{
	if (d->tb[type])
		out_u64(key, fmt, get_num(d->tb[type]));
}

static int dev_reply(const struct nlmsghdr *nlh, void *data)
{
	struct dev_info d;
	char lower[IF_NAMESIZE];

	memset(&d, 0, sizeof(d));
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), top_attr, &d) < 0)
		return MNL_CB_ERROR;

	out_open_object(NULL);
	out_u64("ifindex", "%" PRIu64 ": ", d.ifindex);
	out_str("ifname", "%s:", d.ifname);
	if (d.tb[CVSW_DEV_A_LOWER_IFINDEX]) {
		uint32_t idx = mnl_attr_get_u32(d.tb[CVSW_DEV_A_LOWER_IFINDEX]);

		/* The lower device may live in another netns: fall back to its index. */
		if (if_indextoname(idx, lower))
			out_str("lower", " lower %s", lower);
		else
			out_u64("lower_ifindex", " lower ifindex %" PRIu64, idx);
	}
	print_num(&d, CVSW_DEV_A_N_FLOWS, "flows", " flows %" PRIu64);
	print_num(&d, CVSW_DEV_A_MAX_FLOWS, "max_flows", " max-flows %" PRIu64);
	out_text("\n   ");
	print_num(&d, CVSW_DEV_A_CLS_MEMORY, "cls_memory", " flow memory classifier %" PRIu64);
	print_num(&d, CVSW_DEV_A_RULES_MEMORY, "rules_memory", " rules %" PRIu64);
	if (d.tb[CVSW_DEV_A_STAGED_FLOWS] && get_num(d.tb[CVSW_DEV_A_STAGED_FLOWS]))
		print_num(&d, CVSW_DEV_A_STAGED_FLOWS, "staged_flows", " staged %" PRIu64);
	out_text("\n   ");
	print_num(&d, CVSW_DEV_A_SCLP_PROTO, "sclp_proto", " sclp proto %" PRIu64);
	if (d.tb[CVSW_DEV_A_SCLP_TX_MODE])
		out_str("sclp_tx_mode", " tx-mode %s",
			tx_mode_name(mnl_attr_get_u8(d.tb[CVSW_DEV_A_SCLP_TX_MODE])));
	out_text("\n   ");
	print_num(&d, CVSW_DEV_A_REASM_MEM, "reasm_mem", " reasm mem %" PRIu64);
	print_num(&d, CVSW_DEV_A_REASM_MAX_MEM, "reasm_max_mem", " limit %" PRIu64);
	print_num(&d, CVSW_DEV_A_REASM_TIMEOUT, "reasm_timeout_ms", " timeout %" PRIu64 "ms");
	out_text("\n   ");
	print_num(&d, CVSW_DEV_A_EMC_HITS, "emc_hits", " emc hits %" PRIu64);
	print_num(&d, CVSW_DEV_A_EMC_MISSES, "emc_misses", " misses %" PRIu64);
	out_text("\n");
	out_close_object();
	return MNL_CB_OK;
}

static int dev_show(int argc, char **argv)
{
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	unsigned int ifindex = 0;
	int ret, err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "help"))
			return dev_usage(stdout);
		if (strcmp(*argv, "dev") || dev)
			return arg_wrong(*argv, "unexpected argument, try \"cvsw-ctl dev help\"");
		if (argc < 2)
			return incomplete_command();
		argc--, argv++;
		ret = check_ifname(*argv);
		if (ret)
			return ret;
		dev = *argv;
	}
	ret = genl_open();
	if (ret)
		return ret;
	if (dev) {
		ifindex = ifindex_or_complain(dev);
		if (!ifindex)
			return EXIT_RUNTIME;
		nlh = genl_request(CVSW_CMD_DEV_GET, 0);
		mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
	} else {
		nlh = genl_request(CVSW_CMD_DEV_GET, NLM_F_DUMP);
	}
	out_begin(stdout, ctl.json, ctl.pretty);
	err = genl_talk(nlh, dev_reply, NULL);
	out_end();
	return err ? genl_report(err, dev) : EXIT_OK;
}

/* dev set dev DEV max-flows N */
static int dev_set(int argc, char **argv)
{
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	unsigned int ifindex;
	unsigned long max = 0;
	bool have_max = false;
	char *end;
	int ret, err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "help"))
			return dev_usage(stdout);
		if (argc < 2)
			return incomplete_command();
		if (!strcmp(*argv, "dev") && !dev) {
			ret = check_ifname(argv[1]);
			if (ret)
				return ret;
			dev = argv[1];
		} else if (!strcmp(*argv, "max-flows") && !have_max) {
			errno = 0;
			max = strtoul(argv[1], &end, 0);
			if (errno || *end || !*argv[1] || argv[1][0] == '-' || !max ||
			    max > CVSW_MAX_FLOWS_CEILING)
				return arg_wrong(argv[1], "max-flows is 1 to %u", CVSW_MAX_FLOWS_CEILING);
			have_max = true;
		} else {
			return arg_wrong(*argv, "unexpected argument, try \"cvsw-ctl dev help\"");
		}
		argc--, argv++;
	}
	if (!dev)
		return missing_arg("dev");
	if (!have_max)
		return missing_arg("max-flows");
	ret = genl_open();
	if (ret)
		return ret;
	ifindex = ifindex_or_complain(dev);
	if (!ifindex)
		return EXIT_RUNTIME;
	nlh = genl_request(CVSW_CMD_DEV_SET, 0);
	mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
	mnl_attr_put_u32(nlh, CVSW_A_MAX_FLOWS, (uint32_t)max);
	err = genl_talk(nlh, NULL, NULL);
	return err ? genl_report(err, dev) : EXIT_OK;
}

static int dev_help(int argc, char **argv)
{
	return dev_usage(stdout);
}

static const struct ctl_cmd dev_cmds[] = {
	{ "show", dev_show },
	{ "list", dev_show },
	{ "set", dev_set },
	{ "help", dev_help },
	{ NULL, NULL }
};

int do_dev(int argc, char **argv)
{
	if (argc < 1)
		return dev_show(0, argv);
	return ctl_dispatch(dev_cmds, "dev", argc, argv);
}
