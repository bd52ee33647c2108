#!/bin/bash
# Robustness soak: a VXLAN-over-SCLP tunnel between the tenants under sustained traffic for
# SOAK_SECONDS while netem on both uplinks loses, delays, reorders and duplicates frames
# (SOAK_NETEM). Both hosts fetch the peer's file over and over (sha256 checked each time),
# host 1 also runs an iperf3 TCP stream and a ping. Afterwards each host checks that
#   - every transfer completed with the right sha256, and at least one did;
#   - cvsw's reassembly holds nothing once traffic stops, and its segments add up:
#     frags_in = frags_out + reassembly drops; nothing malformed was counted;
#   - reordering reached cvsw (rx_reasm_ooo) and GRO (gro_flush_gap, gro_flush_first);
#   - after cvsw0 is deleted and cvsw.ko and sclp_offload.ko are removed, the tenant kernel's
#     unreclaimable slab memory is back within SOAK_MEM_SLACK_KB of what it was before they
#     were loaded (with TENANT=vm: the guest's kernel, which ran cvsw.ko and sclp_offload.ko).
# Each host writes soak.host<N>.txt; host 1 writes result.txt (RESULT: ok|FAILED).
set -u
. "$CVSW_TOP/tools/testbed/lib-host.sh"
[ -r "$SHARE/settings.env" ] && . "$SHARE/settings.env"
SECS=${SOAK_SECONDS:-180}
NETEM=${SOAK_NETEM-delay 1ms 1ms loss 1% duplicate 1% reorder 25% 50%}
SLACK_KB=${SOAK_MEM_SLACK_KB:-4096}
TIMEOUT_MS=3000
rep=$SHARE/soak.host$HOST.txt
ok=1
: >"$rep"
say() { echo "$*" | tee -a "$rep"; }
check() { # NAME OK(0/1) DETAIL
	if [ "$2" = 1 ]; then say "PASS: $1 ($3)"; else say "FAIL: $1 ($3)"; ok=0; fi
}
cstat() { vm ethtool -S cvsw0 | awk -v n="$1:" '$1 == n { print $2 }'; }
gro() { awk -v n="$1" '$1 == n { print $2 }' /proc/net/sclp_offload; }
reasm_mem() {
	vm cvsw-ctl dev show dev cvsw0 |
		awk '{ for (i = 1; i < NF; i++) if ($i == "mem") { print $(i + 1); exit } }'
}
# The tenant kernel's unreclaimable slab (kB), after dropping what the kernel can drop and
# letting RCU finish.
slab_kb() {
	vm sh -c 'sync; echo 3 >/proc/sys/vm/drop_caches; sleep 3
		awk "\$1 == \"SUnreclaim:\" { print \$2 }" /proc/meminfo'
}

progress "starting Open vSwitch"
start_ovs
setup_host
modprobe sch_netem
barrier plumbed 600
check "underlay: the tenants reach each other through OVS" \
	$(wait_underlay >&2 && echo 1 || echo 0) "$UNDERLAY.$PEER"
mem0=$(slab_kb)
load_modules guest-gro
check "cvsw0 with the VXLAN-over-SCLP tunnel" \
	$(setup_sclp_tunnel reasm_timeout $TIMEOUT_MS >&2 && echo 1 || echo 0) "reasm_timeout ${TIMEOUT_MS}ms"
# shellcheck disable=SC2086
[ -z "$NETEM" ] || tc qdisc add dev eth0 root netem $NETEM
say "environment: kernel $(uname -r), accel ${CVSW_ACCEL:-unknown}, 1 vCPU per host, ${SECS}s, netem on both uplinks: ${NETEM:-none}; $(tenant_env)"
vm sh -c 'head -c 1000000 /dev/urandom >/tmp/blob'
vm sh -c 'sha256sum </tmp/blob' | cut -d' ' -f1 >"$SHARE/blob.sha256.$HOST"
# The file server runs in the tenant, detached; its pid there ends it.
server=$(vm sh -c 'while :; do nc -l -N 7000 </tmp/blob; done >/dev/null 2>&1 & echo $!')
[ "$HOST" = 2 ] && vm iperf3 -s -D >/dev/null
barrier configured 600

# ---- traffic until the deadline -------------------------------------------------------------
progress "soak: ${SECS}s of traffic under netem ($NETEM)"
end=$((SECONDS + SECS))
if [ "$HOST" = 1 ]; then
	vm iperf3 -c "$INNER.$PEER" -t "$SECS" -J >/tmp/iperf.json 2>&1 &
	iperf=$!
	vm ping -q -i 0.2 -w "$SECS" "$INNER.$PEER" >/tmp/ping.txt 2>&1 &
	pinger=$!
fi
want=$(cat "$SHARE/blob.sha256.$PEER")
done_ok=0 short=0 wrong=0
while [ $SECONDS -lt $end ]; do
	# sha256 and size computed in the tenant: "<sha256> <bytes>"
	read -r got size <<<"$(vm sh -c "nc -w 30 $INNER.$PEER 7000 </dev/null >/tmp/got
		echo \$(sha256sum </tmp/got | cut -d' ' -f1) \$(wc -c </tmp/got)")"
	if [ "$got" = "$want" ]; then
		done_ok=$((done_ok + 1))
	elif [ "$size" = 1000000 ]; then
		wrong=$((wrong + 1)) # every byte arrived, some of them wrong
	else
		short=$((short + 1)) # the connection ended early
	fi
