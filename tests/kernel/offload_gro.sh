#!/bin/bash
# sclp_offload GRO: with GRO on at veth2 (TSO off on veth1), a raw socket
# socket(AF_INET{,6}, SOCK_RAW, 234) in ns2 receives few, merged packets whose payload,
# placed by their rem, is byte-identical to what was sent, and the per-netns counters move;
# with GRO off it receives every segment. IPv4 and IPv6, 4 super-packets of 65535 bytes.
# Merging stops below 64 KB of IP packet: 44 segments (IPv4) or 45 (IPv6), then the tail.
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
out=$CVSW_OUT/offload_gro
count=4

delta() { # NAME BEFORE: counter NAME of ns2 minus BEFORE
	echo $(($(stat_of ns2 "$1") - $2))
}

gro_case() { # NAME FAMILY MSS SEGMENTS_PER_PACKET GRO(on|off) [PARAM=VALUE...]
	local name=$1 fam=$2 mss=$3 per=$4 gro=$5 f=$out.$1.txt
	shift 5
	local seg0 mrg0 pkt0 size0
	n2 ethtool -K veth2 gro "$gro" >/dev/null
	seg0=$(stat_of ns2 gro_segments)
	mrg0=$(stat_of ns2 gro_merged)
	pkt0=$(stat_of ns2 gro_packets)
	size0=$(stat_of ns2 gro_flush_size)
	n2 $RX raw --family "$fam" --len 65535 --mss "$mss" --seed 11 --id 20 --count $count \
		--trigger "$(inject_cmd mss="$mss" id=20 seed=11 count=$count "$@")" >"$f"
	check_eq "$name:trigger" "$(val "$f" trigger_rc)" 0
	check_eq "$name:inconsistent" "$(val "$f" inconsistent)" 0
	check_eq "$name:checksums_bad" "$(val "$f" csum_bad)" 0
	check_eq "$name:payloads_identical" "$(val "$f" complete_ids)" $count
	echo "  $name: $(val "$f" packets) packets, largest payload $(val "$f" max_payload)"
	[ "$gro" = off ] || echo "  $name: payload sizes $(val "$f" sizes)"
	echo "  $name: counters $(n2 cat /proc/net/sclp_offload | tr '\n' ' ')"
	if [ "$gro" = on ]; then
		check_eq "$name:gro_segments" "$(delta gro_segments "$seg0")" $((count * per))
		# 4 packets would be ideal; NAPI poll boundaries may cut a merge short
		check_le "$name:packets" "$(val "$f" packets)" $((count * 4))
		check_ge "$name:merged_packets" "$(val "$f" merged)" $count
		check_ge "$name:max_payload" "$(val "$f" max_payload)" $(((per - 2) * mss))
		check_eq "$name:gro_merged" "$(delta gro_merged "$mrg0")" \
			$((count * per - $(val "$f" packets)))
		check_eq "$name:gro_packets" "$(delta gro_packets "$pkt0")" "$(val "$f" merged)"
		check_ge "$name:gro_flush_size" "$(delta gro_flush_size "$size0")" 1
	else
		check_eq "$name:packets" "$(val "$f" packets)" $((count * per))
		check_eq "$name:merged_packets" "$(val "$f" merged)" 0
		check_eq "$name:gro_segments" "$(delta gro_segments "$seg0")" 0
	fi
}

gro_case ipv4_gro_on 4 $MSS4 45 on
gro_case ipv4_gro_off 4 $MSS4 45 off
gro_case ipv6_gro_on 6 $MSS6 46 on src=fd00::1 dst=fd00::2
gro_case ipv6_gro_off 6 $MSS6 46 off src=fd00::1 dst=fd00::2

# Segments left CHECKSUM_PARTIAL by GSO on a checksum-offloading veth1 are trusted, as the
# stack trusts them: GRO merges them without computing a sum (none fails), and the merged
# packets stay PARTIAL, so the raw socket sees every check still 0 (counted as csum_bad).
n1 ethtool -K veth1 tx on >/dev/null
n2 ethtool -K veth2 gro on >/dev/null
m0=$(stat_of ns2 gro_merged) c0=$(stat_of ns2 gro_flush_csum) p0=$(stat_of ns2 gro_packets)
f=$out.partial.txt
n2 $RX raw --family 4 --len 65535 --rem 0 --mss $MSS4 --seed 6 --id 70 --count $count \
	--trigger "$(inject_cmd mss=$MSS4 id=70 seed=6 count=$count)" >"$f"
n1 ethtool -K veth1 tx off >/dev/null
check_eq partial:trigger "$(val "$f" trigger_rc)" 0
check_ge partial:gro_merged "$(delta gro_merged "$m0")" $((count * 40))
check_eq partial:gro_flush_csum "$(delta gro_flush_csum "$c0")" 0
check_ge partial:merged_packets "$(delta gro_packets "$p0")" $count
check_eq "partial:every packet delivered with check 0" "$(val "$f" csum_bad)" "$(val "$f" packets)"

# Flush reasons, with two plain one-segment packets that meet in one GRO list (injector
# batch mode), each a 1000-byte first segment announcing 1000 more (F=1, rem 1000): a new
# id ends the held packet (gro_flush_id); the same id again with F set does too
# (gro_flush_first). Neither may merge.
edge_case() { # NAME COUNTER IDSTEP
	local name=$1 f=$out.$1.txt c0
	n2 ethtool -K veth2 gro on >/dev/null
	c0=$(stat_of ns2 "$2")
	n2 $RX raw --family 4 --len 1000 --rem 1000 --mss 1000 --seed 5 --id 90 --count 2 \
		--idstep "$3" --trigger "$(inject_cmd gso=0 len=1000 rem=1000 id=90 seed=5 \
			count=2 idstep="$3" batch=1)" >"$f"
	check_eq "$name:trigger" "$(val "$f" trigger_rc)" 0
	check_eq "$name:packets" "$(val "$f" packets)" 2
	check_eq "$name:inconsistent" "$(val "$f" inconsistent)" 0
	check_eq "$name:$2" "$(delta "$2" "$c0")" 1
}
edge_case new_id gro_flush_id 1
edge_case repeated_first gro_flush_first 0
