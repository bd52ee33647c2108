#!/bin/bash
# vms: 1
# cvsw-ctl against cvsw.ko: dev show, flow add/dump/del/flush round trip (a dump fed
# back through "flow add -" reproduces the same dump), JSON that parses, exit codes
# and messages for a missing device, a non-cvsw device, a missing rule, a caller
# without CAP_NET_ADMIN, and another network namespace; flow delete non-strict (the
# default, as ovs-ofctl del-flows) and --strict; dev set max-flows; add-flows and
# replace-flows from a file.
source "$(dirname "$0")/lib.sh"

mod_load cvsw
on_exit "rmmod cvsw"
# The kernel's own request_module cannot reach modprobe from the test's chroot.
modprobe veth
ctl=$CVSW_TOP/tools/cvsw-ctl
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

ip link add ctlv0 type veth peer name ctlv1
on_exit "ip link del ctlv0"
ip link add cvsw0 link ctlv0 type cvsw
on_exit "ip link del cvsw0"
ip link set ctlv0 up
ip link set cvsw0 up

# run ARGS...: cvsw-ctl's stdout, stderr and exit code into $tmp/out, $tmp/err, $rc.
run() {
	rc=0
	"$ctl" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}
# json EXPR: $tmp/out parses as JSON and EXPR (over j) holds.
json() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if ('"$1"') else 1)' "$tmp/out"
}
# expect_err NAME RC PATTERN ARGS...: exit code RC and PATTERN (grep -E) on stderr.
expect_err() {
	local name=$1 want=$2 pat=$3
	shift 3
	run "$@"
	if [ "$rc" = "$want" ] && grep -qE -- "$pat" "$tmp/err"; then
		pass "$name"
	else
		fail "$name" "rc=$rc (want $want), stderr: $(head -c 300 "$tmp/err")"
	fi
}
nflows() { "$ctl" flow dump dev cvsw0 | grep -c 'actions=' || true; }

F1='priority=100,ip,nw_dst=10.0.0.2,actions=encap(sclp-vxlan,vni=42,remote=192.0.2.2),output:lower'
F2='priority=50,in_port=tunnel,tun_id=42,actions=decap,output:local'
F3='priority=10,udp,tp_dst=4789,actions=drop'

# dev show: the device, its lower device and an empty table.
run dev show
check_eq "dev show: exit 0" "$rc" 0
check "dev show: cvsw0 with lower ctlv0" grep -qE '^[0-9]+: cvsw0: lower ctlv0 flows 0' "$tmp/out"
run -j dev show dev cvsw0
check "dev show -j: one device, numbers are numbers" json \
	'len(j) == 1 and j[0]["ifname"] == "cvsw0" and j[0]["lower"] == "ctlv0" and
	 j[0]["flows"] == 0 and isinstance(j[0]["sclp_proto"], int) and
	 j[0]["sclp_tx_mode"] in ("auto", "gso", "sw")'

# add, dump, JSON.
check "flow add F1" "$ctl" flow add dev cvsw0 "$F1"
check "f a F2 (prefixes)" "$ctl" f a dev cvsw0 "$F2"
printf '# from stdin\n\n%s\n' "$F3" >"$tmp/in"
check "flow add - (stdin)" sh -c "'$ctl' flow add dev cvsw0 - <'$tmp/in'"
check_eq "flow dump: three rules" "$(nflows)" 3
run flow dump dev cvsw0
check "flow dump: counters printed" grep -q 'n_packets=0' "$tmp/out"
check_eq "flow dump: highest priority first" "$(head -n1 "$tmp/out" | grep -c 'priority=100')" 1
cp "$tmp/out" "$tmp/dump1"
run -j flow dump dev cvsw0
check "flow dump -j: python3 -m json.tool accepts it" python3 -m json.tool "$tmp/out"
check "flow dump -j: priorities and counters are numbers" json \
	'sorted(r["priority"] for r in j) == [10, 50, 100] and
	 all(r["n_packets"] == 0 and r["n_bytes"] == 0 for r in j)'
run -j -p dev show
check "dev show -j -p: flows 3" json 'j[0]["flows"] == 3'

# Round trip: the dump, flushed and fed back through "flow add -", dumps the same.
check "flow flush" "$ctl" flow flush dev cvsw0
check_eq "flush: no rules left" "$(nflows)" 0
check "dump fed back through flow add -" sh -c "'$ctl' flow add dev cvsw0 - <'$tmp/dump1'"
"$ctl" flow dump dev cvsw0 >"$tmp/dump2"
check "round trip: same dump" cmp "$tmp/dump1" "$tmp/dump2"

