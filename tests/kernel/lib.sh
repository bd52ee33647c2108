# shellcheck shell=bash
# Helpers for cvsw kernel tests; every tests/kernel/*.sh sources this file and runs as root
# inside a QEMU VM (environment: tests/qemu/README.md).
#
# Sourcing it turns on `set -eE`: a command failing outside a condition prints
#   FAIL: error line N: 'command' exited RC
# and ends the test. check* record a failure and carry on; require* stop the test.
# The script exits non-zero at the end if anything failed.

set -eE

_cvsw_failed=0
_cvsw_cleanups=()
_cvsw_barrier_seq=0
_cvsw_tmp=$(mktemp -d)

pass() { # NAME [detail...]
	echo "PASS: $1${2:+ ${*:2}}"
}

fail() { # NAME detail...
	echo "FAIL: $1${2:+ ${*:2}}"
	_cvsw_failed=1
}

# Runs a command quietly; on failure prints its exit code and last output lines.
_cvsw_run() { # NAME command...
	local name=$1 rc=0
	shift
	"$@" >"$_cvsw_tmp/out" 2>&1 </dev/null || rc=$?
	if [ "$rc" = 0 ]; then
		pass "$name"
		return 0
	fi
	fail "$name" "'$*' exited $rc"
	tail -n 5 "$_cvsw_tmp/out" | sed 's/^/  /'
	return 1
}

check() { # NAME command...: pass if the command succeeds
	_cvsw_run "$@" || true
}

require() { # NAME command...: as check, but a failure ends the test
	_cvsw_run "$@" || exit 1
}

check_fail() { # NAME command...: pass if the command fails
	local name=$1
	shift
	if "$@" >"$_cvsw_tmp/out" 2>&1 </dev/null; then
		fail "$name" "'$*' succeeded, expected a failure"
	else
		pass "$name"
	fi
}

check_eq() { # NAME GOT WANT
	if [ "$2" = "$3" ]; then
		pass "$1" "$2"
	else
		fail "$1" "got '$2', want '$3'"
	fi
}

check_ge() { # NAME GOT MIN: integers
	if [ "$2" -ge "$3" ]; then
		pass "$1" "$2 >= $3"
	else
		fail "$1" "got $2, want >= $3"
	fi
}

check_le() { # NAME GOT MAX: integers
	if [ "$2" -le "$3" ]; then
		pass "$1" "$2 <= $3"
	else
		fail "$1" "got $2, want <= $3"
	fi
}

# Polls a command every 0.1 s until it succeeds; returns 1 after SECONDS.
wait_until() { # SECONDS command...
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.1
	done
}

n1() { ip netns exec ns1 "$@"; }
n2() { ip netns exec ns2 "$@"; }

# Commands run (last registered first) when the test exits, whatever the reason.
on_exit() { # "shell command"
	_cvsw_cleanups+=("$1")
}

mod_loaded() { # NAME
	[ -d "/sys/module/${1//-/_}" ]
}

# Loads $CVSW_MODDIR/NAME.ko with PARAMS. Its dependencies (modinfo's depends field) are
# loaded first: from $CVSW_MODDIR when built here, else with modprobe from the guest kernel's
# /lib/modules. Already loaded modules are left alone.
mod_load() { # NAME [PARAMS...]
	local name=$1 ko=$CVSW_MODDIR/$1.ko dep
	shift
	if [ ! -f "$ko" ]; then
		echo "mod_load: no $ko" >&2
		return 1
	fi
	mod_loaded "$name" && return 0
	for dep in $(modinfo -F depends "$ko" | tr , ' '); do
		if [ -f "$CVSW_MODDIR/$dep.ko" ]; then
			mod_load "$dep" || return 1
		else
			modprobe "$dep" || return 1
		fi
	done
	insmod "$ko" "$@"
}

mod_unload() { # NAME
	rmmod "$1"
}

# Two-VM rendezvous: returns once every VM has reached the barrier of the same rank and NAME;
# after TIMEOUT seconds (default 120) the test fails and ends. Files live in $CVSW_SHARED.
barrier() { # NAME [TIMEOUT]
	local name=$1 end=$((SECONDS + ${2:-120})) v f
	_cvsw_barrier_seq=$((_cvsw_barrier_seq + 1))
	f=$CVSW_SHARED/barrier.$_cvsw_barrier_seq.$name
	: >"$f.vm$VM"
	for v in $(seq 1 "$CVSW_VMS"); do
		until [ -e "$f.vm$v" ]; do
			if [ "$SECONDS" -ge "$end" ]; then
				fail "barrier:$name" "vm$v did not arrive within ${2:-120} s"
				exit 1
			fi
			sleep 0.1
		done
	done
}

# Values passed between VMs: peer_put KEY VALUE on one, peer_get KEY VM on the other
# (waits up to 120 s for it).
peer_put() { # KEY VALUE
	echo "$2" >"$CVSW_SHARED/value.$1.vm$VM.tmp"
	mv "$CVSW_SHARED/value.$1.vm$VM.tmp" "$CVSW_SHARED/value.$1.vm$VM"
}

peer_get() { # KEY VM
	local f=$CVSW_SHARED/value.$1.vm$2
	if ! wait_until 120 test -e "$f"; then
		fail "peer_get:$1" "vm$2 did not publish it within 120 s"
		exit 1
	fi
	cat "$f"
}

_cvsw_on_err() { # LINE RC
	# Report once, from the test's own shell, not from subshells that fail with it.
	[ "$BASH_SUBSHELL" = 0 ] || return 0
	echo "FAIL: error line $1: '$BASH_COMMAND' exited $2"
	_cvsw_failed=1
}

_cvsw_on_exit() {
	local rc=$? i
	set +eE
	trap - ERR
	for ((i = ${#_cvsw_cleanups[@]} - 1; i >= 0; i--)); do
		eval "${_cvsw_cleanups[i]}" >/dev/null 2>&1
	done
	rm -rf "$_cvsw_tmp"
	[ "$rc" = 0 ] && [ "$_cvsw_failed" != 0 ] && rc=1
	exit "$rc"
}

trap '_cvsw_on_err "$LINENO" "$?"' ERR
trap _cvsw_on_exit EXIT
