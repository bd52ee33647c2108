#!/bin/bash
# vms: 1
# timeout: 300
# cvsw.ko control plane: create/delete over veth and dummy lowers (ip and raw rtnetlink with
# IFLA_CVSW_*), what `ip -d link`, ethtool and the features show, refusals of a missing,
# cvsw, claimed or non-Ethernet lower with their extack messages, attribute range checks,
# carrier following the lower, devices in two netns, the generic netlink family (flows
# add/replace/del/flush, dump order, a 300-rule multi-part dump, max_flows, -EPERM for an
# unprivileged caller, -EINVAL for a wrong attribute length, -ENODEV, -EOPNOTSUPP), lower
# deleted and netns deleted -> cvsw gone, rmmod with devices present, the sclp_proto param.
source "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
nl() { python3 "$here/cvsw_dev_nl.py" "$@"; }
ifindex() { cat "/sys/class/net/$1/ifindex"; }
# err_has NAME PATTERN command...: the command fails and PATTERN is in its stderr.
err_has() {
	local name=$1 pat=$2 rc=0
	shift 2
	"$@" >"$_cvsw_tmp/eout" 2>&1 || rc=$?
	if [ "$rc" != 0 ] && grep -qE -- "$pat" "$_cvsw_tmp/eout"; then
		pass "$name"
	else
		fail "$name" "rc=$rc, output: $(head -c 300 "$_cvsw_tmp/eout")"
	fi
}
stat_of() { ethtool -S "$1" | awk -v n="$2:" '$1 == n { print $2 }'; }

modprobe -a veth dummy bridge
mod_load cvsw
on_exit "rmmod cvsw"
check_eq "module param sclp_proto default" "$(cat /sys/module/cvsw/parameters/sclp_proto)" 234

ip link add v0 type veth peer name v1
on_exit "ip link del v0"
ip link add d0 type dummy
on_exit "ip link del d0"

# --- Creation and what the device looks like.
require "ip link add cvsw0 link v0 type cvsw" ip link add cvsw0 link v0 type cvsw
check "ip link shows cvsw0@v0" sh -c "ip link show cvsw0 | grep -q 'cvsw0@v0:'"
check_eq "default MTU: lower 1500 - 50" "$(cat /sys/class/net/cvsw0/mtu)" 1450
check_eq "ip -d -j: kind cvsw" \
	"$(ip -d -j link show cvsw0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["linkinfo"]["info_kind"])')" cvsw
check_eq "gso_max_size 65536" \
	"$(ip -d -j link show cvsw0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["gso_max_size"])')" 65536
check "ip -d link show prints cvsw" sh -c "ip -d link show cvsw0 | grep -qw cvsw"
check_eq "fill_info: IFLA_CVSW_* defaults" "$(nl linkinfo cvsw0 | tail -n 1)" \
	"kind=cvsw lower=$(ifindex v0) mode=0 mem=4194304 timeout=30000"
mac=$(cat /sys/class/net/cvsw0/address)
check "random MAC is unicast and locally administered" \
	test $((0x${mac%%:*} & 3)) = 2
for f in tcp-segmentation-offload scatter-gather tx-checksumming generic-segmentation-offload; do
	check "ethtool -k: $f on" sh -c "ethtool -k cvsw0 | grep -q '^$f: on'"
done
check "ethtool -i: driver cvsw, version, bus-info is the lower" \
	sh -c "ethtool -i cvsw0 | tr -d ' ' | grep -qx 'driver:cvsw' && ethtool -i cvsw0 | grep -qx 'version: 1.0' && ethtool -i cvsw0 | grep -qx 'bus-info: v0'"
check_eq "ethtool -S: 44 counters" "$(ethtool -S cvsw0 | grep -c '^ *[a-z_]*: [0-9]*$')" 44
for s in tx_sclp_vxlan_packets tx_sclp_sw_segments tx_drop_no_flow rx_sclp_merged \
	rx_reasm_done rx_drop_bad_csum rx_drop_reasm_memlimit rx_drop_nomem \
	rx_drop_reasm_global_limit rx_drop_action; do
	check_eq "ethtool -S: $s starts at 0" "$(stat_of cvsw0 $s)" 0
