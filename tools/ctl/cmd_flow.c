// SPDX-License-Identifier: GPL-2.0
/* cvsw-ctl flow { add | add-flows | replace-flows | dump | delete | flush | parse | help } */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "flow_input.h"
#include "flow_nl.h"
#include "genl.h"
#include "json.h"
#include "cvsw/uapi/cvsw.h"

static int flow_usage(FILE *f)
{
	fprintf(f,
		"Usage: cvsw-ctl flow add dev DEV { FLOW | - }\n"
		"       cvsw-ctl flow add-flows dev DEV { FILE | - }\n"
		"       cvsw-ctl flow replace-flows dev DEV { FILE | - }\n"
		"       cvsw-ctl flow delete dev DEV [ --strict ] [ MATCH | - ]\n"
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
		"\"-\" reads one flow per line from stdin (\"#\" starts a comment line), as FILE.\n"
		"add-flows sends many flows per message; replace-flows swaps the whole\n"
		"table for FILE's flows atomically.\n"
		"delete removes every rule whose match is as specific as MATCH or more\n"
		"(any priority; no MATCH: every rule), as ovs-ofctl del-flows; with\n"
		"--strict, the rule with exactly that priority and match. Actions are ignored.\n");
	return f == stdout ? EXIT_OK : EXIT_USAGE;
}

/* parse_args() result when it printed the help text: the command succeeds. */
#define HELP_SHOWN (-1)

struct flow_args {
	const char *dev;
	const char *flow;
};

/* need_flow: 0 no FLOW, 1 a FLOW is required, FLOW_OPTIONAL it may be given. */
#define FLOW_OPTIONAL 2

/* [dev DEV] [FLOW]: which of them are required is given by the flags. */
static int parse_args(int argc, char **argv, struct flow_args *a, bool need_dev, int need_flow)
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
	if (need_flow == 1 && !a->flow)
		return missing_arg("FLOW");
	return EXIT_OK;
}

/*
 * Flows per batch message. They travel in one CVSW_A_FLOWS nest, whose
 * nla_len is 16 bits: a batch must stay below 64 KiB, or the kernel reads a
 * wrapped length and refuses the message ("bytes leftover after parsing").
 */
#define FLOWS_PER_MSG ((UINT16_MAX - MNL_ATTR_HDRLEN) / FLOW_NL_MAX)
_Static_assert(FLOWS_PER_MSG >= 16, "a batch holds too few flows");
_Static_assert(FLOWS_PER_MSG * FLOW_NL_MAX + 1024 < GENL_REQUEST_MAX,
	       "a batch does not fit a request");

/*
 * Put rules [from, to) as CVSW_A_FLOWS; offs[i - from] gets each entry's
 * offset in the message, to map the kernel's NLMSGERR_ATTR_OFFS back to a rule.
 */
static void put_batch(struct nlmsghdr *nlh, const struct flow_list *l, size_t from, size_t to,
		      uint32_t *offs)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, CVSW_A_FLOWS);

	for (size_t i = from; i < to; i++) {
		offs[i - from] = (uint32_t)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nlh);
		flow_nl_put(nlh, &l->rules[i], true);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* The rule of a batch the kernel's error offset falls in, or (size_t)-1. */
static size_t batch_culprit(const uint32_t *offs, size_t n)
{
	uint32_t off = genl_extack_offset();
	size_t i, hit = (size_t)-1;

	for (i = 0; off && i < n; i++)
		if (offs[i] <= off)
			hit = i;
	return hit;
}

