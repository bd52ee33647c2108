#!/bin/bash
# vms: 1
# smp: 2
# mem: 1536
# timeout: 900
# The SCLP fast path end to end (issue 14), on two "hosts" joined by a "wire":
#
#   t1: cvsw0 on ta --veth-- ha [switch of h1] ua ==wire== ub [switch of h2] hb --veth-- tb :t2
#
# Tenants t1, t2 (netns) run cvsw0 (VXLAN over SCLP, AUTO -> gso with sclp_offload.ko loaded).
# The wire ua/ub is a veth with tx-gso-list off and TSO on: it stands for a NIC, which claims
# no NETIF_F_GSO_FRAGLIST, so the core segments SCLP super-packets there (our GSO) while TCP
# offload is on; GRO on its receiving end merges the segments again. The switches are Linux
# bridges (mode "bridge") or, in mode "ovs", host 1 is Open vSwitch's kernel datapath (in the
# root netns, where ovs-vswitchd runs) and host 2 a bridge. Each mode checks, both ways:
#   - a 4 MB file (sha256) t1 -> t2 and t2 -> t1;
#   - SCLP frames above 1514 bytes on the tenant veths: cvsw's super-packets leaving, GRO-merged
#     ones arriving (they crossed the switch whole);
#   - no SCLP frame above 1514 bytes on the wire, with TSO off and with TSO on;
#   - counters: the receiving host merged (gro_packets) and did not cut again (gso_packets 0 in
#     its netns while only data flows towards its tenant); the receiving cvsw saw merged
#     payloads (rx_sclp_merged) and delivered TCP super-frames as GSO (rx_gso_frames);
#   - tx-gso-list off on the tenant's veth: the super-packet is cut there instead, same bytes;
#   - t2 routes the delivered frames on to a third netns over a veth with TSO off: the TCP
#     super-frames cvsw delivered (GSO-marked, copied into page frags) are cut again by the
#     core's software GSO, MTU-sized, and a file arrives intact.
source "$(dirname "$0")/lib.sh"

CAP=$CVSW_OUT
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

