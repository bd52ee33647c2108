#!/bin/bash
# vms: 1
# timeout: 300
# The MTU a cvsw device picks (cvsw/mtu.c): lower MTU - the largest per-frame overhead of the
# VXLAN/Geneve/NVGRE encaps in its flow table (outer IPv4 20 or IPv6 40, UDP 8 + VXLAN 8 or
# Geneve 8 + options, GRE 8, inner Ethernet 14, a pushed VLAN tag 4), 50 (VXLAN over IPv4)
# while no rule bounds it; SCLP and STT rules do not (they segment whole inner frames).
# Followed through flow add, strict and non-strict delete, flush, replace-flows and lower
# MTU changes, clamped to 68; an MTU the user set (ip link set mtu, or mtu at creation) stays.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"

tun_netns
mod_load cvsw
on_exit "rmmod cvsw"
n1 ip link add cvsw0 link va type cvsw
n1 ip addr add 10.0.0.1/24 dev cvsw0
n1 ip link set cvsw0 up

mtu() { ip netns exec "${1:-ns1}" cat /sys/class/net/cvsw0/mtu; }
del() { n1 cvsw-ctl flow del dev cvsw0 --strict "$1"; }
# 32 bytes of Geneve options (the most an encap action holds): one TLV, 28 bytes of data.
OPT32=0x0102:0x01:0x$(printf '%056x' 7)
V4=remote=192.0.2.2
V6=remote=2001:db8::2

check_eq "no flows: lower 1500 - 50 (VXLAN over IPv4)" "$(mtu)" 1450
flow ns1 "priority=10,in_port=tunnel,actions=decap"
check_eq "a decap rule does not change it" "$(mtu)" 1450
flow ns1 "priority=10,ip,nw_dst=10.0.0.2,actions=encap(sclp-vxlan,vni=1,$V6),output"
flow ns1 "priority=11,ip,nw_dst=10.0.0.3,actions=encap(stt,vni=1,$V6),output"
check_eq "SCLP and STT over IPv6 do not bound it" "$(mtu)" 1450
flow ns1 "priority=12,ip,nw_dst=10.0.0.4,actions=encap(nvgre,vni=1,$V4),output"
check_eq "NVGRE over IPv4 only: 1500 - 42" "$(mtu)" 1458
flow ns1 "priority=13,ip,nw_dst=10.0.0.5,actions=encap(vxlan,vni=1,$V4),output"
check_eq "+ VXLAN over IPv4: 1500 - 50" "$(mtu)" 1450
flow ns1 "priority=14,ip,nw_dst=10.0.0.6,actions=encap(vxlan,vni=1,$V6),output"
check_eq "+ VXLAN over IPv6: 1500 - 70" "$(mtu)" 1430
flow ns1 "priority=15,ip,nw_dst=10.0.0.7,actions=encap(geneve,vni=1,$V4,opt=$OPT32),output"
check_eq "+ Geneve with 32 option bytes over IPv4: 1500 - 50 - 32" "$(mtu)" 1418
flow ns1 "priority=16,ip,nw_dst=10.0.0.8,actions=encap(geneve,vni=1,$V6,opt=$OPT32),output"
check_eq "+ the same over IPv6: 1500 - 70 - 32" "$(mtu)" 1398
flow ns1 "priority=17,ip,nw_dst=10.0.0.9,actions=mod_vlan_vid:5,encap(geneve,vni=1,$V6,opt=$OPT32),output"
check_eq "+ a rule pushing a VLAN tag: 4 more" "$(mtu)" 1394
flow ns1 "priority=17,ip,nw_dst=10.0.0.9,actions=encap(geneve,vni=1,$V6,opt=0x0102:0x01),output"
check_eq "that rule replaced by one with 4 option bytes: the 32-byte IPv6 rule bounds" \
	"$(mtu)" 1398

# Lower MTU changes are followed.
n1 ip link set va mtu 1400
check_eq "lower MTU 1400: 1400 - 102" "$(mtu)" 1298
n1 ip link set va mtu 100
check_eq "lower MTU 100: clamped to 68" "$(mtu)" 68
n1 ip link set va mtu 1500
check_eq "lower MTU back to 1500" "$(mtu)" 1398

# Removal raises it again.
del "priority=16,ip,nw_dst=10.0.0.8"
check_eq "strict delete of the IPv6 32-byte Geneve rule" "$(mtu)" 1418
del "priority=15,ip,nw_dst=10.0.0.7"
check_eq "strict delete of the IPv4 one: IPv6 Geneve with 4 bytes, 1500 - 74" "$(mtu)" 1426
n1 cvsw-ctl flow del dev cvsw0 "ip,nw_dst=10.0.0.9"
check_eq "non-strict delete: VXLAN over IPv6 bounds" "$(mtu)" 1430
n1 cvsw-ctl flow flush dev cvsw0
check_eq "flushed: back to 1450" "$(mtu)" 1450
printf '%s\n' "priority=10,ip,nw_dst=10.0.0.2,actions=encap(geneve,vni=1,$V6,opt=$OPT32),output" \
	"priority=10,in_port=tunnel,actions=decap" >"$_cvsw_tmp/rules"
n1 cvsw-ctl flow replace-flows dev cvsw0 "$_cvsw_tmp/rules"
check_eq "replace-flows with an IPv6 32-byte Geneve rule" "$(mtu)" 1398
printf '%s\n' "priority=10,ip,actions=encap(vxlan,vni=1,$V4),output" >"$_cvsw_tmp/rules"
n1 cvsw-ctl flow replace-flows dev cvsw0 "$_cvsw_tmp/rules"
check_eq "replace-flows with VXLAN over IPv4 only" "$(mtu)" 1450

# An MTU the user sets stays, whatever the flows or the lower do.
n1 ip link set cvsw0 mtu 1300
flow ns1 "priority=20,ip,nw_dst=10.0.0.8,actions=encap(geneve,vni=1,$V6,opt=$OPT32),output"
check_eq "ip link set mtu 1300 is kept when a rule is added" "$(mtu)" 1300
n1 cvsw-ctl flow del dev cvsw0 "ip,nw_dst=10.0.0.8"
check_eq "... and when it is deleted" "$(mtu)" 1300
n1 ip link set va mtu 1400
check_eq "... and when the lower MTU changes" "$(mtu)" 1300
n1 ip link set cvsw0 mtu 9000
check_eq "the user may set it above the lower's (SCLP carries it)" "$(mtu)" 9000
check_fail "68 - 65000 only: 65001 refused" n1 ip link set cvsw0 mtu 65001
check_fail "67 refused" n1 ip link set cvsw0 mtu 67

n2 ip link add cvsw0 link vb mtu 1200 type cvsw
check_eq "mtu given at creation" "$(mtu ns2)" 1200
flow ns2 "priority=10,ip,actions=encap(geneve,vni=1,remote=2001:db8::1,opt=$OPT32),output"
n2 ip link set vb mtu 1400
check_eq "an mtu given at creation stays with flows and lower changes" "$(mtu ns2)" 1200
n2 ip link del cvsw0
n2 ip link set vb mtu 1500
n2 ip link add cvsw0 link vb type cvsw
flow ns2 "priority=10,ip,actions=encap(geneve,vni=1,remote=2001:db8::1,opt=$OPT32),output"
check_eq "re-created without mtu: follows its flows" "$(mtu ns2)" 1398
