#!/usr/bin/env bash
# cvsw-ctl on the host, no kernel module needed: command line, help, exit codes,
# flow syntax errors, stdin input, offline JSON, the JSON printer on its own, and
# the message when the cvsw module is absent. One PASS:/FAIL: line per check.
#   CVSW_CTL=path   binary to test (default: tools/cvsw-ctl, brought up to date by make)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ctl=${CVSW_CTL:-$top/tools/cvsw-ctl}
if [ -z "${CVSW_CTL:-}" ]; then
	make -s -C "$top/tools" cvsw-ctl >/dev/null || { echo "FAIL: build cvsw-ctl"; exit 1; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# run [ARGS...]: stdout, stderr and exit code of cvsw-ctl into $out $err $rc.
run() {
	"$ctl" "$@" >"$tmp/out" 2>"$tmp/err" <"${stdin:-/dev/null}"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}
pass() { echo "PASS: ctl: $1"; }
fail() {
	echo "FAIL: ctl: $1"
	echo "  rc=$rc stdout: ${out:0:300}"
	echo "  stderr: ${err:0:300}"
	failed=1
}
# verdict NAME command...: PASS if the command succeeds.
verdict() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
# expect NAME RC STREAM PATTERN [ARGS...]: exit code RC and grep -E PATTERN in
# stdout or stderr (STREAM out|err).
expect() {
	local name=$1 want=$2 stream=$3 pat=$4 text
	shift 4
	run "$@"
	if [ "$stream" = out ]; then text=$out; else text=$err; fi
	if [ "$rc" = "$want" ] && grep -qE -- "$pat" <<<"$text"; then
		pass "$name"
	else
		fail "$name (want rc=$want, /$pat/ on std$stream)"
	fi
}
# json_check NAME PYTHON-EXPR: $out must parse as JSON and make EXPR (over j) true.
json_check() {
	if python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if ('"$2"') else 1)' "$tmp/out" 2>>"$tmp/err"; then
		pass "$1"
	else
		fail "$1 (JSON: $2)"
	fi
}
lines() { wc -l <"$1"; }

