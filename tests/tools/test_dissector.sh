#!/usr/bin/env bash
# Host-side test of tools/wireshark/sclp.lua with tshark: a scapy-made pcap
# with IPv4/IPv6, first and non-first segments, VXLAN- and Geneve-over-SCLP
# first segments carrying inner TCP, a bad checksum, an odd length and a
# non-default protocol number; every field value is asserted per frame.
# Prints one PASS:/FAIL: line per case.
#
# Lua as root: Debian's tshark 4.0 (/etc/wireshark/init.lua) sets
# run_user_scripts_when_superuser = true, so `tshark -X lua_script:FILE`
# runs the script as root with no extra option; the check below fails
# loudly if a system disables it (then run as a normal user).
# Needs tshark and /usr/bin/python3 with python3-scapy (Debian packages).
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
lua=$top/tools/wireshark/sclp.lua
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PYTHONDONTWRITEBYTECODE=1
failed=0

PYTHONPATH=$top/tests/tools /usr/bin/python3 - "$tmp/x.pcap" <<'PYEOF' ||
import sys
import sclp_pcap as s
from scapy.all import Ether, IP, TCP, Raw, wrpcap
inner = Ether(src="02:00:00:00:01:01", dst="02:00:00:00:01:02") / \
    IP(src="10.0.0.1", dst="10.0.0.2") / TCP(sport=1234, dport=80, flags="A") / Raw(b"inner")
vxlan = bytes.fromhex("0800000000002a00") + bytes(inner)        # RFC 7348, VNI 42
geneve = bytes.fromhex("00006558000abc00") + bytes(inner)       # RFC 8926, VNI 0xabc
pk = [
    s.v4(s.segment(5000, 5001, 0x12345, True, 200, s.pattern(100))),    # 1 first, plain
    s.v4(s.segment(1111, 4789, 0x12345, False, 0, vxlan[:50])),         # 2 middle: data only
    s.v4(s.segment(1111, 4789, 0x42, True, 0, vxlan)),                  # 3 VXLAN first
    s.v6(s.segment(2222, 6081, 0x7fffffff, True, 1000, geneve)),        # 4 Geneve first, id max
    s.v6(s.segment(2222, 6081, 0x7fffffff, False, 0, geneve)),          # 5 Geneve middle
    s.v4(s.segment(5000, 5001, 7, False, 3, s.pattern(64), bad_csum=True)),  # 6 bad checksum
    s.v6(s.segment(5000, 5001, 8, True, 0, s.pattern(33))),             # 7 odd length
    s.v4(s.segment(5000, 5001, 9, True, 0, s.pattern(10)), proto=253),  # 8 other protocol
]
wrpcap(sys.argv[1], pk)
PYEOF
	{ echo "FAIL: dissector:make_pcap"; exit 1; }

fields="frame.number sclp.srcport sclp.dstport sclp.id sclp.first sclp.remaining
	sclp.checksum.status sclp.len vxlan.vni geneve.vni tcp.dstport data.len"
run() { # extra tshark args...
	local e=() f
	for f in $fields; do e+=(-e "$f"); done
	tshark -X lua_script:"$lua" -r "$tmp/x.pcap" "$@" -T fields -E separator='|' "${e[@]}" 2>"$tmp/err"
}

out=$(run)
if grep -qi "lua" "$tmp/err"; then
	echo "FAIL: dissector:lua_loaded"; sed 's/^/  /' "$tmp/err"; failed=1
else
	echo "PASS: dissector:lua_loaded"
fi

# The inner frame dissected by VXLAN/Geneve: 8 + 14 + 20 + 20 + 5 bytes.
il=67
# frame|sport|dport|id|F|rem|csum status (1 Good, 0 Bad)|len|vxlan vni|geneve vni|
# inner tcp dport|data bytes
want=(
	"1|5000|5001|0x0002468a|1|200|1|100||||100"
	"2|1111|4789|0x0002468a|0|0|1|50||||50"
	"3|1111|4789|0x00000084|1|0|1|$il|42||80|"
	"4|2222|6081|0xfffffffe|1|1000|1|$il||0x000abc|80|"
	"5|2222|6081|0xfffffffe|0|0|1|$il||||$il"
	"6|5000|5001|0x0000000e|0|3|0|64||||64"
	"7|5000|5001|0x00000010|1|0|1|33||||33"
	"8|||||||||||22"
)
names=(ipv4_first_plain ipv4_nonfirst_is_data vxlan_first_inner_tcp geneve_ipv6_first_inner_tcp
	geneve_nonfirst_is_data bad_checksum_status ipv6_odd_length other_proto_not_sclp)
i=1
for w in "${want[@]}"; do
	got=$(awk -F'|' -v n=$i '$1==n' <<<"$out")
	if [ "$got" = "$w" ]; then
		echo "PASS: dissector:${names[$((i - 1))]}"
	else
		echo "FAIL: dissector:${names[$((i - 1))]}"
		echo "  want: $w"
		echo "  got:  $got"
		failed=1
	fi
	i=$((i + 1))
done

# Expert info only on the bad checksum, and Wireshark's words for the status.
bad=$(tshark -X lua_script:"$lua" -r "$tmp/x.pcap" -Y sclp.checksum.bad \
	-T fields -e frame.number 2>/dev/null)
if [ "$bad" = 6 ]; then echo "PASS: dissector:expert_bad_checksum"
else echo "FAIL: dissector:expert_bad_checksum (frames: $bad)"; failed=1; fi
v=$(tshark -X lua_script:"$lua" -r "$tmp/x.pcap" -V -O sclp 2>/dev/null |
	grep -o 'Checksum Status: [A-Za-z]*' | awk '{printf "%s ", $3}')
if [ "$v" = "Good Good Good Good Good Bad Good " ]; then echo "PASS: dissector:status_text"
else echo "FAIL: dissector:status_text ($v)"; failed=1; fi

# The protocol number preference moves the registration.
got=$(run -o sclp.ipproto:253 | awk -F'|' '$1==8 || $1==1 {print $1 "|" $4 "|" $8}' | tr '\n' ' ')
if [ "$got" = "1|| 8|0x00000012|10 " ]; then echo "PASS: dissector:ipproto_preference"
else echo "FAIL: dissector:ipproto_preference ($got)"; failed=1; fi

exit $failed
