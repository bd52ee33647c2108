#!/bin/bash
# timeout: 600
# cvsw STT (draft-davie-stt-08) between two netns over a veth. With TSO off on both veth ends
# the core's software GSO cuts each STT frame (one TCP-GSO packet to port 7471) into MTU-sized
# segments and the receiver reassembles them (same engine and limits as SCLP): ping over both
# underlays, iperf3 TCP and UDP, a 4 MB file with equal SHA-256, exact frame counters; tshark's
# STT dissector decodes context id 42 and non-zero segment offsets (IPv4 underlay). Then with
# TSO on (veth hands whole STT frames over) the file again.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"
source "$(dirname "$0")/cvsw_tunnels_env.bash"

tun_setup stt
n1 ethtool -K va tso off
n2 ethtool -K vb tso off
tunnels_traffic stt "tcp port 7471" "$CVSW_OUT/stt.pcap" tx_stt_packets rx_stt_packets
check_ge "frames reassembled on ns2" "$(cstat ns2 rx_reasm_done)" 100
check_eq "no SCLP segment counted" "$(cstat ns2 rx_sclp_segments)" 0
# STT is a heuristic dissector on IP, tried before TCP only with this preference.
T="-o ip.try_heuristic_first:TRUE"
check_ge "tshark: STT frames with context id 42" \
	"$(tshark_count "$CVSW_OUT/stt.pcap" 'stt.context_id == 42' $T)" 3
# Wireshark's STT heuristic is registered for IPv4 only: the IPv6 underlay is seen as TCP.
check_ge "tshark: IPv6 underlay (ID 43) carries TCP to 7471" \
	"$(tshark_count "$CVSW_OUT/stt.pcap" 'ipv6 && tcp.dstport == 7471')" 3
check_eq "tshark: no other context id" \
	"$(tshark -r "$CVSW_OUT/stt.pcap" $T -Y 'stt.context_id && stt.context_id != 42 &&
		stt.context_id != 43' 2>/dev/null | wc -l)" 0
check_ge "tshark: 8000-byte pings travel as segments with offsets > 0" \
	"$(tshark_count "$CVSW_OUT/stt.pcap" 'stt.seg_off > 0' $T)" 4
check_ge "tshark: inner ICMP echo decoded under STT" \
	"$(tshark_count "$CVSW_OUT/stt.pcap" 'stt && icmp.type == 8' $T)" 4
check_eq "tshark: no segment runs past its frame length (offset + data <= length)" \
	"$(tshark -r "$CVSW_OUT/stt.pcap" $T -Y 'stt.seg_off + ip.len - 40 > stt.pkt_len' 2>/dev/null |
		wc -l)" 0

n1 ethtool -K va tso on
n2 ethtool -K vb tso on
tun_file "stt with TSO on veth: nc" 4000000
tun_file_back "stt with TSO on veth: nc back" 1000000
check_delivered "tx_stt_packets(ns1) = rx_stt_packets(ns2) after TSO on" \
	ns1 tx_stt_packets ns2 rx_stt_packets
check_eq "no receive drop on ns2" \
	"$(ip netns exec ns2 ethtool -S cvsw0 | awk '$1 ~ /^rx_drop/ { s += $2 } END { print s + 0 }')" 0
