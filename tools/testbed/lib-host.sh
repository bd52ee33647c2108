# Helpers for the testbed scenarios, sourced inside a testbed host.
# HOST is 1 or 2, PEER the other one; SHARE is the directory both hosts and the outer
# machine see.
HOST=$CVSW_HOST
PEER=$((3 - HOST))
SHARE=$CVSW_SHARE
MODDIR=$CVSW_TOP
UNDERLAY=192.0.2     # TEST-NET-1: tenant tunnel endpoints (the "VMs'" virtio addresses)
INNER=198.51.100     # TEST-NET-2: addresses on cvsw0, inside the tunnel
VNI=42
# Settings testbed.sh passed on (SOAK_*, BENCH_*, TENANT_*), shell-quoted.
# shellcheck disable=SC1091
[ -r "$SHARE/settings.env" ] && . "$SHARE/settings.env"
# The tenant: "netns" (default: a network namespace whose veth stands in for the VM's NIC)
# or "vm" (a QEMU guest on a tap of the host's OVS bridge, lib-tenant-vm.sh).
TENANT=${CVSW_TENANT:-netns}
case $TENANT in
netns) TNIC=vethT ;;
vm) TNIC=eth0; . "$CVSW_TOP/tools/testbed/lib-tenant-vm.sh" ;;
*) echo "unknown TENANT=$TENANT" >&2; exit 1 ;;
esac

progress() { echo "host$HOST: $*" >>"$SHARE/host$HOST.progress"; echo "== $*"; }

# Both hosts reach NAME before either goes on (files in the shared directory).
barrier() { # NAME [TIMEOUT]
	local i t=${2:-300}
	touch "$SHARE/barrier.$1.$HOST"
	for ((i = 0; i < t * 5; i++)); do
		[ -e "$SHARE/barrier.$1.$PEER" ] && return 0
		sleep 0.2
	done
	echo "barrier $1: host$PEER never came" >&2
	return 1
}

start_ovs() {
	modprobe openvswitch
	mkdir -p /run/openvswitch /var/log/openvswitch /etc/openvswitch
	ovsdb-tool create /run/openvswitch/conf.db /usr/share/openvswitch/vswitch.ovsschema
	ovsdb-server /run/openvswitch/conf.db --remote=punix:/run/openvswitch/db.sock \
		--pidfile --detach --log-file="$SHARE/host$HOST.ovsdb-server.log"
	ovs-vsctl --no-wait init
	# One vCPU: force the handler and revalidator threads that upcalls need.
	ovs-vsctl --no-wait set Open_vSwitch . other_config:n-handler-threads=1 \
		other_config:n-revalidator-threads=1
	ovs-vswitchd --pidfile --detach --log-file="$SHARE/host$HOST.ovs-vswitchd.log"
}

# In some boots of these 1-vCPU hosts, OVS 3.1 (per-CPU upcall dispatch) computes 0 handler
# threads when the datapath opens ("Overriding n-handler-threads to 0"). It corrects itself
# to 1 a few seconds later, but the datapath still never gets its upcalls handled and the
# bridge forwards nothing. Restart ovs-vswitchd until a run of it never counted 0.
ovs_newest_log() { # the lines of the newest ovs-vswitchd only
	sed -n '/opened log file/h; /opened log file/!H; ${x;p}' "$SHARE/host$HOST.ovs-vswitchd.log"
}

ovs_ensure_handlers() {
	local i t
	for i in 1 2 3 4 5; do
		ovs_newest_log | grep -q 'Overriding n-handler-threads to 0' || return 0
		echo "ovs: no upcall handler thread, restarting ovs-vswitchd ($i)" >&2
		ovs-appctl -t ovs-vswitchd exit
		sleep 1
		ovs-vswitchd --pidfile --detach --log-file="$SHARE/host$HOST.ovs-vswitchd.log"
		# wait until the new one has opened the datapath and counted its handlers
		for ((t = 0; t < 60; t++)); do
			ovs_newest_log | grep -q 'Overriding n-handler-threads to' && break
			sleep 0.5
		done
		sleep 3 # a 0 count shows up in the first seconds
	done
	echo "ovs: still no upcall handler thread" >&2
	return 1
}

# sclp_offload.ko on the host, cvsw.ko in the tenant's kernel (the host's own for a netns
# tenant); "guest-gro": sclp_offload.ko in a VM tenant's kernel too (its virtio-net GRO then
# merges SCLP). Module autoloading cannot reach modprobe from the chroot: load explicitly.
load_modules() { # [guest-gro]
	insmod "$MODDIR/offload_host/sclp_offload.ko" || return 1
	if [ "$TENANT" = vm ] && [ "${1:-}" = guest-gro ]; then
		vm insmod "$MODDIR/offload_host/sclp_offload.ko" || return 1
	fi
	vm modprobe udp_tunnel 2>/dev/null || true
	vm modprobe ip6_udp_tunnel 2>/dev/null || true
	vm insmod "$MODDIR/cvsw/cvsw.ko"
}

