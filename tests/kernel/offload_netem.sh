#!/bin/bash
# sclp_offload GRO under loss, reordering, duplication and corruption: netem on veth1
# (segments queued one by one: the injector's presegment mode), GRO on at veth2. Every
# packet with a valid checksum that the raw socket in ns2 receives must be self-consistent
# (its bytes match the pattern at the offset its rem implies, F exactly at offset 0), so no
# merge ever spans a gap or two ids; every corrupted segment reaches it unmerged, counted
# by gro_flush_csum (or gro_bad_header when the flip hit rem); gaps are counted.
# vms: 1
# timeout: 400
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/offload_env.bash"

require load_offload mod_load sclp_offload
on_exit "rmmod sclp_offload"
require load_inject mod_load sclp_inject
on_exit "rmmod sclp_inject"
offload_setup
n1 ethtool -K veth1 tso off >/dev/null
n2 ethtool -K veth2 gro on >/dev/null
modprobe sch_netem
require netem n1 tc qdisc add dev veth1 root netem delay 1ms reorder 20% 50% \
	loss 3% duplicate 3% corrupt 2%
out=$CVSW_OUT/offload_netem
count=12
len=30000

netem_case() { # NAME FAMILY MSS [PARAM=VALUE...]
	local name=$1 fam=$2 mss=$3 f=$out.$1.txt c
	shift 3
	declare -A before
	for c in gro_flush_csum gro_bad_header gro_flush_gap gro_flush_id gro_merged; do
		before[$c]=$(stat_of ns2 $c)
	done
	n2 $RX raw --family "$fam" --len $len --mss "$mss" --seed 40 --id 300 --count $count \
		--trigger "$(inject_cmd mss="$mss" len=$len id=300 seed=40 count=$count \
			presegment=1 "$@")" >"$f"
	echo "  $name: $(val "$f" packets) packets, $(val "$f" merged) merged," \
		"$(val "$f" complete_ids)/$count payloads complete, bad checksums $(val "$f" csum_bad)"
	echo "  $name: counters $(n2 cat /proc/net/sclp_offload | tr '\n' ' ')"
	check_eq "$name:trigger" "$(val "$f" trigger_rc)" 0
	check_eq "$name:inconsistent" "$(val "$f" inconsistent)" 0
	check_eq "$name:bad_checksums_counted" "$(val "$f" csum_bad)" \
		$(($(stat_of ns2 gro_flush_csum) - before[gro_flush_csum] +
			$(stat_of ns2 gro_bad_header) - before[gro_bad_header]))
	check_ge "$name:gaps_flushed" $(($(stat_of ns2 gro_flush_gap) - before[gro_flush_gap])) 1
	check_ge "$name:still_merges" "$(val "$f" merged)" 1
}

netem_case ipv4 4 $MSS4
netem_case ipv6 6 $MSS6 src=fd00::1 dst=fd00::2
