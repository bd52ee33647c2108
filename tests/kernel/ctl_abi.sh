#!/bin/bash
# vms: 1
# timeout: 240
# The generic netlink ABI describes itself: a C client built from cvsw/uapi/cvsw.h alone
# (-I cvsw/uapi, no other project header, no libmnl) adds a flow that cvsw-ctl dumps as the
# flow text it stands for; pyroute2, told nothing but that header (attribute numbers from
# its enums, types from their comments), decodes a flow dump field by field; and a dump
# fed back through cvsw-ctl reproduces itself (nothing is lost in the nested attributes).
source "$(dirname "$0")/lib.sh"

mod_load cvsw
on_exit "rmmod cvsw"
modprobe veth
ctl=$CVSW_TOP/tools/cvsw-ctl
uapi=$CVSW_TOP/cvsw/uapi/cvsw.h
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

ip link add abiv0 type veth peer name abiv1
on_exit "ip link del abiv0"
ip link add cvsw0 link abiv0 type cvsw
on_exit "ip link del cvsw0"

# --- A third-party client: the uapi header and the C library, nothing else.
require "uapi client builds with -I cvsw/uapi only" \
	cc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I "$CVSW_TOP/cvsw/uapi" \
	-o "$tmp/uapi_client" "$CVSW_TOP/tests/uapi/uapi_client.c"
check "uapi client adds a flow" "$tmp/uapi_client" add cvsw0
want="cookie=0xc0ffee, priority=123,udp,nw_dst=10.9.8.0/24,tp_dst=4789,actions=encap(geneve,vni=77,remote=192.0.2.2,ttl=9,opt=0x0102:0x03:0xdeadbeef),output"
check_eq "cvsw-ctl dumps it as the flow it stands for" \
	"$("$ctl" flow dump dev cvsw0 | sed 's/n_packets=[0-9]*, n_bytes=[0-9]*, //')" "$want"
# Key fields ETH_TYPE 6, IP_PROTO 7, IPV4_DST 10, TP_DST 14; actions ENCAP 2, OUTPUT 1.
check_eq "uapi client dumps it" "$("$tmp/uapi_client" dump cvsw0)" \
	"priority=123 key=6,7,10,14 actions=2,1 cookie=0xc0ffee packets=0"

# --- pyroute2 with only the header: every field of a rich flow, decoded generically.
rich="priority=7,in_port=tunnel,tun_id=0x99,tun_opt=0x0102:0x03:0xdeadbeef,dl_src=02:00:00:00:00:01,dl_vlan=12,udp6,ipv6_dst=2001:db8::5,nw_tos=4,tp_src=53,actions=strip_vlan,mod_vlan_vid:30,encap(sclp-geneve,vni=12345,remote=2001:db8::9,local=2001:db8::1,dport=6082,sport=1000,tos=8,opt=0x0103:0x04),output"
check "cvsw-ctl adds a flow with every kind of field" "$ctl" flow add dev cvsw0 "$rich"
check "pyroute2 decodes the dump" sh -c \
	"python3 '$CVSW_TOP/tests/uapi/genl_decode.py' '$uapi' flows cvsw0 > '$tmp/dump.json'"
