#!/bin/bash
# vms: 1
# timeout: 600
# Malformed tunnel traffic at cvsw's endpoint (ns2, 192.0.2.2), crafted byte by byte by
# cvsw_inject.py and sent raw from ns1: truncated SCLP and VXLAN headers, bad SCLP and UDP
# checksums, unknown VNI (VXLAN and SCLP), a VNI with rules but no matching one, a
# "remaining" that claims more than 64 KiB, segments that are inconsistent, overlapping or
# duplicated, payloads that never complete (timeout), and 20000 first segments with fresh
# ids. Each drop counter must move by exactly the number of frames of its kind, nothing may
# be delivered on cvsw0, reassembly memory never exceeds its limit and returns to 0.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"

export IP_LIB_DIR=$CVSW_TOP/tools/iproute2
INJ="/usr/bin/python3 $CVSW_TOP/tests/kernel/cvsw_inject.py"
LIMIT=1048576

tun_netns
mod_load cvsw
on_exit "rmmod cvsw"
require "cvsw0 with reasm_max_mem $LIMIT reasm_timeout 2000" \
	tun_devs sclp_tx_mode sw reasm_max_mem $LIMIT reasm_timeout 2000
check_eq "limit as configured" "$(devj ns2 reasm_max_mem)" $LIMIT
# Receive rules only: nothing legitimate flows, so every counter move is ours.
flow ns2 "priority=10,in_port=tunnel,tun_id=42,actions=decap"
flow ns2 "priority=10,in_port=tunnel,tun_id=44,ip,nw_dst=10.9.9.9,actions=decap"
n2 sysctl -qw net.ipv6.conf.cvsw0.disable_ipv6=1
tun_up
DMAC=$(n2 cat /sys/class/net/vb/address)
inj() { n1 $INJ va "$DMAC" "$@" >/dev/null; }
mem_empty() { [ "$(reasm_mem ns2)" = 0 ]; }
rx0=$(ifstat ns2 cvsw0 rx_packets)

# expect NAME COUNTER DELTA CASE...: run the case, the counter moves by exactly DELTA.
expect() {
	local name=$1 c=$2 d=$3 before
	shift 3
	before=$(cstat ns2 "$c")
	inj "$@"
	sleep 0.5
	check_eq "$name: $c +$d" "$(($(cstat ns2 "$c") - before))" "$d"
}

expect "truncated SCLP header" rx_drop_bad_header 3 trunc_sclp 3
expect "truncated VXLAN header" rx_drop_bad_header 3 trunc_vxlan 3
expect "bad SCLP checksum" rx_drop_bad_csum 5 bad_csum_sclp 5
expect "bad UDP checksum" rx_drop_bad_csum 2 bad_csum_udp 2
expect "VXLAN, unknown VNI 99" rx_drop_unknown_vni 3 vni 99 3
expect "SCLP, unknown VNI 99" rx_drop_unknown_vni 2 sclp_vni 99 2
expect "VXLAN, VNI 44 known, no rule for 10.0.0.2" rx_drop_no_flow 2 vni 44 2
expect "SCLP: remaining claims more than 64 KiB" rx_drop_bad_header 4 rem_lie 4
before=$(cstat ns2 rx_drop_reasm_timeout)
expect "SCLP: segment beyond the size the first gave" rx_drop_reasm_inconsistent 1 inconsistent
expect "SCLP: overlapping segments" rx_drop_reasm_overlap 1 overlap
expect "SCLP: duplicate segment" rx_drop_reasm_duplicate 1 duplicate
inj held
check_ge "four incomplete payloads held" "$(reasm_mem ns2)" 1
wait_until 15 mem_empty || true
check_eq "incomplete payloads time out: one frag each, memory back to 0" \
	"$(($(cstat ns2 rx_drop_reasm_timeout) - before)) $(reasm_mem ns2)" "4 0"
check_eq "valid VXLAN with VNI 42 still delivered after all that" \
	"$(inj vni 42 1; sleep 0.5; echo $(($(ifstat ns2 cvsw0 rx_packets) - rx0)))" 1
rx0=$(ifstat ns2 cvsw0 rx_packets)

# The flood: 20000 first segments of payloads that never complete.
t0=$(cstat ns2 rx_drop_reasm_timeout)
m0=$(reasm_evicted ns2)
s0=$(cstat ns2 rx_sclp_segments)
n1 $INJ va "$DMAC" flood 20000 >/dev/null &
inj_pid=$!
peak=$(peak_while $inj_pid reasm_mem ns2)
wait $inj_pid
check_le "flood: reassembly memory peak (sampled) <= limit" "$peak" $LIMIT
check_le "flood: reassembly memory at the end <= limit" "$(reasm_mem ns2)" $LIMIT
check_eq "flood: 20000 SCLP segments seen" "$(($(cstat ns2 rx_sclp_segments) - s0))" 20000
check_ge "flood: evictions for memory" "$(($(reasm_evicted ns2) - m0))" 10000
wait_until 15 mem_empty || true
check_eq "flood: all memory released after the timeout" "$(reasm_mem ns2)" 0
check_eq "flood: every segment accounted: evicted + timed out = 20000" \
	"$(($(reasm_evicted ns2) - m0 + $(cstat ns2 rx_drop_reasm_timeout) - t0))" 20000
check_eq "nothing malformed delivered on cvsw0" "$(($(ifstat ns2 cvsw0 rx_packets) - rx0))" 0
check_eq "no reassembly completed" "$(cstat ns2 rx_reasm_done)" 0
inj vni 42 1
sleep 0.5
check_eq "ns2 cvsw0 still works: one VXLAN VNI 42 frame delivered" \
	"$(($(ifstat ns2 cvsw0 rx_packets) - rx0))" 1
