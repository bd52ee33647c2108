#!/bin/bash
# vms: 1
# timeout: 600
# Flows with different tunnels to different remotes on one cvsw device: ns1's cvsw0 sends
# inner 10.0.1.0/24 by VXLAN (VNI 101) to 192.0.2.2, 10.0.2.0/24 by NVGRE (VSID 102) to
# 192.0.2.3, 10.0.3.0/24 by Geneve with an option (VNI 103) to 192.0.2.4, 10.0.4.0/24 by STT
# (context 104) to 192.0.2.5 and 10.0.5.0/24 by Geneve over SCLP (VNI 105) to 2001:db8::2;
# ns2's cvsw0 answers each the same way to 192.0.2.1. Pings and a file per tunnel (equal
# SHA-256), per-tunnel counters equal on both ends, and the capture shows each remote
# address receiving only its own tunnel, with its own ID.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"
source "$(dirname "$0")/cvsw_tunnels_env.bash"

OPT=0x0102:0x01:0xdeadbeef
tun_netns
for a in 3 4 5; do n2 ip addr add 192.0.2.$a/24 dev vb; done
mod_load sclp_offload
on_exit "rmmod sclp_offload"
mod_load cvsw
on_exit "rmmod cvsw"
tun_devs
# 8 option bytes on top of the 50 of UDP tunnels.
n1 ip link set cvsw0 mtu 1400
n2 ip link set cvsw0 mtu 1400
encap_of() { # K REMOTE
	case $1 in
	1) echo "vxlan,vni=101,remote=$2" ;;
	2) echo "nvgre,vni=102,remote=$2" ;;
	3) echo "geneve,vni=103,remote=$2,opt=$OPT" ;;
	4) echo "stt,vni=104,remote=$2" ;;
	5) echo "sclp-geneve,vni=105,remote=$2" ;;
	esac
}
remote_of() { # K
	case $1 in 5) echo 2001:db8::2 ;; *) echo "192.0.2.$(($1 + 1))" ;; esac
}
mac1=$(n1 cat /sys/class/net/cvsw0/address)
mac2=$(n2 cat /sys/class/net/cvsw0/address)
for k in 1 2 3 4 5; do
	n1 ip addr add 10.0.$k.1/24 dev cvsw0
	n2 ip addr add 10.0.$k.2/24 dev cvsw0
	flow ns1 "priority=20,ip,nw_dst=10.0.$k.2,actions=encap($(encap_of $k "$(remote_of $k)")),output"
	flow ns2 "priority=20,ip,nw_dst=10.0.$k.1,actions=encap($(encap_of $k 192.0.2.1)),output"
	for ns in ns1 ns2; do
		flow $ns "priority=10,in_port=tunnel,tun_id=10$k,actions=decap"
	done
done
tun_up
# No ARP rule: the neighbours are static, so every frame that moves is one of the five flows.
for k in 1 2 3 4 5; do
	n1 ip neigh replace 10.0.$k.2 lladdr "$mac2" dev cvsw0 nud permanent
	n2 ip neigh replace 10.0.$k.1 lladdr "$mac1" dev cvsw0 nud permanent
done

capture_start ns1 va "ip proto 47 or udp port 6081 or udp port 4789 or tcp port 7471 or ip6" \
	"$CVSW_OUT/mixed.pcap"
names=(x vxlan nvgre geneve stt sclp-geneve)
for k in 1 2 3 4 5; do
	check "ping 10.0.$k.2 over ${names[$k]}" n1 ping -c 3 -W 5 10.0.$k.2
done
capture_stop
for k in 1 2 3 4 5; do
	tun_file "${names[$k]}: nc to 10.0.$k.2" 1000000 10.0.$k.2
done

for t in vxlan nvgre geneve stt sclp_geneve; do
	check_ge "tx_${t}_packets(ns1) counted" "$(cstat ns1 tx_${t}_packets)" 3
	check_delivered "tx_${t}_packets(ns1) = rx_${t}_packets(ns2)" \
		ns1 "tx_${t}_packets" ns2 "rx_${t}_packets"
	check_delivered "tx_${t}_packets(ns2) = rx_${t}_packets(ns1)" \
		ns2 "tx_${t}_packets" ns1 "rx_${t}_packets"
done
for ns in ns1 ns2; do
	check_eq "$ns: no receive drop, tx error or no-route counted" \
		"$(ip netns exec $ns ethtool -S cvsw0 |
			awk '$1 ~ /^rx_drop|^tx_drop_(error|no_route)/ { s += $2 } END { print s + 0 }')" 0
done

P=$CVSW_OUT/mixed.pcap
# STT is a heuristic dissector on IP, tried before TCP only with this preference.
TS=(-o ip.try_heuristic_first:TRUE -X "lua_script:$CVSW_TOP/tools/wireshark/sclp.lua")
tsv() { tshark_vals "$P" "$2" "${TS[@]}" -Y "$1"; }
check_eq "to 192.0.2.2: VXLAN VNI 101 only" "$(tsv 'ip.dst == 192.0.2.2' vxlan.vni)" "101 "
check_eq "to 192.0.2.2: nothing but VXLAN" "$(tsv 'ip.dst == 192.0.2.2 && !vxlan' frame.number)" ""
check_eq "to 192.0.2.3: NVGRE key 102<<8 only" "$(tsv 'ip.dst == 192.0.2.3' gre.key)" \
	"$(printf '0x%08x ' $((102 << 8)))"
check_eq "to 192.0.2.3: nothing but GRE" "$(tsv 'ip.dst == 192.0.2.3 && !gre' frame.number)" ""
check_eq "to 192.0.2.4: Geneve VNI 103 only" "$(tsv 'ip.dst == 192.0.2.4' geneve.vni)" "0x000067 "
check_eq "to 192.0.2.4: nothing but Geneve with the option" \
	"$(tsv 'ip.dst == 192.0.2.4 && !geneve.option' frame.number)" ""
check_ge "to 192.0.2.5: STT context 104" \
	"$(tshark_count "$P" 'ip.dst == 192.0.2.5 && stt.context_id == 104' "${TS[@]}")" 3
check_eq "to 192.0.2.5: nothing but STT" "$(tsv 'ip.dst == 192.0.2.5 && !stt' frame.number)" ""
check_eq "to 2001:db8::2: SCLP with Geneve VNI 105" \
	"$(tsv 'ipv6.dst == 2001:db8::2 && geneve' geneve.vni)" "0x000069 "
check_eq "to 2001:db8::2: no other tunnel" \
	"$(tsv 'ipv6.dst == 2001:db8::2 && (vxlan || gre || udp || tcp)' frame.number)" ""
