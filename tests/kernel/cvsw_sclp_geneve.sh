#!/bin/bash
# timeout: 600
# cvsw Geneve over SCLP (Geneve header and options as the SCLP payload's tunnel header, SCLP
# port 6081) between two netns over a veth, in GSO mode (the super-packet crosses the veth
# whole: it claims SKB_GSO_FRAGLIST; sclp_offload.ko would cut it at a NIC) and in SW mode
# (cvsw cuts the segments, the peer reassembles them): ping over both underlays, iperf3 TCP and UDP, a 4 MB file with equal SHA-256, exact
# counters; the capture, through tools/wireshark/sclp.lua, shows SCLP to port 6081 whose first
# segments decode as Geneve with VNI 42/43 and the option.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"
source "$(dirname "$0")/cvsw_tunnels_env.bash"

export IP_LIB_DIR=$CVSW_TOP/tools/iproute2 # "type cvsw" parameters
OPT=0x0102:0x01:0xdeadbeef
mod_load sclp_offload
on_exit "rmmod sclp_offload"
tun_setup "sclp-geneve,opt=$OPT"
tunnels_traffic sclp-geneve "ip proto 234 or ip6 proto 234" "$CVSW_OUT/sclp-geneve.pcap" \
	tx_sclp_geneve_packets rx_sclp_geneve_packets
check_ge "GSO mode: super-packets crossed the veth whole (rx_sclp_merged on ns2)" \
	"$(cstat ns2 rx_sclp_merged)" 10
L="-X lua_script:$CVSW_TOP/tools/wireshark/sclp.lua"
check_eq "tshark+sclp.lua: SCLP destination port" \
	"$(tshark_vals "$CVSW_OUT/sclp-geneve.pcap" sclp.dstport $L -Y sclp)" "6081 "
check_eq "tshark+sclp.lua: Geneve VNIs in first segments" \
	"$(tshark_vals "$CVSW_OUT/sclp-geneve.pcap" geneve.vni $L -Y 'sclp && geneve')" \
	"0x00002a 0x00002b "
check_ge "tshark+sclp.lua: the option in the echo requests" \
	"$(tshark -r "$CVSW_OUT/sclp-geneve.pcap" $L -Y 'geneve.option.class == 0x0102 &&
		geneve.option.type == 1 && icmp.type == 8' 2>/dev/null | wc -l)" 4
# The 8000-byte pings leave cvsw0 (MTU 1450) as inner IP fragments whose payload, with the
# Geneve header and option, exceeds one SCLP segment: each crosses the veth as one packet.
check_ge "tshark+sclp.lua: payloads above one segment cross the veth whole (F=1, remaining 0)" \
	"$(tshark_count "$CVSW_OUT/sclp-geneve.pcap" \
		'sclp.first == 1 && sclp.remaining == 0 && frame.len > 1514' $L)" 4

# SW mode: cvsw cuts the segments itself.
tun_devs_del
tun_devs sclp_tx_mode sw
tun_flows "sclp-geneve,opt=$OPT"
tun_up
require "SW mode: ping" n1 ping -c 3 -W 5 10.0.0.2
tun_file "sclp-geneve SW mode: nc" 4000000
check_ge "SW mode: tx_sclp_sw_segments(ns1) counted" "$(cstat ns1 tx_sclp_sw_segments)" 2700
check_ge "SW mode: payloads reassembled on ns2" "$(cstat ns2 rx_reasm_done)" 10
check_delivered "SW mode: tx_sclp_geneve_packets(ns1) = rx_sclp_geneve_packets(ns2)" \
	ns1 tx_sclp_geneve_packets ns2 rx_sclp_geneve_packets
check_eq "SW mode: no receive drop on ns2" \
	"$(ip netns exec ns2 ethtool -S cvsw0 | awk '$1 ~ /^rx_drop/ { s += $2 } END { print s + 0 }')" 0