done
[ "$HOST" = 1 ] && wait "$iperf" "$pinger"
{
	tc -s qdisc show dev eth0
	ip -s link show eth0
	vm ip -s link show "$TNIC"
	vm ip neigh show
	ovs-vsctl show
	ovs-dpctl dump-flows
	pgrep -a ovs
	top -bn1 | head -n 15
} >"$SHARE/soak.host$HOST.links" 2>&1
[ -z "$NETEM" ] || tc qdisc del dev eth0 root
check "transfers of 1 MB from host $PEER complete with the right sha256" \
	$((short + wrong == 0 && done_ok > 0)) "$done_ok ok, $short cut short, $wrong with wrong bytes"
if [ "$HOST" = 1 ]; then
	mbps=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.1f" % (d["end"]["sum_received"]["bits_per_second"]/1e6))' /tmp/iperf.json 2>/dev/null)
	check "iperf3 TCP through the tunnel for ${SECS}s" $([ -n "$mbps" ] && echo 1 || echo 0) "${mbps:-no result} Mbit/s"
	say "ping: $(grep -E 'packets transmitted' /tmp/ping.txt)"
fi
barrier traffic-done $((SECS + 600))
# Only now: the peer may still have been fetching from this server.
vm kill "$server" 2>/dev/null

# ---- counters -------------------------------------------------------------------------------
for _ in $(seq $((TIMEOUT_MS / 1000 + 10))); do
	[ "$(reasm_mem)" = 0 ] && break
	sleep 1
done
vm ethtool -S cvsw0 >"$SHARE/soak.host$HOST.cvsw-stats"
cat /proc/net/sclp_offload >"$SHARE/soak.host$HOST.sclp-offload"
check "reassembly holds nothing after the traffic" $([ "$(reasm_mem)" = 0 ] && echo 1 || echo 0) \
	"mem $(reasm_mem)"
fin=$(cstat rx_reasm_frags_in) fout=$(cstat rx_reasm_frags_out)
drops=$(vm ethtool -S cvsw0 | awk '$1 ~ /^rx_drop_reasm_/ || $1 == "rx_drop_nomem:" { s += $2 }
	END { print s + 0 }')
check "segments into reassembly = out in payloads + dropped" $((fin == fout + drops)) \
	"in $fin, out $fout, dropped $drops (timeout $(cstat rx_drop_reasm_timeout), duplicate $(cstat rx_drop_reasm_duplicate), overlap $(cstat rx_drop_reasm_overlap), inconsistent $(cstat rx_drop_reasm_inconsistent), memlimit $(cstat rx_drop_reasm_memlimit))"
for c in rx_drop_bad_header rx_drop_bad_csum rx_drop_unknown_vni rx_drop_no_flow; do
	v=$(cstat $c)
	check "$c stays 0 (netem corrupts nothing)" $((v == 0)) "$v"
done
v=$(cstat rx_reasm_ooo)
check "reordered segments reached cvsw's out-of-order list" $((v > 0)) "rx_reasm_ooo $v"
# A held packet that a later segment of its datagram cannot continue: one in between missing
# (gap), or the datagram's first segment arriving after another (first). A VM tenant here
# runs TCP at a few Mbit/s, where TSO autosizing (about 1 ms of data, at least two segments)
# makes its packets, and so the SCLP datagrams carrying them, two segments long: every merge
# is then two segments (gro_merged = gro_packets) and only the second kind can happen.
v=$(($(gro gro_flush_gap) + $(gro gro_flush_first)))
check "GRO on eth0 saw the disorder netem made (flush_gap + flush_first)" $((v > 0)) \
	"gro_flush_gap $(gro gro_flush_gap), gro_flush_first $(gro gro_flush_first), gro_segments $(gro gro_segments), gro_merged $(gro gro_merged), gso_packets $(gro gso_packets), gso_segments $(gro gso_segments)"
v=$(gro gro_bad_header)
check "GRO found no bad header" $((v == 0)) "gro_bad_header $v"

# ---- unload, then memory --------------------------------------------------------------------
vm ip link del cvsw0
check "rmmod cvsw and sclp_offload (host, and guest with TENANT=vm)" \
	$(unload_modules && echo 1 || echo 0) ""
mem1=$(slab_kb)
check "unreclaimable slab back to its baseline (+${SLACK_KB} kB)" $((mem1 <= mem0 + SLACK_KB)) \
	"before loading $mem0 kB, after unloading $mem1 kB, delta $((mem1 - mem0)) kB"
[ $ok = 1 ] && say "host $HOST: ok" || say "host $HOST: FAILED"
barrier checked $((TIMEOUT_MS / 1000 + 120))
[ "$TENANT" = netns ] || stop_tenant_vm

[ "$HOST" = 1 ] || exit 0
res=$SHARE/result.txt
cat "$SHARE/soak.host1.txt" "$SHARE/soak.host2.txt" >"$res.tmp" 2>/dev/null
if grep -q '^host 1: ok' "$res.tmp" && grep -q '^host 2: ok' "$res.tmp"; then
	echo "RESULT: ok" >>"$res.tmp"
else
	echo "RESULT: FAILED" >>"$res.tmp"
fi
mv "$res.tmp" "$res"
