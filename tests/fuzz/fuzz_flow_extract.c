// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_flow_key_extract() on arbitrary frames (exact-size heap copy, so ASan
 * sees any over-read), then classification in a small fixed table: the
 * exact-match cache must agree with the wildcard lookup, the winner must
 * match, and no rule ahead of it may match.
 *
 * Input: byte 0 = in_port (low 2 bits), byte 1 = Geneve option bytes that
 * follow (taken from the front), then the frame.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "flowtable/flow_text.h"

#define MUST(c) do { if (!(c)) abort(); } while (0)

static const char *const rules_text[] = {
	"priority=100,tcp,tp_dst=80,actions=local",
	"priority=100,udp6,tp_dst=4789,actions=drop",
	"priority=90,ip,nw_dst=10.0.0.0/8,actions=encap(vxlan,vni=1,remote=192.0.2.1),output",
	"priority=90,dl_vlan=5,actions=strip_vlan,local",
	"priority=80,ipv6,ipv6_dst=2001:db8::/32,actions=drop",
	"priority=80,tun_opt=0x0102:0x80:0x00000001/0x000000ff,actions=decap,local",
	"priority=70,in_port=tunnel,tun_id=0x2a,actions=decap,local",
	"priority=70,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=drop",
	"priority=60,tcp,actions=output",
	"priority=60,icmp,nw_tos=0,actions=local",
	"priority=1,actions=output:local",
};

#define N_RULES ARRAY_SIZE(rules_text)

static struct cvsw_flow_rule rules[N_RULES];
static struct flow_table *table;
static struct flow_emc emc;

static void setup(void)
{
	struct cvsw_flow_rule *p[N_RULES];
	char err[128];
	size_t i;

	for (i = 0; i < N_RULES; i++) {
		MUST(cvsw_flow_parse(rules_text[i], &rules[i], err, sizeof(err)) == 0);
		p[i] = &rules[i];
	}
	table = cvsw_flow_table_build(p, N_RULES, 1);
	MUST(table);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flow_key k;
	struct cvsw_flow_rule *hit;
	u32 opts_len, i;
	u8 *opts, *frame;

	if (!table)
		setup();
	if (size < 2)
		return 0;
	opts_len = data[1] < size - 2 ? data[1] : (u32)(size - 2);
	opts = malloc(opts_len ? opts_len : 1);
	frame = malloc(size - 2 - opts_len ? size - 2 - opts_len : 1);
	memcpy(opts, data + 2, opts_len);
	memcpy(frame, data + 2 + opts_len, size - 2 - opts_len);
	cvsw_flow_key_extract(&k, frame, (u32)(size - 2 - opts_len), data[0] & 3, data[0] >> 2,
			 opts_len ? opts : NULL, opts_len);
	free(opts);
	free(frame);

	MUST(k.pad0 == 0 && k.pad1 == 0 && k.pad2 == 0);
	MUST(k.ip_ver == 0 || k.ip_ver == 4 || k.ip_ver == 6);
	MUST(!k.vlan_tci || (k.vlan_tci & 0x1000));
	hit = cvsw_flow_table_lookup(table, &k);
	MUST(hit); /* the priority=1 catch-all */
	MUST(cvsw_flow_rule_matches(hit, &k));
	for (i = 0; table->rules[i] != hit; i++)
		MUST(!cvsw_flow_rule_matches(table->rules[i], &k));
	MUST(cvsw_flow_emc_lookup(&emc, table, &k, 7) == hit);
	MUST(cvsw_flow_emc_lookup(&emc, table, &k, 7) == hit);
	return 0;
}
