#!/bin/bash
# vms: 1
# timeout: 480
# Full-size inner frames over an IPv6-only underlay (va/vb keep 2001:db8::1, ::2 only):
# VXLAN (VNI 42, everything) and Geneve (VNI 43, IPv4 to 10.0.6.0/24). cvsw0's default MTU is
# the lower's 1500 - 70 (outer IPv6 40 + UDP 8 + tunnel 8 + inner Ethernet 14). With tunnel
# segmentation off on both veths every wire frame is a real one: full-size pings with DF
# (inner IPv4 and IPv6) and files (SHA-256) cross with frames of exactly 1514 bytes and none
# larger, and no drop counter moves. Then the underlay path MTU drops to 1400 (a route MTU
# towards 2001:db8::2): the first oversize inner frame is counted (tx_drop_too_big) and lowers
# the inner route's PMTU to 1330 (IPv4 and IPv6 inner), TCP follows it, files still cross
# intact, no frame above 1414 bytes leaves, and no other drop is counted. Last, cvsw0 in a
# bridge: a sender behind it (ns3) gets ICMP and ICMPv6 too-big messages and learns 1330.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"
source "$(dirname "$0")/cvsw_tunnels_env.bash"

tun_netns
n1 ip addr del 192.0.2.1/24 dev va
n2 ip addr del 192.0.2.2/24 dev vb
mod_load cvsw
on_exit "rmmod cvsw"
tun_devs
for i in 1 2; do
	peer=$((3 - i))
	ip netns exec ns$i ip addr add fd00::$i/64 dev cvsw0 nodad
	flow ns$i "priority=10,in_port=local,actions=encap(vxlan,vni=42,remote=2001:db8::$peer),output"
	flow ns$i "priority=20,ip,nw_dst=10.0.6.$peer,actions=encap(geneve,vni=43,remote=2001:db8::$peer),output"
	flow ns$i "priority=10,in_port=tunnel,tun_id=42,actions=decap"
	flow ns$i "priority=10,in_port=tunnel,tun_id=43,actions=decap"
	# Real wire frames: the stack cuts tunnel super-packets before the veth.
	ip netns exec ns$i ethtool -K "$([ $i = 1 ] && echo va || echo vb)" \
		tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off
done
tun_up
check_eq "underlay is IPv6 only" "$(n1 ip -4 -o addr show dev va | wc -l)" 0
check_eq "cvsw0 MTU: lower 1500 - 70 (VXLAN/Geneve over IPv6)" \
	"$(n1 cat /sys/class/net/cvsw0/mtu)$(n2 cat /sys/class/net/cvsw0/mtu)" 14301430

# Headers only: frame.len keeps the wire length.
cap() { # FILE
	rm -f "$1"
	n1 dumpcap -q -P -s 200 -i va -f "udp port 4789 or udp port 6081" -w "$1" >/dev/null 2>&1 &
	_cap_pid=$!
	on_exit "kill $_cap_pid"
	wait_until 30 test -s "$1" || true
	sleep 1
}
drops() { # NS: every drop counter of cvsw0 but tx_drop_too_big, summed
	ip netns exec "$1" ethtool -S cvsw0 |
		awk '$1 ~ /drop/ && $1 != "tx_drop_too_big:" { s += $2 } END { print s + 0 }'
}
frames() { tshark_count "$@"; }

pcap=$CVSW_OUT/ipv6-underlay.pcap
cap "$pcap"
require "ping -M do -s 1402 10.0.0.2 (VXLAN, full size)" n1 ping -c 3 -W 5 -M do -s 1402 10.0.0.2
check "ping -M do -s 1402 10.0.6.2 (Geneve, full size)" n1 ping -c 3 -W 5 -M do -s 1402 10.0.6.2
check "ping -6 -M do -s 1382 fd00::2 (inner IPv6, full size)" \
	n1 ping -6 -c 3 -W 5 -M do -s 1382 fd00::2
check "ping back from ns2 -M do -s 1402" n2 ping -c 3 -W 5 -M do -s 1402 10.0.0.1
check_fail "ping -M do -s 1403: above cvsw0's MTU, refused locally" \
	n1 ping -c 1 -W 2 -M do -s 1403 10.0.0.2
