// SPDX-License-Identifier: GPL-2.0
/* cvsw_flow_parse() / cvsw_flow_format(): the example, errors, canonical round trips. */
#include "check.h"
#include "flowtable/flow_text.h"

static char err[256];

static int parse(const char *s, struct cvsw_flow_rule *r)
{
	return cvsw_flow_parse(s, r, err, sizeof(err));
}

static const char *fmt(const struct cvsw_flow_rule *r)
{
	static char buf[1024];

	return cvsw_flow_format(r, false, buf, sizeof(buf)) > 0 ? buf : "(format failed)";
}

TEST(issue_example)
{
	struct cvsw_flow_rule r;
	u8 dst[4] = { 10, 0, 0, 2 }, ones[4] = { 255, 255, 255, 255 }, remote[4] = { 192, 0, 2, 2 };

	CHECK_EQ(parse("priority=10,ip,nw_dst=10.0.0.2,"
		       "actions=encap(sclp-vxlan,vni=42,remote=192.0.2.2),output", &r), 0);
	CHECK_STR(err, "");
	CHECK_EQ(r.priority, 10);
	CHECK_EQ(be16_to_cpu(r.key.eth_type), 0x0800);
	CHECK_EQ(r.mask.eth_type, 0xffff);
	CHECK_MEM(r.key.nw_dst, dst, 4);
	CHECK_MEM(r.mask.nw_dst, ones, 4);
	CHECK_EQ(r.mask.nw_dst[4] | r.mask.nw_src[0] | r.mask.nw_proto | r.mask.tp_dst, 0);
	CHECK_EQ(r.actions.n, 2);
	CHECK_EQ(r.actions.act[0].type, FLOW_ACT_ENCAP);
	CHECK_EQ(r.actions.act[1].type, FLOW_ACT_OUTPUT);
	CHECK_EQ(r.actions.act[1].arg, FLOW_PORT_LOWER);
	CHECK_EQ(r.actions.encap.type, FLOW_ENCAP_SCLP_VXLAN);
	CHECK_EQ(r.actions.encap.family, 4);
	CHECK_EQ(r.actions.encap.vni, 42);
	CHECK_MEM(r.actions.encap.remote, remote, 4);
	CHECK_EQ(r.actions.encap.dport | r.actions.encap.ttl | r.actions.encap.opts_len, 0);
	CHECK_STR(fmt(&r), "priority=10,ip,nw_dst=10.0.0.2,"
		  "actions=encap(sclp-vxlan,vni=42,remote=192.0.2.2),output");
}

TEST(defaults_and_shorthands)
{
	struct cvsw_flow_rule r;

	CHECK_EQ(parse("tcp6 tp_dst=443 actions=local", &r), 0);
	CHECK_EQ(r.priority, 32768);
	CHECK_EQ(be16_to_cpu(r.key.eth_type), 0x86dd);
	CHECK_EQ(r.key.nw_proto, 6);
	CHECK_EQ(r.mask.nw_proto, 0xff);
	CHECK_EQ(be16_to_cpu(r.key.tp_dst), 443);
	CHECK_EQ(r.actions.act[0].type, FLOW_ACT_OUTPUT);
	CHECK_EQ(r.actions.act[0].arg, FLOW_PORT_LOCAL);
	CHECK_STR(fmt(&r), "priority=32768,tcp6,tp_dst=443,actions=output:local");
	CHECK_EQ(parse("arp,actions=drop", &r), 0);
	CHECK_EQ(be16_to_cpu(r.key.eth_type), 0x0806);
	CHECK_EQ(r.mask.nw_proto, 0);
	CHECK_EQ(parse("ip,nw_proto=6,actions=drop", &r), 0);
	CHECK_STR(fmt(&r), "priority=32768,tcp,actions=drop");
	CHECK_EQ(parse("dl_type=0x86dd,nw_proto=47,actions=drop", &r), 0);
	CHECK_STR(fmt(&r), "priority=32768,ipv6,nw_proto=47,actions=drop");
	CHECK_EQ(parse("dl_type=0x88cc,actions=drop", &r), 0);
	CHECK_STR(fmt(&r), "priority=32768,dl_type=0x88cc,actions=drop");
}

