#!/usr/bin/env bash
# Host-side test of the testbed's host <-> tenant VM command channel
# (tools/testbed/tenant-channel.sh): tenant_serve runs in a background shell standing in for
# the guest, tenant_exec calls it through a temporary directory. Checks that stdout, stderr
# and the exit status come back, that words survive quoting (spaces, quotes, newlines, $),
# that a long command does not hold up the next one, that concurrent callers each get their
# own answer, that a dead tenant is reported (255) instead of waited for, and that "stop"
# ends the server. Prints one PASS:/FAIL: line per case.
set -uo pipefail
cd "$(dirname "$0")/../.."
. tools/testbed/tenant-channel.sh
TENANT_DIR=$(mktemp -d)
failed=0
pass() { echo "PASS: tenant_channel:$1"; }
fail() { echo "FAIL: tenant_channel:$1: $2"; failed=$((failed + 1)); }
expect() { # NAME WANT GOT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "want [$2], got [$3]"; fi
}

(cd /tmp && tenant_serve "$TENANT_DIR") &
TENANT_PID=$!
trap 'touch "$TENANT_DIR/stop"; kill "$TENANT_PID" 2>/dev/null; rm -rf "$TENANT_DIR"' EXIT

expect stdout hello "$(tenant_exec echo hello)"
expect stderr "oops" "$(tenant_exec sh -c 'echo oops >&2; echo out' 2>&1 >/dev/null)"
tenant_exec sh -c 'exit 7'
expect exit_status 7 $?
expect runs_in_tmp /tmp "$(tenant_exec pwd)"
expect stdin_is_null "" "$(echo fed | tenant_exec cat)"
word=$'a b  "c" \'d\' $HOME\nline2 \\'
expect quoting "$word" "$(tenant_exec printf '%s' "$word")"
expect word_count 3 "$(tenant_exec sh -c 'echo $#' - 'x y' '' z)"

# A command that has not finished (a server) does not hold up the next one.
start=$SECONDS
tenant_exec sh -c 'sleep 30 >/dev/null 2>&1 &' # detaches at once
tenant_exec sleep 3 >/dev/null &
slow=$!
expect not_blocked fast "$(tenant_exec echo fast)"
wait "$slow"
[ $((SECONDS - start)) -lt 20 ] && pass "no_serialising" ||
	fail no_serialising "took $((SECONDS - start)) s"

# Concurrent callers each get their own answer.
callers=()
for i in 1 2 3 4 5 6; do
	tenant_exec sh -c "sleep 0.$((7 - i)); echo $i" >"$TENANT_DIR/got.$i" &
	callers+=($!)
done
wait "${callers[@]}"
got=$(for i in 1 2 3 4 5 6; do cat "$TENANT_DIR/got.$i"; done | tr '\n' ' ')
expect concurrent "1 2 3 4 5 6 " "$got"
expect files_cleaned "" "$(cd "$TENANT_DIR" && ls cmd.* out.* err.* rc.* 2>/dev/null)"

# "stop" ends the server; a caller then learns that the tenant is gone.
touch "$TENANT_DIR/stop"
for _ in $(seq 50); do kill -0 "$TENANT_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$TENANT_PID" 2>/dev/null && fail stop "server still running" || pass stop
msg=$(tenant_exec echo never 2>&1)
rc=$?
expect gone_status 255 "$rc"
expect gone_message "tenant VM is gone" "$msg"
exit $failed
