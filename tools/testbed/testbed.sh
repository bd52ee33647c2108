#!/usr/bin/env bash
# The cvsw two-host testbed under libvirt (the paper's Fig. 7 setup).
#
#   tools/testbed/testbed.sh run      install what is missing, bring the testbed up, push
#                                     traffic through a VXLAN-over-SCLP tunnel, tear it down
#   tools/testbed/testbed.sh soak     the robustness soak (SCENARIO=soak): sustained traffic
#                                     under netem loss/reordering/duplication, counters and
#                                     kernel memory checked (tools/testbed/scenario-soak.sh)
#   tools/testbed/testbed.sh up       define and start the two hosts; each runs SCENARIO
#   tools/testbed/testbed.sh wait     wait until both hosts have finished, print results
#   tools/testbed/testbed.sh down     destroy and undefine the hosts, delete the bridge
#   tools/testbed/testbed.sh status
#
# Each host is a libvirt domain booting Debian's kernel on the outer machine's root (read-only
# 9p, so OVS, iperf3 and our tools are inside), with one virtio NIC on a bridge of the outer
# machine: a 1500-MTU "physical" link whose taps give the NICs checksum/TSO/GSO offloads.
# Inside, Open vSwitch (kernel datapath) bridges the uplink and a tenant; sclp_offload.ko runs
# underneath; the tenant runs cvsw.ko. By default the tenant is a network namespace whose veth
# is an OVS port, standing in for a VM (a nested VM under TCG is too slow to benchmark); with
# TENANT=vm it is a QEMU guest on a tap of the host's OVS bridge (virtio-net; KVM where the host
# has /dev/kvm, nested TCG otherwise), with sclp_offload.ko in the guest too.
#
# Settings (environment): KERNEL=6.1|6.12 (default 6.1), CVSW_ACCEL=tcg|kvm (default tcg:
# Debian kernels do not boot under this machine's /dev/kvm), SCENARIO=demo|bench|soak|plain
# (what the hosts run: tools/testbed/scenario-*.sh), TENANT=netns|vm (default netns),
# TB_SECONDS (iperf3 duration, default 10), TB_MEM (MiB per host, default 1024, 2048 with
# TENANT=vm), TB_NO_INSTALL=1 (skip apt-get), TB_TIMEOUT (seconds; default 900, 2700 with
# TENANT=vm). TENANT_MEM, TENANT_CPU and TENANT_BOOT_TIMEOUT (tools/testbed/lib-tenant-vm.sh)
# reach the hosts in $share/settings.env.
# SOAK_SECONDS (default 180), SOAK_NETEM (netem arguments, default "delay 1ms 1ms loss 1%
# duplicate 1% reorder 25% 50%") and SOAK_MEM_SLACK_KB (default 4096) reach the hosts in
# $share/settings.env.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
KERNEL=${KERNEL:-6.1}
CVSW_ACCEL=${CVSW_ACCEL:-tcg}
SCENARIO=${SCENARIO:-demo}
TENANT=${TENANT:-netns}
case $TENANT in netns | vm) ;; *) echo "testbed: TENANT is netns or vm" >&2; exit 2 ;; esac
TB_SECONDS=${TB_SECONDS:-10}
TB_MEM=${TB_MEM:-$([ "$TENANT" = vm ] && echo 2048 || echo 1024)}
tb_base=$([ "$TENANT" = vm ] && echo 2700 || echo 900)
TB_TIMEOUT=${TB_TIMEOUT:-$([ "$SCENARIO" = soak ] && echo $((${SOAK_SECONDS:-180} + tb_base)) || echo "$tb_base")}
conn=qemu:///system
bridge=cvswtb0
hosts=(cvsw-host1 cvsw-host2)
images=/var/lib/libvirt/images/cvsw
state=$top/tests/out/testbed

die() { echo "testbed: $*" >&2; exit 1; }
log() { echo "testbed: $*" >&2; }