/* Report a failed batch: "FILE:LINE: " of the flow the kernel named, if any. */
static int batch_report(int err, const struct flow_list *l, size_t from, const uint32_t *offs,
			size_t n, const char *dev)
{
	size_t i = batch_culprit(offs, n);
	char where[300];

	if (i != (size_t)-1) {
		flow_list_where(l, from + i, where, sizeof(where));
		fputs(where, stderr);
	}
	return genl_report(err, dev);
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
static void print_rule(const struct cvsw_flow_rule *r, bool with_stats)
{
	char text[2048], line[2048], *act;
	size_t mlen;

	if (cvsw_flow_format(r, false, text, sizeof(text)) < 0)
		snprintf(text, sizeof(text), "(flow too long to print)");
	if (with_stats && cvsw_flow_format(r, true, line, sizeof(line)) >= 0)
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

static int flow_add(int argc, char **argv)
{
	struct flow_args a;
	struct flow_list l;
	struct nlmsghdr *nlh;
	unsigned int ifindex;
	char where[300];
	int ret, err;

	ret = parse_args(argc, argv, &a, true, true);
	if (ret)
		return ret == HELP_SHOWN ? EXIT_OK : ret;
	ret = flow_list_read(&l, a.flow, false);
	if (!ret)
		ret = connect_dev(a.dev, &ifindex);
	for (size_t i = 0; !ret && i < l.n; i++) {
		nlh = genl_request(CVSW_CMD_FLOW_ADD, 0);
		mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
		flow_nl_put(nlh, &l.rules[i], true);
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

/*
 * add-flows: every line parsed first (nothing sent if one fails), then
 * FLOWS_PER_MSG flows per FLOW_ADD. Each message is all or nothing; a
 * failure stops there (earlier messages stay applied).
 */
static int flow_add_flows(int argc, char **argv)
{
	uint32_t offs[FLOWS_PER_MSG];
	struct flow_args a;
	struct flow_list l;
	struct nlmsghdr *nlh;
	unsigned int ifindex;
	int ret, err;

	ret = parse_args(argc, argv, &a, true, true);
	if (ret)
		return ret == HELP_SHOWN ? EXIT_OK : ret;
	ret = flow_list_read_file(&l, a.flow, false);
	if (!ret)
		ret = connect_dev(a.dev, &ifindex);
	for (size_t i = 0; !ret && i < l.n; i += FLOWS_PER_MSG) {
		size_t to = i + FLOWS_PER_MSG < l.n ? i + FLOWS_PER_MSG : l.n;

		nlh = genl_request(CVSW_CMD_FLOW_ADD, 0);
		mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
		put_batch(nlh, &l, i, to, offs);
		err = genl_talk(nlh, NULL, NULL);
		if (err)
			ret = batch_report(err, &l, i, offs, to - i, a.dev);
	}
	flow_list_free(&l);
	return ret;
}

/*
 * replace-flows: FLOW_REPLACE with BEGIN on the first message and COMMIT on
 * the last (both on one if it holds every flow; an empty file gives an empty
 * table). The kernel stages the flows privately and swaps the whole table at
 * the commit; on any error the staging is aborted and the table is unchanged.
 */
static int flow_replace_flows(int argc, char **argv)
{
	uint32_t offs[FLOWS_PER_MSG];
	struct flow_args a;
	struct flow_list l;
	struct nlmsghdr *nlh;
	unsigned int ifindex;
	size_t i = 0;
	int ret, err;

	ret = parse_args(argc, argv, &a, true, true);
	if (ret)
		return ret == HELP_SHOWN ? EXIT_OK : ret;
	ret = flow_list_read_file(&l, a.flow, false);
	if (!ret)
		ret = connect_dev(a.dev, &ifindex);
	while (!ret) {
		size_t to = i + FLOWS_PER_MSG < l.n ? i + FLOWS_PER_MSG : l.n;
		uint32_t flags = (i ? 0 : CVSW_REPLACE_BEGIN) | (to == l.n ? CVSW_REPLACE_COMMIT : 0);

		nlh = genl_request(CVSW_CMD_FLOW_REPLACE, 0);
		mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
		mnl_attr_put_u32(nlh, CVSW_A_REPLACE_FLAGS, flags);
		if (to > i)
			put_batch(nlh, &l, i, to, offs);
		err = genl_talk(nlh, NULL, NULL);
		if (err) {
			ret = batch_report(err, &l, i, offs, to - i, a.dev);
			if (i || !(flags & CVSW_REPLACE_COMMIT)) {
				/* Best effort: closing the socket frees the staging too. */
				nlh = genl_request(CVSW_CMD_FLOW_REPLACE, 0);
				mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
				mnl_attr_put_u32(nlh, CVSW_A_REPLACE_FLAGS, CVSW_REPLACE_ABORT);
				genl_talk(nlh, NULL, NULL);
			}
			break;
		}
		if (to == l.n)
			break;
		i = to;
	}
	flow_list_free(&l);
	return ret;
}

/*
 * delete [--strict] [MATCH | -]: non-strict (the default, as ovs-ofctl
 * del-flows) removes every rule MATCH covers, whatever its priority; no MATCH
 * removes every rule. --strict removes the rule with that priority (default
 * 32768) and exactly that match, and fails if there is none.
 */
static int flow_del(int argc, char **argv)
{
	char *rest[argc + 1];
	struct flow_args a;
	struct flow_list l = { 0 };
	struct nlmsghdr *nlh;
	unsigned int ifindex;
	bool strict = false;
	char where[300];
	int ret, err, n = 0;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--strict"))
			strict = true;
		else
			rest[n++] = argv[i];
	}
	/* No MATCH: non-strict deletes every rule; --strict needs one. */
	ret = parse_args(n, rest, &a, true, strict ? 1 : FLOW_OPTIONAL);
	if (ret)
		return ret == HELP_SHOWN ? EXIT_OK : ret;
	if (a.flow)
		ret = flow_list_read(&l, a.flow, true);
	if (!ret)
		ret = connect_dev(a.dev, &ifindex);
	for (size_t i = 0; !ret && i < (a.flow ? l.n : 1); i++) {
		nlh = genl_request(CVSW_CMD_FLOW_DEL, 0);
		mnl_attr_put_u32(nlh, CVSW_A_IFINDEX, ifindex);
		if (!strict)
			mnl_attr_put(nlh, CVSW_A_NON_STRICT, 0, NULL);
		if (a.flow)
			flow_nl_put(nlh, &l.rules[i], false);
		err = genl_talk(nlh, NULL, NULL);
		if (err) {
			if (a.flow) {
				flow_list_where(&l, i, where, sizeof(where));
				fputs(where, stderr);
			}
			ret = genl_report(err, a.dev);
		}
	}
	flow_list_free(&l);
	return ret;
}

static int dump_attr(const struct nlattr *attr, void *data)
{
	struct cvsw_flow_rule *r;

	if (mnl_attr_get_type(attr) != CVSW_A_FLOW)
		return MNL_CB_OK;
	r = flow_list_push(data, 0);
	if (!r) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	if (flow_nl_parse(attr, r)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
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
	{ "add-flows", flow_add_flows },
	{ "replace-flows", flow_replace_flows },
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
