# shellcheck shell=bash
# The command channel between a testbed host and its tenant VM (TENANT=vm): a directory DIR
# on the host that the guest mounts without cache. Host side: tenant_exec CMD... (the VM
# variant of vm()). Guest side: tenant_serve DIR (tenant-run.sh).
#
# cmd.N (N = 1, 2, ... in order; a shell command line, the words %q-quoted) -> out.N, err.N,
# then rc.N (written last, by rename). The guest runs each command in the background, so a
# server or a long transfer does not hold up the next command. Standard input is not
# forwarded (commands read /dev/null): files a command needs must be in the tenant already.
# "ready" once the guest serves; "stop" from the host ends tenant_serve.

# Run "$@" in the tenant VM: its stdout and stderr come back, its exit status is returned
# (255 when the tenant VM is gone).
tenant_exec() {
	local n lock rc
	exec {lock}>"$TENANT_DIR/.lock"
	flock "$lock"
	n=$(($(cat "$TENANT_DIR/.seq" 2>/dev/null || echo 0) + 1))
	echo "$n" >"$TENANT_DIR/.seq"
	printf '%q ' "$@" >"$TENANT_DIR/.cmd.$n"
	mv "$TENANT_DIR/.cmd.$n" "$TENANT_DIR/cmd.$n"
	exec {lock}>&-
	while [ ! -e "$TENANT_DIR/rc.$n" ]; do
		kill -0 "$TENANT_PID" 2>/dev/null || { echo "tenant VM is gone" >&2; return 255; }
		tenant_nap 0.2
	done
	cat "$TENANT_DIR/out.$n"
	cat "$TENANT_DIR/err.$n" >&2
	rc=$(cat "$TENANT_DIR/rc.$n")
	rm -f "$TENANT_DIR/cmd.$n" "$TENANT_DIR/out.$n" "$TENANT_DIR/err.$n" "$TENANT_DIR/rc.$n"
	return "$rc"
}

# Serve DIR until DIR/stop appears.
tenant_serve() { # DIR
	local dir=$1 n=1
	while [ ! -e "$dir/stop" ]; do
		if [ -e "$dir/cmd.$n" ]; then
			tenant_run_one "$dir" "$n" &
			n=$((n + 1))
		else
			tenant_nap 0.2
		fi
	done
}

tenant_run_one() { # DIR N
	bash "$1/cmd.$2" >"$1/out.$2" 2>"$1/err.$2" </dev/null
	echo $? >"$1/rc.$2.tmp"
	mv "$1/rc.$2.tmp" "$1/rc.$2"
}

# sleep SECONDS without starting a process: a read that times out on a FIFO nobody writes.
# Both sides poll five times a second, and under nested TCG each /bin/sleep is a process
# start over two levels of 9p.
tenant_nap() { # SECONDS
	if [ -z "${TENANT_NAP_FD:-}" ]; then
		local f
		f=$(mktemp -u "${TMPDIR:-/tmp}/.tenant-nap.XXXXXX")
		mkfifo "$f" && exec {TENANT_NAP_FD}<>"$f"
		rm -f "$f"
	fi
	if [ -n "${TENANT_NAP_FD:-}" ]; then
		read -r -t "$1" -u "$TENANT_NAP_FD" _ || true
	else
		sleep "$1" # no FIFO here: a process per nap, but no busy loop
	fi
}
