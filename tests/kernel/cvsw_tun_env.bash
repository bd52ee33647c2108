# shellcheck shell=bash
# Shared by tests/kernel/cvsw_vxlan*.sh, cvsw_sclp*.sh, cvsw_malformed.sh (sourced after
# lib.sh; no .sh suffix, so the harness does not run it). One VM, two hosts as netns:
#   ns1: va 192.0.2.1/24 2001:db8::1/64 -- veth -- vb 192.0.2.2/24 2001:db8::2/64 :ns2
#   cvsw0 on va: 10.0.0.1/24, 10.0.6.1/24    cvsw0 on vb: 10.0.0.2/24, 10.0.6.2/24
# Flows (tun_setup ENCAP): everything from the local stack is tunnelled with VNI 42 over the
# IPv4 underlay, except IPv4 to 10.0.6.0/24, which goes with VNI 43 over IPv6; tunnel
# traffic with VNI 42 or 43 is decapsulated and delivered.

# ethtool -S counter of cvsw0 in netns NS.
cstat() { # NS NAME
	ip netns exec "$1" ethtool -S cvsw0 | awk -v n="$2:" '$1 == n { print $2 }'
}

# Sum of an interface counter (rx_packets...) from /sys in netns NS.
ifstat() { # NS DEV NAME
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"
}

flow() { # NS FLOW
	ip netns exec "$1" cvsw-ctl flow add dev cvsw0 "$2"
}

tun_netns() {
	modprobe veth
	# veth without NAPI queues to the per-CPU backlog (1000 by default), which a starved TCG
	# guest can overflow in a burst of segments: the tests count every segment, so make room.
	sysctl -qw net.core.netdev_max_backlog=100000
	ip netns add ns1
	on_exit "ip netns del ns1"
	ip netns add ns2
	on_exit "ip netns del ns2"
	ip link add va mtu 1500 type veth peer name vb mtu 1500
	ip link set va netns ns1
	ip link set vb netns ns2
	n1 ip link set lo up
	n2 ip link set lo up
	n1 ip addr add 192.0.2.1/24 dev va
	n2 ip addr add 192.0.2.2/24 dev vb
	n1 ip addr add 2001:db8::1/64 dev va nodad
	n2 ip addr add 2001:db8::2/64 dev vb nodad
	n1 ip link set va up
	n2 ip link set vb up
}

# cvsw0 on each side with its addresses, down; PARAMS go to "ip link add" (e.g. sclp_tx sw).
tun_devs() { # [PARAMS...]
	local i ns lower
	for i in 1 2; do
		ns=ns$i lower=va
		[ "$i" = 2 ] && lower=vb
		ip netns exec $ns ip link add cvsw0 link $lower type cvsw "$@"
		ip netns exec $ns ip addr add 10.0.0.$i/24 dev cvsw0
		ip netns exec $ns ip addr add 10.0.6.$i/24 dev cvsw0
	done
}

# Up only once the flows are in: nothing (IPv6 ND, MLD) is sent or received without a rule.
tun_up() {
	n1 ip link set cvsw0 up
	n2 ip link set cvsw0 up
}

tun_flows() { # ENCAP (vxlan | sclp-vxlan)
	local i peer
	for i in 1 2; do
		peer=$((3 - i))
		flow ns$i "priority=10,in_port=local,actions=encap($1,vni=42,remote=192.0.2.$peer),output"
		flow ns$i "priority=20,ip,nw_dst=10.0.6.$peer,actions=encap($1,vni=43,remote=2001:db8::$peer),output"
		flow ns$i "priority=10,in_port=tunnel,tun_id=42,actions=decap"
		flow ns$i "priority=10,in_port=tunnel,tun_id=43,actions=decap"
	done
}

tun_setup() { # ENCAP [ip link PARAMS...]
	local encap=$1
	shift
	tun_netns
	mod_load cvsw
	on_exit "rmmod cvsw"
	tun_devs "$@"
	tun_flows "$encap"
	tun_up
}

# Sends a random file of SIZE bytes from ns1 to ns2 over TCP (nc), compares SHA-256.
# A SIZE-byte random file over TCP from netns FROM to DST:PORT, listened for in netns TO;
# passes if its sha256 arrives intact.
tun_file_from() { # FROM TO DST PORT NAME SIZE
	local from=$1 to=$2 dst=$3 port=$4 name=$5 size=$6
	local src=$_cvsw_tmp/file$port.in dstf=$_cvsw_tmp/file$port.out
	head -c "$size" /dev/urandom >"$src"
	rm -f "$dstf"
	ip netns exec "$to" timeout 60 nc -l "$port" >"$dstf" &
	local lpid=$!
	wait_until 10 ip netns exec "$to" sh -c "ss -ltn | grep -q ':$port '"
	ip netns exec "$from" timeout 60 nc -N "$dst" "$port" <"$src" || true
	wait "$lpid" || true
	check_eq "$name: sha256 of $size bytes" "$(sha256sum <"$dstf" | cut -d' ' -f1)" \
		"$(sha256sum <"$src" | cut -d' ' -f1)"
}

