#!/bin/bash
# vms: 1
# timeout: 400
# cvsw VXLAN data path between two netns over a veth: flows in both directions, ping over
# the IPv4 and the IPv6 underlay, iperf3 TCP (64 KiB GSO frames handed down whole for tunnel
# offload) and UDP, a 4 MB file by nc with equal SHA-256, the capture decoded by
# tshark as VXLAN with VNI 42/43 and the UDP source port in 49152-65535, exact counters:
# every tunnelled packet on one side is one received on the other, no drop counted; with
# tunnel segmentation off on the lower, the stack cuts them after encapsulation.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"

tun_setup vxlan

capture_start ns1 va "udp port 4789" "$CVSW_OUT/vxlan.pcap"

require "ping 10.0.0.2 over cvsw (VNI 42, IPv4 underlay)" n1 ping -c 3 -W 5 10.0.0.2
check "ping 10.0.6.2 over cvsw (VNI 43, IPv6 underlay)" n1 ping -c 3 -W 5 10.0.6.2
check "ping back from ns2" n2 ping -c 2 -W 5 10.0.0.1
check "ping 8000-byte datagrams (inner IP fragments)" n1 ping -c 2 -W 5 -s 8000 10.0.0.2

capture_stop
check_eq "tshark: VNIs in the capture" \
	"$(tshark -r "$CVSW_OUT/vxlan.pcap" -Y vxlan -T fields -e vxlan.vni 2>/dev/null | sort -u | tr '\n' ' ')" \
	"42 43 "
check_eq "tshark: inner ICMP echo decoded under VXLAN" \
	"$(tshark -r "$CVSW_OUT/vxlan.pcap" -Y 'vxlan && icmp.type == 8' 2>/dev/null | wc -l | awk '$1 >= 4 { print "yes" }')" yes
check_eq "tshark: every UDP source port in 49152-65535" \
	"$(tshark -r "$CVSW_OUT/vxlan.pcap" -Y 'udp.srcport < 49152' 2>/dev/null | wc -l)" 0
check_eq "tshark: IPv6 underlay carries VNI 43 only" \
	"$(tshark -r "$CVSW_OUT/vxlan.pcap" -Y vxlan -T fields -E occurrence=f -e eth.type -e vxlan.vni 2>/dev/null |
		awk '$1 == "0x86dd" { print $2 }' | sort -u)" 43

tun_iperf_server
read -r bps retr <<<"$(tun_iperf_tcp 4)"
check_ge "iperf3 TCP over VXLAN: Mbit/s" "$((bps / 1000000))" 1
echo "  iperf3 TCP: $((bps / 1000000)) Mbit/s, $retr retransmits"
tun_iperf_server
read -r got lost <<<"$(tun_iperf_udp 3 20M)"
check_ge "iperf3 UDP over VXLAN: datagrams received" "$got" 100
echo "  iperf3 UDP 20M: $got received, $lost lost"

tun_file "nc over VXLAN" 4000000

check_eq "no tx error/no-route/no-flow on ns1" \
	"$(cstat ns1 tx_drop_error) $(cstat ns1 tx_drop_no_route) $(cstat ns1 tx_drop_no_flow)" "0 0 0"
for ns in ns1 ns2; do
	check_eq "$ns: no receive drop counted" \
		"$(ip netns exec $ns ethtool -S cvsw0 | awk '$1 ~ /^rx_drop/ { s += $2 } END { print s + 0 }')" 0
done
check_delivered "tx_vxlan_packets(ns1) = rx_vxlan_packets(ns2)" \
	ns1 tx_vxlan_packets ns2 rx_vxlan_packets
check_delivered "tx_vxlan_packets(ns2) = rx_vxlan_packets(ns1)" \
	ns2 tx_vxlan_packets ns1 rx_vxlan_packets
check_ge "tx_vxlan_packets(ns1) counts the traffic (a GSO frame once)" \
	"$(cstat ns1 tx_vxlan_packets)" 1000
check_eq "no SCLP counted" "$(cstat ns1 tx_sclp_vxlan_packets)$(cstat ns2 rx_sclp_segments)" 00

# Tunnel offload, as vxlan.c does it: a 64 KiB TCP frame leaves cvsw0 as ONE
# SKB_GSO_UDP_TUNNEL_CSUM packet. The veth carries it whole (frames above the MTU on va);
# with tunnel segmentation off on va, the stack's UDP tunnel GSO cuts it after
# encapsulation: every frame on va fits the MTU and carries a whole inner TCP segment (from
# here on ns2 receives more VXLAN packets than ns1's cvsw0 handed down).
big_frames() { tshark -r "$1" -Y 'frame.len > 1514' 2>/dev/null | wc -l; }
capture_start ns1 va "udp port 4789" "$CVSW_OUT/vxlan-gso.pcap"
tun_file "nc over VXLAN, super-packets through veth" 1000000
capture_stop
check_ge "veth carried VXLAN super-packets whole (frames > 1514 bytes on va)" \
	"$(big_frames "$CVSW_OUT/vxlan-gso.pcap")" 1
n1 ethtool -K va tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off
capture_start ns1 va "udp port 4789" "$CVSW_OUT/vxlan-swgso.pcap"
tun_file "nc over VXLAN, segmented by the stack after encapsulation" 1000000
capture_stop
n1 ethtool -K va tx-udp_tnl-segmentation on tx-udp_tnl-csum-segmentation on
check_eq "tunnel GSO off on va: no frame above the MTU" \
	"$(big_frames "$CVSW_OUT/vxlan-swgso.pcap")" 0
check_ge "tunnel GSO off on va: full-size inner TCP segments under VXLAN, VNI 42" \
	"$(tshark -r "$CVSW_OUT/vxlan-swgso.pcap" -Y 'vxlan.vni == 42 && tcp.len >= 1300' \
		2>/dev/null | wc -l)" 100
check_eq "ns2: still no receive drop counted" \
	"$(n2 ethtool -S cvsw0 | awk '$1 ~ /^rx_drop/ { s += $2 } END { print s + 0 }')" 0

# A flow that stops matching: the VNI 43 rx rule removed -> counted as unknown VNI.
n2 cvsw-ctl flow del dev cvsw0 --strict "priority=10,in_port=tunnel,tun_id=43"
before=$(cstat ns2 rx_drop_unknown_vni)
n1 ping -c 2 -W 1 10.0.6.2 >/dev/null 2>&1 || true
check_eq "rx rule for VNI 43 deleted: 2 pings counted as unknown VNI" \
	"$(($(cstat ns2 rx_drop_unknown_vni) - before))" 2
# No tx rule for a frame: dropped and counted.
n1 cvsw-ctl flow flush dev cvsw0
before=$(cstat ns1 tx_drop_no_flow)
n1 ping -c 2 -W 1 10.0.0.2 >/dev/null 2>&1 || true
check_ge "flows flushed: frames counted as tx_drop_no_flow" \
	"$(($(cstat ns1 tx_drop_no_flow) - before))" 2
