#!/bin/bash
# PID-1 side of a tenant VM (TENANT=vm, tools/testbed/lib-tenant-vm.sh), run chrooted by the
# initramfs init (tests/qemu/initramfs-init) on the overlay of the host's root. Runs the
# commands the host leaves in $CVSW_SHARE (tenant-channel.sh) until the host asks it to stop,
# then leaves the kernel log there; the init powers the VM off when this returns.
set -u
. "$(dirname "$0")/guest-env.sh"
. "$(dirname "$0")/tenant-channel.sh"
guest_env tenant
dir=$CVSW_SHARE
cd /tmp || exit 1

echo "kernel $(uname -r), up $(cut -d' ' -f1 /proc/uptime)s" >"$dir/ready"
tenant_serve "$dir"
dmesg >"$dir/dmesg"
sync
