#!/bin/bash
# The main job: both hosts bring up OVS, sclp_offload.ko and a tenant running cvsw.ko, join
# the tenants with a VXLAN-over-SCLP tunnel (VNI 42), then host 1 pushes traffic through it:
# ping, a file whose sha256 must arrive intact, and iperf3 TCP beside the same transfer
# without encapsulation. Host 1 writes the verdict to result.txt.
set -eu
. "$CVSW_TOP/tools/testbed/lib-host.sh"

progress "starting Open vSwitch"
start_ovs
load_modules
setup_host
progress "creating cvsw0 in the tenant"
setup_sclp_tunnel
vm cvsw-ctl dev show dev cvsw0
barrier configured

if [ "$HOST" = 2 ]; then
	head -c 4000000 /dev/urandom >/tmp/blob
	sha256sum </tmp/blob | cut -d' ' -f1 >"$SHARE/blob.sha256"
	vm iperf3 -s -D -1 >/dev/null
	vm iperf3 -s -D -p 5202 >/dev/null
	(vm nc -l -N 7000 </tmp/blob &)
	barrier servers
	barrier done 900
	vm ethtool -S cvsw0 >"$SHARE/host2.cvsw-stats" || true
	cat /proc/net/sclp_offload >"$SHARE/host2.sclp-offload" 2>/dev/null || true
	exit 0
fi

barrier servers
res=$SHARE/result.txt
: >"$res.tmp"
ok=1
progress "underlay, then ping through the tunnel"
wait_underlay || echo "underlay: $UNDERLAY.$PEER: no answer" >>"$res.tmp"
if vm ping -c 3 -W 5 "$INNER.$PEER" >/tmp/ping.txt; then
	echo "ping $INNER.$PEER: ok" >>"$res.tmp"
else
	echo "ping $INNER.$PEER: FAILED" >>"$res.tmp"; ok=0
fi
progress "file transfer"
got=$(vm nc -w 30 "$INNER.$PEER" 7000 </dev/null | sha256sum | cut -d' ' -f1)
if [ "$got" = "$(cat "$SHARE/blob.sha256")" ]; then
	echo "4 MB file through the tunnel: sha256 matches" >>"$res.tmp"
else
	echo "4 MB file through the tunnel: sha256 MISMATCH" >>"$res.tmp"; ok=0
fi
mbps() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.0f" % (d["end"]["sum_received"]["bits_per_second"]/1e6))' "$1"; }
progress "iperf3 TCP over VXLAN-over-SCLP (${CVSW_SECONDS}s)"
vm iperf3 -c "$INNER.$PEER" -t "$CVSW_SECONDS" -l 65495 -J >/tmp/sclp.json || ok=0
progress "iperf3 TCP without encapsulation (${CVSW_SECONDS}s)"
vm iperf3 -c "$UNDERLAY.$PEER" -p 5202 -t "$CVSW_SECONDS" -l 65495 -J >/tmp/plain.json || ok=0
s=$(mbps /tmp/sclp.json 2>/dev/null || echo 0)
p=$(mbps /tmp/plain.json 2>/dev/null || echo 0)
[ "$s" -gt 0 ] || ok=0
{
	echo "environment: kernel $(uname -r), accel ${CVSW_ACCEL:-unknown}, 1 vCPU per host, ${CVSW_SECONDS}s per iperf3 run"
	echo "iperf3 TCP VXLAN-over-SCLP: $s Mbit/s"
	echo "iperf3 TCP no encapsulation: $p Mbit/s"
	[ "$p" -gt 0 ] && python3 -c "print('ratio SCLP/No-Encap: %.2f' % ($s/$p))"
} >>"$res.tmp"
vm ethtool -S cvsw0 >"$SHARE/host1.cvsw-stats" || true
barrier done
[ $ok = 1 ] && echo "RESULT: ok" >>"$res.tmp" || echo "RESULT: FAILED" >>"$res.tmp"
mv "$res.tmp" "$res"
