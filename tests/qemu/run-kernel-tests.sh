#!/bin/bash
# run-kernel-tests.sh [KERNEL...]: for each kernel (6.1, 6.12 or a full release; default
# $KERNELS, else 6.1) builds cvsw out of tree in tests/out/<rel>/src and runs every
# tests/kernel/*.sh (or those named in $CVSW_TESTS) in QEMU, printing the tests' PASS:/FAIL:
# lines as "PASS: <kernel>:<test>:<case>". Exits non-zero if anything failed.
# Interface and environment: tests/qemu/README.md.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
outdir=${CVSW_OUTDIR:-$top/tests/out}
read -ra kernels <<<"${*:-${KERNELS:-6.1}}"
failed=0
cpus=$(nproc)
# Seconds past a test's own timeout before QEMU is killed (boot, health checks, poweroff).
boot_allowance=${CVSW_BOOT_ALLOWANCE:-150}
pids=() netdevs=()

say() { # LINE: a result line; FAIL lines make the run fail
	echo "$1"
	case $1 in FAIL:*) failed=1 ;; esac
}

indent() { sed 's/^/  /'; }

cleanup() {
	local p d
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	for d in "${netdevs[@]}"; do
		ip link del "$d" 2>/dev/null
	done
	pids=() netdevs=()
}
trap cleanup EXIT
# Tests running in the background (run_tests) go too; their QEMUs die with them (pdeathsig).
trap 'cleanup; kill $(jobs -p) 2>/dev/null; exit 130' INT TERM

