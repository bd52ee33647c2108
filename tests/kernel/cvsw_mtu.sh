#!/bin/bash
# vms: 1
# timeout: 400
# cvsw0 with an MTU far above the lower's (9000 over a 1500 veth), as the paper set each VM's
# MTU per tunnel: SCLP flows carry every inner frame whole (an 8000-byte datagram crosses
# unfragmented, with DF), while VXLAN flows on the same device, whose wire packets must each
# hold a whole inner frame, are never dropped silently: the first oversize frame lowers the
# inner route's PMTU (tx_drop_too_big), after which the sender fragments (UDP/ICMP) or
# sends smaller segments (TCP), and a file crosses intact.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cvsw_tun_env.bash"

mod_load sclp_offload
on_exit "rmmod sclp_offload"
tun_netns
mod_load cvsw
on_exit "rmmod cvsw"
tun_devs
n1 ip link set cvsw0 mtu 9000
n2 ip link set cvsw0 mtu 9000
tun_flows sclp-vxlan
for i in 1 2; do
	peer=$((3 - i))
	ip netns exec ns$i ip addr add 10.0.7.$i/24 dev cvsw0
	flow ns$i "priority=30,ip,nw_dst=10.0.7.$peer,actions=encap(vxlan,vni=44,remote=192.0.2.$peer),output"
	flow ns$i "priority=10,in_port=tunnel,tun_id=44,actions=decap"
done
tun_up
check_eq "cvsw0 MTU" "$(n1 cat /sys/class/net/cvsw0/mtu)" 9000

reasm_oks() { ip netns exec "$1" nstat -az IpReasmOKs | awk '$1 == "IpReasmOKs" { print $2 }'; }

# SCLP: 8000 bytes with DF, never fragmented before encapsulation.
r0=$(reasm_oks ns2)
check "sclp: ping -M do -s 8000 (one inner frame, no inner fragment)" \
	n1 ping -c 3 -W 5 -M do -s 8000 10.0.0.2
check_eq "sclp: the receiver reassembled no inner IP fragment" $(($(reasm_oks ns2) - r0)) 0
tun_file "sclp: 2 MB file at MTU 9000" 2000000

# VXLAN on the same cvsw0: the first oversize frame lowers the PMTU and is counted.
n1 ping -c 1 -W 2 -M do -s 8000 10.0.7.2 >/dev/null 2>&1 || true
check_ge "vxlan: oversize frame counted (tx_drop_too_big)" "$(cstat ns1 tx_drop_too_big)" 1
check "vxlan: the inner route learnt the path MTU 1450" \
	sh -c "ip netns exec ns1 ip route get 10.0.7.2 | grep -q 'mtu 1450'"
check_fail "vxlan: ping -M do -s 8000 now fails locally (message too long)" \
	n1 ping -c 1 -W 2 -M do -s 8000 10.0.7.2
check "vxlan: ping -s 8000 without DF is fragmented at 1450 and answered" \
	n1 ping -c 3 -W 5 -s 8000 10.0.7.2
tun_file "vxlan: 2 MB file at MTU 9000 (TCP follows the PMTU)" 2000000 10.0.7.2
check_eq "no rx drop on either side" \
	"$(cstat ns1 rx_drop_bad_header)$(cstat ns2 rx_drop_bad_header)$(cstat ns2 rx_drop_no_flow)" 000