done

# --- Carrier follows the lower device.
ip link set cvsw0 up
check_eq "carrier off while lower v0 is down" "$(cat /sys/class/net/cvsw0/carrier)" 0
ip link set v1 up
ip link set v0 up
check "carrier on once v0 has carrier" wait_until 5 grep -qx 1 /sys/class/net/cvsw0/carrier
ip link set v1 down
check "carrier off when v0 loses carrier" wait_until 5 grep -qx 0 /sys/class/net/cvsw0/carrier
ip link set v1 up
check "carrier back on" wait_until 5 grep -qx 1 /sys/class/net/cvsw0/carrier

# --- Refusals, with the kernel's message.
err_has "no lower device" "needs a lower device" ip link add cvswx type cvsw
err_has "lower is a cvsw device" "lower device is a cvsw device" \
	ip link add cvswx link cvsw0 type cvsw
err_has "lower already claimed by cvsw0" "already claimed" ip link add cvswx link v0 type cvsw
err_has "lower is not Ethernet (lo)" "not an Ethernet device" ip link add cvswx link lo type cvsw
ip link add br9 type bridge
on_exit "ip link del br9"
ip link set d0 master br9
err_has "lower claimed by a bridge" "already claimed" ip link add cvswx link d0 type cvsw
ip link set d0 nomaster
check_eq "missing lower (raw IFLA_CVSW_LOWER)" "$(nl newlink cvswx lower=999999)" \
	"-ENODEV lower device not found"
check_eq "IFLA_LINK and IFLA_CVSW_LOWER disagree" \
	"$(nl newlink cvswx link="$(ifindex d0)" lower="$(ifindex v1)")" \
	"-EINVAL link and IFLA_CVSW_LOWER name different devices"
check_eq "tx mode 3 refused" "$(nl newlink cvswx lower="$(ifindex d0)" mode=3)" \
	"-EINVAL SCLP tx mode must be 0 (auto), 1 (gso) or 2 (sw)"
check_eq "reassembly memory too small" "$(nl newlink cvswx lower="$(ifindex d0)" mem=1000)" \
	"-ERANGE reassembly memory must be 64 KiB to 256 MiB"
check_eq "reassembly timeout too small" "$(nl newlink cvswx lower="$(ifindex d0)" timeout=5)" \
	"-ERANGE reassembly timeout must be 10 to 600000 ms"
check_fail "no cvswx left behind" ip link show cvswx

# --- Creation through IFLA_CVSW_LOWER with every setting.
check_eq "newlink cvsw1 lower=d0 mode=sw mem=1 MiB timeout=5 s" \
	"$(nl newlink cvsw1 lower="$(ifindex d0)" mode=2 mem=1048576 timeout=5000)" 0
check_eq "fill_info round trip" "$(nl linkinfo cvsw1 | tail -n 1)" \
	"kind=cvsw lower=$(ifindex d0) mode=2 mem=1048576 timeout=5000"
check_eq "genl DEV_GET cvsw1" "$(nl dev cvsw1 | tail -n 1)" \
	"ifname=cvsw1 ifindex=$(ifindex cvsw1) lower=$(ifindex d0) flows=0 proto=234 mode=2 reasm_mem=0 max_mem=1048576 timeout=5000 emc_hits=0 emc_misses=0"
check_eq "changelink: reassembly limits and tx mode" \
	"$(nl changelink cvsw1 mem=2097152 timeout=7000 mode=0)" 0
check_eq "changelink: fill_info shows the new values" "$(nl linkinfo cvsw1 | tail -n 1)" \
	"kind=cvsw lower=$(ifindex d0) mode=0 mem=2097152 timeout=7000"
