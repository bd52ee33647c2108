#!/bin/bash
# mkinitrd.sh REL OUTPUT: builds the test VM's initramfs for kernel REL: busybox-static, the
# init script and the modules needed to reach the 9p root (virtio, 9p, overlay) with their
# dependencies in load order, decompressed. Rebuilds only when its inputs change.
set -euo pipefail
rel=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
busybox=/bin/busybox

mods=()
for m in virtio_pci virtio_net 9pnet_virtio 9p overlay; do
	while read -r cmd path _; do
		[ "$cmd" = insmod ] || continue
		[[ " ${mods[*]} " == *" $path "* ]] || mods+=("$path")
	done < <(modprobe -S "$rel" --show-depends "$m")
done

key=$(cat "$here/initramfs-init" "$0" | sha256sum | cut -c1-16)
key="$key $(ls -l "$busybox" "${mods[@]}" | sha256sum | cut -c1-16)"
if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,dev,proc,sys,lower,rw,newroot,lib/modules}
cp "$busybox" "$tmp/bin/busybox"
install -m 0755 "$here/initramfs-init" "$tmp/init"
mknod "$tmp/dev/console" c 5 1
for path in "${mods[@]}"; do
	name=$(basename "$path")
	case $name in
	*.ko.xz) name=${name%.xz}; xz -dc "$path" >"$tmp/lib/modules/$name" ;;
	*.ko.zst) name=${name%.zst}; zstd -qdc "$path" >"$tmp/lib/modules/$name" ;;
	*) cp "$path" "$tmp/lib/modules/$name" ;;
	esac
	echo "$name" >>"$tmp/modules.order"
done
(cd "$tmp" && find . | cpio --quiet -o -H newc) >"$out.tmp"
mv "$out.tmp" "$out"
echo "$key" >"$out.key"
