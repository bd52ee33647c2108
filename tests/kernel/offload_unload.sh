#!/bin/bash
# sclp_offload module life: refused protocol numbers; 20 load/unload cycles while
# sclp_inject sends 64 KB super-packets into GRO (2 vCPUs, so unloading races real
# traffic; the harness fails the test on any WARN/oops or taint); skbuff_head_cache returns
# to its baseline; counters are per network namespace.
# vms: 1
# smp: 2
# timeout: 500
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/offload_env.bash"

ko=$CVSW_MODDIR/sclp_offload.ko
require load_inject mod_load sclp_inject
on_exit "rmmod sclp_inject"
offload_setup
n1 ethtool -K veth1 tso off >/dev/null
n2 ethtool -K veth2 gro on >/dev/null

# TCP, UDP, IPv6 hop-by-hop and out of range are refused; 4 (IPIP) and 41 already
# have an inet offload (-EBUSY).
for p in 0 6 17 256 4 41; do
	check_fail "refuse_proto_$p" insmod "$ko" proto=$p
done
check load_proto_253 insmod "$ko" proto=253
check_eq proto_param "$(cat /sys/module/sclp_offload/parameters/proto 2>&1)" 253
check unload_proto_253 rmmod sclp_offload

skbs() { awk '$1 == "skbuff_head_cache" { print $2 }' /proc/slabinfo; }
slab0=$(skbs)
stop=$_cvsw_tmp/stop
send_loop() {
	until [ -e "$stop" ]; do
		eval "$(inject_cmd count=3)" 2>/dev/null || true
	done
}
send_loop &
sender=$!
on_exit "touch $stop; kill $sender"
cycles=0
for i in $(seq 1 20); do
	insmod "$ko" || break
	sleep 0.2
	rmmod sclp_offload || break
	cycles=$((cycles + 1))
done
touch "$stop"
wait "$sender" || true
check_eq load_unload_cycles $cycles 20
check_ge injector_sent "$(cat $INJ/sent)" 3

sleep 2
slab1=$(skbs)
echo "  skbuff_head_cache active objects: $slab0 before, $slab1 after"
check_le skbuff_head_cache_back_to_baseline "$slab1" $((slab0 + 256))

# Per-netns counters: ns3 has its own file, untouched by ns1/ns2 traffic.
require reload insmod "$ko"
on_exit "rmmod sclp_offload"
ip netns add ns3
on_exit "ip netns del ns3"
inject count=3
check_eq ns1_gso_packets "$(stat_of ns1 gso_packets)" 3
check_eq ns1_gso_segments "$(stat_of ns1 gso_segments)" 135
check_eq ns2_gro_segments "$(stat_of ns2 gro_segments)" 135
check_eq ns2_no_gso "$(stat_of ns2 gso_packets)" 0
check_eq ns3_all_zero "$(ip netns exec ns3 awk '{ s += $2 } END { print NR, s }' \
	/proc/net/sclp_offload)" "14 0"