check_eq "changelink: DEV_GET agrees" \
	"$(nl dev cvsw1 | tail -n 1 | grep -o 'mode=[0-9] reasm_mem=0 max_mem=[0-9]* timeout=[0-9]*')" \
	"mode=2 reasm_mem=0 max_mem=2097152 timeout=7000"
check_eq "changelink: the lower cannot change" "$(nl changelink cvsw1 lower="$(ifindex v1)")" \
	"-EOPNOTSUPP the lower device cannot change"
check_eq "changelink: ranges checked" "$(nl changelink cvsw1 timeout=700000)" \
	"-ERANGE reassembly timeout must be 10 to 600000 ms"
nl changelink cvsw1 mem=1048576 timeout=5000 mode=2 >/dev/null
check_eq "genl DEV_GET by ifindex" "$(nl dev "#$(ifindex cvsw1)" | tail -n 1 | cut -d' ' -f1)" \
	"ifname=cvsw1"
check_eq "genl DEV_GET dump" "$(nl devs | tail -n 1)" "cvsw0 cvsw1"
# Without sclp_offload.ko no GSO handler exists for protocol 234: AUTO means software.
if ! mod_loaded sclp_offload; then
	check_eq "AUTO without sclp_offload -> sw" \
		"$(nl dev cvsw0 | tail -n 1 | grep -o 'mode=[0-9]')" mode=2
fi
if [ -f "$CVSW_MODDIR/sclp_offload.ko" ]; then
	mod_load sclp_offload
	ip link set cvsw0 down
	ip link set cvsw0 up
	check_eq "AUTO on veth with sclp_offload -> gso" \
		"$(nl dev cvsw0 | tail -n 1 | grep -o 'mode=[0-9]')" mode=1
fi

# --- Two devices of the same name in two netns.
for ns in ns1 ns2; do
	ip netns add $ns
	on_exit "ip netns del $ns"
	ip -n $ns link add va type veth peer name vb
	ip -n $ns link add cvsw0 link va type cvsw
done
check "ns1 has its cvsw0@va" sh -c "ip -n ns1 link show cvsw0 | grep -q 'cvsw0@va:'"
check "ns2 has its cvsw0@va" sh -c "ip -n ns2 link show cvsw0 | grep -q 'cvsw0@va:'"
check_eq "genl dump in ns1 sees only its device" "$(n1 python3 "$here/cvsw_dev_nl.py" devs | tail -n 1)" cvsw0
check_eq "genl in ns1: cvsw1 of init_net invisible" \
	"$(n1 python3 "$here/cvsw_dev_nl.py" dev cvsw1)" "-ENODEV no such device"
check_eq "genl in ns1: lower is ns1's va" \
	"$(n1 python3 "$here/cvsw_dev_nl.py" dev cvsw0 | tail -n 1 | grep -o 'lower=[0-9]*')" \
	"lower=$(n1 cat /sys/class/net/va/ifindex)"

# --- Flows over generic netlink.
check_eq "add prio 100 tun 42 -> lower" "$(nl add cvsw0 100 42 lower)" 0
check_eq "add prio 200 tun 43 drop" "$(nl add cvsw0 200 43 drop)" 0
check_eq "add prio 100 tun 44 -> local" "$(nl add cvsw0 100 44 local)" 0
check_eq "dump: priority order, then age, counters 0" "$(nl flows cvsw0 | tail -n +2 | tr '\n' ,)" \
	"200 43 0 0,100 42 0 0,100 44 0 0,"
check_eq "DEV_GET: 3 flows" "$(nl dev cvsw0 | tail -n 1 | grep -o 'flows=[0-9]*')" flows=3
check_eq "same match replaces" "$(nl add cvsw0 100 42 drop)" 0
check_eq "replaced rule keeps its age" "$(nl flows cvsw0 | tail -n +2 | tr '\n' ,)" \
	"200 43 0 0,100 42 0 0,100 44 0 0,"
