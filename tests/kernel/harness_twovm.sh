#!/bin/bash
# Self-test of the two-VM harness: both VMs address eth0, meet at a barrier, ping each other
# over the tap link, see each other's MAC and the offloads a tap link must give.
# vms: 2
# link: tap
# timeout: 120
. "$(dirname "$0")/lib.sh"

peer=$((3 - VM))
ip addr add "10.99.0.$VM/24" dev eth0
ip link set eth0 up
check_eq eth0_mac "$(cat /sys/class/net/eth0/address)" "52:54:00:12:34:0$VM"
check_eq eth0_mtu "$(cat /sys/class/net/eth0/mtu)" 1500
check tso_on sh -c 'ethtool -k eth0 | grep -q "^	tx-tcp-segmentation: on"'
check csum_on sh -c 'ethtool -k eth0 | grep -q "^tx-checksumming: on"'

peer_put mac "$(cat /sys/class/net/eth0/address)"
barrier up
check ping_peer ping -c 3 -i 0.2 -W 2 "10.99.0.$peer"
check_eq peer_mac "$(ip neigh show 10.99.0.$peer dev eth0 | awk '{print $3}')" \
	"$(peer_get mac "$peer")"
# Keep the peer up until both have pinged.
barrier done
