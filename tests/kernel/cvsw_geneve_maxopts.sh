#!/bin/bash
# vms: 1
# timeout: 400
# Geneve with the most options an encap action holds (32 bytes: one TLV, class 0x0102 type 1,
# 28 bytes of data) at full size over the IPv4 underlay: cvsw0's default MTU follows the
# flows (1500 - 50 - 32 = 1418, nothing set by hand); with tunnel segmentation off on both
# veths, full-size pings with DF and files both ways cross intact; every Geneve packet on va
# carries the 32 option bytes, full-size ones are exactly 1514 bytes and none is larger;
# no drop counted by cvsw or the veths.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"
source "$(dirname "$0")/cvsw_tunnels_env.bash"

DATA=$(printf '%056x' 0x5eed)
OPT32=0x0102:0x01:0x$DATA
tun_netns
mod_load cvsw
on_exit "rmmod cvsw"
tun_devs
check_eq "no flows yet: MTU 1450" "$(n1 cat /sys/class/net/cvsw0/mtu)" 1450
for i in 1 2; do
	peer=$((3 - i))
	flow ns$i "priority=10,in_port=local,actions=encap(geneve,vni=42,remote=192.0.2.$peer,opt=$OPT32),output"
	flow ns$i "priority=10,in_port=tunnel,tun_id=42,actions=decap"
	ip netns exec ns$i ethtool -K "$([ $i = 1 ] && echo va || echo vb)" \
		tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off
done
tun_up
check_eq "cvsw0 MTU follows the flows: 1500 - 50 - 32" \
	"$(n1 cat /sys/class/net/cvsw0/mtu) $(n2 cat /sys/class/net/cvsw0/mtu)" "1418 1418"

pcap=$CVSW_OUT/geneve-maxopts.pcap
capture_start ns1 va "udp port 6081" "$pcap"
require "ping -M do -s 1390 (full size)" n1 ping -c 3 -W 5 -M do -s 1390 10.0.0.2
check "ping back -M do -s 1390" n2 ping -c 3 -W 5 -M do -s 1390 10.0.0.1
check_fail "ping -M do -s 1391: above the MTU, refused locally" \
	n1 ping -c 1 -W 2 -M do -s 1391 10.0.0.2
tun_file "Geneve, 32 option bytes: nc" 3000000
tun_file_back "Geneve, 32 option bytes: nc ns2 -> ns1" 1000000
capture_stop

check_ge "tshark: Geneve packets on va" "$(tshark_count "$pcap" geneve)" 2000
check_eq "tshark: every one carries exactly 32 option bytes" \
	"$(tshark_count "$pcap" 'geneve && len(geneve.options) != 32')" 0
check_eq "tshark: every option is class 0x0102 type 1" \
	"$(tshark_count "$pcap" 'geneve && !(geneve.option.class == 0x0102 && geneve.option.type == 1)')" 0
check_eq "tshark: with our 28 data bytes" \
	"$(tshark_vals "$pcap" geneve.option.unknown.data -Y geneve | tr -d ': ')" "$DATA"
check_eq "tshark: no frame above the lower MTU (1514 bytes)" \
	"$(tshark_count "$pcap" 'frame.len > 1514')" 0
check_ge "tshark: full-size frames (1514 bytes) with inner TCP data" \
	"$(tshark_count "$pcap" 'frame.len == 1514 && tcp.len > 0')" 1500
check_ge "tshark: full-size pings (1514-byte frames)" \
	"$(tshark_count "$pcap" 'frame.len == 1514 && icmp')" 12
for ns in ns1 ns2; do
	check_eq "$ns: no drop counted" \
		"$(ip netns exec $ns ethtool -S cvsw0 | awk '$1 ~ /drop/ { s += $2 } END { print s + 0 }')" 0
done
# A GSO frame counts once when cvsw hands it down, then crosses as several wire packets.
check_ge "rx_geneve_packets(ns2) >= tx_geneve_packets(ns1)" \
	"$(cstat ns2 rx_geneve_packets)" "$(cstat ns1 tx_geneve_packets)"
check_ge "rx_geneve_packets(ns1) >= tx_geneve_packets(ns2)" \
	"$(cstat ns1 rx_geneve_packets)" "$(cstat ns2 tx_geneve_packets)"
check_eq "veths dropped nothing (va tx, vb rx, vb tx, va rx)" \
	"$(ifstat ns1 va tx_dropped) $(ifstat ns2 vb rx_dropped) $(ifstat ns2 vb tx_dropped) $(ifstat ns1 va rx_dropped)" \
	"0 0 0 0"
