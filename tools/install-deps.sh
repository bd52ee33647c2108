#!/usr/bin/env bash
# Installs what cvsw needs on a fresh Debian 12 machine. Idempotent.
#   tools/install-deps.sh build   - compilers, headers, unit-test and fuzz tools
#   tools/install-deps.sh test    - build + QEMU, Debian kernels 6.1 and 6.12, capture tools
#   tools/install-deps.sh testbed - test + libvirt, Open vSwitch, gnuplot
set -euo pipefail
level=${1:-test}
export DEBIAN_FRONTEND=noninteractive

need_root() { [ "$(id -u)" = 0 ] || { echo "install-deps: must run as root (apt-get)" >&2; exit 1; }; }

add_backports() {
	# Reuse the mirror the machine is already configured with.
	local f=/etc/apt/sources.list.d/cvsw-backports.list mirror
	[ -e "$f" ] && return 0
	mirror=$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null |
		grep -v security | head -n1 | tr -d ' ' || true)
	mirror=${mirror:-http://deb.debian.org/debian}
	echo "deb ${mirror%/} bookworm-backports main" >"$f"
}

pkgs_build="build-essential make gcc clang libclang-rt-14-dev llvm sparse libmnl-dev pkg-config
	kmod xz-utils dkms linux-headers-amd64 python3"
pkgs_test="qemu-system-x86 busybox-static iproute2 ethtool tshark python3-scapy python3-pyroute2 iperf3 cpio
	linux-image-amd64 netcat-openbsd procps openvswitch-switch rsync tcpdump util-linux iputils-ping strace"
pkgs_testbed="libvirt-daemon-system libvirt-clients openvswitch-switch gnuplot-nox"

need_root
add_backports
apt-get update -qq
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
# shellcheck disable=SC2086
case $level in
build)   apt-get install -y -qq --no-install-recommends $pkgs_build ;;
test)    apt-get install -y -qq --no-install-recommends $pkgs_build $pkgs_test ;;
testbed) apt-get install -y -qq --no-install-recommends $pkgs_build $pkgs_test $pkgs_testbed ;;
*) echo "usage: $0 build|test|testbed" >&2; exit 2 ;;
esac
if [ "$level" != build ]; then
	# The second supported kernel (6.12) comes from bookworm-backports.
	apt-get install -y -qq --no-install-recommends -t bookworm-backports \
		linux-image-amd64 linux-headers-amd64
fi
