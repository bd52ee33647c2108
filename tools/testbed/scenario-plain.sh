#!/bin/bash
# Testbed check without cvsw: OVS on both hosts, tenants reach each other unencapsulated
# (ping + iperf3). Proves the libvirt link, OVS and the tenant plumbing.
set -eu
. "$CVSW_TOP/tools/testbed/lib-host.sh"
progress "starting Open vSwitch"
start_ovs
setup_host
barrier configured
if [ "$HOST" = 2 ]; then
	vm iperf3 -s -D -1 >/dev/null
	barrier servers
	barrier done 900
	exit 0
fi
barrier servers
res=$SHARE/result.txt ok=1
vm ping -c 3 -W 5 "$UNDERLAY.$PEER" >"$SHARE/ping.txt" || ok=0
vm iperf3 -c "$UNDERLAY.$PEER" -t "$CVSW_SECONDS" -J >/tmp/plain.json || ok=0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("iperf3 TCP no encapsulation: %.0f Mbit/s" % (d["end"]["sum_received"]["bits_per_second"]/1e6))' /tmp/plain.json >"$res.tmp" || ok=0
barrier done
[ $ok = 1 ] && echo "RESULT: ok" >>"$res.tmp" || echo "RESULT: FAILED" >>"$res.tmp"
mv "$res.tmp" "$res"
