#!/usr/bin/env bash
# Host-side test of tools/sclp-check.py: a good capture passes with the right
# summary and sha256, and each broken capture (wrong remaining, missing
# segment, bad checksum, F twice/never, IP fragment, failed expectations)
# fails with its reason. Prints one PASS:/FAIL: line per case.
# Needs /usr/bin/python3 with python3-scapy (Debian package).
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
py=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
check=$top/tools/sclp-check.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

PYTHONPATH=$top/tests/tools $py - "$tmp" <<'PYEOF' ||
import hashlib, sys
import sclp_pcap as s
from scapy.all import UDP, IP, Ether, Raw, wrpcap
d = sys.argv[1]
A, B = s.pattern(4000, 1), s.pattern(4000, 2)
a = s.split(1111, 4789, 5, A, 1448)
b = s.split(2222, 6081, 6, B, 1448)
good = [s.v4(a[0]), Ether() / IP() / UDP() / Raw(b"not sclp"), s.v6(b[2]),
        s.v4(a[2]), s.v6(b[0]), s.v4(a[1]), s.v6(b[1])]
wrpcap(d + "/good.pcap", good)
open(d + "/good.sha", "w").write("%s\n%s\n" % (hashlib.sha256(A).hexdigest(),
                                               hashlib.sha256(B).hexdigest()))
wrpcap(d + "/proto253.pcap", [s.v4(x, proto=253) for x in a])
# Remaining of the middle segment one too high (checksum still valid).
wrong = s.segment(1111, 4789, 5, False, 4000 - 1448 - 1448 + 1, A[1448:2896])
wrpcap(d + "/wrong_rem.pcap", [s.v4(a[0]), s.v4(wrong), s.v4(a[2])])
wrpcap(d + "/missing_mid.pcap", [s.v4(a[0]), s.v4(a[2])])
wrpcap(d + "/missing_last.pcap", [s.v4(a[0]), s.v4(a[1])])
bad = s.segment(1111, 4789, 5, False, 4000 - 2896 - 1104, A[2896:], bad_csum=True)
wrpcap(d + "/bad_csum.pcap", [s.v4(a[0]), s.v4(a[1]), s.v4(bad)])
two_f = s.segment(1111, 4789, 5, True, 1104, A[1448:2896])
wrpcap(d + "/two_f.pcap", [s.v4(a[0]), s.v4(two_f), s.v4(a[2])])
wrpcap(d + "/no_f.pcap", [s.v4(a[1]), s.v4(a[2])])
frag = Ether() / IP(src="192.0.2.1", dst="192.0.2.2", proto=234, flags="MF") / Raw(a[0])
wrpcap(d + "/ip_frag.pcap", [frag, s.v4(a[1]), s.v4(a[2])])
# A GRO-merged packet: one segment, F set, remaining 0 (kernel-facts.md).
wrpcap(d + "/merged.pcap", [s.v4(s.segment(1, 2, 9, True, 0, A))])
PYEOF
	{ echo "FAIL: sclp_check:make_pcaps"; exit 1; }

# case NAME EXPECTED_RC REGEX -- ARGS...: run the checker, match rc and output.
case_() {
	local name=$1 want=$2 re=$3 out rc
	shift 4
	out=$($py "$check" "$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -Eq -- "$re" <<<"$out"; then
		echo "PASS: sclp_check:$name"
	else
		echo "FAIL: sclp_check:$name (rc=$rc, want $want, /$re/)"
		sed 's/^/  /' <<<"$out" | head -20
		failed=1
	fi
}

case_ good 0 '^payloads=2 segments=6 ok$' -- "$tmp/good.pcap"
case_ good_expectations 0 '^payloads=2 segments=6 ok$' -- \
	--expect-payloads 2 --expect-segments 3 --expect-payload-len 4000 "$tmp/good.pcap"
out=$($py "$check" --sha256 "$tmp/good.pcap" | awk '/^sha256 /{print $2}')
if [ "$out" = "$(cat "$tmp/good.sha")" ]; then
	echo "PASS: sclp_check:sha256"
else
	echo "FAIL: sclp_check:sha256"; echo "  got: $out"; failed=1
fi
case_ merged_single_segment 0 '^payloads=1 segments=1 ok$' -- \
	--expect-segments 1 --expect-payload-len 4000 "$tmp/merged.pcap"
case_ other_proto_ignored 0 '^payloads=0 segments=0 ok$' -- "$tmp/proto253.pcap"
case_ proto_option 0 '^payloads=1 segments=3 ok$' -- --proto 253 "$tmp/proto253.pcap"
case_ wrong_rem 1 'overlaps|gap' -- "$tmp/wrong_rem.pcap"
case_ missing_middle 1 'gap of 1448 bytes at offset 1448' -- "$tmp/missing_mid.pcap"
case_ missing_last 1 'ends at 2896 of 4000 bytes' -- "$tmp/missing_last.pcap"
case_ bad_checksum 1 'bad checksum' -- "$tmp/bad_csum.pcap"
case_ two_first 1 '2 segments with F set' -- "$tmp/two_f.pcap"
case_ no_first 1 '0 segments with F set' -- "$tmp/no_f.pcap"
case_ ip_fragment 1 'IPv4-fragmented' -- "$tmp/ip_frag.pcap"
case_ expect_segments 1 '3 segments, expected 4' -- --expect-segments 4 "$tmp/good.pcap"
case_ expect_len 1 'payload of 4000 bytes, expected 4001' -- \
	--expect-payload-len 4001 "$tmp/good.pcap"
case_ expect_payloads 1 '2 payloads, expected 3' -- --expect-payloads 3 "$tmp/good.pcap"
case_ violation_summary 1 '^payloads=1 segments=3 violations=1$' -- "$tmp/bad_csum.pcap"
case_ unreadable 2 'cannot read' -- "$tmp/nonexistent.pcap"
case_ usage 2 'usage' -- --expect-segments

exit $failed
