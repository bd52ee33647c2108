# shellcheck shell=bash
# Shared by tests/kernel/offload_*.sh (sourced after lib.sh; no .sh suffix, so the
# harness does not run it as a test). One VM: netns ns1 (veth1, 10.0.0.1, fd00::1) and
# ns2 (veth2, 10.0.0.2, fd00::2) joined by a veth pair with MTU 1500.

RX="/usr/bin/python3 $CVSW_TOP/tests/kernel/sclp_rx.py"
INJ=/sys/module/sclp_inject/parameters
MSS4=1468 # 1500 - 20 (IPv4) - 12 (SCLP)
MSS6=1448 # 1500 - 40 (IPv6) - 12

offload_setup() {
	modprobe veth
	ip netns add ns1
	on_exit "ip netns del ns1"
	ip netns add ns2
	on_exit "ip netns del ns2"
	ip link add veth1 mtu 1500 type veth peer name veth2 mtu 1500
	ip link set veth1 netns ns1
	ip link set veth2 netns ns2
	n1 ip link set lo up
	n2 ip link set lo up
	n1 ip addr add 10.0.0.1/24 dev veth1
	n2 ip addr add 10.0.0.2/24 dev veth2
	n1 ip addr add fd00::1/64 dev veth1 nodad
	n2 ip addr add fd00::2/64 dev veth2 nodad
	n1 ip link set veth1 up
	n2 ip link set veth2 up
	# Without checksum offload on veth1 our GSO computes every segment's checksum, so the
	# receiver can verify them; offload_gso's "offloaded" case turns it back on.
	n1 ethtool -K veth1 tx off >/dev/null
	DMAC=$(n2 cat /sys/class/net/veth2/address)
}

# Prints a shell command that configures sclp_inject.ko and sends from ns1. Arguments are
# PARAM=VALUE overrides of: IPv4, one 65535-byte super-packet, MSS 1468, id 1, seed 0.
inject_cmd() { # [PARAM=VALUE...]
	local kv cmd=""
	for kv in dev=veth1 src=10.0.0.1 dst=10.0.0.2 dmac="$DMAC" proto=234 id=1 idstep=1 first=1 \
		rem=0 len=65535 mss=$MSS4 gso=1 presegment=0 batch=0 count=1 seed=0 "$@"; do
		cmd+="echo ${kv#*=} >$INJ/${kv%%=*} && "
	done
	echo "ip netns exec ns1 sh -c '${cmd}echo 1 >$INJ/send'"
}

inject() { # [PARAM=VALUE...]
	eval "$(inject_cmd "$@")"
}

# A counter of /proc/net/sclp_offload in netns NS.
stat_of() { # NS NAME
	ip netns exec "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/sclp_offload
}

# The value of KEY in sclp_rx.py output FILE.
val() { # FILE KEY
	awk -v k="$2" '$1 == k { print $2 }' "$1"
}