TEST(fields_and_masks)
{
	struct cvsw_flow_rule r;
	u8 net[4] = { 10, 1, 0, 0 }, m16[4] = { 255, 255, 0, 0 };

	CHECK_EQ(parse("ip,nw_src=10.1.2.3/16,actions=drop", &r), 0);
	CHECK_MEM(r.key.nw_src, net, 4); /* the key is stored masked */
	CHECK_MEM(r.mask.nw_src, m16, 4);
	CHECK_STR(fmt(&r), "priority=32768,ip,nw_src=10.1.0.0/16,actions=drop");
	CHECK_EQ(parse("ip,nw_src=10.1.2.3/255.0.255.0,actions=drop", &r), 0);
	CHECK_STR(fmt(&r), "priority=32768,ip,nw_src=10.0.2.0/255.0.255.0,actions=drop");
	CHECK_EQ(parse("in_port=tunnel,tun_id=0x2a,dl_vlan=7,dl_vlan_pcp=3,actions=decap,local", &r), 0);
	CHECK_EQ(r.key.in_port, FLOW_PORT_TUNNEL);
	CHECK_EQ(r.key.tun_id, 42);
	CHECK_EQ(r.mask.tun_id, ~0ULL);
	CHECK_EQ(r.key.vlan_tci, 0x7000 | 7);
	CHECK_EQ(r.mask.vlan_tci, 0xffff);
	CHECK_STR(fmt(&r), "priority=32768,in_port=tunnel,tun_id=0x2a,dl_vlan=7,dl_vlan_pcp=3,"
		  "actions=decap,output:local");
	CHECK_EQ(parse("in_port=3,dl_dst=01:00:5e:00:00:00/ff:ff:ff:80:00:00,actions=drop", &r), 0);
	CHECK_EQ(r.key.in_port, FLOW_PORT_LOWER);
	CHECK_EQ(r.mask.eth_dst[3], 0x80);
	CHECK_STR(fmt(&r), "priority=32768,in_port=lower,"
		  "dl_dst=01:00:5e:00:00:00/ff:ff:ff:80:00:00,actions=drop");
	CHECK_EQ(parse("udp,tp_src=0x1000/0xf000,actions=drop", &r), 0);
	CHECK_EQ(be16_to_cpu(r.mask.tp_src), 0xf000);
	CHECK_STR(fmt(&r), "priority=32768,udp,tp_src=4096/0xf000,actions=drop");
	CHECK_EQ(parse("ipv6,ipv6_dst=2001:DB8:0:0:1::/64,actions=drop", &r), 0);
	CHECK_EQ(r.key.nw_dst[3], 0xb8);
	CHECK_EQ(r.key.nw_dst[9], 0); /* masked away */
	CHECK_EQ(r.mask.nw_dst[7], 0xff);
	CHECK_EQ(r.mask.nw_dst[8], 0);
	CHECK_STR(fmt(&r), "priority=32768,ipv6,ipv6_dst=2001:db8::/64,actions=drop");
	CHECK_EQ(parse("tun_opt=0x0102:0x80:0xdeadbeef/0xffff0000,actions=drop", &r), 0);
	CHECK_EQ(be16_to_cpu(r.key.tun_opt_class), 0x0102);
	CHECK_EQ(r.key.tun_opt_type, 0x80);
	CHECK_EQ(be32_to_cpu(r.key.tun_opt_data), 0xdead0000);
	CHECK_STR(fmt(&r), "priority=32768,tun_opt=0x0102:0x80:0xdead0000/0xffff0000,actions=drop");
}

