#!/bin/bash
# vms: 1
# Rule counters and the exact-match cache as cvsw-ctl shows them after traffic: three
# pings leave cvsw0 through a plain "output" rule (static neighbour, IPv6 off, so
# nothing else is sent): n_packets=3, n_bytes=3*98 on that rule, 0 on the others, in
# text and JSON; dev show's EMC hits+misses cover the lookups; counters survive a
# round trip through dump/flush/add - as zeros (counters are ignored on input).
source "$(dirname "$0")/lib.sh"

mod_load cvsw
on_exit "rmmod cvsw"
modprobe veth
ctl=$CVSW_TOP/tools/cvsw-ctl
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

ip link add cntv0 type veth peer name cntv1
on_exit "ip link del cntv0"
ip link add cvsw0 link cntv0 type cvsw
on_exit "ip link del cvsw0"
sysctl -qw net.ipv6.conf.cvsw0.disable_ipv6=1
ip addr add 10.9.0.1/24 dev cvsw0
ip link set cntv1 up
ip link set cntv0 up
ip link set cvsw0 up
ip neigh replace 10.9.0.2 lladdr "$(cat /sys/class/net/cntv1/address)" dev cvsw0 nud permanent

"$ctl" flow add dev cvsw0 'priority=20,icmp,nw_dst=10.9.0.2,actions=output'
"$ctl" flow add dev cvsw0 'priority=10,udp,actions=drop'
"$ctl" flow add dev cvsw0 'priority=1,actions=drop'

# Replies are plain IP, which cvsw leaves to the lower's stack: only requests count.
ping -c 3 -i 0.2 -W 1 10.9.0.2 >/dev/null 2>&1 || true

"$ctl" flow dump dev cvsw0 >"$tmp/dump"
check "icmp rule: n_packets=3, n_bytes=294" \
	grep -q '^n_packets=3, n_bytes=294, priority=20,icmp' "$tmp/dump"
check "udp rule untouched" grep -q '^n_packets=0, n_bytes=0, priority=10,udp' "$tmp/dump"
check "catch-all untouched" grep -q '^n_packets=0, n_bytes=0, priority=1,' "$tmp/dump"
"$ctl" -j flow dump dev cvsw0 >"$tmp/json"
check "JSON counters are the same numbers" python3 -c '
import json, sys
j = {r["priority"]: (r["n_packets"], r["n_bytes"]) for r in json.load(open(sys.argv[1]))}
sys.exit(0 if j == {20: (3, 294), 10: (0, 0), 1: (0, 0)} else 1)' "$tmp/json"
"$ctl" -j dev show dev cvsw0 >"$tmp/dev"
emc=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))[0]
print(d["emc_hits"] + d["emc_misses"])' "$tmp/dev")
check_ge "EMC hits+misses cover the three lookups" "$emc" 3

# Counters are not input: a dump fed back starts from zero.
"$ctl" flow flush dev cvsw0
"$ctl" flow add dev cvsw0 - <"$tmp/dump"
check_eq "re-added from a dump: counters restart at 0" \
	"$("$ctl" flow dump dev cvsw0 | grep -c '^n_packets=0, n_bytes=0,')" 3