# The printer on its own (memory-stream output, ASan/UBSan).
if ${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -fsanitize=address,undefined -g \
	-o "$tmp/test_ctl_json" "$top/tests/tools/test_ctl_json.c" "$top/tools/ctl/json.c"; then
	"$tmp/test_ctl_json" || failed=1
else
	echo "FAIL: ctl: build test_ctl_json"
	failed=1
fi

F1='priority=10,ip,nw_dst=10.0.0.2,actions=drop'
F2='priority=20,udp,tp_dst=4789,actions=drop'
BAD_KEY='ip,frobnicate=1,actions=drop'
BAD_VAL='ip,nw_dst=10.0.0.300,actions=drop'

# Usage and help: exit 0 on stdout when asked for, exit 2 on stderr otherwise.
expect "no arguments: usage, exit 2" 2 err '^Usage: cvsw-ctl'
expect "help: exit 0" 0 out '^Usage: cvsw-ctl \[ OPTIONS \] OBJECT' help
expect "-h: exit 0" 0 out '^Usage: cvsw-ctl' -h
expect "--help: exit 0" 0 out '^Usage: cvsw-ctl' --help
genl_version=$(awk '$2 == "CVSW_GENL_VERSION" { print $3 }' "$top/cvsw/uapi/cvsw.h")
expect "-V: version (uapi's $genl_version)" 0 out "family \"cvsw\" version $genl_version\$" -V
expect "flow help" 0 out '^Usage: cvsw-ctl flow add dev DEV' flow help
expect "f h (prefixes)" 0 out '^Usage: cvsw-ctl flow add dev DEV' f h
expect "flow add help" 0 out '^Usage: cvsw-ctl flow add dev DEV' flow add help
expect "dev help" 0 out '^Usage: cvsw-ctl dev show' dev help
expect "dev show help" 0 out '^Usage: cvsw-ctl dev show' dev show help
expect "flow without command: usage, exit 2" 2 err '^Usage: cvsw-ctl flow' flow
expect "unknown object" 2 err '^Object "frob" is unknown, try "cvsw-ctl help"\.$' frob
expect "unknown command" 2 err \
	'^Command "frob" is unknown, try "cvsw-ctl flow help"\.$' flow frob
expect "unknown option" 2 err '^Option "-z" is unknown' -z flow dump dev x
expect "-n without a name" 2 err 'requires a netns name' -n
expect "-n missing netns: exit 1" 1 err \
	'^Cannot open network namespace "cvsw-no-such-ns"' -n cvsw-no-such-ns flow dump dev x

# Argument errors, in iproute2's words, before anything is sent.
expect "f a: dev required" 2 err \
	'^Not enough information: "dev" argument is required\.$' f a "$F1"
expect "flow add dev X: FLOW required" 2 err '"FLOW" argument is required' flow add dev x
expect "dev without a value" 2 err '^Command line is not complete' flow dump dev
expect "dev name too long" 2 err \
	'^Error: argument "abcdefghijklmnopq" is wrong: "dev" not a valid ifname$' \
	flow dump dev abcdefghijklmnopq
expect "dev name with /" 2 err '"a/b" is wrong' dev show dev a/b
expect "extra argument" 2 err '^Error: argument "extra" is wrong: unexpected argument' \
	flow dump dev x extra
expect "duplicate dev" 2 err 'duplicate "dev"' flow add dev x dev y "$F1"

# Flow syntax errors exit 2 and name the bad token (the parser is flowtable's).
expect "bad keyword: exit 2, token named" 2 err \
	"^Error: argument \"$BAD_KEY\" is wrong: .*frobnicate" flow add dev x "$BAD_KEY"
expect "bad IPv4 value: token named" 2 err '10\.0\.0\.300' flow add dev x "$BAD_VAL"
expect "add without actions=" 2 err 'actions' flow add dev x 'priority=5,ip'
expect "parse: bad keyword" 2 err 'frobnicate' flow parse "$BAD_KEY"
run flow add dev x "$BAD_KEY"
verdict "syntax checked before netlink" eval '! grep -q "module not loaded" "$tmp/err"'

# "-": one flow per line from stdin, comments and blank lines skipped.
printf '# header comment\n%s\n  %s  \n\n' "$F1" "$BAD_KEY" >"$tmp/in1"
stdin=$tmp/in1 expect "stdin: bad line 3 reported as -:3:" 2 err '^-:3: .*frobnicate' \
	flow add dev x -
verdict "stdin: only the bad line reported" [ "$(lines "$tmp/err")" = 1 ]
printf '%s\n%s\n# %s\n%s\n' "$BAD_VAL" "$F2" "$BAD_KEY" "$BAD_KEY" >"$tmp/in2"
stdin=$tmp/in2 run flow parse -
verdict "stdin: every bad line reported, comments skipped" \
	eval '[ "$rc" = 2 ] && [ "$(lines "$tmp/err")" = 2 ] &&
	      grep -q "^-:1: .*10\.0\.0\.300" "$tmp/err" && grep -q "^-:4: .*frobnicate" "$tmp/err"'

# Offline parse: normalised text that parses back to itself.
expect "parse: prints the flow" 0 out 'actions=drop' flow parse "$F1"
first=$out
run flow parse "$first"
verdict "parse: output parses back unchanged" \
	eval '[ "$rc" = 0 ] && [ -n "$first" ] && [ "$out" = "$first" ]'
printf '%s\n# c\n%s\n' "$F1" "$F2" >"$tmp/in3"
stdin=$tmp/in3 run flow parse -
verdict "parse -: one line per flow" eval '[ "$rc" = 0 ] && [ "$(lines "$tmp/out")" = 2 ]'
expect "del: match without actions accepted" 1 err 'module not loaded' \
	flow del dev x 'priority=10,ip,nw_dst=10.0.0.2'

# add-flows / replace-flows FILE: every bad line as FILE:LINE, nothing sent (no
# "module not loaded": the syntax is checked before netlink).
printf '# header\n%s\n\n  %s\n%s\n' "$F1" "$BAD_KEY" "$BAD_VAL" >"$tmp/f1"
expect "add-flows: bad line 4 as FILE:4:" 2 err "^$tmp/f1:4: .*frobnicate" \
	flow add-flows dev x "$tmp/f1"
verdict "add-flows: both bad lines, nothing else" eval \
	'[ "$(lines "$tmp/err")" = 2 ] && grep -q "^$tmp/f1:5: .*10\.0\.0\.300" "$tmp/err" &&
	 ! grep -q "module not loaded" "$tmp/err"'
expect "replace-flows: bad line named" 2 err "^$tmp/f1:4: .*frobnicate" \
	flow replace-flows dev x "$tmp/f1"
stdin=$tmp/f1 expect "add-flows -: lines of stdin as -:LINE:" 2 err '^-:4: .*frobnicate' \
	flow add-flows dev x -
expect "add-flows: missing file" 1 err "^$tmp/nosuch: No such file" \
	flow add-flows dev x "$tmp/nosuch"
expect "add-flows without FILE" 2 err 'FLOW' flow add-flows dev x
expect "add-f prefix" 2 err "^$tmp/f1:4: " flow add-f dev x "$tmp/f1"
printf '%s\n# c\n%s\n' "$F1" "$F2" >"$tmp/f2"
expect "add-flows: a good file goes to netlink" 1 err 'module not loaded|Cannot find device' \
	flow add-flows dev x "$tmp/f2"

# delete: non-strict by default (MATCH optional), --strict needs a MATCH.
expect "del --strict without MATCH" 2 err 'FLOW' flow del dev x --strict
expect "del: bad match named" 2 err 'frobnicate' flow del dev x --strict 'ip,frobnicate=1'
expect "del without MATCH goes to netlink (non-strict: every rule)" 1 err \
	'module not loaded|Cannot find device' flow del dev x
expect "del: two MATCHes" 2 err 'unexpected argument' flow del dev x ip udp

# dev set max-flows.
expect "dev set: max-flows 0" 2 err 'max-flows is 1 to' dev set dev x max-flows 0
expect "dev set: max-flows too large" 2 err 'max-flows is 1 to' dev set dev x max-flows 99999999
expect "dev set: max-flows not a number" 2 err 'max-flows is 1 to' dev set dev x max-flows 12k
expect "dev set: no dev" 2 err '"dev" argument is required' dev set max-flows 5
expect "dev set: no max-flows" 2 err '"max-flows" argument is required' dev set dev x
expect "dev set: max-flows without a value" 2 err 'not complete' dev set dev x max-flows

# JSON: top level an array, numbers stay numbers, -p pretty.
run -j flow parse "$F1"
json_check "json: array of one rule, priority a number" \
	'isinstance(j, list) and len(j) == 1 and j[0]["priority"] == 10 and
	 isinstance(j[0]["cookie"], int)'
json_check "json: match/actions split" \
	'j[0]["actions"] == "drop" and "10.0.0.2" in j[0]["match"] and
	 "actions" not in j[0]["match"]'
verdict "json: compact is one line" [ "$(lines "$tmp/out")" = 1 ]
flowtext=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["flow"])' \
	"$tmp/out" 2>/dev/null)