# Bridges and taps left by a runner that was killed with SIGKILL.
remove_stale_netdevs() {
	local d pid
	for d in $(ip -o link show | sed -n 's/^[0-9]*: \(cvsw\(br\|t\)[0-9][0-9]*[ab]\?\)[:@].*/\1/p'); do
		pid=${d#cvswbr}
		pid=${pid#cvswt}
		pid=${pid%[ab]}
		kill -0 "$pid" 2>/dev/null || ip link del "$d" 2>/dev/null
	done
}

resolve_kernel() { # NAME: prints the installed release for 6.1, 6.12 or a release
	local k=$1 rel
	for rel in $(ls /boot | sed -n 's/^vmlinuz-//p' | sort -rV); do
		case $rel in
		"$k" | "$k".*-amd64)
			[ -d "/usr/src/linux-headers-$rel" ] && echo "$rel" && return
			;;
		esac
	done
}

build() { # REL SRC MODDIR LOG
	local rel=$1 src=$2 moddir=$3 log=$4 kdir=/usr/src/linux-headers-$1 ko
	mkdir -p "$src"
	rsync -a --delete --exclude=/tests/out/ --exclude=/.git/ --exclude=/bench/out/ \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='.*.cmd' --exclude='*.o.d' --exclude=Module.symvers \
		--exclude=modules.order --exclude=/tools/cvsw-ctl "$top/" "$src/" || return 1
	make -C "$kdir" M="$src" -j2 modules || return 1
	if [ -f "$src/tests/kmod/Kbuild" ]; then
		make -C "$kdir" M="$src/tests/kmod" KBUILD_EXTRA_SYMBOLS="$src/Module.symvers" \
			-j2 modules || return 1
	fi
	rm -rf "$moddir"
	mkdir -p "$moddir"
	# modules.order names objects (.o or .ko), relative to M= on newer kernels.
	for ko in $(cat "$src/modules.order"); do
		copy_module "$src" "$ko" "$moddir" || return 1
	done
	for ko in $(cat "$src/tests/kmod/modules.order" 2>/dev/null); do
		copy_module "$src/tests/kmod" "$ko" "$moddir" || return 1
	done
} >"$4" 2>&1

copy_module() { # MDIR ENTRY MODDIR
	local ko=$2
	case $ko in /*) ;; *) ko=$1/$ko ;; esac
	ko=${ko%.o}
	ko=${ko%.ko}.ko
	cp "$ko" "$3/"
}

elapsed() { # EPOCHREALTIME_START: seconds since, with one decimal
	awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

header() { # SCRIPT KEY DEFAULT: a "# KEY: value" line near the top of a test
	local v
	v=$(sed -n "1,30s/^# $2: *\([^ ]*\).*/\1/p" "$1" | head -n 1)
	echo "${v:-$3}"
}

# Boots VMS VMs running SCRIPT and waits for them. Per VM, DIR/vmN (DIR when VMS=1) gets
# console.log (ttyS0), output.log (the test's output, ttyS1), marker (ttyS2), qemu.log and
# the test's own files ($CVSW_OUT). Sets vm_secs[] and vm_killed[] (1: at the deadline,
# 2: after the other VM failed).
boot() { # REL DIR SCRIPT VMS TIMEOUT LINK MEM SMP ACCEL
	local rel=$1 dir=$2 script=$3 vms=$4 timeout=$5 link=$6 mem=$7 smp=$8 accel=$9
	local src=$outdir/$rel/src i vdir net mac end now start t0 alive p
	# BASHPID: tests run in parallel subshells, each with its own bridge, taps and ports.
	local br=cvswbr$BASHPID port=$((20000 + ($BASHPID % 20000) * 2)) peer_failed=0
	local -a cpu pin cmd ab=(- a b)
	local append="console=ttyS0 panic_on_warn=1 oops=panic panic=-1 printk.devkmsg=on"
	append+=" cvsw_share=$dir cvsw_run=$src/tests/qemu/guest-run.sh cvsw_top=$src"
	append+=" cvsw_moddir=$outdir/$rel/modules cvsw_shared=$dir/shared cvsw_test=$script"
	append+=" cvsw_vms=$vms cvsw_timeout=$timeout"
	case $accel in
	kvm) cpu=(-accel kvm -cpu host) ;;
	*) cpu=(-accel tcg -cpu "${CVSW_QEMU_CPU:-max}") ;;
	esac
	mkdir -p "$dir/shared"
	if [ "$link" = tap ]; then
		ip link add "$br" type bridge stp_state 0 mcast_snooping 0 || return 1
		netdevs+=("$br")
		# Nothing from the outer machine may enter the bridge: no IPv6, no ARP, no address.
		echo 1 >"/proc/sys/net/ipv6/conf/$br/disable_ipv6"
		ip link set "$br" arp off up
	fi
	start=$SECONDS
	t0=$EPOCHREALTIME
	for ((i = 1; i <= vms; i++)); do
		vdir=$dir
		[ "$vms" = 1 ] || vdir=$dir/vm$i
		mkdir -p "$vdir"
		mac=52:54:00:12:34:0$i
		case $link in
		tap)
			net=cvswt$BASHPID${ab[i]}
			ip tuntap add "$net" mode tap || return 1
			netdevs+=("$net")
			echo 1 >"/proc/sys/net/ipv6/conf/$net/disable_ipv6"
			ip link set "$net" master "$br" up || return 1
			net=(-netdev "tap,id=n0,ifname=$net,script=no,downscript=no,vhost=off")
			;;
		socket)
			net=(-netdev "socket,id=n0,localaddr=127.0.0.1:$((port + i - 1)),udp=127.0.0.1:$((port + 2 - i))")
			;;
		*) net=() ;;
		esac
		[ ${#net[@]} = 0 ] || net+=(-device "virtio-net-pci,netdev=n0,mac=$mac")
		# QEMU dies with the runner, even when the runner is killed with SIGKILL.
		pin=(setpriv --pdeathsig KILL)
		[ "$vms" -gt 1 ] && [ "$cpus" -ge "$vms" ] && pin+=(taskset -c $((i - 1)))
		cmd=(qemu-system-x86_64 -nodefaults -no-user-config -no-reboot -display none
			"${cpu[@]}" -m "$mem" -smp "$smp"
			-kernel "$kernel" -initrd "$outdir/$rel/initrd.img"
			-append "$append cvsw_out=$vdir cvsw_vm=$i"
			-serial "file:$vdir/console.log" -serial "file:$vdir/output.log"
			-serial "file:$vdir/marker"
			-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
			-device virtio-9p-pci,fsdev=root,mount_tag=root
			-fsdev "local,id=out,path=$dir,security_model=none,multidevs=remap"
			-device virtio-9p-pci,fsdev=out,mount_tag=out
			"${net[@]}")
		"${pin[@]}" "${cmd[@]}" >"$vdir/qemu.log" 2>&1 &
		pids[i]=$!
		vm_killed[i]=0
		vm_secs[i]=
	done

	end=$((start + timeout + boot_allowance))
	while :; do
		alive=0
		now=$SECONDS
		for ((i = 1; i <= vms; i++)); do
			p=${pids[i]:-}
			[ -n "$p" ] || continue
			if kill -0 "$p" 2>/dev/null; then
				alive=1
				continue
			fi
			wait "$p"
			vm_secs[i]=$(elapsed "$t0")
			unset "pids[i]"
			vdir=$dir
			[ "$vms" = 1 ] || vdir=$dir/vm$i
			# A VM that failed leaves its peer waiting: give the peer a short grace.
			if ! grep -q CVSW-SUCCESS "$vdir/marker"; then
				peer_failed=1
				end=$((now + 20 < end ? now + 20 : end))
			fi
		done
		[ "$alive" = 1 ] || break
		if [ "$now" -ge "$end" ]; then
			for ((i = 1; i <= vms; i++)); do
				[ -n "${pids[i]:-}" ] || continue
				kill -KILL "${pids[i]}" 2>/dev/null
				wait "${pids[i]}" 2>/dev/null
				unset "pids[i]"
				vm_killed[i]=$((1 + peer_failed))
				vm_secs[i]=$(elapsed "$t0")
			done
			break
		fi
		sleep 0.5
	done
	cleanup
}

# Prints the result lines of one VM of one test.
report() { # PREFIX VDIR TIMEOUT KILLED SECS
	local prefix=$1 vdir=$2 timeout=$3 killed=$4 secs=$5 out=$2/output.log rc bad
	grep -aE '^(PASS|FAIL|SKIP): ' "$out" | tr -d '\r' | while read -r kind rest; do
		say "$kind $prefix:$rest"
	done
	grep -aq '^FAIL: ' "$out" && failed=1
	rc=$(sed -n 's/^CVSW-RC \([0-9]*\).*/\1/p' "$out" | tail -n 1)
	bad=$( (grep -aEf "$here/kernel-errors.re" "$vdir/console.log"; sed -n 's/^CVSW-KERNEL //p' "$out") |
		tr -d '\r' | awk '!seen[$0]++' | head -n 20)
	if [ "$killed" = 2 ]; then
		say "FAIL: $prefix:stopped after ${secs}s because the other VM failed"
	elif [ "$killed" = 1 ] || grep -aq '^CVSW-TIMEOUT' "$out"; then
		say "FAIL: $prefix:timeout after ${secs}s (test timeout ${timeout}s)"
		grep -av '^CVSW-' "$out" | tail -n 5 | tr -d '\r' | indent
	fi
	if [ -n "$bad" ]; then
		say "FAIL: $prefix:kernel"
		echo "$bad" | indent
	fi
	if grep -aq '^CVSW-TAINT .* masked [1-9]' "$out"; then
		say "FAIL: $prefix:kernel $(grep -a '^CVSW-TAINT' "$out" | tr -d '\r')"
	fi
	if [ -n "$rc" ] && [ "$rc" != 0 ] && ! grep -aq '^FAIL: ' "$out" &&
	   ! grep -aq '^CVSW-TIMEOUT' "$out"; then
		say "FAIL: $prefix:exit $rc"
		grep -av '^CVSW-' "$out" | tail -n 10 | tr -d '\r' | indent
	fi
	if grep -q CVSW-SUCCESS "$vdir/marker" 2>/dev/null; then
		say "PASS: $prefix:kernel ${secs}s"
	elif [ "$killed" = 0 ] && [ -z "$bad" ] && [ -z "$rc" ]; then
		say "FAIL: $prefix:no result (VM stopped before the test finished)"
		tail -n 10 "$vdir/console.log" | tr -d '\r' | indent
	fi
}

# A test that fails is run once more (CVSW_RETRIES, default 1): TCG timing on a loaded
# machine can starve a guest. The first attempt's failures stay in the output as RETRY
# lines; only the last attempt's results count.
run_test_retried() { # KNAME REL TEST_SCRIPT
	local out tries=${CVSW_RETRIES:-1}
	out=$(run_test "$@")
	while [ "$tries" -gt 0 ] && grep -q '^FAIL:' <<<"$out"; do
		grep '^FAIL:' <<<"$out" | sed 's/^FAIL:/RETRY: first attempt failed:/'
		out=$(run_test "$@")
		tries=$((tries - 1))
	done
	printf '%s\n' "$out"
}

run_test() { # KNAME REL TEST_SCRIPT
	local k=$1 rel=$2 name vms timeout link dir i prefix
	name=$(basename "$3" .sh)
	vms=$(header "$3" vms 1)
	timeout=$(header "$3" timeout 180)
	link=$(header "$3" link "$([ "$vms" = 1 ] && echo none || echo tap)")
	dir=$outdir/$rel/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	if ! boot "$rel" "$dir" "$outdir/$rel/src/tests/kernel/$name.sh" "$vms" "$timeout" \
		"$link" "$(header "$3" mem 1024)" "$(header "$3" smp 1)" "$accel"; then
		cleanup
		say "FAIL: $k:$name:setup cannot create the $link link"
		return
	fi
	for ((i = 1; i <= vms; i++)); do
		if [ "$vms" = 1 ]; then
			report "$k:$name" "$dir" "$timeout" "${vm_killed[i]}" "${vm_secs[i]}"
		else
			report "$k:$name:vm$i" "$dir/vm$i" "$timeout" "${vm_killed[i]}" "${vm_secs[i]}"
		fi
	done
}

# CVSW_ACCEL=auto: KVM only if a trivial test boots under it.
pick_accel() { # REL
	local dir=$outdir/$1/kvm-probe
	case ${CVSW_ACCEL:-tcg} in
	kvm) echo kvm; return ;;
	auto) ;;
	*) echo tcg; return ;;
	esac
	rm -rf "$dir"
	mkdir -p "$dir"
	echo 'exit 0' >"$dir/probe.sh"
	local boot_allowance=60
	boot "$1" "$dir" "$dir/probe.sh" 1 30 none 512 1 kvm >/dev/null 2>&1
	if grep -q CVSW-SUCCESS "$dir/marker" 2>/dev/null; then echo kvm; else echo tcg; fi
}

