#!/usr/bin/env bash
# Runs every cvsw test and ends with one line "N passed, N failed".
#   tests/run-all.sh            install what is missing (apt-get), then all tests
#   KERNELS="6.1 6.12"          kernels for the QEMU tests (default: 6.1; both kernels are
#                               always built warning-free and with DKMS by tests/tools)
#   CVSW_NO_INSTALL=1           skip the apt-get step
#   CVSW_SKIP_KERNEL=1          unit and fuzz tests only
# Each suite prints PASS:/FAIL: lines; this script counts them, and a suite that
# exits non-zero without printing a FAIL line counts as one failure.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
out=$top/tests/out
mkdir -p "$out"
export KERNELS=${KERNELS:-6.1}

if [ -z "${CVSW_NO_INSTALL:-}" ]; then
	level=test
	[ -n "${CVSW_SKIP_KERNEL:-}" ] && level=build
	tools/install-deps.sh "$level" >"$out/install.log" 2>&1 ||
		{ tail -30 "$out/install.log"; echo "0 passed, 1 failed"; exit 1; }
fi

passed=0 failed=0
suite() { # name command...
	local name=$1 log=$out/$1.log rc p f
	shift
	echo "== $name"
	# awk, not head: it keeps reading, so a long suite never dies of SIGPIPE.
	"$@" 2>&1 | tee "$log" | grep -E '^(PASS|FAIL|SKIP):|^  |error|Error' | awk 'NR <= 3000'
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^PASS:' "$log")
	f=$(grep -c '^FAIL:' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL: $name exited $rc (log: $log)"
		tail -20 "$log"
		f=1
	elif [ "$rc" = 0 ] && [ "$p" = 0 ] && [ "$f" = 0 ]; then
		echo "PASS: $name"
		p=1
	fi
	passed=$((passed + p)) failed=$((failed + f))
}

suite build make -s all
for t in tests/tools/test_*.sh; do
	suite "$(basename "$t" .sh)" "$t"
done
suite unit make -s unit
suite fuzz make -s fuzz-short
if [ -z "${CVSW_SKIP_KERNEL:-}" ]; then
	suite kernel tests/qemu/run-kernel-tests.sh $KERNELS
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