check_eq "del" "$(nl del cvsw0 100 42)" 0
check_eq "del again: ENOENT" "$(nl del cvsw0 100 42)" "-ENOENT no flow with that priority and match"
check_eq "del: 2 left" "$(nl flows cvsw0 | tail -n +2 | tr '\n' ,)" "200 43 0 0,100 44 0 0,"
# Errors of the nested flow ABI: policies per nesting level give the kernel's own words and
# errno, the parse its own; "@3.2.2" is where the extended ack points: CVSW_A_FLOW (3) >
# CVSW_FLOW_A_KEY (2) > CVSW_KEY_A_TUN_ID (2).
check_eq "TUN_ID of 4 bytes: EINVAL (exact-length policy)" "$(nl at add cvsw0 1 1 keylen=4)" \
	"-EINVAL invalid attribute length @3.2.2"
check_eq "TUN_ID of 9 bytes: EINVAL" "$(nl at add cvsw0 1 1 keylen=9)" \
	"-EINVAL invalid attribute length @3.2.2"
check_eq "u32 ifindex in 2 bytes: EINVAL (strict policy)" "$(nl at dev "%$(ifindex cvsw0)")" \
	"-EINVAL invalid attribute length @1"
check_eq "unknown key attribute: EINVAL (strict)" "$(nl at add cvsw0 1 1 badkey)" \
	"-EINVAL Unknown attribute type @3.2.31"
check_eq "key outside mask: EINVAL, names the key field" "$(nl at add cvsw0 1 1 drop outside)" \
	"-EINVAL value has bits outside its mask @3.2.1"
check_eq "IPv4 address without ETH_TYPE: EINVAL" "$(nl at add cvsw0 1 1 v4dst)" \
	"-EINVAL an IPv4 address needs ETH_TYPE 0x0800 in the match @3.2.10"
check_eq "empty ACTIONS: EINVAL" "$(nl at add cvsw0 1 1 noact)" "-EINVAL no actions (use drop) @3.4"
check_eq "SET_VLAN 5000: ERANGE (policy)" "$(nl at add cvsw0 1 1 lower vlan=5000)" \
	"-ERANGE integer out of range @3.4.5"
check_eq "two encaps: EINVAL" "$(nl at add cvsw0 1 1 lower encap=2)" \
	"-EINVAL more than one encap action @3.4.2"
check_eq "encap IPv4 remote, IPv6 local: EINVAL" "$(nl at add cvsw0 1 1 lower encap=1 mixed)" \
	"-EINVAL local and remote addresses of different families @3.4.2.6"
check_eq "encap then drop: EINVAL from cvsw_flow_rule_validate, names the flow" \
	"$(nl at add cvsw0 1 1 drop encap=1)" "-EINVAL drop must be the only action @3"
check_eq "nothing of the refused flows was added" "$(nl flows cvsw0 | tail -n +2 | tr '\n' ,)" \
	"200 43 0 0,100 44 0 0,"
check_eq "an encap flow" "$(nl add cvsw0 1 1 lower encap=1)" 0
check_eq "del it" "$(nl del cvsw0 1 1)" 0
check_eq "missing device: ENODEV" "$(nl add nosuch 1 1)" "-ENODEV no such device"
check_eq "missing ifindex: ENODEV" "$(nl dev '#999999')" "-ENODEV no such device"
check_eq "not a cvsw device: EOPNOTSUPP" "$(nl add v0 1 1)" "-EOPNOTSUPP not a cvsw device"
check_eq "no device: EINVAL" "$(nl dev)" "-EINVAL no device given (CVSW_A_IFINDEX or CVSW_A_IFNAME)"
check "unprivileged add: EPERM" sh -c "python3 '$here/cvsw_dev_nl.py' nobody add cvsw0 1 1 | grep -q '^-EPERM'"
check "unprivileged flush: EPERM" sh -c "python3 '$here/cvsw_dev_nl.py' nobody flush cvsw0 | grep -q '^-EPERM'"
check_eq "unprivileged dump allowed" "$(nl nobody flows cvsw0 | wc -l)" 3
check_eq "unprivileged DEV_GET allowed" "$(nl nobody dev cvsw0 | head -n 1)" 0
check_eq "flush" "$(nl flush cvsw0)" 0
check_eq "flush: empty dump" "$(nl flows cvsw0)" 0

