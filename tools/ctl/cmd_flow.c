// SPDX-License-Identifier: GPL-2.0
/* cvsw-ctl flow { add | dump | delete | flush | parse | help } */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "flow_input.h"
#include "genl.h"
#include "json.h"
#include "cvsw/uapi/cvsw.h"

static int flow_usage(FILE *f)
{
	fprintf(f,
		"Usage: cvsw-ctl flow add dev DEV { FLOW | - }\n"
		"       cvsw-ctl flow delete dev DEV { MATCH | - }\n"
		"       cvsw-ctl flow dump dev DEV\n"
		"       cvsw-ctl flow flush dev DEV\n"
		"       cvsw-ctl flow parse { FLOW | - }\n"
		"       cvsw-ctl flow help\n"
		"FLOW  := [priority=N,][cookie=N,]MATCH,actions=ACTION[,ACTION]...\n"
		"MATCH := comma-separated FIELD=VALUE and shorthands (ip, tcp, udp, ...)\n"
		"         as printed by \"flow dump\"; see cvsw-ctl(8).\n"
		"ACTION := output[:lower|:local] | local | encap(TYPE,vni=N,remote=ADDR[,...])\n"
		"          | decap | drop | mod_vlan_vid:VID | strip_vlan\n"
		"TYPE  := vxlan | nvgre | geneve | stt | sclp-vxlan | sclp-geneve\n"
		"\"-\" reads one flow per line from stdin (\"#\" starts a comment line).\n"
		"delete identifies a rule by priority and match; its actions are ignored.\n");
	return f == stdout ? EXIT_OK : EXIT_USAGE;
}

/* parse_args() result when it printed the help text: the command succeeds. */
#define HELP_SHOWN (-1)

struct flow_args {
	const char *dev;
	const char *flow;
};

/* [dev DEV] [FLOW]: which of them are required is given by the flags. */
static int parse_args(int argc, char **argv, struct flow_args *a, bool need_dev, bool need_flow)
{
	int ret;

	memset(a, 0, sizeof(*a));
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "help")) {
			flow_usage(stdout);
			return HELP_SHOWN;
		}
		if (need_dev && !strcmp(*argv, "dev")) {
			if (argc < 2)
				return incomplete_command();
			if (a->dev)
				return arg_wrong(argv[1], "duplicate \"dev\"");
			argc--, argv++;
			ret = check_ifname(*argv);
			if (ret)
				return ret;
			a->dev = *argv;
		} else if (need_flow && !a->flow) {
			a->flow = *argv;
		} else {
			return arg_wrong(*argv, "unexpected argument, try \"cvsw-ctl flow help\"");
		}
	}
	if (need_dev && !a->dev)
		return missing_arg("dev");
	if (need_flow && !a->flow)
		return missing_arg("FLOW");
	return EXIT_OK;
}