TEST(actions_all_kinds)
{
	struct cvsw_flow_rule r;
	const struct flow_encap *e = &r.actions.encap;

	CHECK_EQ(parse("actions=encap(geneve, vni=7, remote=2001:db8::2, local=2001:db8::1, "
		       "dport=6082, sport=5000, ttl=9, tos=0x10, opt=0x0102:0x80:0x00000001, "
		       "opt=0xffff:0x01), output:lower", &r), 0);
	CHECK_STR(err, "");
	CHECK_EQ(e->type, FLOW_ENCAP_GENEVE);
	CHECK_EQ(e->family, 6);
	CHECK_EQ(e->remote[15], 2);
	CHECK_EQ(e->local[15], 1);
	CHECK_EQ(be16_to_cpu(e->dport), 6082);
	CHECK_EQ(be16_to_cpu(e->sport), 5000);
	CHECK_EQ(e->ttl, 9);
	CHECK_EQ(e->tos, 16);
	CHECK_EQ(e->opts_len, 12);
	CHECK_EQ(e->opts[3], 1);   /* length 1 word */
	CHECK_EQ(e->opts[7], 1);
	CHECK_EQ(e->opts[8], 0xff);
	CHECK_EQ(e->opts[11], 0);
	CHECK_STR(fmt(&r), "priority=32768,actions=encap(geneve,vni=7,remote=2001:db8::2,"
		  "local=2001:db8::1,dport=6082,sport=5000,ttl=9,tos=16,"
		  "opt=0x0102:0x80:0x00000001,opt=0xffff:0x01),output");
	CHECK_EQ(parse("actions=mod_vlan_vid:100,strip_vlan,encap(nvgre,vni=0x123456,"
		       "remote=1.2.3.4,flowid=5),output", &r), 0);
	CHECK_EQ(r.actions.n, 4);
	CHECK_EQ(r.actions.act[0].type, FLOW_ACT_SET_VLAN);
	CHECK_EQ(r.actions.act[0].arg, 100);
	CHECK_EQ(r.actions.act[1].type, FLOW_ACT_STRIP_VLAN);
	CHECK_EQ(e->vni, 0x123456);
	CHECK_EQ(e->flowid, 5);
	CHECK_EQ(parse("actions=encap(stt,vni=4294967295,remote=1.2.3.4),output", &r), 0);
	CHECK_EQ(e->vni, 0xffffffffu);
}