verdict "json: flow member equals the text output" \
	eval '[ -n "$first" ] && [ "$flowtext" = "$first" ]'
stdin=$tmp/in3 run -j -p flow parse -
json_check "json -p: two rules" 'len(j) == 2 and j[1]["priority"] == 20'
verdict "json -p: pretty is multi-line" [ "$(lines "$tmp/out")" -gt 4 ]
run -json -pretty flow parse "$F2"
json_check "json: long option names" 'j[0]["priority"] == 20'
printf '# only comments\n\n' >"$tmp/in4"
stdin=$tmp/in4 run -j flow parse -
json_check "json: no flows is an empty array" 'j == []'

# No cvsw module on this machine: runtime failure, exit 1, iproute2-style message.
if [ -e /sys/module/cvsw ]; then
	echo "SKIP: ctl: cvsw module present, family-not-found checks skipped"
else
	msg='^Error: cvsw: module not loaded \(generic netlink family "cvsw" not found\)$'
	expect "no module: flow dump exits 1" 1 err "$msg" flow dump dev x
	expect "no module: flow add exits 1" 1 err "$msg" flow add dev x "$F1"
	expect "no module: flow flush exits 1" 1 err "$msg" flow flush dev x
	expect "no module: dev show exits 1" 1 err "$msg" dev show
	expect "no module: -j dev show exits 1" 1 err "$msg" -j dev show
	verdict "no module: nothing on stdout" [ -z "$out" ]
fi
exit $failed