at() { local ns=$1; shift; if [ "$ns" = root ]; then "$@"; else ip netns exec "$ns" "$@"; fi; }
cstat() { ip netns exec "$1" ethtool -S cvsw0 | awk -v n="$2:" '$1 == n { print $2 }'; }
# Nonzero rx_drop_* counters of cvsw0 in NS but reassembly timeouts, which only a segment
# lost below cvsw causes (checked against below_drops).
rxdrops() {
	ip netns exec "$1" ethtool -S cvsw0 | awk '$1 ~ /^rx_drop/ && $1 != "rx_drop_reasm_timeout:" &&
		$2 > 0 { printf "%s %s ", $1, $2 }'
}
# Packets the devices below cvsw dropped: every veth's rx/tx drops (a full NAPI ring under a
# starved TCG guest), in every netns, plus the OVS datapath's lost upcalls.
below_drops() {
	local ns n=0 d
	for ns in root t1 t2 h1 h2; do
		d=$(at $ns ip -s -j link show type veth 2>/dev/null | python3 -c '
import json, sys
print(sum(l["stats64"]["rx"]["dropped"] + l["stats64"]["tx"]["dropped"] for l in json.load(sys.stdin)))' \
			2>/dev/null) || d=0
		n=$((n + ${d:-0}))
	done
	d=$(ovs-dpctl show 2>/dev/null | sed -n 's/.*lost:\([0-9]*\).*/\1/p' | head -1)
	echo $((n + ${d:-0}))
}
ostat() { at "$1" cat /proc/net/sclp_offload | awk -v n="$2" '$1 == n { print $2 }'; }

sysctl -qw net.core.netdev_max_backlog=100000
modprobe veth
modprobe bridge
mod_load sclp_offload
on_exit "rmmod sclp_offload"
mod_load cvsw
on_exit "rmmod cvsw"

for ns in t1 t2 h1 h2; do
	ip netns add $ns
	on_exit "ip netns del $ns"
	at $ns ip link set lo up
done

# SWITCH NS NAME PORTS...: a bridge in NS, or (root) an OVS bridge.
switch_up() {
	local ns=$1 name=$2 p
	shift 2
	if [ "$ns" = root ]; then
		ovs-vsctl add-br "$name"
		on_exit "ovs-vsctl --if-exists del-br $name"
		for p in "$@"; do ovs-vsctl add-port "$name" "$p"; done
	else
		at "$ns" ip link add "$name" type bridge
		for p in "$@"; do at "$ns" ip link set "$p" master "$name"; done
	fi
	at "$ns" ip link set "$name" up
}

start_ovs() {
	modprobe openvswitch
	mkdir -p /run/openvswitch /var/log/openvswitch
	ovsdb-tool create /run/openvswitch/conf.db /usr/share/openvswitch/vswitch.ovsschema
	# Their console output goes to files of their own: a daemon that reopens the test's
	# output writes over it from offset 0.
	ovsdb-server /run/openvswitch/conf.db --remote=punix:/run/openvswitch/db.sock \
		--pidfile --detach --log-file="$CAP/ovsdb-server.log" >"$CAP/ovsdb-server.out" 2>&1
	on_exit "ovs-appctl -t ovsdb-server exit"
	ovs-vsctl --no-wait init
	ovs-vsctl --no-wait set Open_vSwitch . other_config:n-handler-threads=1 \
		other_config:n-revalidator-threads=1
	ovs-vswitchd --pidfile --detach --log-file="$CAP/ovs-vswitchd.log" \
		>"$CAP/ovs-vswitchd.out" 2>&1
	on_exit "ovs-appctl -t ovs-vswitchd exit"
}

# topology MODE: h1's switch is a bridge in netns h1 (bridge) or OVS in the root netns (ovs).
H1=h1
topology() {
	[ "$1" = ovs ] && H1=root || H1=h1
	ip link add ta type veth peer name ha
	ip link add ua type veth peer name ub
	ip link add hb type veth peer name tb
	ip link set ta netns t1
	[ "$H1" = h1 ] && ip link set ha netns h1 && ip link set ua netns h1
	ip link set ub netns h2
	ip link set hb netns h2
	ip link set tb netns t2
	local d
	for d in "t1 ta" "$H1 ha" "$H1 ua" "h2 ub" "h2 hb" "t2 tb"; do
		set -- $d
		at "$1" ip link set "$2" up
		# GRO needs NAPI on a veth; it merges SCLP on the wire's ends (sclp_offload.ko).
		at "$1" ethtool -K "$2" gro on >/dev/null
	done
	# The wire: no GSO_FRAGLIST, as on a NIC; 1500-byte frames.
	at "$H1" ethtool -K ua tso off tx-gso-list off >/dev/null
	at h2 ethtool -K ub tso off tx-gso-list off >/dev/null
	switch_up "$H1" s1 ha ua
	switch_up h2 s2 ub hb
	at t1 ip addr add 192.0.2.1/24 dev ta
	at t2 ip addr add 192.0.2.2/24 dev tb
	local i lower peer
	for i in 1 2; do
		lower=ta peer=2
		[ $i = 2 ] && lower=tb peer=1
		at t$i ip link add cvsw0 link $lower type cvsw
		at t$i ip addr add 10.0.0.$i/24 dev cvsw0
		at t$i cvsw-ctl flow add dev cvsw0 \
			"priority=10,in_port=local,actions=encap(sclp-vxlan,vni=42,remote=192.0.2.$peer),output"
		at t$i cvsw-ctl flow add dev cvsw0 "priority=10,in_port=tunnel,tun_id=42,actions=decap"
	done
	# Up only once both have their flows: cvsw0's first IPv6 MLD report is tunnelled too.
	at t1 ip link set cvsw0 up
	at t2 ip link set cvsw0 up
}

topology_down() {
	at t1 ip link del ta 2>/dev/null || true
	at t2 ip link del tb 2>/dev/null || true
	at "$H1" ip link del ua 2>/dev/null || true
	at t1 ip link del cvsw0 2>/dev/null || true
	at t2 ip link del cvsw0 2>/dev/null || true
	if [ "$H1" = root ]; then ovs-vsctl --if-exists del-br s1; else at h1 ip link del s1; fi
	at h2 ip link del s2 2>/dev/null || true
}

# cap NS DEV FILE [FILTER]: SCLP frames (or FILTER) on DEV, 96 bytes of each, in the background.
# Not through at(): a backgrounded function is a subshell, and killing it left dumpcap running,
# so the next capture to the same file mixed in frames of the previous one (a receiving end's
# GRO-merged frames once counted as "on the wire"). ip netns exec execs dumpcap: $! is dumpcap.
caps=()
cap() {
	local ns=$1 dev=$2 file=$3 filter=${4:-ip proto 234}

	rm -f "$file"
	if [ "$ns" = root ]; then
		dumpcap -q -s 96 -i "$dev" -f "$filter" -w "$file" >/dev/null 2>&1 &
	else
		ip netns exec "$ns" dumpcap -q -s 96 -i "$dev" -f "$filter" -w "$file" >/dev/null 2>&1 &
	fi
	caps+=($!)
}
caps_stop() {
	sleep 1
	kill "${caps[@]}" 2>/dev/null || true
	wait "${caps[@]}" 2>/dev/null || true
	caps=()
}
# frames PCAP SRC: "count max_len" of SCLP frames from underlay address SRC
frames() {
	tshark -r "$1" -Y "ip.src == $2" -T fields -e frame.len 2>/dev/null |
		awk '{ n++; if ($1 > m) m = $1 } END { print n + 0, m + 0 }'
}

# send NAME FROM TO: a 4 MB file by nc from tenant FROM to tenant TO, sha256 compared.
send() {
	local name=$1 from=$2 to=$3 src=$tmp/in dst=$tmp/out
	head -c 4000000 /dev/urandom >"$src"
	rm -f "$dst"
	at "t$to" timeout 90 nc -l 5001 >"$dst" &
	local lpid=$!
	wait_until 10 at "t$to" sh -c "ss -ltn | grep -q ':5001 '"
	at "t$from" timeout 90 nc -N "10.0.0.$to" 5001 <"$src" || true
	wait "$lpid" || true
	check_eq "$name: 4 MB t$from -> t$to, sha256" "$(sha256sum <"$dst" | cut -d' ' -f1)" \
		"$(sha256sum <"$src" | cut -d' ' -f1)"
	echo "  $name: t$to drops so far: $(rxdrops "t$to")"
}

# one direction FROM TO: file, captures on the sending tenant's veth, the wire and the
# receiving tenant's veth, counters of the receiving host.
direction() {
	# The wire is captured where frames leave it: a capture after GRO shows merged frames.
	local m=$1 from=$2 to=$3 fdev=ta rdev=tb wdev=ua wns=$H1 rhost=h2 c max
	[ "$from" = 2 ] && fdev=tb rdev=ta wdev=ub wns=h2 rhost=$H1
	local gro0 gso0 merged0 gsof0
	gro0=$(ostat $rhost gro_packets) gso0=$(ostat $rhost gso_packets)
	merged0=$(cstat t$to rx_sclp_merged) gsof0=$(cstat t$to rx_gso_frames)
	cap "t$from" $fdev "$tmp/tx.pcap"
	cap "$wns" $wdev "$tmp/wire.pcap"
	cap "t$to" $rdev "$tmp/rx.pcap"
	sleep 2
	send "$m" "$from" "$to"
	caps_stop
	read -r c max <<<"$(frames "$tmp/tx.pcap" "192.0.2.$from")"
	check_ge "$m: t$from -> t$to: cvsw super-packets above 1514 bytes leave the tenant (max $max)" \
		"$max" 1515
	read -r c max <<<"$(frames "$tmp/wire.pcap" "192.0.2.$from")"
	check_ge "$m: t$from -> t$to: SCLP frames on the wire" "$c" 1000
	check_le "$m: t$from -> t$to: none above 1514 bytes on the wire" "$max" 1514
	read -r c max <<<"$(frames "$tmp/rx.pcap" "192.0.2.$from")"
	check_ge "$m: t$from -> t$to: merged frames above 1514 bytes reach the tenant whole (max $max)" \
		"$max" 1515
	check_ge "$m: t$from -> t$to: host $rhost merged (gro_packets)" \
		$(($(ostat $rhost gro_packets) - gro0)) 20
	check_eq "$m: t$from -> t$to: host $rhost cut nothing again (gso_packets)" \
		$(($(ostat $rhost gso_packets) - gso0)) 0
	check_ge "$m: t$to: cvsw got merged payloads (rx_sclp_merged)" \
		$(($(cstat t$to rx_sclp_merged) - merged0)) 20
	check_ge "$m: t$to: TCP super-frames delivered as GSO (rx_gso_frames)" \
		$(($(cstat t$to rx_gso_frames) - gsof0)) 10
	cp "$tmp/rx.pcap" "$CAP/$m-rx-t$to.pcap"
}

show_state() {
	local ns
	for ns in t1 t2; do
		echo "== $ns"; at $ns ip -d link show cvsw0; at $ns ip neigh
		at $ns ethtool -S cvsw0 | awk '$2 > 0'
	done
	for ns in "$H1" h2; do
		echo "== $ns"; at "$ns" ip -s link; at "$ns" cat /proc/net/sclp_offload | awk '$2 > 0'
	done
	[ "$H1" = root ] && ovs-vsctl show && ovs-dpctl show
	return 0
}

run_mode() {
	local m=$1 sh
	topology "$m"
	check "$m: underlay ping t1 -> t2 through both switches" at t1 ping -c 3 -W 5 192.0.2.2 ||
		show_state
	check "$m: ping over VXLAN-over-SCLP" at t1 ping -c 3 -W 5 10.0.0.2 || show_state
	for sh in t1 t2; do
		check_eq "$m: $sh: sclp_tx_mode in effect (cvsw-ctl dev show)" "$(at $sh cvsw-ctl -j dev show dev cvsw0 |
			python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["sclp_tx_mode"])')" gso
	done
	direction "$m" 1 2
	direction "$m" 2 1

	# TSO on at the wire: it still claims no GSO_FRAGLIST, so no SCLP frame leaves it whole.
	at "$H1" ethtool -K ua tso on >/dev/null
	cap "$H1" ua "$tmp/tso.pcap"
	sleep 2
	send "$m: TSO on at the wire" 1 2
	caps_stop
	read -r c max <<<"$(frames "$tmp/tso.pcap" 192.0.2.1)"
	check_ge "$m: TSO on: SCLP frames on the wire" "$c" 1000
	check_le "$m: TSO on: none above 1514 bytes on the wire (max $max)" "$max" 1514
	at "$H1" ethtool -K ua tso off >/dev/null

	# The tenant's NIC refuses FRAGLIST: our GSO cuts there, same bytes.
	at t1 ethtool -K ta tx-gso-list off >/dev/null
	local gso0
	gso0=$(ostat t1 gso_packets)
	cap t1 ta "$tmp/off.pcap"
	sleep 2
	send "$m: tx-gso-list off on t1's veth" 1 2
	caps_stop
	read -r c max <<<"$(frames "$tmp/off.pcap" 192.0.2.1)"
	check_le "$m: tx-gso-list off: nothing above 1514 bytes leaves t1 (max $max)" "$max" 1514
	check_ge "$m: tx-gso-list off: sclp_offload cut in t1 (gso_packets)" \
		$(($(ostat t1 gso_packets) - gso0)) 20
	for sh in t1 t2; do
		check_eq "$m: $sh: no rx drop" "$(rxdrops $sh)" ""
		check_le "$m: $sh: reassembly timeouts, at most the drops below cvsw ($(below_drops))" \
			"$(cstat $sh rx_drop_reasm_timeout)" "$(below_drops)"
		check_eq "$m: $sh: no tx error" "$(cstat $sh tx_drop_error)" 0
	done
	check_eq "$m: no GSO refused a super-packet (gso_bad, all netns)" \
		"$(($(ostat t1 gso_bad) + $(ostat t2 gso_bad) + $(ostat h2 gso_bad) + $(ostat $H1 gso_bad)))" 0
	[ "$m" = bridge ] && forward
	topology_down
}

