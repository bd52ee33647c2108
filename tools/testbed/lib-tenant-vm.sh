# shellcheck shell=bash
# The VM tenant (TENANT=vm), sourced by lib-host.sh inside a testbed host.
#
# The tenant is a QEMU guest started by the host: Debian's kernel (the host's own), the
# host's root read-only over 9p (so cvsw.ko, cvsw-ctl, iperf3 and tshark are inside, as in
# the host), and one virtio-net NIC on the tap tapT, a port of the host's OVS bridge. That is
# the hop the design is about: host OVS -> tap -> virtio -> guest, with sclp_offload.ko on
# the host underneath.
#
# The host runs commands in the tenant with tenant_exec (the VM variant of vm(),
# tenant-channel.sh) through TENANT_DIR, a host directory the guest mounts without cache.
#
# Settings (from $SHARE/settings.env): TENANT_ACCEL (auto, kvm or tcg; default auto: kvm when
# /dev/kvm works in this host), TENANT_MEM (MiB, default 512), TENANT_CPU (QEMU -cpu, default
# qemu64: under nested TCG Debian 6.12 panicked early with max, and KVM inside a TCG host with
# -cpu host gives an XSAVE size the guest kernel WARNs about),
# TENANT_BOOT_TIMEOUT (seconds, default 900).
TENANT_DIR=/tmp/tenant
# The hosts' kernel (a PVH vmlinux where it has the entry) and initramfs, from testbed.sh.
TENANT_IMAGES=/var/lib/libvirt/images/cvsw
. "$CVSW_TOP/tools/testbed/tenant-channel.sh"
TENANT_TAP=tapT
TENANT_MAC=52:54:00:cb:01:0$HOST

# "kvm" when /dev/kvm works in this host (then the tenant runs at full speed), else "tcg".
tenant_accel() {
	[ -c /dev/kvm ] || modprobe kvm_intel 2>/dev/null || modprobe kvm_amd 2>/dev/null || true
	[ -c /dev/kvm ] && echo quit | timeout 60 qemu-system-x86_64 -accel kvm -M none \
		-nodefaults -display none -monitor stdio >/dev/null 2>&1 && { echo kvm; return; }
	echo tcg
}

# The host's uplink bridge br0 gains tapT; the tenant VM boots on it. Returns once the
# tenant's command loop answers, or fails after TENANT_BOOT_TIMEOUT.
setup_tenant_vm() {
	local rel accel cpu append start
	rel=$(uname -r)
	modprobe tun
	ip tuntap add "$TENANT_TAP" mode tap
	ip link set "$TENANT_TAP" up
	ovs-vsctl add-port br0 "$TENANT_TAP"
	rm -rf "$TENANT_DIR"
	mkdir -p "$TENANT_DIR"
	accel=${TENANT_ACCEL:-auto}
	[ "$accel" != auto ] || accel=$(tenant_accel)
	TENANT_ACCEL=$accel
	case $accel in
	kvm) cpu=(-accel kvm -cpu "${TENANT_CPU:-qemu64}") ;;
	# A 128 MiB translation cache, chosen without measuring, to stay well inside the host's
	# 2 GiB; its effect on the nested boot (README: Measured) is not measured.
	*) cpu=(-accel "tcg,tb-size=128" -cpu "${TENANT_CPU:-qemu64}") ;;
	esac
	append="console=ttyS0 panic_on_warn=1 oops=panic panic=-1"
	append+=" cvsw_share=$TENANT_DIR cvsw_run=$CVSW_TOP/tools/testbed/tenant-run.sh"
	append+=" cvsw_top=$CVSW_TOP cvsw_host=$HOST cvsw_vm=$HOST"
	echo "tenant VM: kernel $rel, accel $accel (nested in a ${CVSW_ACCEL:-tcg} host)," \
		"${TENANT_MEM:-512} MiB, tap $TENANT_TAP on br0"
	[ "$accel/${CVSW_ACCEL:-tcg}" != tcg/tcg ] ||
		echo "tenant VM: TCG inside a TCG host runs about 120-240 times slower than one level" \
			"(tools/testbed/README.md, Measured); the demo did not finish so" >&2
	start=$SECONDS
	qemu-system-x86_64 "${cpu[@]}" -m "${TENANT_MEM:-512}" -smp 1 -M pc \
		-nodefaults -display none -monitor none -no-reboot \
		-kernel "$TENANT_IMAGES/kernel-$rel" -initrd "$TENANT_IMAGES/initrd-$rel.img" \
		-append "$append" -serial "file:$SHARE/tenant$HOST.console" \
		-virtfs local,path=/,mount_tag=root,security_model=none,readonly=on,multidevs=remap \
		-virtfs "local,path=$TENANT_DIR,mount_tag=out,security_model=none,multidevs=remap" \
		-netdev "tap,id=n0,ifname=$TENANT_TAP,script=no,downscript=no,vhost=off" \
		-device "virtio-net-pci,netdev=n0,mac=$TENANT_MAC" \
		>"$SHARE/tenant$HOST.qemu.log" 2>&1 &
	TENANT_PID=$!
	echo "$accel" >"$SHARE/tenant$HOST.accel"
	while [ ! -e "$TENANT_DIR/ready" ]; do
		if ! kill -0 "$TENANT_PID" 2>/dev/null; then
			echo "tenant VM exited before it was ready (console: tenant$HOST.console)" >&2
			return 1
		fi
		if [ $((SECONDS - start)) -ge "${TENANT_BOOT_TIMEOUT:-900}" ]; then
			echo "tenant VM not ready after $((SECONDS - start))s" >&2
			return 1
		fi
		sleep 1
	done
	echo "tenant VM ready after $((SECONDS - start))s: $(cat "$TENANT_DIR/ready")"
	# The guest's NIC: the tenant's underlay address, like vethT in the netns tenant.
	tenant_exec ip link set eth0 up &&
	tenant_exec ip addr add "$UNDERLAY.$HOST/24" dev eth0
}

# Ask the tenant to save its kernel log and power off; wait for QEMU to exit.
stop_tenant_vm() {
	local i
	[ -n "${TENANT_PID:-}" ] || return 0
	touch "$TENANT_DIR/stop"
	for ((i = 0; i < 600; i++)); do
		kill -0 "$TENANT_PID" 2>/dev/null || break
		sleep 0.5
	done
	kill "$TENANT_PID" 2>/dev/null || true
	cp "$TENANT_DIR/dmesg" "$SHARE/tenant$HOST.dmesg" 2>/dev/null || true
}
