// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw-ctl: manage cvsw devices and their flow tables over the "cvsw"
 * generic netlink family. Grammar as ip(8):
 *   cvsw-ctl [ OPTIONS ] OBJECT { COMMAND | help }
 * with objects and commands matched by prefix, in table order.
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "genl.h"
#include "cvsw/uapi/cvsw.h"

struct ctl_opts ctl;

static int usage(FILE *f)
{
	fprintf(f,
		"Usage: cvsw-ctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"where  OBJECT := { flow | dev | help }\n"
		"       OPTIONS := { -j[son] [ -p[retty] ] | -n[etns] NAME | -h[elp] |\n"
		"                    -V[ersion] }\n"
		"Exit status: 0 success, 1 runtime failure, 2 usage or flow syntax error.\n"
		"Try \"cvsw-ctl flow help\", \"cvsw-ctl dev help\" or man cvsw-ctl.\n");
	return f == stdout ? EXIT_OK : EXIT_USAGE;
}

static int do_help(int argc, char **argv)
{
	return usage(stdout);
}

static const struct ctl_cmd objects[] = {
	{ "flow", do_flow },
	{ "dev", do_dev },
	{ "help", do_help },
	{ NULL, NULL }
};

/* "-x", "--x" and any prefix of the long name, as ip(8) accepts them. */
static bool is_opt(const char *arg, const char *name)
{
	if (arg[0] != '-')
		return false;
	arg += arg[1] == '-' ? 2 : 1;
	return matches(arg, name);
}

int main(int argc, char **argv)
{
	const struct ctl_cmd *o;
	int ret;

	for (argc--, argv++; argc > 0 && argv[0][0] == '-' && argv[0][1]; argc--, argv++) {
		if (is_opt(*argv, "json")) {
			ctl.json = true;
		} else if (is_opt(*argv, "pretty")) {
			ctl.pretty = true;
		} else if (is_opt(*argv, "netns")) {
			if (argc < 2)
				return usage_error("Option \"%s\" requires a netns name.", *argv);
			ctl.netns = *++argv;
			argc--;
		} else if (is_opt(*argv, "help")) {
			return usage(stdout);
		} else if (is_opt(*argv, "Version")) {
			printf("cvsw-ctl, generic netlink family \"%s\" version %d\n",
			       CVSW_GENL_NAME, CVSW_GENL_VERSION);
			return EXIT_OK;
		} else {
			return usage_error("Option \"%s\" is unknown, try \"cvsw-ctl -help\".",
					   *argv);
		}
	}
	if (argc < 1)
		return usage(stderr);
	if (ctl.netns) {
		ret = ctl_enter_netns(ctl.netns);
		if (ret)
			return ret;
	}
	for (o = objects; o->name; o++)
		if (matches(argv[0], o->name))
			break;
	if (!o->name) {
		fprintf(stderr, "Object \"%s\" is unknown, try \"cvsw-ctl help\".\n", argv[0]);
		return EXIT_USAGE;
	}
	ret = o->fn(argc - 1, argv + 1);
	genl_close();
	return ret;
}
