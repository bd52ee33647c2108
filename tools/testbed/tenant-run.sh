#!/bin/bash
# PID-1 side of a tenant VM (TENANT=vm, tools/testbed/lib-tenant-vm.sh), run chrooted by the
# initramfs init (tests/qemu/initramfs-init) on the overlay of the host's root. Runs the
# commands the host leaves in the shared directory, each in the background so that a server
# or a long transfer does not hold up the next command, until the host asks it to stop; the
# init powers the VM off when this returns.
#
# Protocol, in $CVSW_SHARE (the host's TENANT_DIR, mounted without cache): cmd.N (N = 1, 2,
# ... in order, a shell command line) -> out.N, err.N, then rc.N (written last, by rename);
# "ready" once the loop runs; "stop" from the host ends it; "dmesg" on the way out.
set -u
. "$(dirname "$0")/guest-env.sh"
guest_env tenant
dir=$CVSW_SHARE
cd /tmp || exit 1

run() { # N
	bash "$dir/cmd.$1" >"$dir/out.$1" 2>"$dir/err.$1" </dev/null
	echo $? >"$dir/rc.$1.tmp"
	mv "$dir/rc.$1.tmp" "$dir/rc.$1"
}

echo "kernel $(uname -r), up $(cut -d' ' -f1 /proc/uptime)s" >"$dir/ready"
n=1
while [ ! -e "$dir/stop" ]; do
	if [ -e "$dir/cmd.$n" ]; then
		run "$n" &
		n=$((n + 1))
	else
		sleep 0.2
	fi
done
dmesg >"$dir/dmesg"
sync
