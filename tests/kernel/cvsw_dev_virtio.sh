#!/bin/bash
# vms: 1
# link: tap
# timeout: 120
# SCLP tx mode resolution: AUTO is gso exactly while sclp_offload.ko's GSO callback is
# registered, whatever the lower. Over virtio-net (eth0 on a tap with offloads: it claims
# GSO_ROBUST, its host side rejects SCLP GSO packets) that is safe since super-packets are
# marked SKB_GSO_FRAGLIST, which virtio-net does not claim: the core cuts them before the
# driver (cvsw_sclp_2vm.sh sends through it). Explicit modes are kept in the configuration;
# a forced gso without the callback falls back to sw in effect.
source "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
nl() { python3 "$here/cvsw_dev_nl.py" "$@"; }
mode_of() { nl dev "$1" | tail -n 1 | grep -o 'mode=[0-9]'; }

modprobe veth
mod_load cvsw
on_exit "rmmod cvsw"
check "eth0 is virtio-net" sh -c "ethtool -i eth0 | grep -qx 'driver: virtio_net'"
check "eth0 claims GSO_ROBUST" sh -c "ethtool -k eth0 | grep -q '^tx-gso-robust: on'"
check "eth0 does not claim GSO_FRAGLIST" sh -c "ethtool -k eth0 | grep -q '^tx-gso-list: off'"

ip link add cvsw0 link eth0 type cvsw
on_exit "ip link del cvsw0"
check_eq "AUTO without sclp_offload.ko -> sw" "$(mode_of cvsw0)" mode=2
mod_load sclp_offload
ip link set eth0 up
ip link set cvsw0 up
check_eq "AUTO over virtio-net once sclp_offload.ko is loaded -> gso" "$(mode_of cvsw0)" mode=1
check_eq "MTU: eth0's 1500 - 50" "$(cat /sys/class/net/cvsw0/mtu)" 1450

ip link add v0 type veth peer name v1
on_exit "ip link del v0"
ip link add cvsw1 link v0 type cvsw
check_eq "AUTO over veth with sclp_offload -> gso" "$(mode_of cvsw1)" mode=1
ip link del cvsw1

# Explicit modes are not second-guessed.
ip link del cvsw0
check_eq "forced gso over virtio-net" "$(nl newlink cvsw0 lower="$(cat /sys/class/net/eth0/ifindex)" mode=1)" 0
check_eq "gso in effect" "$(mode_of cvsw0)" mode=1
rmmod sclp_offload
check_eq "forced gso without sclp_offload.ko: sw in effect" "$(mode_of cvsw0)" mode=2
check_eq "... while the configuration keeps gso" "$(nl linkinfo cvsw0 | tail -n 1 | grep -o 'mode=[0-9]')" mode=1
mod_load sclp_offload
check_eq "fill_info keeps the configured mode" "$(nl linkinfo cvsw0 | tail -n 1 | grep -o 'mode=[0-9]')" mode=1
check_eq "forced sw over veth" "$(nl newlink cvsw1 lower="$(cat /sys/class/net/v0/ifindex)" mode=2)" 0
check_eq "sw in effect" "$(mode_of cvsw1)" mode=2
