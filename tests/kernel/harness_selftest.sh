#!/bin/bash
# Self-test of the QEMU harness: loopback, the writable output share, loading and unloading
# a module built by the harness, and network namespaces with the real iproute2.
# vms: 1
# timeout: 60
. "$(dirname "$0")/lib.sh"

check lo_up sh -c 'ip -o link show lo | grep -q "[<,]UP[,>]"'
check_eq lo_ping "$(ping -c 1 -W 2 127.0.0.1 >/dev/null 2>&1 && echo ok)" ok

echo "written by vm$VM" >"$CVSW_OUT/selftest.txt"
check_eq out_writable "$(cat "$CVSW_OUT/selftest.txt")" "written by vm$VM"
check_eq kernel_release "$KREL" "$(uname -r)"

require mod_load mod_load sclp_offload
check_eq mod_loaded "$(mod_loaded sclp_offload && echo yes)" yes
check mod_unload mod_unload sclp_offload
check_eq mod_gone "$(mod_loaded sclp_offload || echo gone)" gone

ip netns add ns1
on_exit "ip netns del ns1"
n1 ip link set lo up
check netns_lo_ping n1 ping -c 1 -W 2 127.0.0.1
check_eq netns_isolated "$(n1 ip -o link show | wc -l)" 1
