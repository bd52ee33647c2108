# shellcheck shell=bash
# Shared by cvsw_nvgre.sh, cvsw_geneve.sh, cvsw_stt.sh, cvsw_sclp_geneve.sh (sourced after
# lib.sh and cvsw_tun_env.bash; no .sh suffix, so the harness does not run it).

# Traffic over the tunnel set up by tun_setup ENCAP (ID 42 over IPv4, 43 over IPv6), captured
# on va into FILE: ping both underlays and both ways, iperf3 TCP and UDP, a 4 MB file with equal
# SHA-256, no drop counted on either side, TXSTAT(ns1) = RXSTAT(ns2) and back.
tunnels_traffic() { # NAME CAPFILTER FILE TXSTAT RXSTAT
	local name=$1 filt=$2 pcap=$3 tx=$4 rx=$5 ns bps retr got lost
	capture_start ns1 va "$filt" "$pcap"
	require "$name: ping 10.0.0.2 (ID 42, IPv4 underlay)" n1 ping -c 3 -W 5 10.0.0.2
	check "$name: ping 10.0.6.2 (ID 43, IPv6 underlay)" n1 ping -c 3 -W 5 10.0.6.2
	check "$name: ping back from ns2" n2 ping -c 2 -W 5 10.0.0.1
	check "$name: ping 8000-byte datagrams" n1 ping -c 2 -W 5 -s 8000 10.0.0.2
	capture_stop

	tun_iperf_server
	read -r bps retr <<<"$(tun_iperf_tcp 3)"
	check_ge "$name: iperf3 TCP Mbit/s" "$((bps / 1000000))" 1
	echo "  $name iperf3 TCP: $((bps / 1000000)) Mbit/s, $retr retransmits"
	tun_iperf_server
	read -r got lost <<<"$(tun_iperf_udp 3 20M)"
	check_ge "$name: iperf3 UDP datagrams received" "$got" 100
	echo "  $name iperf3 UDP 20M: $got received, $lost lost"
	tun_file "$name: nc" 4000000

	check_eq "$name: no tx error/no-route/no-flow on ns1" \
		"$(cstat ns1 tx_drop_error) $(cstat ns1 tx_drop_no_route) $(cstat ns1 tx_drop_no_flow)" \
		"0 0 0"
	for ns in ns1 ns2; do
		check_eq "$name: $ns: no receive drop counted" \
			"$(ip netns exec $ns ethtool -S cvsw0 |
				awk '$1 ~ /^rx_drop/ { s += $2 } END { print s + 0 }')" 0
	done
	check_ge "$name: $tx(ns1) counts the traffic" "$(cstat ns1 "$tx")" 1000
	# Background frames (IPv6 ND/MLD also ride the tunnel) may be in flight: check_delivered
	# reads received before sent and lets them land.
	check_delivered "$name: $tx(ns1) = $rx(ns2)" ns1 "$tx" ns2 "$rx"
	check_delivered "$name: $tx(ns2) = $rx(ns1)" ns2 "$tx" ns1 "$rx"
	check_eq "$name: no VXLAN counted" "$(cstat ns1 tx_vxlan_packets)$(cstat ns2 rx_vxlan_packets)" 00
}

# Distinct values of tshark FIELDS (one line, space-separated, sorted) in FILE.
tshark_vals() { # FILE FIELD [tshark args...]
	local f=$1 field=$2
	shift 2
	tshark -r "$f" "$@" -T fields -e "$field" 2>/dev/null | tr ',' '\n' | sed '/^$/d' |
		sort -u | tr '\n' ' '
}

# As tun_file, from ns2 to ns1 (10.0.0.1).
tun_file_back() { # NAME SIZE
	tun_file_from ns2 ns1 10.0.0.1 5002 "$1" "$2"
}

# Packets of FILE matching the display FILTER.
tshark_count() { # FILE FILTER [tshark args...]
	local f=$1 filt=$2
	shift 2
	tshark -r "$f" "$@" -Y "$filt" 2>/dev/null | wc -l
}
