#!/bin/bash
# Runs inside the test VM, chrooted by the initramfs init into the overlay of the outer root
# (/proc, /sys, /dev, /run mounted, lo up, hostname vm1/vm2). Runs one test script with a
# timeout (its output goes to the second serial port), checks the kernel's health and writes
# the success marker to the third serial port only if the test exited 0, the kernel log is
# clean and the kernel is not tainted.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

for w in $(</proc/cmdline); do
	case $w in
	cvsw_*=*) k=${w%%=*}; declare "${k^^}=${w#*=}" ;;
	esac
done
# Tests may ping even where iputils-ping is not installed outside.
command -v ping >/dev/null || ln -s /bin/busybox /usr/local/bin/ping

res=/dev/ttyS1
# Plain newlines in output.log: no \r added by the tty.
stty -F $res -opost
export CVSW_TOP CVSW_MODDIR CVSW_OUT CVSW_SHARED CVSW_VMS VM=$CVSW_VM KREL=$(</proc/sys/kernel/osrelease)
export HOME=/root LANG=C.UTF-8 TERM=dumb
export PATH=$CVSW_TOP/tools:$PATH

# Kernel messages a test must never cause (panic_on_warn turns most into a panic first).
bad=$CVSW_TOP/tests/qemu/kernel-errors.re

echo "cvsw: test $CVSW_TEST starts" >/dev/kmsg
cd "$CVSW_OUT"
timeout -k 5 "$CVSW_TIMEOUT" bash "$CVSW_TEST" </dev/null >$res 2>&1
rc=$?
echo "cvsw: test $CVSW_TEST exited $rc" >/dev/kmsg
cd /

dmesg >/run/dmesg.log
taint=$(</proc/sys/kernel/tainted)
{
	[ $rc = 124 ] || [ $rc = 137 ] && echo "CVSW-TIMEOUT $CVSW_TIMEOUT"
	echo "CVSW-RC $rc"
	grep -Ef "$bad" /run/dmesg.log | head -20 | sed 's/^/CVSW-KERNEL /'
	# Out-of-tree (O) and unsigned (E) module taints are expected here.
	echo "CVSW-TAINT $taint masked $((taint & ~0x3000))"
} >$res 2>&1
cp /run/dmesg.log "$CVSW_OUT/dmesg.log"

if [ $rc = 0 ] && [ $((taint & ~0x3000)) = 0 ] && ! grep -qEf "$bad" /run/dmesg.log; then
	echo CVSW-SUCCESS >/dev/ttyS2
fi
