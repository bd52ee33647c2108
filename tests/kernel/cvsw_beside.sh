#!/bin/bash
# vms: 1
# timeout: 300
# cvsw takes only the tunnels it serves. Here cvsw0 encapsulates into VXLAN over SCLP only, so
# its rx_handler takes SCLP and passes VXLAN (UDP 4789) and GRE to the stack: a kernel vxlan
# device on UDP 4789 and a gretap device (GRE with a key, carrying Ethernet: NVGRE's format)
# on the same lower device keep working, and cvsw counts none of their packets. A cvsw with
# VXLAN flows takes UDP 4789 back (the kernel vxlan then goes deaf, as documented).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"

modprobe vxlan
modprobe ip_gre
tun_setup sclp-vxlan
for i in 1 2; do
	peer=$((3 - i)) lower=va
	[ $i = 2 ] && lower=vb
	ip netns exec ns$i ip link add vx0 type vxlan id 7 remote 192.0.2.$peer local 192.0.2.$i \
		dstport 4789 dev $lower
	ip netns exec ns$i ip addr add 10.7.0.$i/24 dev vx0
	ip netns exec ns$i ip link set vx0 up
	ip netns exec ns$i ip link add gt0 type gretap remote 192.0.2.$peer local 192.0.2.$i key 9
	ip netns exec ns$i ip addr add 10.8.0.$i/24 dev gt0
	ip netns exec ns$i ip link set gt0 up
done

require "SCLP tunnel: ping 10.0.0.2" n1 ping -c 3 -W 5 10.0.0.2
check "kernel vxlan on UDP 4789 beside cvsw: ping 10.7.0.2" n1 ping -c 3 -W 5 10.7.0.2
check "gretap (key 9) beside cvsw: ping 10.8.0.2" n1 ping -c 3 -W 5 10.8.0.2
check_eq "cvsw took none of them (rx vxlan, nvgre packets; every rx drop)" \
	"$(cstat ns2 rx_vxlan_packets) $(cstat ns2 rx_nvgre_packets) $(n2 ethtool -S cvsw0 |
		awk '$1 ~ /^rx_drop/ { s += $2 } END { print s + 0 }')" "0 0 0"
check_ge "the kernel vxlan received them" "$(ifstat ns2 vx0 rx_packets)" 3
check_ge "the gretap received them" "$(ifstat ns2 gt0 rx_packets)" 3

# A VXLAN flow makes cvsw serve VXLAN: UDP 4789 is cvsw's again.
flow ns2 "priority=5,ip,nw_dst=10.9.9.9,actions=encap(vxlan,vni=99,remote=192.0.2.1),output"
n1 ping -c 2 -W 2 10.7.0.2 >/dev/null 2>&1 || true
check_ge "with a VXLAN flow, cvsw takes UDP 4789 (rx_drop_unknown_vni for VNI 7)" \
	"$(cstat ns2 rx_drop_unknown_vni)" 1
