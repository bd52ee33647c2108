#!/usr/bin/env bash
# Every global symbol the modules define starts with cvsw_ or sclp_, or is one
# the kernel's build adds (init_module, cleanup_module, __this_module, the
# __pfx_ padding symbol of a function, 6.12's alloc-tag section bounds): a
# module shares the kernel's one namespace with every other module and with
# the kernel itself. Builds nothing: checks the modules `make` built (run it
# first; tests/run-all.sh does), or the .ko files named as arguments.
# One PASS:/FAIL: line per module.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -gt 0 ] || set -- "$top/cvsw/cvsw.ko" "$top/offload_host/sclp_offload.ko"
allowed='^(__pfx_)?(cvsw_.*|sclp_.*|init_module|cleanup_module)$|^__this_module$|^__(start|stop)_alloc_tags$'
rc=0
for ko in "$@"; do
	name=$(basename "$ko")
	if [ ! -f "$ko" ]; then
		echo "FAIL: symbols:$name: not built (run make)"; rc=1; continue
	fi
	# Defined globals: an upper-case type letter, U (undefined) excepted.
	if ! syms=$(nm --defined-only "$ko" | awk '$2 ~ /^[A-Z]$/ { print $3 }'); then
		echo "FAIL: symbols:$name: nm failed"; rc=1; continue
	fi
	bad=$(printf '%s\n' "$syms" | grep -v -E "$allowed" | grep -v '^$' || true)
	n=$(printf '%s\n' "$syms" | grep -c .)
	if [ "$n" = 0 ]; then
		echo "FAIL: symbols:$name: no global symbol at all (not a module?)"; rc=1
	elif [ -z "$bad" ]; then
		echo "PASS: symbols:$name: $n global symbols, all cvsw_/sclp_ or the kernel's"
	else
		echo "FAIL: symbols:$name: globals without a cvsw_/sclp_ prefix:"
		printf '%s\n' "$bad" | head -30 | sed 's/^/  /'
		rc=1
	fi
done
exit $rc