tun_file "VXLAN over IPv6: nc" 4000000
tun_file "Geneve over IPv6: nc" 2000000 10.0.6.2
tun_file_back "VXLAN over IPv6: nc ns2 -> ns1" 1000000
capture_stop
check_eq "no frame above 1514 bytes on va" "$(frames "$pcap" 'frame.len > 1514')" 0
check_eq "every packet on va has an outer IPv6 header" "$(frames "$pcap" '!ipv6')" 0
check_ge "full-size frames (1514 bytes) with inner TCP data under VXLAN" \
	"$(frames "$pcap" 'frame.len == 1514 && vxlan.vni == 42 && tcp.len > 0')" 500
check_ge "full-size frames (1514 bytes) with inner TCP data under Geneve" \
	"$(frames "$pcap" 'frame.len == 1514 && geneve.vni == 43 && tcp.len > 0')" 500
check_ge "full-size pings with DF (1514-byte frames, ICMP)" \
	"$(frames "$pcap" 'frame.len == 1514 && (icmp || icmpv6)')" 16
check_eq "ns1, ns2: no drop counted" "$(drops ns1) $(drops ns2)" "0 0"
check_eq "no tx_drop_too_big yet" "$(cstat ns1 tx_drop_too_big)" 0
# A GSO frame counts once when cvsw hands it down, then crosses as several wire packets.
check_ge "rx_vxlan_packets(ns2) >= tx_vxlan_packets(ns1)" \
	"$(cstat ns2 rx_vxlan_packets)" "$(cstat ns1 tx_vxlan_packets)"
check_ge "rx_geneve_packets(ns2) >= tx_geneve_packets(ns1)" \
	"$(cstat ns2 rx_geneve_packets)" "$(cstat ns1 tx_geneve_packets)"
check_ge "tx_geneve_packets(ns1)" "$(cstat ns1 tx_geneve_packets)" 100
check_eq "veths dropped nothing" \
	"$(ifstat ns1 va tx_dropped) $(ifstat ns2 vb rx_dropped) $(ifstat ns2 vb tx_dropped) $(ifstat ns1 va rx_dropped)" \
	"0 0 0 0"

# --- The underlay path MTU drops below the lower's: PMTU for the inner senders.
n1 ip -6 route add 2001:db8::2/128 dev va mtu 1400
check_eq "cvsw0 keeps its MTU (the lower's did not change)" "$(n1 cat /sys/class/net/cvsw0/mtu)" 1430
pcap=$CVSW_OUT/ipv6-underlay-pmtu.pcap
cap "$pcap"
check_fail "ping -M do -s 1402: the first oversize frame is dropped" \
	n1 ping -c 1 -W 2 -M do -s 1402 10.0.0.2
check_eq "it is counted: tx_drop_too_big" "$(cstat ns1 tx_drop_too_big)" 1
check "the inner route's PMTU is now 1400 - 70" \
	sh -c "ip netns exec ns1 ip route get 10.0.0.2 | grep -q 'mtu 1330'"
check_fail "ping -M do -s 1402 now fails at the sender (message too long)" \
	n1 ping -c 1 -W 2 -M do -s 1402 10.0.0.2
check_eq "... without reaching cvsw0" "$(cstat ns1 tx_drop_too_big)" 1
check "ping -M do -s 1302 (the new PMTU, full size)" n1 ping -c 3 -W 5 -M do -s 1302 10.0.0.2
check_fail "inner IPv6: ping -6 -M do -s 1382 dropped" n1 ping -6 -c 1 -W 2 -M do -s 1382 fd00::2
check "inner IPv6: the route's PMTU is 1330" \
	sh -c "ip netns exec ns1 ip -6 route get fd00::2 | grep -q 'mtu 1330'"
check "inner IPv6: ping -6 -M do -s 1282 (full size at the new PMTU)" \
	n1 ping -6 -c 3 -W 5 -M do -s 1282 fd00::2
