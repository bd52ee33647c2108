// SPDX-License-Identifier: GPL-2.0
/*
 * A cvsw generic netlink client built from cvsw/uapi/cvsw.h alone (compiled
 * with -I cvsw/uapi and nothing else of the project): what any third-party
 * program can do with the ABI. Plain sockets, no libmnl.
 *
 *   uapi_client add DEV    adds the flow of put_flow() below
 *   uapi_client dump DEV   one line per flow: priority, cookie, key and
 *                          action attribute types, packets
 * Exit status 0, or 1 with the kernel's error (and extended ack) on stderr.
 */
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <cvsw.h>

#define BUF 16384

struct msg {
	char *buf;
	size_t len;
};

static struct nlattr *put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->len += NLA_ALIGN(a->nla_len);
	return a;
}

static void put_u8(struct msg *m, uint16_t t, uint8_t v) { put(m, t, &v, 1); }
static void put_u16(struct msg *m, uint16_t t, uint16_t v) { put(m, t, &v, 2); }
static void put_u32(struct msg *m, uint16_t t, uint32_t v) { put(m, t, &v, 4); }
static void put_u64(struct msg *m, uint16_t t, uint64_t v) { put(m, t, &v, 8); }

static struct nlattr *nest_start(struct msg *m, uint16_t type)
{
	return put(m, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct msg *m, struct nlattr *a)
{
	a->nla_len = (uint16_t)(m->buf + m->len - (char *)a);
}

static struct nlmsghdr *start(struct msg *m, uint16_t family, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	struct genlmsghdr *g = (struct genlmsghdr *)NLMSG_DATA(nlh);

	memset(m->buf, 0, BUF);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = 1;
	g->cmd = cmd;
	g->version = family == GENL_ID_CTRL ? 1 : CVSW_GENL_VERSION;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	return nlh;
}

typedef void (*reply_fn)(const struct nlattr *attrs, int len, void *arg);

/* Send, then read replies until the ack or the end of a dump. */
static int talk(int fd, struct msg *m, reply_fn fn, void *arg)
{
	static char rbuf[1 << 16];
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;

	nlh->nlmsg_len = (uint32_t)m->len;
	if (send(fd, m->buf, m->len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *r;

		if (n < 0)
			return -errno;
		for (r = (struct nlmsghdr *)rbuf; NLMSG_OK(r, (size_t)n); r = NLMSG_NEXT(r, n)) {
			if (r->nlmsg_type == NLMSG_DONE)
				return 0;
			if (r->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(r);

				if (e->error && (r->nlmsg_flags & NLM_F_ACK_TLVS)) {
					/* Capped ack: the request's header only, then TLVs. */
					struct nlattr *a = (struct nlattr *)((char *)e + sizeof(*e));
					int rem = (int)r->nlmsg_len - NLMSG_HDRLEN - (int)sizeof(*e);

					for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
					     rem -= NLA_ALIGN(a->nla_len),
					     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
						if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
							fprintf(stderr, "kernel: %s\n",
								(char *)a + NLA_HDRLEN);
				}
				return e->error;
			}
			if (fn)
				fn((struct nlattr *)((char *)NLMSG_DATA(r) + GENL_HDRLEN),
				   (int)r->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, arg);
		}
	}
}

#define for_each_attr(a, head, len)						\
	for (int rem_ = (len), ok_ = 1; ok_; ok_ = 0)				\
		for (const struct nlattr *a = (head);				\
		     rem_ >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem_; \
		     rem_ -= NLA_ALIGN(a->nla_len),				\
		     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len)))

static const void *payload(const struct nlattr *a) { return (const char *)a + NLA_HDRLEN; }
static int payload_len(const struct nlattr *a) { return a->nla_len - NLA_HDRLEN; }

static void family_reply(const struct nlattr *attrs, int len, void *arg)
{
	for_each_attr(a, attrs, len)
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			memcpy(arg, payload(a), 2);
}

/*
 * priority=123,cookie=0xc0ffee,udp,nw_dst=10.9.8.0/24,tp_dst=4789,
 * actions=encap(geneve,vni=77,remote=192.0.2.2,ttl=9,opts=class 0x0102 type 3 data 0xdeadbeef),output
 * Values only in KEY are matched exactly; nw_dst's mask comes in MASK.
 */
