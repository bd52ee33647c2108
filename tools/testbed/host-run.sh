#!/bin/bash
# PID-1 side of a testbed host, run chrooted by the initramfs init (tests/qemu/initramfs-init)
# on the overlay of the outer machine's root. Prepares the system, then runs the scenario
# named on the kernel command line; the init powers the host off when this returns.
set -u
# The initramfs init has mounted /proc, /sys, /dev, /run and brought lo up.
. "$(dirname "$0")/guest-env.sh"
guest_env host
export CVSW_SHARE CVSW_HOST CVSW_SECONDS CVSW_ACCEL CVSW_TENANT
cd /tmp || exit 1
bash "$CVSW_TOP/tools/testbed/scenario-$CVSW_SCENARIO.sh" >"$CVSW_SHARE/host$CVSW_HOST.log" 2>&1
echo "scenario exited $?" >>"$CVSW_SHARE/host$CVSW_HOST.log"
dmesg >"$CVSW_SHARE/host$CVSW_HOST.dmesg"
sync
