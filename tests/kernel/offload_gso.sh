#!/bin/bash
# sclp_offload GSO: one 65535-byte SCLP super-packet injected in ns1 (gso_size = MSS,
# SKB_GSO_DODGY, CHECKSUM_PARTIAL) leaves veth1 (tx checksumming off, so GSO fills in every
# checksum; one case with it on) as MSS segments; an AF_PACKET socket on
# veth2 (GRO off) decodes them with tests/kernel/sclp_rx.py (a python decoder: the
# Wireshark dissector is exercised by its own tests) and checks id, F, rem, checksums, IP
# lengths and the payload's sha256. IPv4 (MSS 1468: 45 segments) and IPv6 (MSS 1448: 46).
# vms: 1
# timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/offload_env.bash"

require load_offload mod_load sclp_offload
on_exit "rmmod sclp_offload"
require load_inject mod_load sclp_inject
on_exit "rmmod sclp_inject"
offload_setup
n2 ethtool -K veth2 gro off >/dev/null
out=$CVSW_OUT/offload_gso

gso_case() { # NAME MSS SEGMENTS [PARAM=VALUE...]: one super-packet of 65535 bytes
	local name=$1 mss=$2 segs=$3 f=$out.$1.txt
	shift 3
	local trig
	trig=$(inject_cmd mss="$mss" "$@")
	n2 $RX capture --iface veth2 --len 65535 --mss "$mss" --seed 7 --rem 0 \
		--trigger "$trig" >"$f"
	check_eq "$name:trigger" "$(val "$f" trigger_rc)" 0
	check_eq "$name:segments" "$(val "$f" segments)" "$segs"
	check_eq "$name:full_mss_segments" "$(val "$f" full_mss)" $((segs - 1))
	check_eq "$name:one_id" "$(val "$f" ids)" 5
	check_eq "$name:F_only_first" "$(val "$f" first_flags)" "1$(printf '0%.0s' $(seq 2 "$segs"))"
	check_eq "$name:rem" "$(val "$f" rem_ok)" 1
	check_eq "$name:checksums_bad" "$(val "$f" csum_bad)" 0
	check_eq "$name:ip_lengths_or_csum_bad" "$(val "$f" iplen_bad)" 0
	check_eq "$name:payload_sha256" "$(val "$f" sha_ok)" 1
}

g0=$(stat_of ns1 gso_packets)
s0=$(stat_of ns1 gso_segments)
gso_case ipv4 $MSS4 45 id=5 seed=7
check_eq ipv4:gso_packets $(($(stat_of ns1 gso_packets) - g0)) 1
check_eq ipv4:gso_segments $(($(stat_of ns1 gso_segments) - s0)) 45
gso_case ipv6 $MSS6 46 id=5 seed=7 src=fd00::1 dst=fd00::2

# The same super-packet captured on the wire and decoded by our Wireshark dissector
# (tools/wireshark/sclp.lua): 45 SCLP segments, one id, F on the first only, remaining
# 65535 - 1468 * k, every checksum good.
pcap=$out.dissector.pcap
rm -f "$pcap"
n2 dumpcap -q -P -i veth2 -f "ip proto 234" -w "$pcap" >/dev/null 2>&1 &
cap=$!
wait_until 30 test -s "$pcap" || true
sleep 1
sh -c "$(inject_cmd id=11 seed=5)"
wait_until 20 sh -c "[ \$(tshark -r $pcap 2>/dev/null | wc -l) -ge 45 ]" || true
kill $cap
wait $cap 2>/dev/null || true # dumpcap ends by SIGTERM
lines=$(tshark -X lua_script:"$CVSW_TOP/tools/wireshark/sclp.lua" -r "$pcap" -Y sclp -T fields \
	-E separator=' ' -e sclp.id -e sclp.first -e sclp.remaining -e sclp.checksum.status 2>/dev/null)
want=$(for ((k = 0; k < 45; k++)); do
	r=$((65535 - 1468 * (k + 1)))
	[ $r -lt 0 ] && r=0
	echo "0x00000016 $((k == 0 ? 1 : 0)) $r 1" # id 11: the word 11 << 1 with F masked
done)
check_eq "dissector: 45 segments" "$(wc -l <<<"$lines")" 45
check_eq "dissector: id, F, remaining, checksum of every segment" "$lines" "$want"

# Checksum offload on veth1 (NETIF_F_HW_CSUM): segments leave CHECKSUM_PARTIAL as TCP's do,
# the check field left 0 for the device; veth delivers them so, and GRO and cvsw trust them.
n1 ethtool -K veth1 tx on >/dev/null
f=$out.offloaded.txt
n2 $RX capture --iface veth2 --len 65535 --mss $MSS4 --seed 4 --rem 0 \
	--trigger "$(inject_cmd mss=$MSS4 id=12 seed=4)" >"$f"
n1 ethtool -K veth1 tx off >/dev/null
check_eq offloaded:segments "$(val "$f" segments)" 45
check_eq offloaded:rem "$(val "$f" rem_ok)" 1
check_eq offloaded:check_left_0_for_the_device "$(val "$f" check_zero)" 45
check_eq offloaded:ip_lengths_or_csum_bad "$(val "$f" iplen_bad)" 0
check_eq offloaded:payload_sha256 "$(val "$f" sha_ok)" 1

# A super-packet that is itself a tail (F=0, rem=1000): re-segmenting a merged non-first
# packet must carry the rem on.
f=$out.tail.txt
n2 $RX capture --iface veth2 --len 5000 --mss $MSS4 --seed 3 --rem 1000 \
	--trigger "$(inject_cmd len=5000 rem=1000 first=0 seed=3 id=9)" >"$f"
check_eq tail:segments "$(val "$f" segments)" 4
check_eq tail:no_F "$(val "$f" first_flags)" 0000
check_eq tail:rem "$(val "$f" rem_ok)" 1
check_eq tail:checksums_bad "$(val "$f" csum_bad)" 0
check_eq tail:payload_sha256 "$(val "$f" sha_ok)" 1

# A plain (non-GSO) packet that fits the MTU crosses unchanged.
f=$out.plain.txt
n2 $RX capture --iface veth2 --len 1000 --mss 1000 --seed 1 \
	--trigger "$(inject_cmd len=1000 gso=0 seed=1)" >"$f"
check_eq plain:segments "$(val "$f" segments)" 1
check_eq plain:checksums_bad "$(val "$f" csum_bad)" 0
check_eq plain:payload_sha256 "$(val "$f" sha_ok)" 1

# The injector refuses what cannot be sent.
check_fail inject_refuses_len_plus_rem sh -c "$(inject_cmd len=65535 rem=1)"
check_fail inject_refuses_bad_addr sh -c "$(inject_cmd dst=10.0.0)"
check_fail inject_refuses_no_dev sh -c "$(inject_cmd dev=nosuchdev)"
