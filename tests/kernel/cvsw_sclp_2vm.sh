#!/bin/bash
# vms: 2
# link: tap
# timeout: 700
# VXLAN over SCLP between two VMs over virtio-net (tap link with offloads), in two phases:
#  sw:  sclp_offload.ko absent. AUTO resolves to sw: cvsw cuts the segments itself, and the
#       peer's cvsw reassembles every one of them.
#  gso: sclp_offload.ko loaded in both guests, sclp_tx_mode forced to gso on the sender.
#       virtio-net claims no NETIF_F_GSO_FRAGLIST, so the core cuts each super-packet with our
#       GSO before the driver: nothing reaches virtio-net unsegmented (its tx_dropped stays,
#       gso_packets rises). In the receiver, virtio-net's own GRO merges the segments
#       (gro_packets) before cvsw, which then reassembles fewer pieces per payload.
# Each phase: ping, a 4 MB file by nc (SHA-256 equal), iperf3 TCP; counters; no drop.
source "$(dirname "$0")/lib.sh"
export IP_LIB_DIR=$CVSW_TOP/tools/iproute2 # "ip link set ... type cvsw" below

peer=$((3 - VM))
cstat() { ethtool -S cvsw0 | awk -v n="$1:" '$1 == n { print $2 }'; }
ostat() { awk -v n="$1" '$1 == n { print $2 }' /proc/net/sclp_offload; }
ifstat() { cat "/sys/class/net/eth0/statistics/$1"; }
# rx_drop_* counters as "name value" lines; rxdrops_since FILE names those that rose since.
rxdrops() { ethtool -S cvsw0 | awk '$1 ~ /^rx_drop/ { print $1, $2 }'; }
rxdrops_since() {
	rxdrops | awk 'NR == FNR { was[$1] = $2; next } $2 > was[$1] { printf "%s +%d ", $1, $2 - was[$1] }' "$1" -
}

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
head -c 4000000 /dev/urandom >"$CVSW_OUT/file.$VM"
peer_put sha "$(sha256sum <"$CVSW_OUT/file.$VM" | cut -d' ' -f1)"

tx_mode() { cvsw-ctl -j dev show dev cvsw0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["sclp_tx_mode"])'; }

# phase NAME: VM 1 sends a file and runs iperf3; VM 2 receives. Prints per-phase counters.
phase() {
	local p=$1 segs0 drop0 frags0 pay0 mbps retr frags pay
	if [ "$VM" = 2 ]; then
		rm -f "$CVSW_OUT/recv"
		timeout 120 nc -l 5001 >"$CVSW_OUT/recv" &
		iperf3 -s -D -1
		wait_until 10 sh -c "ss -ltn | grep -q ':5201 '"
		wait_until 10 sh -c "ss -ltn | grep -q ':5001 '"
	fi
	barrier "$p-up"
	# Counted from here: before this barrier the peer may still be adding its flows, and
	# what its cvsw0 sends on coming up (IPv6 DAD, MLD) can arrive before our decap flow.
	segs0=$(cstat tx_sclp_sw_segments) drop0=$(ifstat tx_dropped)
	frags0=$(cstat rx_reasm_frags_in) pay0=$(cstat rx_sclp_vxlan_packets)
	rxdrops >"$CVSW_OUT/rxdrops.$p"
	if [ "$VM" = 1 ]; then
		require "$p: ping over SCLP between VMs" ping -c 3 -W 5 10.0.0.2
		timeout 120 nc -N 10.0.0.2 5001 <"$CVSW_OUT/file.1" || true
		out=$(iperf3 -c 10.0.0.2 -t 5 -J | python3 -c '
import json, sys
e = json.load(sys.stdin)["end"]
print(int(e["sum_received"]["bits_per_second"]) // 1000000, e["sum_sent"].get("retransmits", 0))')
		read -r mbps retr <<<"$out"
		check_ge "$p: iperf3 TCP over SCLP between VMs: Mbit/s" "$mbps" 1
		echo "  $p: iperf3 TCP: $mbps Mbit/s, $retr retransmits"
		check_eq "$p: no tx drop" "$(cstat tx_drop_error)$(cstat tx_drop_no_route)" 00
		check_eq "$p: virtio-net dropped nothing we sent (tx_dropped)" \
			$(($(ifstat tx_dropped) - drop0)) 0
		if [ "$p" = sw ]; then
			check_ge "$p: cvsw cut segments itself" $(($(cstat tx_sclp_sw_segments) - segs0)) 1000
		else
			check_eq "$p: cvsw cut nothing itself" $(($(cstat tx_sclp_sw_segments) - segs0)) 0
			check_ge "$p: our GSO cut super-packets before virtio-net (gso_packets)" \
				"$(ostat gso_packets)" 100
		fi
	fi
	barrier "$p-sent"
	if [ "$VM" = 2 ]; then
		wait
		check_eq "$p: 4 MB file by nc: sha256" "$(sha256sum <"$CVSW_OUT/recv" | cut -d' ' -f1)" \
			"$(peer_get sha 1)"
		check_eq "$p: no rx drop in this phase" "$(rxdrops_since "$CVSW_OUT/rxdrops.$p")" ""
		frags=$(($(cstat rx_reasm_frags_in) - frags0))
		pay=$(($(cstat rx_sclp_vxlan_packets) - pay0))
		check_ge "$p: payloads delivered" "$pay" 50
		# pieces reassembled per payload, x100
		peer_put "pieces_$p" $((frags * 100 / pay))
		echo "  vm2 $p: $(cstat rx_sclp_segments) SCLP skbs, $(cstat rx_sclp_merged) merged," \
			"$pay payloads, $frags pieces reassembled"
		if [ "$p" = gso ]; then
			check_ge "$p: virtio-net GRO merged SCLP (gro_packets)" "$(ostat gro_packets)" 50
			check_ge "$p: cvsw got merged payloads (rx_sclp_merged)" "$(cstat rx_sclp_merged)" 50
			check_le "$p: fewer pieces per payload than sw (x100)" \
				"$(peer_get pieces_gso 2)" $(($(peer_get pieces_sw 2) / 2))
		fi
	fi
	barrier "$p-done"
}

check_eq "sw: AUTO without sclp_offload.ko resolves to sw" "$(tx_mode)" sw
phase sw

mod_load sclp_offload
on_exit "rmmod sclp_offload"
[ "$VM" = 1 ] && ip link set cvsw0 type cvsw sclp_tx_mode gso
check_eq "gso: with sclp_offload.ko the mode in effect is gso" "$(tx_mode)" gso
phase gso