# The reverse, after cvsw0 is gone; fails if a module does not unload.
unload_modules() {
	vm rmmod cvsw || return 1
	if [ "$TENANT" = vm ] && vm grep -q '^sclp_offload ' /proc/modules; then
		vm rmmod sclp_offload || return 1
	fi
	rmmod sclp_offload
}

# Host: OVS bridge br0 = uplink eth0 + the tenant's port; the tenant's NIC $TNIC has the
# address $UNDERLAY.HOST and carries cvsw0 (address $INNER.HOST).
setup_host() {
	ip link set eth0 up
	# The link stands for a physical wire: MTU-sized frames only (TSO off, GSO/GRO on).
	ethtool -K eth0 tso off >/dev/null
	ovs-vsctl add-br br0 -- add-port br0 eth0
	ip link set br0 up
	case $TENANT in
	netns) setup_tenant_netns ;;
	vm) ovs_ensure_handlers && setup_tenant_vm ;;
	esac
}

# Tenant netns "vm": vethT, whose peer vethH is the OVS port, stands in for the VM's NIC.
setup_tenant_netns() {
	modprobe veth
	ip netns add vm
	ip link add vethH type veth peer name vethT
	ip link set vethT netns vm
	ip -n vm link set lo up
	ip -n vm addr add "$UNDERLAY.$HOST/24" dev vethT
	ip -n vm link set vethT up
	ip link set vethH up
	ovs-vsctl add-port br0 vethH
	ovs_ensure_handlers
	# GRO on the tenant's NIC merges SCLP segments again after OVS (veth needs NAPI for it).
	ip netns exec vm ethtool -K vethT gro on >/dev/null
}

# Run a command in the tenant (stdin is not forwarded to a VM tenant).
vm() {
	case $TENANT in
	netns) ip netns exec vm "$@" ;;
	vm) tenant_exec "$@" ;;
	esac
}

# The tenant's environment, printed beside every figure.
tenant_env() {
	case $TENANT in
	netns) echo "tenant netns (same kernel as the host)" ;;
	vm) echo "tenant VM: kernel $(vm uname -r), accel $TENANT_ACCEL nested in a" \
		"${CVSW_ACCEL:-tcg} host, ${TENANT_MEM:-512} MiB, virtio-net on tap $TENANT_TAP" ;;
	esac
}

# The tenants reach each other over the underlay (OVS on both hosts), or the host logs why.
wait_underlay() { # [SECONDS]
	local start=$SECONDS
	while [ $((SECONDS - start)) -lt "${1:-90}" ]; do
		if vm ping -c 1 -W 3 "$UNDERLAY.$PEER" >/dev/null 2>&1; then
			echo "underlay: $UNDERLAY.$PEER answers after $((SECONDS - start))s"
			return 0
		fi
	done
	echo "underlay: no answer from $UNDERLAY.$PEER" >&2
	ovs-vsctl show >&2
	ovs-ofctl show br0 >&2
	ovs-dpctl dump-flows >&2
	vm ip neigh show >&2
	return 1
}

# cvsw0 on the tenant's NIC ($INNER.HOST/24), joined to the peer's by VXLAN-over-SCLP VNI
# $VNI: IP and ARP from the tenant are encapsulated, the tunnel's VNI decapsulated.
# PARAMS go to "ip link add" (e.g. reasm_timeout 3000; IP_LIB_DIR finds our ip plugin).
setup_sclp_tunnel() { # [PARAMS...]
	local enc="encap(sclp-vxlan,vni=$VNI,remote=$UNDERLAY.$PEER),output"
	vm env IP_LIB_DIR="$CVSW_TOP/tools/iproute2" ip link add cvsw0 link "$TNIC" type cvsw "$@" &&
	vm ip addr add "$INNER.$HOST/24" dev cvsw0 &&
	vm ip link set cvsw0 up &&
	vm cvsw-ctl flow add dev cvsw0 "priority=10,in_port=local,ip,nw_dst=$INNER.$PEER,actions=$enc" &&
	vm cvsw-ctl flow add dev cvsw0 "priority=10,in_port=local,arp,actions=$enc" &&
	vm cvsw-ctl flow add dev cvsw0 "priority=10,in_port=tunnel,tun_id=$VNI,actions=decap"
}