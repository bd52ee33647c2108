#!/bin/bash
# timeout: 600
# cvsw Geneve (RFC 8926, UDP 6081) between two netns over a veth, with a Geneve option from
# the encap action (class 0x0102 type 1, 4 bytes): ping over both underlays, iperf3 TCP and
# UDP, a 4 MB file with equal SHA-256, exact counters; tshark decodes VNI 42/43 and the option;
# tun_opt= rules match the received option (a drop rule on it stops pings, one on other data
# does not); then interoperation both ways with a kernel geneve device (id 42) replacing ns2's
# cvsw, with cvsw sending the option (non-critical: the kernel skips it) and without.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"
source "$(dirname "$0")/cvsw_tunnels_env.bash"

OPT=0x0102:0x01:0xdeadbeef
tun_setup "geneve,opt=$OPT"
# 8 option bytes on top of the 50 of UDP tunnels: keep outer packets within the veth MTU.
n1 ip link set cvsw0 mtu 1400
n2 ip link set cvsw0 mtu 1400
tunnels_traffic geneve "udp port 6081" "$CVSW_OUT/geneve.pcap" tx_geneve_packets rx_geneve_packets
check_eq "tshark: Geneve VNIs 42, 43" \
	"$(tshark_vals "$CVSW_OUT/geneve.pcap" geneve.vni -Y geneve)" \
	"0x00002a 0x00002b "
check_ge "tshark: option class 0x0102 type 1 with data 0xdeadbeef in the echo requests" \
	"$(tshark -r "$CVSW_OUT/geneve.pcap" -Y 'geneve.option.class == 0x0102 &&
		geneve.option.type == 1 && geneve.option.unknown.data == de:ad:be:ef &&
		icmp.type == 8' 2>/dev/null | wc -l)" 4
check_eq "tshark: no Geneve packet without the option" \
	"$(tshark_count "$CVSW_OUT/geneve.pcap" 'geneve && !geneve.option')" 0

# tun_opt= sees the first option of received packets.
flow ns2 "priority=40,in_port=tunnel,tun_id=42,tun_opt=$OPT,icmp,actions=drop"
check_fail "tun_opt drop rule on the option: ping fails" n1 ping -c 2 -W 1 10.0.0.2
n2 cvsw-ctl flow del dev cvsw0 --strict "priority=40,in_port=tunnel,tun_id=42,tun_opt=$OPT,icmp"
flow ns2 "priority=40,in_port=tunnel,tun_id=42,tun_opt=0x0102:0x01:0x12345678,icmp,actions=drop"
check "tun_opt drop rule on other data: ping passes" n1 ping -c 2 -W 5 10.0.0.2

# Interop: ns2's end becomes a kernel geneve device.
n2 ip link del cvsw0
modprobe geneve
n2 ip link add gnv9 type geneve id 42 remote 192.0.2.1
n2 ip link set gnv9 mtu 1400
n2 ip addr add 10.0.0.2/24 dev gnv9
n2 ip link set gnv9 up
n1 ip neigh flush dev cvsw0
capture_start ns1 va "udp port 6081" "$CVSW_OUT/geneve-kernel.pcap"
require "interop: ping cvsw (with option) -> kernel geneve" n1 ping -c 3 -W 5 10.0.0.2
check "interop: ping kernel geneve -> cvsw" n2 ping -c 3 -W 5 10.0.0.1
capture_stop
check_eq "interop: the kernel sends VNI 42 without options" \
	"$(tshark_vals "$CVSW_OUT/geneve-kernel.pcap" geneve.vni \
		-Y 'ip.src == 192.0.2.2 && !geneve.option')" \
	"0x00002a "
check_ge "interop: cvsw sent the option to the kernel" \
	"$(tshark_count "$CVSW_OUT/geneve-kernel.pcap" \
		'ip.src == 192.0.2.1 && geneve.option.class == 0x0102')" 3
tun_file "interop geneve (option): nc cvsw -> kernel" 2000000
tun_file_back "interop geneve: nc kernel -> cvsw" 1000000

# Without options: cvsw's tx rule for ID 42 replaced.
n1 cvsw-ctl flow del dev cvsw0 --strict "priority=10,in_port=local"
flow ns1 "priority=10,in_port=local,actions=encap(geneve,vni=42,remote=192.0.2.2),output"
capture_start ns1 va "udp port 6081" "$CVSW_OUT/geneve-kernel-noopt.pcap"
check "interop: ping cvsw (no option) -> kernel geneve" n1 ping -c 3 -W 5 10.0.0.2
capture_stop
check_eq "interop: cvsw sent no option" \
	"$(tshark_count "$CVSW_OUT/geneve-kernel-noopt.pcap" 'ip.src == 192.0.2.1 && geneve.option')" 0
tun_iperf_server
read -r bps retr <<<"$(tun_iperf_tcp 3)"
check_ge "interop geneve: iperf3 TCP Mbit/s" "$((bps / 1000000))" 1
tun_file "interop geneve: nc cvsw -> kernel" 2000000
check_eq "interop geneve: no cvsw receive drop" \
	"$(ip netns exec ns1 ethtool -S cvsw0 | awk '$1 ~ /^rx_drop/ { s += $2 } END { print s + 0 }')" 0
