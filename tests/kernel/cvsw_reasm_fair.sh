#!/bin/bash
# vms: 1
# smp: 2
# timeout: 900
# Issue 9: one remote cannot starve another, and reassembly memory has caps beyond a device.
#  - Fairness: while a third host (192.0.2.3, injected raw) floods ns2 with 20000 first
#    segments that never complete, ns1 sends a 2 MB file over VXLAN-over-SCLP (cvsw cuts
#    the segments itself). The file's SHA-256 matches, every payload ns1 sent is delivered
#    (none of ns1's was evicted), and the flood's own payloads were evicted. Run with one
#    reassembly engine per device (the engine's per-source shares) and with eight (a remote's
#    payloads in one shard; the shard holding the most gives back).
#  - Caps: net.cvsw.reasm_mem_limit (per netns) and the module parameter reasm_mem_limit
#    refuse segments beyond them (rx_drop_reasm_global_limit); the module-wide total
#    (/sys/module/cvsw/parameters/reasm_mem) stays within a segment of the cap.
#  - Lowering a device's reasm_max_mem with "ip link set" frees memory at once.
# Memory returns to 0 and the counters explain every segment taken into reassembly.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"

export IP_LIB_DIR=$CVSW_TOP/tools/iproute2 # the cvsw link plugin: reasm_* parameters

INJ="/usr/bin/python3 $CVSW_TOP/tests/kernel/cvsw_inject.py"
LIMIT=1048576
PARAMS=/sys/module/cvsw/parameters
tun_netns
mod_load cvsw
on_exit "rmmod cvsw"
DMAC=$(n2 cat /sys/class/net/vb/address)
flood() { # N: first segments with fresh ids from 192.0.2.3
	n1 env CVSW_INJ_SRC=192.0.2.3 $INJ va "$DMAC" flood "$1" >/dev/null
}
mem_empty() { [ "$(reasm_mem ns2)" = 0 ]; }
total_mem() { cat $PARAMS/reasm_mem; }

fair_round() { # SHARDS
	local sh=$1 ev0 fpid peak
	echo "$sh" >$PARAMS/reasm_shards
	tun_devs sclp_tx_mode sw reasm_max_mem $LIMIT reasm_timeout 3000
	tun_flows sclp-vxlan
	tun_up
	n1 sysctl -qw net.ipv6.conf.cvsw0.disable_ipv6=1
	n2 sysctl -qw net.ipv6.conf.cvsw0.disable_ipv6=1
	require "$sh shard(s): ping 10.0.0.2" n1 ping -c 3 -W 5 10.0.0.2
	ev0=$(reasm_evicted ns2)
	flood 20000 &
	fpid=$!
	tun_file "$sh shard(s): 2 MB from ns1 during a flood from 192.0.2.3" 2000000
	peak=$(peak_while $fpid reasm_mem ns2)
	wait $fpid
	check_delivered "$sh shard(s): every payload ns1 sent was delivered (none evicted)" \
		ns1 tx_sclp_vxlan_packets ns2 rx_sclp_vxlan_packets
	check_ge "$sh shard(s): the flood's payloads were evicted" \
		"$(($(reasm_evicted ns2) - ev0))" 10000
	check_le "$sh shard(s): reassembly memory peak (sampled) <= limit" "$peak" $LIMIT
	wait_until 20 mem_empty || true
	check_eq "$sh shard(s): memory back to 0, every segment accounted" \
		"$(reasm_mem ns2) $(reasm_unaccounted ns2)" "0 0"
	n2 ethtool -S cvsw0 | grep -E 'reasm' >"$CVSW_OUT/fair-$sh-counters.txt"
	tun_devs_del
}

fair_round 1
fair_round 8
check_eq "module-wide reassembly memory 0 with no device" "$(total_mem)" 0

# Caps beyond a device. ns2's cvsw0 may hold 4 MiB itself.
tun_devs sclp_tx_mode sw reasm_timeout 3000
tun_flows sclp-vxlan
tun_up
cap_round() { # NAME CAP: flood 3000, the total stays within a segment of CAP
	local name=$1 cap=$2 g0 peak fpid
	g0=$(cstat ns2 rx_drop_reasm_global_limit)
	flood 3000 &
	fpid=$!
	peak=$(peak_while $fpid total_mem)
	wait $fpid
	check_ge "$name: segments refused at the cap (rx_drop_reasm_global_limit)" \
		"$(($(cstat ns2 rx_drop_reasm_global_limit) - g0))" 1
	check_le "$name: total held (sampled peak) <= cap + one segment" "$peak" $((cap + 8192))
	check_ge "$name: the cap was reached" "$peak" $((cap / 2))
	wait_until 20 mem_empty || true
	check_eq "$name: memory back to 0" "$(total_mem)" 0
}
check_eq "net.cvsw.reasm_mem_limit default (64 MiB)" \
	"$(n2 sysctl -n net.cvsw.reasm_mem_limit)" $((64 << 20))
n2 sysctl -qw net.cvsw.reasm_mem_limit=262144
check_eq "the cap is per netns: ns1 keeps the default" \
	"$(n1 sysctl -n net.cvsw.reasm_mem_limit)" $((64 << 20))
cap_round "netns cap 256 KiB" 262144
n2 sysctl -qw net.cvsw.reasm_mem_limit=$((64 << 20))
old=$(cat $PARAMS/reasm_mem_limit)
echo 196608 >$PARAMS/reasm_mem_limit
cap_round "module cap 192 KiB" 196608
echo "$old" >$PARAMS/reasm_mem_limit

# Lowering the device's limit frees at once (no segment needs to arrive).
n2 ip link set cvsw0 type cvsw reasm_timeout 60000
flood 400
check_ge "400 incomplete payloads held" "$(reasm_mem ns2)" 500000
n2 ip link set cvsw0 type cvsw reasm_max_mem 131072
check_le "reasm_max_mem lowered to 128 KiB: held memory at once" "$(reasm_mem ns2)" 131072
check_eq "the module-wide total follows" "$(total_mem)" "$(reasm_mem ns2)"
n2 ip link set cvsw0 type cvsw reasm_timeout 1000
wait_until 20 mem_empty || true
check_eq "memory back to 0, every segment accounted" \
	"$(reasm_mem ns2) $(reasm_unaccounted ns2)" "0 0"
