# shellcheck shell=bash
# Where the SCLP segments went with a VM tenant (TENANT=vm), sourced by scenarios after
# lib-host.sh. The tap cannot carry an SCLP super-packet (virtio_net_hdr knows only TCP and
# UDP GSO), so the host cuts what its GRO merged before the tap (sclp_offload gso_*), the
# guest's virtio-net GRO merges the segments again when sclp_offload.ko is loaded in the guest
# (guest gro_*), and cvsw reassembles whatever still arrives in pieces (rx_reasm_*) or takes a
# merged packet whole (rx_sclp_merged).

kv() { # FILE NAME: the value of "NAME value" or "NAME: value" in FILE (0 if absent)
	awk -v n="$2" '$1 == n || $1 == n ":" { v = $2 } END { print v + 0 }' "$1"
}

# The tap's packet counters from the host's side: TX goes to the guest, RX comes from it.
tap_counts() { # prints "tx_packets tx_dropped rx_packets rx_dropped"
	local d=/sys/class/net/$TENANT_TAP/statistics
	echo "$(<"$d/tx_packets") $(<"$d/tx_dropped") $(<"$d/rx_packets") $(<"$d/rx_dropped")"
}

# GRO in a /proc/net/sclp_offload snapshot: a merged packet is its first segment plus the
# segments chained onto it (gro_merged); gro_segments counts every segment GRO was offered.
gro_summary() { # FILE
	echo "took $(kv "$1" gro_segments) SCLP segments, merged $(($(kv "$1" gro_packets) +
		$(kv "$1" gro_merged))) of them into $(kv "$1" gro_packets) packets"
}

# This host's report: one summary per hop on stdout; the raw counters in /tmp/seg.*, and the
# host's sclp_offload counters in $SHARE/host$HOST.sclp-offload.
segment_report() {
	local h=$SHARE/host$HOST.sclp-offload g=/tmp/seg.guest c=/tmp/seg.cvsw e=/tmp/seg.eth0 t
	cat /proc/net/sclp_offload >$h
	vm cat /proc/net/sclp_offload >$g 2>/dev/null || : >$g
	vm ethtool -S cvsw0 >$c
	# The netdev counters: virtio-net's ethtool -S names its queue counters differently in
	# 6.1 and 6.12.
	vm sh -c 'cd /sys/class/net/eth0/statistics &&
		for f in rx_packets rx_dropped tx_packets tx_dropped; do echo "$f $(cat $f)"; done' >$e
	read -r -a t <<<"$(tap_counts)"
	echo "host$HOST segments ($(tenant_env)):"
	echo "  host sclp_offload: eth0 GRO $(gro_summary $h); GSO cut $(kv $h gso_packets)" \
		"packets into $(kv $h gso_segments) segments before the tap; gso_bad $(kv $h gso_bad)"
	echo "  tap $TENANT_TAP: ${t[0]} packets to the guest (${t[1]} dropped)," \
		"${t[2]} from the guest (${t[3]} dropped)"
	echo "  guest eth0 (virtio-net): rx $(kv $e rx_packets) packets ($(kv $e rx_dropped)" \
		"dropped), tx $(kv $e tx_packets) packets ($(kv $e tx_dropped) dropped)"
	if [ -s $g ]; then
		echo "  guest sclp_offload: GRO $(gro_summary $g); GSO cut $(kv $g gso_packets)" \
			"packets into $(kv $g gso_segments) segments before virtio-net"
	else
		echo "  guest sclp_offload: not loaded"
	fi
	echo "  guest cvsw0: rx_sclp_segments $(kv $c rx_sclp_segments), rx_sclp_merged" \
		"$(kv $c rx_sclp_merged), rx_reasm_done $(kv $c rx_reasm_done)," \
		"rx_reasm_frags_in $(kv $c rx_reasm_frags_in), rx_reasm_ooo $(kv $c rx_reasm_ooo)," \
		"drops $(awk '$1 ~ /^rx_drop_/ { s += $2 } END { print s + 0 }' $c)"
}

