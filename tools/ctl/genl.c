// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink for cvsw-ctl. Errors come back as NLMSG_ERROR (or in
 * NLMSG_DONE for dumps) with the kernel's extended ack attributes appended
 * (NETLINK_EXT_ACK); libmnl's default handler would drop the message, so
 * both control messages get our own callbacks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "ctl.h"
#include "genl.h"
#include "cvsw/uapi/cvsw.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

static struct mnl_socket *nl;
static uint16_t family_id;
static uint32_t seq;
static char extack[256];
static uint32_t extack_offs; /* NLMSGERR_ATTR_OFFS, 0 if none */

/* Dumps come in skbs sized up to the reader's buffer; 32 KiB is plenty. */
static char rxbuf[32768] __attribute__((aligned(NLMSG_ALIGNTO)));
/* Requests: up to GENL_REQUEST_MAX (flow batches), below the default socket sndbuf. */
static char txbuf[GENL_REQUEST_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));

struct talk {
	mnl_cb_t cb;
	void *data;
	int err;
	bool intr; /* the dumped object changed during the dump */
};

static int extack_attr(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(extack, sizeof(extack), "%s", mnl_attr_get_str(attr));
	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_OFFS &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		extack_offs = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

/* The acknowledgement: error code, then (with ACK_TLVS) extack attributes at off. */
static void take_error(const struct nlmsghdr *nlh, struct talk *t, int err, size_t off)
{
	t->err = err;
	if (err && (nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    off <= mnl_nlmsg_get_payload_len(nlh))
		mnl_attr_parse(nlh, off, extack_attr, NULL);
}

static int on_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	/* Uncapped: the whole request is echoed before the attributes. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= sizeof(e->msg))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	take_error(nlh, data, e->error, off);
	return MNL_CB_STOP;
}

static int on_done(const struct nlmsghdr *nlh, void *data)
{
	int err = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(int));
	take_error(nlh, data, err, sizeof(int));
	return MNL_CB_STOP;
}

static int on_reply(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		t->intr = true;
	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = on_error,
	[NLMSG_DONE] = on_done,
};

const char *genl_extack(void)
{
	return extack[0] ? extack : NULL;
}

uint32_t genl_extack_offset(void)
{
	return extack_offs;
}

struct nlmsghdr *genl_request(uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(txbuf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = family_id == GENL_ID_CTRL ? 1 : CVSW_GENL_VERSION;
	return nlh;
}

int genl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct talk t = { .cb = cb, .data = data };
	uint32_t portid = mnl_socket_get_portid(nl);
	ssize_t n;
	int ret;

	extack[0] = '\0';
	extack_offs = 0;
	/* Dumps end with NLMSG_DONE; everything else asks for an ack. */
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl, rxbuf, sizeof(rxbuf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(rxbuf, n, nlh->nlmsg_seq, portid, on_reply, &t,
				  ctl_cbs, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret == MNL_CB_ERROR && !t.err)
		return errno ? -errno : -EPROTO;
	if (!t.err && t.intr)
		return -EINTR;
	return t.err;
}

struct family {
	uint16_t id;
	uint32_t version;
};

static int family_attr(const struct nlattr *attr, void *data)
{
	struct family *f = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
		f->id = mnl_attr_get_u16(attr);
	if (mnl_attr_get_type(attr) == CTRL_ATTR_VERSION &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		f->version = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int family_reply(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr, data);
}

int genl_open(void)
{
	struct nlmsghdr *nlh;
	struct family f = { 0 };
	int one = 1, err;

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "Cannot open generic netlink socket: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}
	/* Both are optional: without them errors simply lack the kernel's text. */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	seq = time(NULL);

	family_id = GENL_ID_CTRL;
	nlh = genl_request(CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CVSW_GENL_NAME);
	err = genl_talk(nlh, family_reply, &f);
	if (err == -ENOENT || (!err && !f.id)) {
		fprintf(stderr, "Error: cvsw: module not loaded "
			"(generic netlink family \"%s\" not found)\n", CVSW_GENL_NAME);
		return EXIT_RUNTIME;
	}
	if (err) {
		fprintf(stderr, "Error: cannot resolve generic netlink family \"%s\": %s\n",
			CVSW_GENL_NAME, strerror(-err));
		return EXIT_RUNTIME;
	}
	/* Another version speaks another ABI: say so rather than be misread. */
	if (f.version != CVSW_GENL_VERSION) {
		fprintf(stderr, "Error: the cvsw module speaks version %u of its netlink API, "
			"this cvsw-ctl version %u: install matching versions\n",
			f.version, CVSW_GENL_VERSION);
		return EXIT_RUNTIME;
	}
	family_id = f.id;
	return EXIT_OK;
}

void genl_close(void)
{
	if (nl)
		mnl_socket_close(nl);
	nl = NULL;
}

int genl_report(int err, const char *dev)
{
	const char *msg = genl_extack();

	if (err == -ENODEV && dev)
		fprintf(stderr, "Cannot find device \"%s\"\n", dev);
	else if (err == -EPERM)
		fprintf(stderr, "Error: Operation not permitted (CAP_NET_ADMIN needed)\n");
	else if (err == -EOPNOTSUPP && dev)
		fprintf(stderr, "Error: \"%s\": %s\n", dev, msg ?: "not a cvsw device");
	else if (msg)
		fprintf(stderr, "Error: %s\n", msg);
	else if (err == -EINTR)
		fprintf(stderr, "Error: the table kept changing during the dump, try again\n");
	else
		fprintf(stderr, "Error: %s\n", strerror(-err));
	return EXIT_RUNTIME;
}