tun_file() { # NAME SIZE [DST]
	tun_file_from ns1 ns2 "${3:-10.0.0.2}" 5001 "$1" "$2"
}

# iperf3 TCP from ns1 to ns2 for SECONDS; prints "<bits/s> <retransmits>".
tun_iperf_tcp() { # SECONDS [DST] [iperf3 args...]
	local t=$1 dst=${2:-10.0.0.2}
	shift 2 || shift $#
	n1 iperf3 -c "$dst" -t "$t" -J "$@" | python3 -c '
import json, sys
j = json.load(sys.stdin)
e = j["end"]
print(int(e["sum_received"]["bits_per_second"]), e["sum_sent"].get("retransmits", 0))'
}

# iperf3 UDP at RATE from ns1 to ns2; prints "<received packets> <lost packets>".
tun_iperf_udp() { # SECONDS RATE [DST]
	n1 iperf3 -c "${3:-10.0.0.2}" -u -b "$2" -t "$1" -J | python3 -c '
import json, sys
j = json.load(sys.stdin)
s = j["end"]["sum"]
print(s["packets"] - s["lost_packets"], s["lost_packets"])'
}

tun_iperf_server() {
	n2 iperf3 -s -D -1 --logfile "$_cvsw_tmp/iperf3.log" 2>/dev/null ||
		n2 iperf3 -s -D -1
	wait_until 10 n2 sh -c "ss -ltn | grep -q ':5201 '"
}

# Packet capture with dumpcap (tcpdump is not installed) in netns NS on DEV.
capture_start() { # NS DEV FILTER FILE
	rm -f "$4"
	ip netns exec "$1" dumpcap -q -P -i "$2" -f "$3" -w "$4" >/dev/null 2>&1 &
	_cap_pid=$!
	on_exit "kill $_cap_pid"
	wait_until 30 test -s "$4" || true
	sleep 1
}

capture_stop() {
	kill "$_cap_pid" 2>/dev/null || true
	wait "$_cap_pid" 2>/dev/null || true
}

# A field of "cvsw-ctl -j dev show dev cvsw0" in netns NS.
devj() { # NS KEY
	ip netns exec "$1" cvsw-ctl -j dev show dev cvsw0 |
		python3 -c "import json, sys; print(json.load(sys.stdin)[0]['$2'])"
}

# Reassembly memory of cvsw0 in netns NS (text output: cheaper than JSON + python under TCG).
# NS: segments taken into reassembly minus those handed back in completed payloads minus
# those dropped by reassembly (a malformed one counts as bad_header). 0 once nothing is held.
# Segments refused at the netns or module cap (global_limit) never reached the engine.
reasm_unaccounted() {
	ip netns exec "$1" ethtool -S cvsw0 | awk '
		$1 == "rx_reasm_frags_in:" { s += $2 }
		$1 == "rx_drop_reasm_global_limit:" { next }
		$1 == "rx_reasm_frags_out:" || $1 ~ /^rx_drop_reasm_/ ||
		$1 == "rx_drop_nomem:" || $1 == "rx_drop_bad_header:" { s -= $2 }
		END { print s + 0 }'
}

# Passes once counter RX of RXNS equals counter TX of TXNS, waiting up to 30 s for frames in
# flight. Received is read first: while frames are in flight rx < tx, never the reverse.
check_delivered() { # NAME TXNS TX RXNS RX
	local rx tx end=$((SECONDS + 30))
	while :; do
		rx=$(cstat "$4" "$5")
		tx=$(cstat "$2" "$3")
		{ [ "$rx" = "$tx" ] || [ "$SECONDS" -ge "$end" ]; } && break
		sleep 0.2
	done
	check_eq "$1" "$rx" "$tx"
}

# Segments reassembly evicted or refused for memory, in NS: by their own source over its
# share (a single flooding source), for the memory or payload-count limit, or refused.
reasm_evicted() { # NS
	ip netns exec "$1" ethtool -S cvsw0 | awk '$1 == "rx_drop_reasm_memlimit:" ||
		$1 ~ /^rx_drop_reasm_evict_/ { s += $2 } END { print s + 0 }'
}

# The largest number COMMAND prints while process PID runs (sampled), and once after it ended.
peak_while() { # PID COMMAND...
	local pid=$1 peak=0 m
	shift
	while kill -0 "$pid" 2>/dev/null; do
		m=$("$@")
		[ "$m" -gt "$peak" ] && peak=$m
		sleep 0.3
	done
	m=$("$@")
	[ "$m" -gt "$peak" ] && peak=$m
	echo "$peak"
}

reasm_mem() { # NS
	ip netns exec "$1" cvsw-ctl dev show dev cvsw0 |
		awk '{ for (i = 1; i < NF; i++) if ($i == "mem") { print $(i + 1); exit } }'
}

tun_devs_del() {
	n1 ip link del cvsw0
	n2 ip link del cvsw0
}
