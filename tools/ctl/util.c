// SPDX-License-Identifier: GPL-2.0
/* Prefix matching, messages in iproute2's words, netns and device names. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

bool matches(const char *arg, const char *word)
{
	size_t len = strlen(arg);

	return len > 0 && len <= strlen(word) && !strncmp(arg, word, len);
}

int ctl_dispatch(const struct ctl_cmd *cmds, const char *object, int argc, char **argv)
{
	const struct ctl_cmd *c;

	for (c = cmds; c->name; c++)
		if (matches(argv[0], c->name))
			return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "Command \"%s\" is unknown, try \"cvsw-ctl %s help\".\n",
		argv[0], object);
	return EXIT_USAGE;
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int arg_wrong(const char *arg, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "Error: argument \"%s\" is wrong: ", arg);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int missing_arg(const char *what)
{
	return usage_error("Not enough information: \"%s\" argument is required.", what);
}

int incomplete_command(void)
{
	return usage_error("Command line is not complete. Try option \"help\"");
}

int ctl_enter_netns(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/'))
		return arg_wrong(name, "not a netns name");
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return EXIT_RUNTIME;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "setting the network namespace \"%s\" failed: %s\n",
			name, strerror(errno));
		close(fd);
		return EXIT_RUNTIME;
	}
	close(fd);
	return EXIT_OK;
}

int check_ifname(const char *name)
{
	/* The kernel's dev_valid_name(), as iproute2 checks it. */
	if (!*name || strlen(name) >= IFNAMSIZ || !strcmp(name, ".") || !strcmp(name, ".."))
		return arg_wrong(name, "\"dev\" not a valid ifname");
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ' || *p == '\t' || *p == '\n')
			return arg_wrong(name, "\"dev\" not a valid ifname");
	return EXIT_OK;
}

unsigned int ifindex_or_complain(const char *name)
{
	unsigned int idx = if_nametoindex(name);

	if (!idx)
		fprintf(stderr, "Cannot find device \"%s\"\n", name);
	return idx;
}