TEST(counters_accepted_and_ignored)
{
	struct cvsw_flow_rule r, s;
	char buf[512];

	CHECK_EQ(parse("cookie=0x99, duration=12.5s, n_packets=5, n_bytes=640, priority=7,"
		       "udp actions=drop", &r), 0);
	CHECK_EQ(r.cookie, 0x99);
	CHECK_EQ(r.packets, 0);
	CHECK_EQ(r.bytes, 0);
	r.packets = 3;
	r.bytes = 180;
	CHECK(cvsw_flow_format(&r, true, buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "cookie=0x99, n_packets=3, n_bytes=180, priority=7,udp,actions=drop");
	CHECK_EQ(parse(buf, &s), 0);
	r.packets = r.bytes = 0;
	CHECK(!memcmp(&r, &s, sizeof(r)));
	CHECK_STR(fmt(&r), "cookie=0x99, priority=7,udp,actions=drop");
}

TEST(format_enospc)
{
	struct cvsw_flow_rule r;
	char buf[64];
	int n;

	CHECK_EQ(parse("priority=10,ip,nw_dst=10.0.0.2,"
		       "actions=encap(sclp-vxlan,vni=42,remote=192.0.2.2),output", &r), 0);
	n = cvsw_flow_format(&r, false, buf, sizeof(buf));
	CHECK_EQ(n, -ENOSPC);
	CHECK_EQ(strlen(buf), sizeof(buf) - 1); /* truncated, still terminated */
	n = cvsw_flow_format(&r, false, buf, 0);
	CHECK_EQ(n, -ENOSPC);
	CHECK_EQ(cvsw_flow_format(&r, false, NULL, 0), -ENOSPC);
}

TEST(encap_names)
{
	CHECK_STR(cvsw_flow_encap_name(FLOW_ENCAP_VXLAN), "vxlan");
	CHECK_STR(cvsw_flow_encap_name(FLOW_ENCAP_NVGRE), "nvgre");
	CHECK_STR(cvsw_flow_encap_name(FLOW_ENCAP_GENEVE), "geneve");
	CHECK_STR(cvsw_flow_encap_name(FLOW_ENCAP_STT), "stt");
	CHECK_STR(cvsw_flow_encap_name(FLOW_ENCAP_SCLP_VXLAN), "sclp-vxlan");
	CHECK_STR(cvsw_flow_encap_name(FLOW_ENCAP_SCLP_GENEVE), "sclp-geneve");
	CHECK_STR(cvsw_flow_encap_name(0), "unknown");
	CHECK_STR(cvsw_flow_encap_name(FLOW_ENCAP_MAX), "unknown");
}

/* Each bad input, and the exact message naming the bad token. */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ "ip,nw_dst=10.0.0.300,actions=drop", "nw_dst: \"10.0.0.300\" is not a valid IPv4 address" },
	{ "nw_dst=10.0.0.2,actions=drop", "nw_dst requires ip or ipv6 (dl_type)" },
	{ "foo=1,actions=drop", "unknown keyword foo" },
	{ "ip,bogus,actions=drop", "unknown keyword bogus" },
	{ "priority=10,ip", "actions= is required" },
	{ "", "actions= is required" },
	{ "ip,actions=", "actions: empty (use actions=drop)" },
	{ "priority=65536,actions=drop", "priority: \"65536\" is not a priority (0..65535)" },
	{ "tcp,tp_dst=65536,actions=drop", "tp_dst: \"65536\" is out of range (0..65535)" },
	{ "tcp,tp_dst=http,actions=drop", "tp_dst: \"http\" is not a valid number" },
	{ "tcp,tp_dst=1/0x10000,actions=drop", "tp_dst: \"1/0x10000\" has a bad mask" },
	{ "ip,tp_dst=80,actions=drop", "tp_dst requires tcp, udp or sctp (nw_proto)" },
	{ "icmp,tp_dst=80,actions=drop", "tp_dst requires tcp, udp or sctp (nw_proto)" },
	{ "tp_src=80,actions=drop", "tp_src requires ip or ipv6 (dl_type)" },
	{ "nw_proto=6,actions=drop", "nw_proto requires ip or ipv6 (dl_type)" },
	{ "arp,nw_tos=4,actions=drop", "nw_tos requires ip or ipv6 (dl_type)" },
	{ "ipv6,nw_dst=10.0.0.1,actions=drop",
	  "nw_dst is IPv4 only: use ipv6_src/ipv6_dst with ipv6" },
	{ "ip,ipv6_src=::1,actions=drop", "ipv6_src requires ipv6 (dl_type=0x86dd)" },
	{ "ipv6,ipv6_src=1:2:3:4:5:6:7:8:9,actions=drop",
	  "ipv6_src: \"1:2:3:4:5:6:7:8:9\" is not a valid IPv6 address" },
	{ "ipv6,ipv6_src=1::2::3,actions=drop", "ipv6_src: \"1::2::3\" is not a valid IPv6 address" },
	{ "ipv6,ipv6_src=::1/129,actions=drop",
	  "ipv6_src: \"::1/129\" has a prefix length out of range" },
	{ "ip,nw_src=1.2.3.4/1.2.3,actions=drop", "nw_src: \"1.2.3.4/1.2.3\" has a bad mask" },
	{ "dl_src=00:11:22:33:44,actions=drop",
	  "dl_src: \"00:11:22:33:44\" is not a valid Ethernet address" },
	{ "dl_vlan=4096,actions=drop", "dl_vlan: \"4096\" is not a VLAN id (0..4095)" },
	{ "dl_vlan_pcp=8,actions=drop", "dl_vlan_pcp: \"8\" is not a VLAN priority (0..7)" },
	{ "in_port=eth0,actions=drop",
	  "in_port: \"eth0\" is not a port (local, tunnel, lower or 1..3)" },
	{ "in_port=4,actions=drop", "in_port: \"4\" is not a port (local, tunnel, lower or 1..3)" },
	{ "tun_id=0x1ffffffffffffffff,actions=drop",
	  "tun_id: \"0x1ffffffffffffffff\" is not a valid number" },
	{ "tun_opt=0x10000:1,actions=drop",
	  "tun_opt: \"0x10000:1\" is not 0xCLASS:0xTYPE[:0xDATA[/0xMASK]]" },
	{ "tun_opt=0x1:0x2:0x100000000,actions=drop",
	  "tun_opt: \"0x1:0x2:0x100000000\" has bad data (up to 4 bytes)" },
	{ "ip,udp,tcp,actions=drop", "tcp conflicts with an earlier match on the same field" },
	{ "tcp,tp_dst=80,tp_dst=81,actions=drop",
	  "tp_dst=81 conflicts with an earlier match on the same field" },
	{ "nw_dst,actions=drop", "nw_dst: missing value" },
	{ "ip=1,actions=drop", "unknown keyword ip" },
	{ "n_packets=x,actions=drop", "n_packets=x is not a valid number" },
	{ "actions=flood", "unknown action flood" },
	{ "actions=drop,,output", "actions: empty action" },
	{ "actions=drop,output", "invalid flow: drop must be the only action" },
	{ "actions=output:tunnel",
	  "output: \"output:tunnel\" is not an output port (lower or local)" },
	{ "actions=mod_vlan_vid:4096", "mod_vlan_vid: \"mod_vlan_vid:4096\" needs a VLAN id 0..4095" },
	{ "actions=output,output,output,output,output,output,output,output,output",
	  "actions: more than 8 actions at \"output\"" },
	{ "actions=encap(vxlan,vni=1,remote=1.2.3.4", "unknown action encap(vxlan,vni=1,remote=1.2.3.4" },
	{ "actions=encap(vxlan,vni=1,remote=1.2.3.4))",
	  "actions: unbalanced parentheses in \"encap(vxlan,vni=1,remote=1.2.3.4))\"" },
	{ "actions=encap(gre,vni=1,remote=1.2.3.4)", "encap: unknown tunnel type \"gre\"" },
	{ "actions=encap(vxlan,vni=1)", "encap: remote= is required in \"encap(vxlan,vni=1)\"" },
	{ "actions=encap(vxlan,vni=16777216,remote=1.2.3.4)",
	  "encap: \"vni=16777216\" is out of range (0..16777215)" },
	{ "actions=encap(vxlan,vni=1,remote=1.2.3.4,vni=2)",
	  "encap: \"vni=2\": argument given twice" },
	{ "actions=encap(vxlan,remote=1.2.3)",
	  "encap: \"remote=1.2.3\" is not a valid IPv4 or IPv6 address" },
	{ "actions=encap(vxlan,remote=1.2.3.4,local=::1)",
	  "encap: local and remote are not the same family in \"encap(vxlan,remote=1.2.3.4,local=::1)\"" },
	{ "actions=encap(vxlan,remote=1.2.3.4,port=1)", "encap: unknown argument \"port=1\"" },
	{ "actions=encap(vxlan,remote=1.2.3.4,dport=65536)",
	  "encap: \"dport=65536\" is out of range (0..65535)" },
	{ "actions=encap(vxlan,remote=1.2.3.4,ttl=x)", "encap: \"ttl=x\" is not a valid number" },
	{ "actions=encap(vxlan,remote=1.2.3.4,flowid=1)",
	  "encap: \"flowid=1\": flowid is only for nvgre" },
	{ "actions=encap(vxlan,remote=1.2.3.4,opt=0x1:0x2)",
	  "encap: \"opt=0x1:0x2\": options are only for geneve tunnels" },
	{ "actions=encap(geneve,remote=1.2.3.4,opt=0x1:0x2:0x0011)",
	  "encap: \"opt=0x1:0x2:0x0011\": option data must be whole 4-byte words" },
	{ "actions=encap(geneve,remote=1.2.3.4,opt=0x1:0x2:0x001)",
	  "encap: \"opt=0x1:0x2:0x001\" is not 0xCLASS:0xTYPE[:0xDATA]" },
	{ "actions=encap(geneve,remote=1.2.3.4,opt=0x1:0x2:0x"
	  "0000000000000000000000000000000000000000000000000000000000000000)",
	  "encap: \"opt=0x1:0x2:0x0000000000000000000000000000000000000000000000000000000000000000\": "
	  "options exceed 32 bytes" },
	{ "actions=encap(geneve,remote=1.2.3.4,opt=0x1:0x2:0x"
	  "00000000000000000000000000000000000000000000000000000000,"
	  "opt=0x1:0x2)",
	  "encap: \"opt=0x1:0x2\": options exceed 32 bytes" },
	{ "actions=encap(vxlan,remote=1.2.3.4),encap(vxlan,remote=1.2.3.4)",
	  "actions: \"encap(vxlan,remote=1.2.3.4)\" is a second encap" },
};