# Host 1's verdicts (VM tenant), printed as result lines; fails when one does not hold.
# A: host 1 tenant's cvsw counters after the file crossed without guest GRO; B: at the end;
# OFFLOAD: host 1's /proc/net/sclp_offload at the end (segment_report).
tenant_verdicts() { # STATS_A STATS_END OFFLOAD HOST2_REPORT
	local a=$1 b=$2 o=$3 r=0 n
	n=$(kv "$a" rx_reasm_done)
	if [ "$n" -gt 0 ] && [ "$(kv "$a" rx_sclp_merged)" = 0 ]; then
		echo "guest cvsw without guest GRO: $n SCLP datagrams reassembled, 0 merged: ok"
	else
		echo "guest cvsw without guest GRO: rx_reasm_done $n, rx_sclp_merged" \
			"$(kv "$a" rx_sclp_merged): FAILED"; r=1
	fi
	n=$(($(kv "$b" rx_sclp_merged) - $(kv "$a" rx_sclp_merged)))
	if [ "$n" -gt 0 ]; then
		echo "guest cvsw with sclp_offload.ko in the guest: $n GRO-merged packets taken whole: ok"
	else
		echo "guest cvsw with sclp_offload.ko in the guest: no GRO-merged packet: FAILED"; r=1
	fi
	if [ "$(kv "$o" gso_bad)" = 0 ] && [ "$(kv "$o" gso_packets)" -gt 0 ]; then
		echo "host 1 cut $(kv "$o" gso_packets) merged SCLP packets before the tap, none refused: ok"
	else
		echo "host 1 gso_packets $(kv "$o" gso_packets), gso_bad $(kv "$o" gso_bad): FAILED"; r=1
	fi
	cat "$SHARE/host1.segments" "$4"
	return $r
}

# Host 1's tap, SCLP only, while the files cross. The tap's checksum offload stays off
# meanwhile: with it on, the segments the host cuts for the guest leave with their checksum
# unfilled (virtio-net passes NEEDS_CSUM and the guest trusts it), so a capture could not show
# that they obey the checksum rule; with it off the host fills every checksum and the guest
# verifies them.
capture_start() {
	ethtool -K "$TENANT_TAP" tx off >/dev/null
	tcpdump -i "$TENANT_TAP" -s 0 -w /tmp/tap.pcap 'ip proto 234' 2>/tmp/tcpdump.err &
	CAPTURE_PID=$!
	local i
	for ((i = 0; i < 300; i++)); do
		grep -q 'listening on' /tmp/tcpdump.err && return 0
		sleep 0.2
	done
	echo "tcpdump did not start: $(cat /tmp/tcpdump.err)" >&2
}

capture_stop() {
	kill -INT "$CAPTURE_PID" 2>/dev/null || true
	wait "$CAPTURE_PID" 2>/dev/null || true
	ethtool -K "$TENANT_TAP" tx on >/dev/null
	cp /tmp/tap.pcap "$SHARE/host1.tap.pcap" 2>/dev/null || true
}

# The capture decoded by tshark with our dissector (segments per direction) and checked by
# tools/sclp-check.py (every segment obeys the paper's rules).
capture_verdicts() {
	local r=0 to from chk
	read -r to from <<<"$(tshark -X "lua_script:$CVSW_TOP/tools/wireshark/sclp.lua" \
		-r /tmp/tap.pcap -Y sclp -T fields -E occurrence=f -e ip.dst 2>/dev/null |
		awk -v me="$UNDERLAY.$HOST" '$1 == me { t++ } $1 != me { f++ }
			END { print t + 0, f + 0 }')"
	if [ "$to" -gt 0 ] && [ "$from" -gt 0 ]; then
		echo "tap capture, tshark with sclp.lua: $to SCLP segments to the guest, $from from it: ok"
	else
		echo "tap capture, tshark with sclp.lua: $to to the guest, $from from it: FAILED"; r=1
	fi
	if chk=$(/usr/bin/python3 "$CVSW_TOP/tools/sclp-check.py" /tmp/tap.pcap 2>&1); then
		echo "tap capture, sclp-check.py: $(tail -n 1 <<<"$chk")"
	else
		echo "tap capture, sclp-check.py: FAILED: $(tail -n 3 <<<"$chk" | tr '\n' ' ')"; r=1
	fi
	return $r
}