# Same priority and match replaces the actions (no duplicate).
check "re-add F3 with other actions" "$ctl" flow add dev cvsw0 "${F3%actions=*}actions=output:lower"
check_eq "replace: still three rules" "$(nflows)" 3

# delete: non-strict by default (every rule the match covers, any priority); --strict
# by priority and exact match. Actions left out.
check "flow del --strict without actions" "$ctl" flow del dev cvsw0 --strict \
	'priority=50,in_port=tunnel,tun_id=42'
check_eq "del: two rules left" "$(nflows)" 2
expect_err "--strict del of a missing rule: exit 1, kernel's error" 1 '^Error: ' \
	flow del dev cvsw0 --strict 'priority=50,in_port=tunnel,tun_id=42'
expect_err "--strict del with another priority does not match" 1 '^Error: ' \
	flow del dev cvsw0 --strict "${F1/priority=100/priority=101}"
check_eq "failed dels removed nothing" "$(nflows)" 2
check "non-strict del matching nothing: exit 0" "$ctl" flow del dev cvsw0 'in_port=tunnel,tun_id=42'
check_eq "non-strict del of nothing removed nothing" "$(nflows)" 2
check "re-add F2" "$ctl" flow add dev cvsw0 "$F2"
check "non-strict del, another priority, less specific match" "$ctl" flow del dev cvsw0 \
	'priority=7,in_port=tunnel'
check_eq "non-strict del: F2 gone whatever its priority" "$(nflows)" 2
check_eq "non-strict del: F2 is the one gone" "$("$ctl" flow dump dev cvsw0 | grep -c 'tun_id=42')" 0

# Errors and exit codes.
expect_err "unknown device: exit 1" 1 '^Cannot find device "nosuch0"$' flow dump dev nosuch0
expect_err "non-cvsw device: exit 1" 1 '^Error: .*(cvsw|not supported)' flow dump dev ctlv0
expect_err "non-cvsw device, dev show: exit 1" 1 '^Error: ' dev show dev ctlv1
expect_err "bad flow: exit 2 naming the token" 2 'frobnicate' \
	flow add dev cvsw0 'ip,frobnicate=1,actions=drop'
printf '%s\nip,frobnicate=1,actions=drop\n' "$F3" >"$tmp/bad"
rc=0
"$ctl" flow add dev cvsw0 - <"$tmp/bad" 2>"$tmp/err" || rc=$?
check_eq "stdin with a bad line: exit 2" "$rc" 2
check "stdin with a bad line: -:2: named" grep -q '^-:2: .*frobnicate' "$tmp/err"
check_eq "stdin with a bad line: nothing added" "$(nflows)" 2

# Without CAP_NET_ADMIN: changes refused with EPERM, reads allowed.
install -m 0755 "$ctl" "$tmp/cvsw-ctl"
chmod 0755 "$tmp"
nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all)
rc=0
"${nobody[@]}" "$tmp/cvsw-ctl" flow add dev cvsw0 "$F2" 2>"$tmp/err" || rc=$?
check_eq "no CAP_NET_ADMIN: flow add exits 1" "$rc" 1
check "no CAP_NET_ADMIN: message" \
	grep -qx 'Error: Operation not permitted (CAP_NET_ADMIN needed)' "$tmp/err"
rc=0
"${nobody[@]}" "$tmp/cvsw-ctl" flow flush dev cvsw0 2>"$tmp/err" || rc=$?
check_eq "no CAP_NET_ADMIN: flow flush exits 1" "$rc" 1
check_eq "no CAP_NET_ADMIN: rules untouched" "$(nflows)" 2
check "no CAP_NET_ADMIN: flow dump allowed" "${nobody[@]}" "$tmp/cvsw-ctl" flow dump dev cvsw0

# Another netns: -n sees only that namespace's devices.
ip netns add ctlns
on_exit "ip netns del ctlns"
ip -n ctlns link add ctlv2 type veth peer name ctlv3
ip -n ctlns link add cvsw9 link ctlv2 type cvsw
run -n ctlns -j dev show
check "-n: the namespace's device only" json '[d["ifname"] for d in j] == ["cvsw9"]'
check "-n: flow add there" "$ctl" -n ctlns flow add dev cvsw9 "$F3"
check_eq "-n: its own table" "$("$ctl" -n ctlns flow dump dev cvsw9 | grep -c actions=)" 1
check_eq "-n: ours unchanged" "$(nflows)" 2
expect_err "-n: cvsw0 not there" 1 '^Cannot find device "cvsw0"$' -n ctlns flow dump dev cvsw0

