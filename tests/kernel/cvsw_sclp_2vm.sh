#!/bin/bash
# vms: 2
# link: tap
# timeout: 500
# VXLAN over SCLP between two VMs over virtio-net (tap link with offloads): AUTO resolves to
# SW (virtio-net claims GSO_ROBUST; its host side rejects SCLP GSO packets), so cvsw cuts the
# segments itself and the peer's cvsw reassembles them. Ping, a 4 MB file by nc (SHA-256
# equal), iperf3 TCP; segment and reassembly counters; no drop.
source "$(dirname "$0")/lib.sh"

peer=$((3 - VM))
cstat() { ethtool -S cvsw0 | awk -v n="$1:" '$1 == n { print $2 }'; }

ip addr add "192.0.2.$VM/24" dev eth0
ip link set eth0 up
mod_load cvsw
on_exit "rmmod cvsw"
ip link add cvsw0 link eth0 type cvsw
on_exit "ip link del cvsw0"
ip addr add "10.0.0.$VM/24" dev cvsw0
ip link set cvsw0 up
cvsw-ctl flow add dev cvsw0 "priority=10,in_port=local,actions=encap(sclp-vxlan,vni=42,remote=192.0.2.$peer),output"
cvsw-ctl flow add dev cvsw0 "priority=10,in_port=tunnel,tun_id=42,actions=decap"
check_eq "AUTO over virtio-net resolves to sw" \
	"$(cvsw-ctl -j dev show dev cvsw0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["sclp_tx_mode"])')" sw

head -c 4000000 /dev/urandom >"$CVSW_OUT/file.$VM"
peer_put sha "$(sha256sum <"$CVSW_OUT/file.$VM" | cut -d' ' -f1)"
if [ "$VM" = 2 ]; then
	timeout 120 nc -l 5001 >"$CVSW_OUT/recv" &
	iperf3 -s -D -1
	wait_until 10 sh -c "ss -ltn | grep -q ':5201 '"
	wait_until 10 sh -c "ss -ltn | grep -q ':5001 '"
fi
barrier up
if [ "$VM" = 1 ]; then
	require "ping over SCLP between VMs" ping -c 3 -W 5 10.0.0.2
	timeout 120 nc -N 10.0.0.2 5001 <"$CVSW_OUT/file.1" || true
	out=$(iperf3 -c 10.0.0.2 -t 5 -J | python3 -c '
import json, sys
e = json.load(sys.stdin)["end"]
print(int(e["sum_received"]["bits_per_second"]) // 1000000, e["sum_sent"].get("retransmits", 0))')
	read -r mbps retr <<<"$out"
	check_ge "iperf3 TCP over SCLP between VMs: Mbit/s" "$mbps" 1
	echo "  iperf3 TCP: $mbps Mbit/s, $retr retransmits"
	check_ge "cvsw cut segments itself" "$(cstat tx_sclp_sw_segments)" 1000
	check_eq "no tx drop" "$(cstat tx_drop_error)$(cstat tx_drop_no_route)" 00
fi
barrier sent
if [ "$VM" = 2 ]; then
	wait
	check_eq "4 MB file by nc: sha256" "$(sha256sum <"$CVSW_OUT/recv" | cut -d' ' -f1)" "$(peer_get sha 1)"
	check_ge "payloads reassembled" "$(cstat rx_reasm_done)" 50
	check_eq "no rx drop" "$(ethtool -S cvsw0 | awk '$1 ~ /^rx_drop/ { s += $2 } END { print s + 0 }')" 0
	echo "  vm2: $(cstat rx_sclp_segments) SCLP skbs, $(cstat rx_sclp_merged) merged, $(cstat rx_reasm_done) reassembled"
fi
barrier done