TEST(error_messages)
{
	struct cvsw_flow_rule r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&r, 0xa5, sizeof(r));
		CHECK_EQ(parse(bad[i].text, &r), -EINVAL);
		CHECK_STR(err, bad[i].msg);
		CHECK_EQ(r.priority, 0); /* zeroed on error */
		CHECK_EQ(r.actions.n, 0);
	}
}

TEST(error_buffer_small_or_absent)
{
	struct cvsw_flow_rule r;
	char small[8];

	CHECK_EQ(cvsw_flow_parse("foo=1,actions=drop", &r, small, sizeof(small)), -EINVAL);
	CHECK_STR(small, "unknown");
	CHECK_EQ(cvsw_flow_parse("foo=1,actions=drop", &r, NULL, 0), -EINVAL);
}

/* The longest text a valid rule can have still fits FLOW_TEXT_MAX. */
TEST(longest_rule_fits)
{
	struct cvsw_flow_rule r, back;
	char buf[FLOW_TEXT_MAX];
	const char *why;
	int n, i;

	CHECK_EQ(parse("cookie=0xffffffffffffffff,priority=65535,in_port=tunnel,"
		       "tun_id=0xfffffffffffffffe/0xfffffffffffffffe,"
		       "tun_opt=0xffff:0xff:0xfffffffe/0xfffffffe,"
		       "dl_src=fe:ff:ff:ff:ff:ff/fe:ff:ff:ff:ff:ff,"
		       "dl_dst=fe:ff:ff:ff:ff:ff/fe:ff:ff:ff:ff:ff,vlan_tci=0xeffe/0xeffe,"
		       "udp6,nw_tos=255,tp_src=65534/0xfffe,tp_dst=65534/0xfffe,"
		       "ipv6_src=ffff:fffe:ffff:fffe:ffff:fffe:ffff:fffe/"
		       "ffff:fffe:ffff:fffe:ffff:fffe:ffff:fffe,"
		       "ipv6_dst=ffff:fffe:ffff:fffe:ffff:fffe:ffff:fffe/"
		       "ffff:fffe:ffff:fffe:ffff:fffe:ffff:fffe,"
		       "actions=mod_vlan_vid:4095,mod_vlan_vid:4095,mod_vlan_vid:4095,"
		       "mod_vlan_vid:4095,mod_vlan_vid:4095,mod_vlan_vid:4095,output:local,"
		       "encap(sclp-geneve,vni=16777215,remote=ffff:fffe:ffff:fffe:ffff:fffe:ffff:fffe,"
		       "local=ffff:fffe:ffff:fffe:ffff:fffe:ffff:fffe,dport=65535,sport=65535,"
		       "ttl=255,tos=255,opt=0xffff:0xff,opt=0xffff:0xff,opt=0xffff:0xff,"
		       "opt=0xffff:0xff,opt=0xffff:0xff,opt=0xffff:0xff,opt=0xffff:0xff,"
		       "opt=0xffff:0xff)", &r), 0);
	CHECK_STR(err, "");
	CHECK_EQ(r.actions.n, 8);
	CHECK_EQ(r.actions.encap.opts_len, 32);
	CHECK_EQ(cvsw_flow_rule_validate(&r, &why), 0);
	r.packets = r.bytes = ~0ULL;
	n = cvsw_flow_format(&r, true, buf, sizeof(buf));
	CHECK(n > 900);
	CHECK(n < FLOW_TEXT_MAX);
	CHECK_EQ(parse(buf, &back), 0);
	r.packets = r.bytes = 0;
	CHECK(!memcmp(&r, &back, sizeof(r)));
	for (i = 0; i < 8; i++)
		CHECK_EQ(r.actions.act[i].type, i < 6 ? FLOW_ACT_SET_VLAN :
			 i == 6 ? FLOW_ACT_OUTPUT : FLOW_ACT_ENCAP);
}

