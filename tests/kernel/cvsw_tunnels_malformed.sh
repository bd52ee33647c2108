#!/bin/bash
# vms: 1
# timeout: 600
# Malformed NVGRE, Geneve and STT at cvsw's endpoint (ns2, 192.0.2.2), crafted byte by byte by
# cvsw_tunnels_inject.py and sent raw from ns1: truncated headers, wrong GRE version/flags,
# wrong Geneve version/protocol, option lengths that lie, critical options, bad UDP/TCP
# checksums, unknown VSID/VNI/context id, STT offsets that lie, overlap, repeat or never
# complete, and 5000 STT first segments with fresh packet ids. Each drop counter moves by
# exactly the number of frames of its kind, nothing malformed is delivered on cvsw0, the
# reassembly memory stays within its limit and returns to 0, valid frames still pass.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"

export IP_LIB_DIR=$CVSW_TOP/tools/iproute2
INJ="/usr/bin/python3 $CVSW_TOP/tests/kernel/cvsw_tunnels_inject.py"
LIMIT=1048576

tun_netns
mod_load cvsw
on_exit "rmmod cvsw"
require "cvsw0 with reasm_max_mem $LIMIT reasm_timeout 2000" \
	tun_devs reasm_max_mem $LIMIT reasm_timeout 2000
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

expect "NVGRE: truncated GRE header" rx_drop_bad_header 3 nvgre_trunc 3
expect "NVGRE: GRE version 1" rx_drop_bad_header 2 nvgre_ver 2
expect "NVGRE: checksum bit set" rx_drop_bad_header 2 nvgre_csum 2
expect "NVGRE: key bit clear" rx_drop_bad_header 2 nvgre_nokey 2
expect "NVGRE: unknown VSID 99" rx_drop_unknown_vni 3 nvgre_vsid 99 3
expect "NVGRE: VSID 44 known, no rule for 10.0.0.2" rx_drop_no_flow 2 nvgre_vsid 44 2
expect "Geneve: truncated header" rx_drop_bad_header 3 geneve_trunc 3
expect "Geneve: version 1" rx_drop_bad_header 2 geneve_ver 2
expect "Geneve: protocol 0x0800" rx_drop_bad_header 2 geneve_proto 2
expect "Geneve: Opt Len beyond the packet" rx_drop_bad_header 2 geneve_optlen 2
expect "Geneve: option TLV beyond Opt Len" rx_drop_bad_header 2 geneve_opttlv 2
expect "Geneve: critical option" rx_drop_bad_header 2 geneve_crit 2
expect "Geneve: bad UDP checksum" rx_drop_bad_csum 2 geneve_csum 2
expect "Geneve: unknown VNI 99" rx_drop_unknown_vni 3 geneve_vni 99 3
expect "STT: header without data" rx_drop_bad_header 2 stt_trunc 2
expect "STT: bad TCP checksum" rx_drop_bad_csum 2 stt_csum 2
expect "STT: frame version 1" rx_drop_bad_header 2 stt_ver 2
expect "STT: offset beyond the frame length" rx_drop_bad_header 2 stt_offlie 2
expect "STT: unknown context id 99" rx_drop_unknown_vni 3 stt_ctx 99 3
before=$(cstat ns2 rx_drop_reasm_timeout)
expect "STT: segment placed beyond the frame the first gave" rx_drop_reasm_inconsistent 1 \
	stt_inconsistent
expect "STT: overlapping segments" rx_drop_reasm_overlap 1 stt_overlap
expect "STT: duplicate segment" rx_drop_reasm_duplicate 1 stt_duplicate
inj stt_held
check_ge "four incomplete STT frames held" "$(reasm_mem ns2)" 1
wait_until 15 mem_empty || true
check_eq "incomplete frames time out: one frag each, memory back to 0" \
	"$(($(cstat ns2 rx_drop_reasm_timeout) - before)) $(reasm_mem ns2)" "4 0"
check_eq "nothing malformed delivered on cvsw0" "$(($(ifstat ns2 cvsw0 rx_packets) - rx0))" 0
for c in "nvgre_vsid 42" "geneve_vni 42" "stt_ctx 42"; do
	check_eq "valid ${c% *} with ID 42 still delivered" \
		"$(inj $c 1; sleep 0.5; echo $(($(ifstat ns2 cvsw0 rx_packets) - rx0)))" 1
	rx0=$(ifstat ns2 cvsw0 rx_packets)
done
check_eq "frames counted per tunnel (unknown and no-flow IDs included)" \
	"$(cstat ns2 rx_nvgre_packets) $(cstat ns2 rx_geneve_packets) $(cstat ns2 rx_stt_packets)" \
	"6 4 4"

# The flood: 5000 STT first segments of frames that never complete.
t0=$(cstat ns2 rx_drop_reasm_timeout)
m0=$(reasm_evicted ns2)
n1 $INJ va "$DMAC" stt_flood 5000 >/dev/null &
inj_pid=$!
peak=$(peak_while $inj_pid reasm_mem ns2)
wait $inj_pid
check_le "STT flood: reassembly memory peak (sampled) <= limit" "$peak" $LIMIT
check_ge "STT flood: evictions for memory" "$(($(reasm_evicted ns2) - m0))" 1000
wait_until 15 mem_empty || true
check_eq "STT flood: all memory released after the timeout" "$(reasm_mem ns2)" 0
check_eq "STT flood: every segment accounted: evicted + timed out = 5000" \
	"$(($(reasm_evicted ns2) - m0 + $(cstat ns2 rx_drop_reasm_timeout) - t0))" 5000
check_eq "no reassembly completed" "$(cstat ns2 rx_reasm_done)" 0
inj stt_ctx 42 1
sleep 0.5
check_eq "ns2 cvsw0 still works: one STT frame delivered" \
	"$(($(ifstat ns2 cvsw0 rx_packets) - rx0))" 1