static void put_flow(struct nlmsghdr *nlh, const struct flow_rule *r, bool with_actions)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, CVSW_A_FLOW);

	mnl_attr_put_u16(nlh, CVSW_FLOW_A_PRIORITY, r->priority);
	mnl_attr_put(nlh, CVSW_FLOW_A_KEY, sizeof(r->key), &r->key);
	mnl_attr_put(nlh, CVSW_FLOW_A_MASK, sizeof(r->mask), &r->mask);
	if (with_actions) {
		mnl_attr_put(nlh, CVSW_FLOW_A_ACTIONS, sizeof(r->actions), &r->actions);
		mnl_attr_put_u64(nlh, CVSW_FLOW_A_COOKIE, r->cookie);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* Family, then device: with no module loaded that is what to report. */
static int connect_dev(const char *dev, unsigned int *ifindex)
{
	int ret = genl_open();

	if (ret)
		return ret;
	*ifindex = ifindex_or_complain(dev);
	return *ifindex ? EXIT_OK : EXIT_RUNTIME;
}

/* Print one rule: the flow text (with counters in a dump) or a JSON object. */
static void print_rule(const struct flow_rule *r, bool with_stats)
{
	char text[2048], line[2048], *act;
	size_t mlen;

	if (flow_format(r, false, text, sizeof(text)) < 0)
		snprintf(text, sizeof(text), "(flow too long to print)");
	if (with_stats && flow_format(r, true, line, sizeof(line)) >= 0)
		out_text("%s\n", line);
	else
		out_text("%s\n", text);

	out_open_object(NULL);
	out_u64("priority", NULL, r->priority);
	out_u64("cookie", NULL, r->cookie);
	if (with_stats) {
		out_u64("n_packets", NULL, r->packets);
		out_u64("n_bytes", NULL, r->bytes);
	}
	/* actions= is always last: split there for separate match/actions members. */
	act = strstr(text, "actions=");
	mlen = act ? (size_t)(act - text) : strlen(text);
	while (mlen > 0 && (text[mlen - 1] == ',' || text[mlen - 1] == ' '))
		mlen--;
	out_str("flow", NULL, text);
	if (act) {
		out_str("actions", NULL, act + strlen("actions="));
		*act = '\0';
	}
	text[mlen] = '\0';
	out_str("match", NULL, text);
	out_close_object();
}

static int do_add_del(int argc, char **argv, uint8_t cmd)
{
	bool del = cmd == CVSW_CMD_FLOW_DEL;
	struct flow_args a;
	struct flow_list l;
	struct nlmsghdr *nlh;
	unsigned int ifindex;
	char where[32];
	int ret, err;

	ret = parse_args(argc, argv, &a, true, true);
	if (ret)
		return ret == HELP_SHOWN ? EXIT_OK : ret;
	ret = flow_list_read(&l, a.flow, del);
	if (!ret)
		ret = connect_dev(a.dev, &ifindex);
	for (size_t i = 0; !ret && i < l.n; i++) {
		nlh = genl_request(cmd, 0);
		mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
		put_flow(nlh, &l.rules[i], !del);
		err = genl_talk(nlh, NULL, NULL);
		if (err) {
			flow_list_where(&l, i, where, sizeof(where));
			fputs(where, stderr);
			ret = genl_report(err, a.dev);
		}
	}
	flow_list_free(&l);
	return ret;
}

static int flow_add(int argc, char **argv)
{
	return do_add_del(argc, argv, CVSW_CMD_FLOW_ADD);
}

static int flow_del(int argc, char **argv)
{
	return do_add_del(argc, argv, CVSW_CMD_FLOW_DEL);
}

static int flow_attr(const struct nlattr *attr, void *data)
{
	struct flow_rule *r = data;
	size_t len = mnl_attr_get_payload_len(attr);
	const void *p = mnl_attr_get_payload(attr);

	switch (mnl_attr_get_type(attr)) {
	case CVSW_FLOW_A_PRIORITY:
		if (len == sizeof(u16))
			r->priority = mnl_attr_get_u16(attr);
		break;
	case CVSW_FLOW_A_KEY:
		if (len == sizeof(r->key))
			memcpy(&r->key, p, len);
		break;
	case CVSW_FLOW_A_MASK:
		if (len == sizeof(r->mask))
			memcpy(&r->mask, p, len);
		break;
	case CVSW_FLOW_A_ACTIONS:
		if (len == sizeof(r->actions))
			memcpy(&r->actions, p, len);
		break;
	case CVSW_FLOW_A_COOKIE:
		if (len == sizeof(u64))
			r->cookie = mnl_attr_get_u64(attr);
		break;
	case CVSW_FLOW_A_PACKETS:
		if (len == sizeof(u64))
			r->packets = mnl_attr_get_u64(attr);
		break;
	case CVSW_FLOW_A_BYTES:
		if (len == sizeof(u64))
			r->bytes = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

static int dump_attr(const struct nlattr *attr, void *data)
{
	struct flow_rule *r;

	if (mnl_attr_get_type(attr) != CVSW_A_FLOW)
		return MNL_CB_OK;
	r = flow_list_push(data, 0);
	if (!r) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	return mnl_attr_parse_nested(attr, flow_attr, r) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int dump_reply(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), dump_attr, data);
}

/* A dump the kernel marks interrupted (rules changed meanwhile) is retried. */
#define DUMP_TRIES 5

static int flow_dump(int argc, char **argv)
{
	struct flow_args a;
	struct flow_list l = { 0 };
	struct nlmsghdr *nlh;
	unsigned int ifindex;
	int ret, err, tries = 0;

	ret = parse_args(argc, argv, &a, true, false);
	if (ret)
		return ret == HELP_SHOWN ? EXIT_OK : ret;
	ret = connect_dev(a.dev, &ifindex);
	if (ret)
		return ret;
	do {
		flow_list_free(&l);
		nlh = genl_request(CVSW_CMD_FLOW_GET, NLM_F_DUMP);
		mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
		err = genl_talk(nlh, dump_reply, &l);
	} while (err == -EINTR && ++tries < DUMP_TRIES);
	if (!err) {
		out_begin(stdout, ctl.json, ctl.pretty);
		for (size_t i = 0; i < l.n; i++)
			print_rule(&l.rules[i], true);
		out_end();
	}
	flow_list_free(&l);
	return err ? genl_report(err, a.dev) : EXIT_OK;
}

static int flow_flush(int argc, char **argv)
{
	struct flow_args a;
	struct nlmsghdr *nlh;
	unsigned int ifindex;
	int ret, err;

	ret = parse_args(argc, argv, &a, true, false);
	if (ret)
		return ret == HELP_SHOWN ? EXIT_OK : ret;
	ret = connect_dev(a.dev, &ifindex);
	if (ret)
		return ret;
	nlh = genl_request(CVSW_CMD_FLOW_FLUSH, 0);
	mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
	err = genl_talk(nlh, NULL, NULL);
	return err ? genl_report(err, a.dev) : EXIT_OK;
}

/* Offline: check flows and print them as the kernel would dump them. */
static int flow_parse_cmd(int argc, char **argv)
{
	struct flow_args a;
	struct flow_list l;
	int ret;

	ret = parse_args(argc, argv, &a, false, true);
	if (ret)
		return ret == HELP_SHOWN ? EXIT_OK : ret;
	ret = flow_list_read(&l, a.flow, false);
	if (!ret) {
		out_begin(stdout, ctl.json, ctl.pretty);
		for (size_t i = 0; i < l.n; i++)
			print_rule(&l.rules[i], false);
		out_end();
	}
	flow_list_free(&l);
	return ret;
}

static int flow_help(int argc, char **argv)
{
	return flow_usage(stdout);
}

static const struct ctl_cmd flow_cmds[] = {
	{ "add", flow_add },
	{ "dump", flow_dump },
	{ "delete", flow_del },
	{ "flush", flow_flush },
	{ "parse", flow_parse_cmd },
	{ "help", flow_help },
	{ NULL, NULL }
};

int do_flow(int argc, char **argv)
{
	if (argc < 1)
		return flow_usage(stderr);
	return ctl_dispatch(flow_cmds, "flow", argc, argv);
}