# 300 more rules: a dump in several parts, still one object per rule.
for i in $(seq 1 300); do
	echo "priority=$((1000 + i)),udp,tp_dst=$i,actions=drop"
done >"$tmp/many"
check "300 flows from stdin" sh -c "'$ctl' flow add dev cvsw0 - <'$tmp/many'"
check_eq "multi-part dump: 302 rules" "$(nflows)" 302
run -j flow dump dev cvsw0
check "multi-part JSON dump: 302 distinct rules" json \
	'len(j) == 302 and len(set(r["priority"] for r in j)) == 302'

# The kernel's extended ack on a stdin line: line 1 replaces (allowed when full), line 2 is new.
check "dev set max-flows 302" "$ctl" dev set dev cvsw0 max-flows 302
run -j dev show dev cvsw0
check "dev show -j: max_flows 302, flow memory" json \
	'j[0]["max_flows"] == 302 and j[0]["flows"] == 302 and
	 j[0]["cls_memory"] > 0 and j[0]["rules_memory"] > 0'
expect_err "dev set below the rules present: exit 1" 1 'below the number of rules' \
	dev set dev cvsw0 max-flows 10
expect_err "dev set max-flows 0: exit 2" 2 'max-flows' dev set dev cvsw0 max-flows 0
printf '%s\n' 'priority=1001,udp,tp_dst=1,actions=output' \
	'priority=7,udp,tp_dst=7,actions=drop' >"$tmp/full"
rc=0
"$ctl" flow add dev cvsw0 - <"$tmp/full" 2>"$tmp/err" || rc=$?
check_eq "table full: exit 1" "$rc" 1
check "table full: -:2: and the kernel's message" \
	grep -qx -- '-:2: Error: flow table full (device limit max-flows)' "$tmp/err"
"$ctl" flow dump dev cvsw0 >"$tmp/out"
check "table full: line 1 applied" grep -q 'priority=1001,udp,tp_dst=1,actions=output' "$tmp/out"
check "dev set max-flows 65536" "$ctl" dev set dev cvsw0 max-flows 65536

# Non-strict del of "udp": every udp rule (301 of them, any priority) goes, F1 (ip) stays.
check "non-strict del udp" "$ctl" flow del dev cvsw0 udp
check_eq "non-strict del udp: F1 left" "$(nflows)" 1
check "non-strict del without a match: every rule" "$ctl" flow del dev cvsw0
check_eq "non-strict del without a match: empty" "$(nflows)" 0

# add-flows FILE: a bad line is named FILE:LINE and nothing is sent.
printf '# comment\n%s\n\n%s\nip,frobnicate=1,actions=drop\n' "$F1" "$F3" >"$tmp/af"
expect_err "add-flows with a bad line: exit 2, FILE:LINE" 2 "^$tmp/af:5: .*frobnicate" \
	flow add-flows dev cvsw0 "$tmp/af"
check_eq "add-flows with a bad line: nothing added" "$(nflows)" 0
for i in $(seq 1 600); do echo "priority=$((1000 + i)),udp,tp_dst=$i,actions=drop"; done >"$tmp/af"
check "add-flows: 600 rules in batches" "$ctl" flow add-flows dev cvsw0 "$tmp/af"
check_eq "add-flows: 600 rules" "$(nflows)" 600
printf '%s\n' "$F1" "$F2" >"$tmp/rf"
check "replace-flows from stdin" sh -c "'$ctl' flow replace-flows dev cvsw0 - <'$tmp/rf'"
check_eq "replace-flows: exactly the new rules" "$(nflows)" 2
check "replace-flows: F1 there" sh -c "'$ctl' flow dump dev cvsw0 | grep -q 'priority=100'"
printf '%s\n' "$F3" 'udp,tp_dst=5,actions=frobnicate' >"$tmp/rf"
expect_err "replace-flows with a bad line: FILE:LINE" 2 "^$tmp/rf:2: " \
	flow replace-flows dev cvsw0 "$tmp/rf"
check_eq "replace-flows with a bad line: table unchanged" "$(nflows)" 2
run -j dev show dev cvsw0
check "dev show: nothing staged after replace-flows" json \
	'j[0].get("staged_flows", 0) == 0 and j[0]["flows"] == 2'

# flush ends empty; dev show agrees.
check "flush" "$ctl" flow flush dev cvsw0
run -j dev show dev cvsw0
check "dev show: flows 0 after flush" json 'j[0]["flows"] == 0'
