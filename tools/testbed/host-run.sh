#!/bin/bash
# PID-1 side of a testbed host, run chrooted by the initramfs init (tests/qemu/initramfs-init)
# on the overlay of the outer machine's root. Prepares the system, then runs the scenario
# named on the kernel command line; the init powers the host off when this returns.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The initramfs init has mounted /proc, /sys, /dev, /run and brought lo up.
for w in $(</proc/cmdline); do
	case $w in cvsw_*=*) k=${w%%=*}; declare "${k^^}=${w#*=}" ;; esac
done
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
hostname "host$CVSW_HOST"
export CVSW_TOP CVSW_SHARE CVSW_HOST CVSW_SECONDS CVSW_ACCEL CVSW_TENANT HOME=/root LANG=C.UTF-8
export PATH=$CVSW_TOP/tools:$PATH
cd /tmp
bash "$CVSW_TOP/tools/testbed/scenario-$CVSW_SCENARIO.sh" >"$CVSW_SHARE/host$CVSW_HOST.log" 2>&1
echo "scenario exited $?" >>"$CVSW_SHARE/host$CVSW_HOST.log"
dmesg >"$CVSW_SHARE/host$CVSW_HOST.dmesg"
sync