static void put_flow(struct msg *m)
{
	static const uint8_t opt[8] = { 0x01, 0x02, 0x03, 0x01, 0xde, 0xad, 0xbe, 0xef };
	struct nlattr *flow = nest_start(m, CVSW_A_FLOW), *n, *e;
	uint32_t net = htonl(0x0a090800), mask = htonl(0xffffff00), remote = htonl(0xc0000202);

	put_u16(m, CVSW_FLOW_A_PRIORITY, 123);
	put_u64(m, CVSW_FLOW_A_COOKIE, 0xc0ffee);
	n = nest_start(m, CVSW_FLOW_A_KEY);
	put_u16(m, CVSW_KEY_A_ETH_TYPE, htons(0x0800));
	put_u8(m, CVSW_KEY_A_IP_PROTO, 17);
	put(m, CVSW_KEY_A_IPV4_DST, &net, 4);
	put_u16(m, CVSW_KEY_A_TP_DST, htons(4789));
	nest_end(m, n);
	n = nest_start(m, CVSW_FLOW_A_MASK);
	put(m, CVSW_KEY_A_IPV4_DST, &mask, 4);
	nest_end(m, n);
	n = nest_start(m, CVSW_FLOW_A_ACTIONS);
	e = nest_start(m, CVSW_ACTION_A_ENCAP);
	put_u8(m, CVSW_ENCAP_A_TYPE, CVSW_ENCAP_GENEVE);
	put_u32(m, CVSW_ENCAP_A_VNI, 77);
	put(m, CVSW_ENCAP_A_IPV4_REMOTE, &remote, 4);
	put_u8(m, CVSW_ENCAP_A_TTL, 9);
	put(m, CVSW_ENCAP_A_GENEVE_OPTS, opt, sizeof(opt));
	nest_end(m, e);
	put_u32(m, CVSW_ACTION_A_OUTPUT, CVSW_PORT_LOWER);
	nest_end(m, n);
	nest_end(m, flow);
}

static void print_types(const char *what, const struct nlattr *nest)
{
	printf(" %s", what);
	for_each_attr(a, (const struct nlattr *)payload(nest), payload_len(nest))
		printf("%c%u", a == payload(nest) ? '=' : ',', a->nla_type & NLA_TYPE_MASK);
}

static void dump_reply(const struct nlattr *attrs, int len, void *arg)
{
	(void)arg;
	for_each_attr(f, attrs, len) {
		if ((f->nla_type & NLA_TYPE_MASK) != CVSW_A_FLOW)
			continue;
		for_each_attr(a, (const struct nlattr *)payload(f), payload_len(f)) {
			uint64_t v = 0;

			switch (a->nla_type & NLA_TYPE_MASK) {
			case CVSW_FLOW_A_PRIORITY:
				printf("priority=%u", *(const uint16_t *)payload(a));
				break;
			case CVSW_FLOW_A_COOKIE:
				memcpy(&v, payload(a), 8);
				printf(" cookie=0x%llx", (unsigned long long)v);
				break;
			case CVSW_FLOW_A_KEY:
				print_types("key", a);
				break;
			case CVSW_FLOW_A_ACTIONS:
				print_types("actions", a);
				break;
			case CVSW_FLOW_A_PACKETS:
				memcpy(&v, payload(a), 8);
				printf(" packets=%llu", (unsigned long long)v);
				break;
			}
		}
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	static char buf[BUF];
	struct msg m = { buf, 0 };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint16_t family = 0;
	unsigned int ifindex;
	int fd, one = 1, err;

	if (argc != 3 || (strcmp(argv[1], "add") && strcmp(argv[1], "dump"))) {
		fprintf(stderr, "usage: uapi_client { add | dump } DEV\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[2]);
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (!ifindex || fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("uapi_client");
		return 1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	start(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	put(&m, CTRL_ATTR_FAMILY_NAME, CVSW_GENL_NAME, sizeof(CVSW_GENL_NAME));
	err = talk(fd, &m, family_reply, &family);
	if (err || !family) {
		fprintf(stderr, "family %s: %s\n", CVSW_GENL_NAME, strerror(err ? -err : ENOENT));
		return 1;
	}
	if (!strcmp(argv[1], "add")) {
		start(&m, family, CVSW_CMD_FLOW_ADD, 0);
		put_u32(&m, CVSW_A_IFINDEX, ifindex);
		put_flow(&m);
		err = talk(fd, &m, NULL, NULL);
	} else {
		start(&m, family, CVSW_CMD_FLOW_GET, NLM_F_DUMP);
		put_u32(&m, CVSW_A_IFINDEX, ifindex);
		err = talk(fd, &m, dump_reply, NULL);
	}
	if (err)
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-err));
	close(fd);
	return err ? 1 : 0;
}
