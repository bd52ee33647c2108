#!/bin/bash
# proto/ (checksum, SCLP, reassembly) run inside the kernel by tests/kmod/proto_selftest.ko:
# each case prints "PASS: <case>" or "FAIL: <case>" to the kernel log, and loading fails
# if any case failed.
# vms: 1
# timeout: 120
. "$(dirname "$0")/lib.sh"

results=$CVSW_OUT/proto_selftest.txt
rc=0
mod_load proto_selftest || rc=$?
dmesg | sed -n 's/.*proto_selftest: \(PASS\|FAIL\): \(.*\)$/\1 \2/p' >"$results"
while read -r verdict name; do
	if [ "$verdict" = PASS ]; then
		pass "$name"
	else
		fail "$name" "(kernel log)"
	fi
done <"$results"
check_eq cases "$(wc -l <"$results")" 8
check_eq load_rc "$rc" 0
if mod_loaded proto_selftest; then
	check unload mod_unload proto_selftest
fi