need() {
	[ "$(id -u)" = 0 ] || die "must run as root (libvirt system domains, bridge, taps)"
	local c missing=()
	local tools="virsh libvirtd virtlogd qemu-system-x86_64 ovs-vsctl iperf3 rsync cpio busybox"
	# A VM tenant's demo captures its tap and decodes it.
	[ "$TENANT" = netns ] || tools+=" tcpdump tshark"
	for c in $tools; do
		command -v "$c" >/dev/null || missing+=("$c")
	done
	[ ${#missing[@]} = 0 ] ||
		die "missing: ${missing[*]} (run: tools/install-deps.sh testbed)"
}

resolve_kernel() {
	local rel
	for rel in $(ls /boot | sed -n 's/^vmlinuz-//p' | sort -rV); do
		case $rel in "$KERNEL" | "$KERNEL".*-amd64)
			[ -d "/usr/src/linux-headers-$rel" ] && echo "$rel" && return ;;
		esac
	done
	die "kernel $KERNEL with headers is not installed (tools/install-deps.sh testbed)"
}

start_libvirt() {
	virsh -c "$conn" version >/dev/null 2>&1 && return
	# 9>&-: the daemons must not inherit (and keep) our lock.
	pgrep -x virtlogd >/dev/null || virtlogd -d 9>&-
	pgrep -x libvirtd >/dev/null || libvirtd -d 9>&-
	local i
	for i in $(seq 50); do
		virsh -c "$conn" version >/dev/null 2>&1 && return
		sleep 0.2
	done
	die "libvirtd does not answer on $conn"
}

build() { # REL: modules, cvsw-ctl and initramfs for that kernel into $state/REL
	local rel=$1 src=$state/$1/src
	mkdir -p "$src"
	# Objects of another kernel must not leak into this build.
	rsync -a --delete --delete-excluded --exclude=/tests/out/ --exclude=/.git/ --exclude=/bench/out/ \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='.*.cmd' --exclude='*.o.d' --exclude=Module.symvers \
		--exclude=modules.order --exclude=/tools/cvsw-ctl "$top/" "$src/"
	make -s -C "/usr/src/linux-headers-$rel" M="$src" modules >"$state/$rel/build.log" 2>&1 ||
		{ tail -20 "$state/$rel/build.log"; die "module build failed"; }
	make -s -C "$src/tools" >>"$state/$rel/build.log" 2>&1 || die "cvsw-ctl build failed"
	"$top/tests/qemu/mkinitrd.sh" "$rel" "$state/$rel/initrd.img"
	mkdir -p "$images"
	# The uncompressed vmlinux boots through its PVH entry: no firmware, no decompression in
	# the guest (tests/qemu measured ~15 s less per TCG boot). The vmlinuz when it has none.
	if "$top/tests/qemu/mkvmlinux.sh" "$rel" "$state/$rel/vmlinux" 2>/dev/null; then
		cp "$state/$rel/vmlinux" "$images/kernel-$rel"
	else
		cp "/boot/vmlinuz-$rel" "$images/kernel-$rel"
	fi
	cp "$state/$rel/initrd.img" "$images/initrd-$rel.img"
}

render() { # N REL SHARE: domain XML of host N
	local n=$1 rel=$2 share=$3 domtype=qemu cpumode=maximum cmdline
	[ "$CVSW_ACCEL" = kvm ] && domtype=kvm cpumode=host-passthrough
	cmdline="console=ttyS0 panic_on_warn=1 oops=panic panic=-1"
	cmdline+=" cvsw_share=$share cvsw_run=$state/$rel/src/tools/testbed/host-run.sh"
	cmdline+=" cvsw_top=$state/$rel/src cvsw_host=$n cvsw_scenario=$SCENARIO"
	cmdline+=" cvsw_seconds=$TB_SECONDS"
	cmdline+=" cvsw_accel=$CVSW_ACCEL cvsw_tenant=$TENANT"
	sed -e "s|@DOMTYPE@|$domtype|; s|@CPUMODE@|$cpumode|; s|@NAME@|${hosts[n - 1]}|" \
	    -e "s|@MEM@|$TB_MEM|; s|@VCPUS@|1|; s|@CPUSET@|$(((n - 1) % $(nproc)))|" \
	    -e "s|@KERNEL@|$images/kernel-$rel|; s|@INITRD@|$images/initrd-$rel.img|" \
	    -e "s|@CMDLINE@|$cmdline|; s|@SHARE@|$share|; s|@BRIDGE@|$bridge|" \
	    -e "s|@MAC@|52:54:00:cb:00:0$n|; s|@CONSOLE@|$share/host$n.console|" \
	    "$here/domain.xml.in"
}

up() {
	need
	local rel share n
	# One testbed at a time: up() replaces whatever hosts exist.
	exec 9>/run/cvsw-testbed.lock
	flock -n 9 || die "another testbed run is active (/run/cvsw-testbed.lock)"
	rel=$(resolve_kernel)
	start_libvirt
	down_quiet
	log "building modules and initramfs for $rel"
	build "$rel"
	share=$state/run
	rm -rf "$share"
	mkdir -p "$share"
	# Scenario settings the hosts source (shell-quoted).
	local v
	for v in $(compgen -v | grep -E '^(SOAK|BENCH|TENANT)_' || true); do
		printf '%s=%q\n' "$v" "${!v}"
	done >"$share/settings.env"
	# The link: a bridge with no address; nothing from the outer machine enters it.
	ip link add "$bridge" type bridge stp_state 0
	echo 1 >"/proc/sys/net/ipv6/conf/$bridge/disable_ipv6"
	ip link set "$bridge" arp off up
	for n in 1 2; do
		render "$n" "$rel" "$share" >"$state/host$n.xml"
		virsh -c "$conn" define "$state/host$n.xml" >/dev/null
		virsh -c "$conn" start "${hosts[n - 1]}" >/dev/null
	done
	echo "$rel" >"$state/kernel"
	log "up: ${hosts[*]} on bridge $bridge, kernel $rel, accel $CVSW_ACCEL, scenario $SCENARIO, tenant $TENANT"
}

running() {
	local h
	for h in "${hosts[@]}"; do
		[ "$(virsh -c "$conn" domstate "$h" 2>/dev/null)" = running ] && return 0
	done
	return 1
}

wait_done() {
	local share=$state/run start=$SECONDS last=
	while running; do
		[ $((SECONDS - start)) -lt "$TB_TIMEOUT" ] || { log "timeout after ${TB_TIMEOUT}s"; break; }
		# Progress: the newest line either host wrote.
		local p
		p=$(ls -t "$share"/host*.progress 2>/dev/null | head -n 1 || true)
		p=$([ -z "$p" ] || tail -n 1 "$p")
		[ "$p" = "$last" ] || { [ -z "$p" ] || log "$p"; last=$p; }
		sleep 1
	done
	# Every kernel's console (the hosts', and the tenant VMs' with TENANT=vm): a WARN or an
	# oops fails the run whatever the scenario says.
	local f kernels=0 trouble=0
	for f in "$share"/host*.console "$share"/tenant*.console; do
		[ -e "$f" ] || continue
		kernels=$((kernels + 1))
		if grep -qE 'WARNING:|BUG:|Oops|Call Trace|Kernel panic' "$f"; then
			log "kernel trouble in $f:"
			grep -E 'WARNING:|BUG:|Oops|Kernel panic' "$f" | head -5
			trouble=1
		fi
	done
	[ -f "$share/result.txt" ] || { log "no result (consoles: $share/host*.console)"; return 1; }
	cat "$share/result.txt"
	if [ $trouble = 1 ]; then
		log "FAILED: a kernel warned or oopsed (above)"
		return 1
	fi
	log "consoles of $kernels kernels: no WARN, BUG, oops or panic"
	grep -q '^RESULT: ok' "$share/result.txt"
}

down_quiet() {
	local h
	for h in "${hosts[@]}"; do
		virsh -c "$conn" destroy "$h" >/dev/null 2>&1 || true
		virsh -c "$conn" undefine "$h" >/dev/null 2>&1 || true
	done
	ip link del "$bridge" 2>/dev/null || true
}

case ${1:-run} in
run)
	[ -n "${TB_NO_INSTALL:-}" ] || "$top/tools/install-deps.sh" testbed >/dev/null ||
		die "installing dependencies failed"
	up
	trap down_quiet EXIT
	wait_done
	;;
soak) SCENARIO=soak exec "$0" run ;;
up) up ;;
wait) wait_done ;;
down) [ "$(id -u)" = 0 ] || die "must run as root"; down_quiet; log "down" ;;
status)
	for h in "${hosts[@]}"; do
		printf '%s: %s\n' "$h" "$(virsh -c "$conn" domstate "$h" 2>/dev/null || echo absent)"
	done
	;;
*) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
esac