# forward: t1 -> t2 (cvsw) -> routed -> t3, the last hop segmenting TCP in software.
forward() {
	local c max
	ip netns add t3
	on_exit "ip netns del t3 2>/dev/null || true"
	ip link add f2 type veth peer name f3
	ip link set f2 netns t2
	ip link set f3 netns t3
	at t2 ip addr add 10.0.9.1/24 dev f2
	at t3 ip addr add 10.0.9.2/24 dev f3
	at t2 ip link set f2 up
	at t3 ip link set f3 up
	at t3 ip link set lo up
	at t2 ethtool -K f2 tso off >/dev/null
	at t2 sysctl -qw net.ipv4.ip_forward=1
	at t1 ip route add 10.0.9.0/24 via 10.0.0.2 dev cvsw0
	at t3 ip route add default via 10.0.9.1
	local gsof0
	gsof0=$(cstat t2 rx_gso_frames)
	cap t2 f2 "$tmp/fwd.pcap" tcp
	sleep 2
	local src=$tmp/in dst=$tmp/out
	head -c 4000000 /dev/urandom >"$src"
	rm -f "$dst"
	at t3 timeout 90 nc -l 5001 >"$dst" &
	local lpid=$!
	wait_until 10 at t3 sh -c "ss -ltn | grep -q ':5001 '"
	at t1 timeout 90 nc -N 10.0.9.2 5001 <"$src" || true
	wait "$lpid" || true
	caps_stop
	check_eq "forward: 4 MB t1 -> t2 (routed) -> t3, sha256" \
		"$(sha256sum <"$dst" | cut -d' ' -f1)" "$(sha256sum <"$src" | cut -d' ' -f1)"
	check_ge "forward: t2 delivered GSO super-frames (rx_gso_frames)" \
		$(($(cstat t2 rx_gso_frames) - gsof0)) 10
	read -r c max <<<"$(tshark -r "$tmp/fwd.pcap" -Y "ip.dst == 10.0.9.2 && tcp" -T fields \
		-e frame.len 2>/dev/null | awk '{ n++; if ($1 > m) m = $1 } END { print n + 0, m + 0 }')"
	check_ge "forward: TCP segments leaving t2 towards t3" "$c" 1000
	check_le "forward: none above 1464 bytes (cvsw0's MTU 1450 + 14), re-segmented (max $max)" \
		"$max" 1464
	ip netns del t3
}

run_mode bridge
if command -v ovs-vswitchd >/dev/null; then
	start_ovs
	run_mode ovs
else
	fail "ovs: ovs-vswitchd" "not installed (tools/install-deps.sh test installs it)"
fi
