#!/bin/bash
# timeout: 500
# cvsw NVGRE (RFC 7637) between two netns over a veth: ping over the IPv4 and IPv6 underlays,
# iperf3 TCP (GSO frames handed down whole as SKB_GSO_GRE) and UDP, a 4 MB file with equal
# SHA-256, exact counters; tshark decodes GRE protocol 0x6558 with key VSID<<8|FlowID; then
# interoperation both ways with the kernel's gretap (key 42<<8|7) replacing ns2's cvsw.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"
source "$(dirname "$0")/cvsw_tunnels_env.bash"

tun_setup "nvgre,flowid=7"
tunnels_traffic nvgre "ip proto 47 or ip6 proto 47" "$CVSW_OUT/nvgre.pcap" \
	tx_nvgre_packets rx_nvgre_packets
check_eq "tshark: GRE keys = VSID 42/43 << 8 | FlowID 7" \
	"$(tshark_vals "$CVSW_OUT/nvgre.pcap" gre.key -Y gre)" \
	"$(printf '0x%08x 0x%08x ' $((42 << 8 | 7)) $((43 << 8 | 7)))"
check_eq "tshark: GRE protocol is 0x6558 (TEB)" \
	"$(tshark_vals "$CVSW_OUT/nvgre.pcap" gre.proto -Y gre)" "0x6558 "
check_eq "tshark: no GRE checksum or sequence bit" \
	"$(tshark_vals "$CVSW_OUT/nvgre.pcap" gre.flags_and_version -Y gre)" "0x2000 "
check_eq "tshark: inner ICMP echo decoded under GRE" \
	"$(tshark_count "$CVSW_OUT/nvgre.pcap" 'gre && icmp.type == 8' |
		awk '$1 >= 4 { print "yes" }')" yes

# Interop: ns2's end becomes a kernel gretap with the same key.
n2 ip link del cvsw0
modprobe ip_gre
n2 ip link add gt9 type gretap key $((42 << 8 | 7)) local 192.0.2.2 remote 192.0.2.1
n2 ip addr add 10.0.0.2/24 dev gt9
n2 ip link set gt9 up
n1 ip neigh flush dev cvsw0
capture_start ns1 va "ip proto 47" "$CVSW_OUT/nvgre-gretap.pcap"
require "interop: ping cvsw -> kernel gretap" n1 ping -c 3 -W 5 10.0.0.2
check "interop: ping kernel gretap -> cvsw" n2 ping -c 3 -W 5 10.0.0.1
capture_stop
check_eq "interop: kernel gretap sends key 42<<8|7" \
	"$(tshark_vals "$CVSW_OUT/nvgre-gretap.pcap" gre.key -Y 'ip.src == 192.0.2.2')" \
	"$(printf '0x%08x ' $((42 << 8 | 7)))"
n2 ip link set gt9 mtu 1450
tun_file "interop gretap: nc cvsw -> gretap" 2000000
tun_file_back "interop gretap: nc gretap -> cvsw" 1000000
tun_iperf_server
read -r bps retr <<<"$(tun_iperf_tcp 3)"
check_ge "interop gretap: iperf3 TCP Mbit/s" "$((bps / 1000000))" 1
check_eq "interop gretap: no cvsw receive drop" \
	"$(ip netns exec ns1 ethtool -S cvsw0 | awk '$1 ~ /^rx_drop/ { s += $2 } END { print s + 0 }')" 0