# jq-like checks: PATH=VALUE over the flow with priority 7.
decoded() {
	python3 - "$tmp/dump.json" "$1" <<'PY'
import json, sys
flows = [m["CVSW_A_FLOW"] for m in json.load(open(sys.argv[1]))]
v = next(f for f in flows if f["CVSW_FLOW_A_PRIORITY"] == 7)
for part in sys.argv[2].split("."):
    v = v[part]
print(json.dumps(v))
PY
}
k=CVSW_FLOW_A_KEY m=CVSW_FLOW_A_MASK a=CVSW_FLOW_A_ACTIONS e=CVSW_FLOW_A_ACTIONS.CVSW_ACTION_A_ENCAP
check_eq "in_port tunnel (2)" "$(decoded $k.CVSW_KEY_A_IN_PORT)" 2
check_eq "tun_id" "$(decoded $k.CVSW_KEY_A_TUN_ID)" 153
check_eq "tun_opt class" "$(decoded $k.CVSW_KEY_A_TUN_OPT_CLASS)" 258
check_eq "tun_opt type" "$(decoded $k.CVSW_KEY_A_TUN_OPT_TYPE)" 3
check_eq "tun_opt data" "$(decoded $k.CVSW_KEY_A_TUN_OPT_DATA)" 3735928559
check_eq "dl_src" "$(decoded $k.CVSW_KEY_A_ETH_SRC)" '"02:00:00:00:00:01"'
check_eq "dl_vlan 12: TCI with the tag bit" "$(decoded $k.CVSW_KEY_A_VLAN_TCI)" $((0x1000 | 12))
check_eq "dl_vlan's mask: VID and tag bit" "$(decoded $m.CVSW_KEY_A_VLAN_TCI)" $((0x1fff))
check_eq "eth_type IPv6" "$(decoded $k.CVSW_KEY_A_ETH_TYPE)" $((0x86dd))
check_eq "ip_proto UDP" "$(decoded $k.CVSW_KEY_A_IP_PROTO)" 17
check_eq "ipv6_dst" "$(decoded $k.CVSW_KEY_A_IPV6_DST)" '"2001:db8::5"'
check_eq "ipv6_dst's mask" "$(decoded $m.CVSW_KEY_A_IPV6_DST)" '"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"'
check_eq "no IPv4 address in an IPv6 match" "$(decoded $k | grep -c IPV4 || true)" 0
check_eq "nw_tos" "$(decoded $k.CVSW_KEY_A_IP_TOS)" 4
check_eq "tp_src" "$(decoded $k.CVSW_KEY_A_TP_SRC)" 53
check_eq "actions in order" "$(decoded $a | python3 -c 'import json,sys; print(",".join(json.load(sys.stdin)))')" \
	CVSW_ACTION_A_STRIP_VLAN,CVSW_ACTION_A_SET_VLAN,CVSW_ACTION_A_ENCAP,CVSW_ACTION_A_OUTPUT
check_eq "mod_vlan_vid" "$(decoded $a.CVSW_ACTION_A_SET_VLAN)" 30
check_eq "output lower (3)" "$(decoded $a.CVSW_ACTION_A_OUTPUT)" 3
check_eq "encap type sclp-geneve (6)" "$(decoded $e.CVSW_ENCAP_A_TYPE)" 6
check_eq "encap vni" "$(decoded $e.CVSW_ENCAP_A_VNI)" 12345
check_eq "encap remote" "$(decoded $e.CVSW_ENCAP_A_IPV6_REMOTE)" '"2001:db8::9"'
check_eq "encap local" "$(decoded $e.CVSW_ENCAP_A_IPV6_LOCAL)" '"2001:db8::1"'
check_eq "encap dport" "$(decoded $e.CVSW_ENCAP_A_DPORT)" 6082
check_eq "encap sport" "$(decoded $e.CVSW_ENCAP_A_SPORT)" 1000
check_eq "encap tos" "$(decoded $e.CVSW_ENCAP_A_TOS)" 8
check_eq "encap Geneve option TLV" "$(decoded $e.CVSW_ENCAP_A_GENEVE_OPTS)" '"01:03:04:00"'
check_eq "counters" "$(decoded CVSW_FLOW_A_PACKETS),$(decoded CVSW_FLOW_A_BYTES)" 0,0
check "pyroute2 decodes DEV_GET too (2 flows)" sh -c \
	"python3 '$CVSW_TOP/tests/uapi/genl_decode.py' '$uapi' devs | grep -q '\"CVSW_DEV_A_N_FLOWS\": 2'"

# --- Nothing is lost: the dump, replayed into a flushed table, dumps the same.
"$ctl" flow dump dev cvsw0 | sed 's/n_packets=[0-9]*, n_bytes=[0-9]*, //' > "$tmp/before"
check "flush" "$ctl" flow flush dev cvsw0
check "replay the dump" sh -c "'$ctl' flow add-flows dev cvsw0 '$tmp/before'"
"$ctl" flow dump dev cvsw0 | sed 's/n_packets=[0-9]*, n_bytes=[0-9]*, //' > "$tmp/after"
check_eq "the replayed table dumps the same 2 flows" "$(diff "$tmp/before" "$tmp/after" && wc -l < "$tmp/after")" 2
