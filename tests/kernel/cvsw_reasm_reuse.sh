#!/bin/bash
# vms: 1
# timeout: 600
# Issue 9: a sender's SCLP ids are reused while the receiver still holds pieces of the older
# payloads, and the receiver must deliver the new bytes only.
#  1. The old incarnation: ns1's cvsw0 sends 8 KB frames with 30% of its segments lost on the
#     wire (netem), so ns2 holds pieces of many incomplete payloads (20 s timeout here).
#  2. ns1's cvsw0 is deleted and created again, within the timeout, and sends a file: its ids
#     start from a random value, so nothing it sends meets the stale pieces.
#  3. Forced reuse: the ids the new cvsw0 will use next are read off the wire, and pieces of
#     "older" payloads with those ids and ports (a last piece, or a first of another size)
#     are injected ahead of it; then a file is sent. The receiver must drop them (stale,
#     restart), not merge them.
# Each file's SHA-256 must match; no inner TCP checksum error may be seen by ns2 (a wrong
# merge would be delivered with a CHECKSUM_COMPLETE that TCP rejects, and the retransmission
# would hide it from the SHA-256); and once the rest times out, the counters explain every
# segment taken into reassembly (frags in = frags out + drops by reason, memory 0).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"

export IP_LIB_DIR=$CVSW_TOP/tools/iproute2 # the cvsw link plugin: reasm_* parameters

INJ="/usr/bin/python3 $CVSW_TOP/tests/kernel/cvsw_inject.py"
TIMEOUT_MS=20000
modprobe sch_netem

tun_setup sclp-vxlan sclp_tx_mode sw reasm_timeout $TIMEOUT_MS
n1 sysctl -qw net.ipv6.conf.cvsw0.disable_ipv6=1
n2 sysctl -qw net.ipv6.conf.cvsw0.disable_ipv6=1
require "SCLP tunnel up: ping 10.0.0.2" n1 ping -c 3 -W 5 10.0.0.2
tcp_csum_errors() { n2 awk '$1 == "Tcp:" && n++ { print $NF }' /proc/net/snmp; }
csum0=$(tcp_csum_errors)

# 1. Old incarnation, lossy: payloads left incomplete at the receiver. cvsw0's MTU is raised so
# that each 8 KB echo request is one inner frame, which cvsw cuts into SCLP segments.
n1 ip link set cvsw0 mtu 9000
n1 tc qdisc add dev va root netem loss 30%
n1 ping -q -c 40 -i 0.05 -s 8000 -W 1 10.0.0.2 >/dev/null 2>&1 || true
n1 tc qdisc del dev va root
held=$(reasm_mem ns2)
check_ge "old incarnation: ns2 holds pieces of incomplete payloads (bytes)" "$held" 1

# 2. A new incarnation, within the timeout.
recreate() {
	n1 ip link del cvsw0
	n1 ip link add cvsw0 link va type cvsw sclp_tx_mode sw
	n1 ip addr add 10.0.0.1/24 dev cvsw0
	n1 ip addr add 10.0.6.1/24 dev cvsw0
	flow ns1 "priority=10,in_port=local,actions=encap(sclp-vxlan,vni=42,remote=192.0.2.2),output"
	flow ns1 "priority=10,in_port=tunnel,tun_id=42,actions=decap"
	n1 sysctl -qw net.ipv6.conf.cvsw0.disable_ipv6=1
	n1 ip link set cvsw0 up
}
require "ns1's cvsw0 re-created" recreate
check_ge "still holding stale pieces when the new one sends" "$(reasm_mem ns2)" 1
require "new incarnation: ping 10.0.0.2" n1 ping -c 3 -W 5 10.0.0.2
tun_file "new incarnation, random ids" 1000000

# 3. Forced reuse. The outer source port follows the inner flow, so the ids and ports are
# read off the wire from the file's own connection: its first 1000 bytes go, the sender
# pauses, the stale pieces for its next 1500 ids go in ahead of it, and the rest follows.
pcap=$CVSW_OUT/reuse-ids.pcap src=$_cvsw_tmp/reuse.in dst=$_cvsw_tmp/reuse.out go=$_cvsw_tmp/go
head -c 1000000 /dev/urandom >"$src"
rm -f "$dst" "$go"
capture_start ns2 vb "ip proto 234 and src host 192.0.2.1" "$pcap"
n2 timeout 120 nc -l 5001 >"$dst" &
lpid=$!
wait_until 10 n2 sh -c "ss -ltn | grep -q ':5001 '"
{ head -c 1000 "$src"; while [ ! -e "$go" ]; do sleep 0.2; done; tail -c +1001 "$src"; } |
	n1 timeout 120 nc -N 10.0.0.2 5001 &
spid=$!
got_first() { [ "$(stat -c %s "$dst" 2>/dev/null || echo 0)" -ge 1000 ]; }
wait_until 20 got_first || true
sleep 1
capture_stop
# Ports and id of the last SCLP segment ns1 sent, decoded by our dissector (sclp.id is the
# id word with F masked off: the id shifted left by one).
read -r sport dport idword <<<"$(tshark -X "lua_script:$CVSW_TOP/tools/wireshark/sclp.lua" \
	-r "$pcap" -Y sclp -T fields -e sclp.srcport -e sclp.dstport -e sclp.id 2>/dev/null |
	tail -n 1)"
lastid=-
[ -n "$idword" ] && lastid=$((idword >> 1))
check "the connection's ids read off the wire (sport $sport dport $dport id $lastid)" \
	test "$lastid" != -
stale0=$(( $(cstat ns2 rx_drop_reasm_stale) + $(cstat ns2 rx_drop_reasm_restart) ))
DMAC=$(n2 cat /sys/class/net/vb/address)
[ "$lastid" != - ] &&
	check "1500 stale pieces injected for its next ids" \
		n1 $INJ va "$DMAC" stale "$sport" "$dport" $((lastid + 1)) 1500
touch "$go"
wait "$spid" || true
wait "$lpid" || true
check_eq "ids reused over stale pieces: sha256 of 1000000 bytes" \
	"$(sha256sum <"$dst" | cut -d' ' -f1)" "$(sha256sum <"$src" | cut -d' ' -f1)"
check_ge "stale pieces met by the new payloads were dropped (stale + restart)" \
	"$(( $(cstat ns2 rx_drop_reasm_stale) + $(cstat ns2 rx_drop_reasm_restart) - stale0 ))" 1
check_eq "no inner TCP checksum error at ns2 (no wrong merge reached TCP)" \
	"$(( $(tcp_csum_errors) - csum0 ))" 0

# The rest times out; then every segment is accounted for.
mem_empty() { [ "$(reasm_mem ns2)" = 0 ]; }
wait_until $((TIMEOUT_MS / 1000 + 15)) mem_empty || true
check_eq "ns2 reassembly memory back to 0" "$(reasm_mem ns2)" 0
check_eq "ns2: frags in = frags out + drops by reason" "$(reasm_unaccounted ns2)" 0
check_ge "ns2: the old incarnation's pieces timed out" "$(cstat ns2 rx_drop_reasm_timeout)" 1
n2 ethtool -S cvsw0 | grep -E 'reasm|bad_csum' >"$CVSW_OUT/reuse-counters.txt"
