#!/bin/bash
# vms: 1
# timeout: 240
# cvsw.ko control plane under load: traffic through a plain "output:lower" rule while
# another process adds, dumps and deletes rules (each change an RCU-safe classifier update),
# then rmmod while both still run. Checks the rule's packet counter and the lower's peer
# against the exact number of frames sent, and that the EMC served them.
source "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
nl() { python3 "$here/cvsw_dev_nl.py" "$@"; }
# send N: N UDP datagrams to 10.9.0.2:9 through cvsw0; prints how many were sent.
send() {
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
n = 0
for i in range(int(sys.argv[1])):
    try:
        s.sendto(b"x" * 100, ("10.9.0.2", 9))
        n += 1
    except OSError:
        pass
print(n)' "$1"
}
rx_of_peer() { n1 cat /sys/class/net/v1/statistics/rx_packets; }

modprobe veth
mod_load cvsw
on_exit "rmmod cvsw"
ip netns add ns1
on_exit "ip netns del ns1"
ip link add v0 type veth peer name v1 netns ns1
on_exit "ip link del v0"
n1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
n1 ip link set v1 up
ip link add cvsw0 link v0 type cvsw
# No IPv6 autoconfiguration chatter: every frame v1 gets is one we sent.
sysctl -qw net.ipv6.conf.cvsw0.disable_ipv6=1 net.ipv6.conf.v0.disable_ipv6=1
ip link set v0 up
ip link set cvsw0 up
ip addr add 10.9.0.1/24 dev cvsw0
ip neigh add 10.9.0.2 lladdr "$(n1 cat /sys/class/net/v1/address)" dev cvsw0 nud permanent

# tun_id 0 under a full mask: every frame the host sends (nothing arrives from a tunnel).
check_eq "rule: tun_id 0 -> output:lower" "$(nl add cvsw0 1 0 lower)" 0

rx0=$(rx_of_peer)
nl churn cvsw0 20 >"$CVSW_OUT/churn.out" &
churn=$!
sent=$(send 20000)
wait "$churn"
check_eq "flow churn in parallel: no error" "$(head -n 1 "$CVSW_OUT/churn.out")" 0
check_ge "flow churn: requests made" "$(tail -n 1 "$CVSW_OUT/churn.out")" 101
check_ge "datagrams sent" "$sent" 19000
check_eq "rule counted every frame" "$(nl flows cvsw0 | awk '$1 == 1 && $2 == 0 { print $3 }')" "$sent"
check_eq "rule bytes: 142 per frame (Ethernet 14 + IPv4 20 + UDP 8 + 100)" \
	"$(nl flows cvsw0 | awk '$1 == 1 && $2 == 0 { print $4 }')" $((sent * 142))
check_eq "lower's peer received every frame" "$(($(rx_of_peer) - rx0))" "$sent"
check_eq "churn left only the one rule" "$(nl flows cvsw0 | tail -n +2 | wc -l)" 1
# With the table quiet, one miss fills the EMC and the rest are hits.
emc() { nl dev cvsw0 | tail -n 1 | grep -o "emc_$1=[0-9]*" | cut -d= -f2; }
h0=$(emc hits) m0=$(emc misses)
sent2=$(send 1000)
check_ge "EMC: hits for a quiet table" $(($(emc hits) - h0)) $((sent2 - 1))
check_le "EMC: at most one miss" $(($(emc misses) - m0)) 1

# rmmod while traffic and flow changes run.
nl churn cvsw0 30 >/dev/null 2>&1 &
churn=$!
send 1000000 >/dev/null 2>&1 &
sender=$!
sleep 2
# A netlink dump in flight holds a module reference (netlink_dump_start()), so rmmod may
# answer "in use" for a moment, as it would for any user: it must succeed within 5 s.
rmmod_when_free() {
	local i
	for i in $(seq 50); do
		rmmod cvsw 2>/dev/null && return 0
		sleep 0.1
	done
	rmmod cvsw
}
require "rmmod during traffic and flow churn" rmmod_when_free
kill "$sender" "$churn" 2>/dev/null || true
wait "$sender" "$churn" 2>/dev/null || true
check_fail "cvsw0 gone" ip link show cvsw0
mod_load cvsw
check "module loads again" mod_loaded cvsw