# A dump larger than one skb: the cursor must neither skip nor repeat a rule.
check_eq "add 300 rules" "$(nl addmany cvsw0 300)" 0
want=$(for p in 6 5 4 3 2 1 0; do for i in $(seq 1 300); do
	[ $((i % 7)) = $p ] && echo "$p $i 0 0"; done; done | tr '\n' ,)
check_eq "300-rule dump in lookup order, no INTR" "$(nl flows cvsw0 | tail -n +2 | tr '\n' ,)" "$want"
check_eq "DEV_GET: 300 flows" "$(nl dev cvsw0 | tail -n 1 | grep -o 'flows=[0-9]*')" flows=300
# The limit is per device (DEV_SET); the module parameter is only the default of new ones.
check_eq "DEV_SET max-flows 300" "$(nl setmax cvsw0 300)" 0
check_eq "max-flows reached: ENOSPC" "$(nl add cvsw0 1 1000)" \
	"-ENOSPC flow table full (device limit max-flows)"
check_eq "a replacement still fits" "$(nl add cvsw0 0 7 lower)" 0
check_eq "DEV_SET below the rules present: ERANGE" "$(nl setmax cvsw0 299)" \
	"-ERANGE limit below the number of rules present"
check_eq "DEV_SET 0: ERANGE (policy)" "$(nl setmax cvsw0 0 | cut -d' ' -f1)" "-ERANGE"
check_eq "DEV_SET back to 65536" "$(nl setmax cvsw0 65536)" 0
check_eq "ns1's cvsw0 has its own (empty) table" \
	"$(n1 python3 "$here/cvsw_dev_nl.py" flows cvsw0)" 0

# Traffic through cvsw0 while the control plane works: ARP for an address without a flow.
ip addr add 192.0.2.1/24 dev cvsw0
ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1 || true
check "transmit counted in ip -s link" \
	test "$(ip -j -s link show cvsw0 | python3 -c 'import json,sys; s=json.load(sys.stdin)[0]["stats64"]; print(s["tx"]["packets"] + s["tx"]["dropped"])')" -gt 0

# --- Lower or netns gone -> cvsw gone.
ip link del d0
check_fail "d0 deleted -> cvsw1 gone" ip link show cvsw1
ip -n ns2 link del vb
check_fail "ns2: veth deleted -> cvsw0 gone" ip -n ns2 link show cvsw0
ip netns add ns3
ip -n ns3 link add va type veth peer name vb
ip -n ns3 link add cvsw0 link va type cvsw
# Its devices go with the netns; rmmod below would hang on a leaked reference.
ip netns del ns3

# --- rmmod with devices in init_net and ns1 (and ping running).
ping -i 0.05 192.0.2.2 >/dev/null 2>&1 &
pinger=$!
sleep 0.5
require "rmmod with devices present" rmmod cvsw
kill "$pinger" 2>/dev/null || true
wait "$pinger" 2>/dev/null || true
check_fail "cvsw0 gone with the module" ip link show cvsw0
check_fail "ns1's cvsw0 gone with the module" ip -n ns1 link show cvsw0
check "v0 released: a bridge can take it" ip link set v0 master br9
ip link set v0 nomaster

# --- Module parameter.
check_fail "sclp_proto=0 refused" insmod "$CVSW_MODDIR/cvsw.ko" sclp_proto=0
require "insmod sclp_proto=253" insmod "$CVSW_MODDIR/cvsw.ko" sclp_proto=253
ip link add cvsw2 link v0 type cvsw
check_eq "DEV_GET: proto 253" "$(nl dev cvsw2 | tail -n 1 | grep -o 'proto=[0-9]*')" proto=253
ip link del cvsw2
check_fail "deleted with ip link del" ip link show cvsw2