tun_file "VXLAN after the PMTU drop: nc" 2000000
# 10.0.6.2's inner route has not learnt it yet: TCP's first full-size segments are dropped
# (counted), its route learns 1330 and TCP re-sends smaller.
tun_file "Geneve after the PMTU drop: nc (TCP learns it mid-transfer)" 2000000 10.0.6.2
capture_stop
check_eq "PMTU: no frame above 1414 bytes on va" "$(frames "$pcap" 'frame.len > 1414')" 0
check_ge "PMTU: full-size frames (1414 bytes) with inner TCP data" \
	"$(frames "$pcap" 'frame.len == 1414 && tcp.len > 0')" 500
check_ge "PMTU: tx_drop_too_big counts the oversize frames" "$(cstat ns1 tx_drop_too_big)" 3
check "PMTU: 10.0.6.2's inner route learnt 1330 too" \
	sh -c "ip netns exec ns1 ip route get 10.0.6.2 | grep -q 'mtu 1330'"
check_eq "PMTU: ns1, ns2: no other drop counted" "$(drops ns1) $(drops ns2)" "0 0"
check_eq "PMTU: ns1's netdev tx_dropped = tx_drop_too_big" \
	"$(ifstat ns1 cvsw0 tx_dropped)" "$(cstat ns1 tx_drop_too_big)"

# --- A bridged cvsw0: the inner sender is another host (ns3 behind br0 in ns1), so cvsw
# answers an oversize frame with ICMP "fragmentation needed" / ICMPv6 "packet too big",
# received through the bridge as if from the tunnel.
modprobe bridge
ip netns add ns3
on_exit "ip netns del ns3"
n3() { ip netns exec ns3 "$@"; }
n1 ip link add h3b type veth peer name h3 netns ns3
n1 ip link add br0 type bridge
n1 ip addr flush dev cvsw0
n1 ip link set cvsw0 master br0
n1 ip link set h3b master br0
n1 ip link set h3b up
n1 ip link set br0 up
n3 ip link set lo up
n3 ip link set h3 mtu 1430
n3 ip addr add 10.0.0.3/24 dev h3
n3 ip addr add fd00::3/64 dev h3 nodad
n3 ip link set h3 up
before=$(cstat ns1 tx_drop_too_big)
icmp_in() { n3 nstat -az "$1" | awk -v n="$1" '$1 == n { print $2 }'; }
require "bridged: ns3 pings 10.0.0.2 through br0 and cvsw0 (ping -s 1302)" \
	n3 ping -c 3 -W 5 -M do -s 1302 10.0.0.2
check_fail "bridged: ping -M do -s 1402 from ns3 is too big for the path" \
	n3 ping -c 1 -W 2 -M do -s 1402 10.0.0.2
check_ge "bridged: ns3 received the ICMP fragmentation needed" "$(icmp_in IcmpInDestUnreachs)" 1
check "bridged: ns3's route to 10.0.0.2 learnt 1330 from it" \
	sh -c "ip netns exec ns3 ip route get 10.0.0.2 | grep -q 'mtu 1330'"
check "bridged: ns3 ping -6 -M do -s 1282 fd00::2" n3 ping -6 -c 3 -W 5 -M do -s 1282 fd00::2
check_fail "bridged: ping -6 -M do -s 1382 from ns3 is too big" \
	n3 ping -6 -c 1 -W 2 -M do -s 1382 fd00::2
check_ge "bridged: ns3 received the ICMPv6 packet too big" "$(icmp_in Icmp6InPktTooBigs)" 1
check "bridged: ns3's route to fd00::2 learnt 1330 from it" \
	sh -c "ip netns exec ns3 ip -6 route get fd00::2 | grep -q 'mtu 1330'"
check_eq "bridged: tx_drop_too_big counted both" $(($(cstat ns1 tx_drop_too_big) - before)) 2
tun_file_bridged() { # NAME SIZE
	tun_file_from ns3 ns2 10.0.0.2 5003 "$1" "$2"
}
tun_file_bridged "bridged: nc ns3 -> ns2 at the learnt PMTU" 2000000
check_eq "bridged: ns1, ns2: no other drop counted" "$(drops ns1) $(drops ns2)" "0 0"
check_eq "bridged: ns1's netdev tx_dropped = tx_drop_too_big" \
	"$(ifstat ns1 cvsw0 tx_dropped)" "$(cstat ns1 tx_drop_too_big)"
