#!/usr/bin/env bash
# Both modules build for every installed Debian kernel without a single
# compiler or sparse warning (make C=2 runs sparse on every file).
# Builds in a scratch copy so the work tree's objects are left alone.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v sparse >/dev/null || { echo "FAIL: build:sparse not installed"; exit 1; }
rc=0
for h in /usr/src/linux-headers-*-amd64; do
	k=${h#/usr/src/linux-headers-}
	tmp=$(mktemp -d)
	(cd "$top" && tar --exclude=./.git --exclude=./tests/out --exclude='*.o' --exclude='*.ko' \
		--exclude='.*.cmd' -cf - .) | tar -C "$tmp" -xf -
	log=$tmp/build.log
	if make -C "$h" M="$tmp" C=2 modules >"$log" 2>&1; then
		w=$(grep -E 'warning:|error:' "$log" | grep -v 'Skipping BTF' || true)
		if [ -z "$w" ]; then
			echo "PASS: build:$k:no warnings (gcc + sparse)"
		else
			echo "FAIL: build:$k:warnings"; echo "$w" | head -30 | sed 's/^/  /'; rc=1
		fi
	else
		echo "FAIL: build:$k"; grep -iE 'error|warning' "$log" | head -30 | sed 's/^/  /'
		tail -5 "$log" | sed 's/^/  /'; rc=1
	fi
	rm -rf "$tmp"
done
exit $rc
