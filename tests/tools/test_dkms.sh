#!/usr/bin/env bash
# dkms builds both modules from a copy of this tree for every installed
# Debian kernel that has headers (build only: the outer kernel may have no
# module support). Prints one PASS:/FAIL: line per kernel.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v dkms >/dev/null || { echo "FAIL: dkms:not installed"; exit 1; }
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
src=/usr/src/cvsw-$ver
rc=0
cleanup() { dkms remove -m cvsw -v "$ver" --all >/dev/null 2>&1; rm -rf "$src"; }
cleanup
mkdir -p "$src"
(cd "$top" && tar --exclude=./.git --exclude=./tests/out --exclude='*.o' --exclude='*.ko' -cf - .) | tar -C "$src" -xf -
dkms add -m cvsw -v "$ver" >/dev/null || { echo "FAIL: dkms:add"; cleanup; exit 1; }
for h in /usr/src/linux-headers-*-amd64; do
	k=${h#/usr/src/linux-headers-}
	log=$(mktemp)
	if dkms build -m cvsw -v "$ver" -k "$k" >"$log" 2>&1 &&
	   ls /var/lib/dkms/cvsw/"$ver"/"$k"/x86_64/module/cvsw.ko* >/dev/null 2>&1 &&
	   ls /var/lib/dkms/cvsw/"$ver"/"$k"/x86_64/module/sclp_offload.ko* >/dev/null 2>&1; then
		echo "PASS: dkms:build:$k"
	else
		echo "FAIL: dkms:build:$k"; tail -20 "$log"
		cat /var/lib/dkms/cvsw/"$ver"/build/make.log 2>/dev/null | tail -20
		rc=1
	fi
	rm -f "$log"
done
cleanup
exit $rc