/* Varied flows: parse -> format -> parse gives the same rule, format is idempotent. */
static const char *const roundtrip[] = {
	"priority=10,ip,nw_dst=10.0.0.2,actions=encap(sclp-vxlan,vni=42,remote=192.0.2.2),output",
	"actions=drop",
	"priority=0,actions=output:local",
	"priority=65535 in_port=local actions=output",
	"in_port=2,tun_id=5,actions=decap,local",
	"tun_id=0xff00/0xff00,actions=drop",
	"dl_src=02:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff,actions=local",
	"dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=drop",
	"dl_vlan=10,actions=strip_vlan,output:local",
	"dl_vlan_pcp=6,actions=drop",
	"vlan_tci=0x0000,actions=mod_vlan_vid:5,output",
	"vlan_tci=0x1005/0x1fff,actions=drop",
	"dl_type=0x88cc,actions=drop",
	"arp,actions=local,output",
	"ip,nw_src=192.168.0.0/16,nw_dst=10.0.0.0/8,actions=drop",
	"ip,nw_src=10.1.2.3/255.0.255.0,actions=drop",
	"ip,nw_tos=184,actions=drop",
	"nw_proto=47,ip,actions=drop",
	"tcp,tp_src=1024,tp_dst=80,actions=encap(vxlan,vni=16777215,remote=198.51.100.1,"
	"local=198.51.100.2,dport=4789,sport=49152,ttl=32,tos=184),output",
	"udp,tp_dst=0x1000/0xf000,actions=drop",
	"sctp,tp_dst=9,actions=drop",
	"icmp,actions=local",
	"ipv6,actions=drop",
	"tcp6,ipv6_src=2001:db8::1,tp_dst=22,actions=local",
	"udp6,ipv6_dst=fe80::/10,actions=drop",
	"ipv6,ipv6_src=::ffff:10.0.0.1,ipv6_dst=2001:db8:0:1:0:0:0:1/ffff:ffff::ffff,actions=drop",
	"icmp6,ipv6_dst=1:0:0:2:0:0:0:3,actions=drop",
	"tun_opt=0x0102:0x80,actions=decap,local",
	"tun_opt=0xffff:0x01:0x00000001,in_port=tunnel,actions=decap,local",
	"actions=encap(geneve,vni=1,remote=2001:db8::2,opt=0x0102:0x80:0xdeadbeefcafef00d),output",
	"actions=encap(sclp-geneve,vni=2,remote=192.0.2.9,opt=0x0001:0x01,opt=0x0002:0x02:0x01020304),"
	"output",
	"actions=encap(nvgre,vni=3,remote=192.0.2.3,flowid=200),output",
	"actions=encap(stt,vni=4000000000,remote=192.0.2.4,dport=7471),output",
	"cookie=0x123456789abcdef0,priority=100,ip,actions=drop",
	"priority=5,in_port=lower,dl_vlan=4095,dl_vlan_pcp=7,udp,nw_src=1.1.1.1,tp_src=53,"
	"actions=strip_vlan,mod_vlan_vid:0,output:local",
};

TEST(round_trip)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(roundtrip); i++) {
		struct cvsw_flow_rule a, b;
		char t1[1024], t2[1024];
		const char *why;

		if (parse(roundtrip[i], &a)) {
			fprintf(stderr, "  %s: %s\n", roundtrip[i], err);
			CHECK(0);
			continue;
		}
		CHECK_EQ(cvsw_flow_rule_validate(&a, &why), 0);
		CHECK(cvsw_flow_format(&a, false, t1, sizeof(t1)) > 0);
		CHECK_EQ(parse(t1, &b), 0);
		CHECK(!memcmp(&a, &b, sizeof(a)));
		CHECK(cvsw_flow_format(&b, false, t2, sizeof(t2)) > 0);
		CHECK_STR(t1, t2);
	}
}

int main(void)
{
	return RUN_TESTS();
}