run_kernel() { # KNAME
	local k=$1 rel src t name tests=()
	declare -a vm_killed vm_secs
	rel=$(resolve_kernel "$k")
	if [ -z "$rel" ]; then
		say "FAIL: $k:missing kernel (no /boot/vmlinuz-$k* with /usr/src/linux-headers)"
		return
	fi
	src=$outdir/$rel/src
	mkdir -p "$outdir/$rel"
	exec 9>"$outdir/$rel/.lock"
	if ! flock -n 9; then
		echo "waiting for $outdir/$rel/.lock (another run; CVSW_OUTDIR=<dir> runs apart)" >&2
		flock 9
	fi
	if ! build "$rel" "$src" "$outdir/$rel/modules" "$outdir/$rel/build.log"; then
		say "FAIL: $k:build (log: $outdir/$rel/build.log)"
		grep -E 'error|Error' "$outdir/$rel/build.log" | head -n 20 | indent
		exec 9>&-
		return
	fi
	# Tests run $CVSW_TOP/tools/cvsw-ctl: a broken tool must not hide the module tests.
	if [ -f "$src/tools/Makefile" ] &&
	   ! make -C "$src/tools" >"$outdir/$rel/tools.log" 2>&1; then
		say "FAIL: $k:build tools (log: $outdir/$rel/tools.log)"
		grep -E 'error|Error' "$outdir/$rel/tools.log" | head -n 10 | indent
	fi
	if ! "$here/mkinitrd.sh" "$rel" "$outdir/$rel/initrd.img" >"$outdir/$rel/initrd.log" 2>&1; then
		say "FAIL: $k:initrd (log: $outdir/$rel/initrd.log)"
		exec 9>&-
		return
	fi
	kernel=/boot/vmlinuz-$rel
	"$here/mkvmlinux.sh" "$rel" "$outdir/$rel/vmlinux" 2>/dev/null && kernel=$outdir/$rel/vmlinux
	accel=$(pick_accel "$rel")
	echo "$k: $rel, accel $accel, kernel $kernel" >&2
	if [ -n "${CVSW_TESTS:-}" ]; then
		for name in $CVSW_TESTS; do
			tests+=("$src/tests/kernel/$name.sh")
		done
	else
		for t in "$src"/tests/kernel/*.sh; do
			[ "$(basename "$t")" = lib.sh ] || tests+=("$t")
		done
	fi
	mapfile -t tests < <(alone_first "${tests[@]}")
	run_tests "$k" "$rel" "${tests[@]}"
	exec 9>&-
}

runs_alone() { # TEST: whether it needs the whole machine (2 VMs or 2 vCPUs)
	[ -f "$1" ] && [ $(($(header "$1" vms 1) * $(header "$1" smp 1))) -gt 1 ]
}

# TESTS reordered: those that run alone first, then the others, each group in its order. An
# alone test in the middle idles a core while the pool drains before it (one 6.1 run's
# durations, replayed: 31 min of tests alphabetically, 28 min this way).
alone_first() { # TEST...
	local t
	for t; do runs_alone "$t" && echo "$t"; done
	for t; do runs_alone "$t" || echo "$t"; done
	return 0
}

# Runs TESTS, up to $CVSW_JOBS (default: one per core, at most 2) at a time when each needs
# one vCPU; a test with 2 VMs or 2 vCPUs runs alone. Results print in test order.
run_tests() { # KNAME REL TEST...
	local k=$1 rel=$2 jobs=${CVSW_JOBS:-$((cpus < 2 ? 1 : 2))} t i=0 next=0 running=0
	local resdir=$outdir/$rel/results
	shift 2
	local -a tests=("$@")
	rm -rf "$resdir"
	mkdir -p "$resdir"
	for t in "${tests[@]}"; do
		if [ ! -f "$t" ]; then
			echo "FAIL: $k:$(basename "$t" .sh):missing test $t" >"$resdir/$i"
		elif [ "$jobs" -le 1 ] || runs_alone "$t"; then
			while [ "$running" -gt 0 ]; do
				wait -n; running=$((running - 1))
			done
			flush_results "$resdir" next
			run_test_retried "$k" "$rel" "$t" >"$resdir/$i.tmp"
			mv "$resdir/$i.tmp" "$resdir/$i"
		else
			while [ "$running" -ge "$jobs" ]; do
				wait -n; running=$((running - 1))
				flush_results "$resdir" next
			done
			{ run_test_retried "$k" "$rel" "$t" >"$resdir/$i.tmp"; mv "$resdir/$i.tmp" "$resdir/$i"; } &
			running=$((running + 1))
		fi
		flush_results "$resdir" next
		i=$((i + 1))
	done
	wait
	flush_results "$resdir" next
	for ((; next < i; next++)); do
		say "FAIL: $k:$(basename "${tests[next]}" .sh):no result"
	done
}

# Prints finished results in order, from index ${!2} up to the first unfinished one.
flush_results() { # RESDIR NEXTVAR
	local -n n=$2
	local line
	while [ -f "$1/$n" ]; do
		while IFS= read -r line; do
			say "$line"
		done <"$1/$n"
		n=$((n + 1))
	done
}

remove_stale_netdevs
for k in "${kernels[@]}"; do
	run_kernel "$k"
done
exit "$failed"
