#!/bin/bash
# The main job: both hosts bring up OVS, sclp_offload.ko and a tenant running cvsw.ko, join
# the tenants with a VXLAN-over-SCLP tunnel (VNI 42), then host 1 pushes traffic through it:
# ping, a file whose sha256 must arrive intact, and iperf3 TCP beside the same transfer
# without encapsulation. Host 1 writes the verdict to result.txt.
#
# With TENANT=vm the tenants are VMs on a tap of their host's OVS bridge, and the file crosses
# twice: first with cvsw.ko alone in the guests (the guests' cvsw reassembles the SCLP
# segments the host cut before the tap), then with sclp_offload.ko loaded in the guests too
# (virtio-net's GRO merges them again before cvsw). Host 1 captures its tap meanwhile, decodes
# the capture with our dissector and checks it with tools/sclp-check.py; both hosts report
# where the segments went (lib-counters.sh).
set -eu
. "$CVSW_TOP/tools/testbed/lib-host.sh"
. "$CVSW_TOP/tools/testbed/lib-counters.sh"

progress "starting Open vSwitch"
start_ovs
progress "bringing up the tenant ($TENANT)"
setup_host
load_modules
progress "creating cvsw0 in the tenant"
setup_sclp_tunnel
vm cvsw-ctl dev show dev cvsw0
barrier configured 1800

if [ "$HOST" = 2 ]; then
	vm sh -c 'head -c 4000000 /dev/urandom >/tmp/blob'
	vm sh -c 'sha256sum </tmp/blob' | cut -d' ' -f1 >"$SHARE/blob.sha256"
	vm iperf3 -s -D -1 >/dev/null
	vm iperf3 -s -D -p 5202 >/dev/null
	vm sh -c 'while :; do nc -l -N 7000 </tmp/blob; done >/dev/null 2>&1 &'
	barrier servers
	if [ "$TENANT" = vm ]; then
		barrier file-a 1800
		vm insmod "$MODDIR/offload_host/sclp_offload.ko"
		barrier guest-gro
	fi
	barrier done 2700
	vm ethtool -S cvsw0 >"$SHARE/host2.cvsw-stats" || true
	if [ "$TENANT" = netns ]; then
		cat /proc/net/sclp_offload >"$SHARE/host2.sclp-offload" 2>/dev/null || true
	else
		segment_report >"$SHARE/host2.segments" 2>&1
	fi
	barrier counted
	[ "$TENANT" = netns ] || stop_tenant_vm
	exit 0
fi

barrier servers
res=$SHARE/result.txt
: >"$res.tmp"
ok=1
say() { echo "$*" >>"$res.tmp"; }
progress "underlay, then ping through the tunnel"
wait_underlay 600 || say "underlay: $UNDERLAY.$PEER: no answer"
if vm ping -c 3 -W 5 "$INNER.$PEER" >/tmp/ping.txt; then
	say "ping $INNER.$PEER: ok"
else
	say "ping $INNER.$PEER: FAILED"; ok=0
fi

file_check() { # LABEL: fetch host 2's file through the tunnel, compare its sha256
	local got
	got=$(vm sh -c "nc -w 60 $INNER.$PEER 7000 </dev/null | sha256sum" | cut -d' ' -f1)
	if [ "$got" = "$(cat "$SHARE/blob.sha256")" ]; then
		say "4 MB file through the tunnel$1: sha256 matches"
	else
		say "4 MB file through the tunnel$1: sha256 MISMATCH"; ok=0
	fi
}

if [ "$TENANT" = vm ]; then
	capture_start
	progress "file transfer, cvsw.ko alone in the guests"
	file_check " (guests without sclp_offload.ko)"
	vm ethtool -S cvsw0 >/tmp/cvsw-stats.a
	barrier file-a
	vm insmod "$MODDIR/offload_host/sclp_offload.ko"
	barrier guest-gro
	progress "file transfer, sclp_offload.ko in the guests too"
	file_check " (guests with sclp_offload.ko)"
	capture_stop
else
	progress "file transfer"
	file_check ""
fi

mbps() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.0f" % (d["end"]["sum_received"]["bits_per_second"]/1e6))' "$1"; }
progress "iperf3 TCP over VXLAN-over-SCLP (${CVSW_SECONDS}s)"
vm iperf3 -c "$INNER.$PEER" -t "$CVSW_SECONDS" -l 65495 -J >/tmp/sclp.json || ok=0
progress "iperf3 TCP without encapsulation (${CVSW_SECONDS}s)"
vm iperf3 -c "$UNDERLAY.$PEER" -p 5202 -t "$CVSW_SECONDS" -l 65495 -J >/tmp/plain.json || ok=0
cp /tmp/sclp.json "$SHARE/host1.iperf-sclp.json" 2>/dev/null || true
cp /tmp/plain.json "$SHARE/host1.iperf-plain.json" 2>/dev/null || true
s=$(mbps /tmp/sclp.json 2>/dev/null || echo 0)
p=$(mbps /tmp/plain.json 2>/dev/null || echo 0)
[ "$s" -gt 0 ] || ok=0
env="kernel $(uname -r), accel ${CVSW_ACCEL:-unknown}, 1 vCPU per host, ${CVSW_SECONDS}s per iperf3 run; $(tenant_env)"
say "environment: $env"
say "iperf3 TCP VXLAN-over-SCLP: $s Mbit/s ($env)"
say "iperf3 TCP no encapsulation: $p Mbit/s ($env)"
[ "$p" -gt 0 ] && say "$(python3 -c "print('ratio SCLP/No-Encap: %.2f' % ($s/$p))") ($env)"
vm ethtool -S cvsw0 >"$SHARE/host1.cvsw-stats" || true
barrier done
if [ "$TENANT" = vm ]; then
	segment_report >"$SHARE/host1.segments" 2>&1
	barrier counted 600
	tenant_verdicts /tmp/cvsw-stats.a "$SHARE/host1.cvsw-stats" "$SHARE/host1.sclp-offload" \
		"$SHARE/host2.segments" >>"$res.tmp" || ok=0
	capture_verdicts >>"$res.tmp" || ok=0
	stop_tenant_vm
else
	barrier counted 600
fi
[ $ok = 1 ] && say "RESULT: ok" || say "RESULT: FAILED"
mv "$res.tmp" "$res"
