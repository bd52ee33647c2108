#!/usr/bin/env bash
# The paper's evaluation on the two-host testbed, from the outer machine:
#
#   tools/testbed/bench.sh            boot the testbed with SCENARIO=bench, collect
#                                     bench.csv/bench.json/udp-points.csv/result.txt into
#                                     bench/out/<date>-<kernel>/, plot the figures, print the
#                                     summary
#   tools/testbed/bench.sh plot DIR   only plot DIR/bench.csv again (PNGs into DIR)
#
# Settings (environment): CVSW_SECONDS (per point, default 5), BENCH_ROUNDS (default 2),
# BENCH_SIZES (iperf3 -l list, default "64 512 4096 16384 65495"), BENCH_UDP_SIZES
# ("1024 8192 32768"), BENCH_FIGS ("tcp udp": tcp = Figs. 8-11, udp = Figs. 12-13),
# BENCH_UDP_RATE (500M), BENCH_UDP_REPEAT (a model measured first and
# last in every UDP series of a round: the carry-over check), BENCH_QUICK=1 (3 s per point;
# one write size, one UDP size and one round unless BENCH_SIZES, BENCH_UDP_SIZES or
# BENCH_ROUNDS say otherwise: a smoke run), BENCH_MODELS (default all ten), and testbed.sh's
# KERNEL, CVSW_ACCEL, TENANT, TB_NO_INSTALL, TB_TIMEOUT (default: estimated from the point
# count).
# TENANT=vm (tenant VMs, nested TCG here) runs the reduced bench unless BENCH_* say otherwise:
# Fig. 8 at 64 KiB writes (65495) and Fig. 9 (GRO on and off in the receiving guest) for
# No-Encap, cvsw VXLAN, VXLAN-over-SCLP and STT.
# testbed.sh hands BENCH_* to the hosts ($share/settings.env); CVSW_SECONDS (as TB_SECONDS)
# and CVSW_ACCEL travel on their kernel command line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
state=$top/tests/out/testbed
plots=$top/bench/plot

die() { echo "bench: $*" >&2; exit 1; }

plot() { # DIR: every bench/plot/fig*.gp on DIR/bench.csv
	local dir=$1 env gp
	[ -s "$dir/bench.csv" ] || die "no $dir/bench.csv"
	command -v gnuplot >/dev/null || die "gnuplot missing (apt-get install gnuplot-nox)"
	env=$(awk -F, 'NR == 2 { printf "kernel %s, %s", $7, toupper($8) }' "$dir/bench.csv")
	env+=", $(awk -F, 'NR > 1 && $4 > n { n = $4 } END { print n }' "$dir/bench.csv") round(s)"
	for gp in "$plots"/fig*.gp; do
		gnuplot -e "csv='$dir/bench.csv'; outdir='$dir'; env='$env'; plotdir='$plots'" \
			"$gp" || die "$(basename "$gp") failed"
	done
	ls "$dir"/*.png
}

# Whether merged SCLP packets reach host 2's tenant whole: its cvsw's rx_sclp_merged against
# host 2's GRO output (sclp_offload gro_packets), and how many host 2 had to cut again
# (gso_packets). Counted over the whole run, every SCLP model and figure.
merged_share() { # DIR
	local merged gro gso
	merged=$(awk '$1 == "rx_sclp_merged:" { print $2 }' "$1/host2.cvsw-stats" 2>/dev/null)
	gro=$(awk '$1 == "gro_packets" { print $2 }' "$1/host2.sclp-offload" 2>/dev/null)
	gso=$(awk '$1 == "gso_packets" { print $2 }' "$1/host2.sclp-offload" 2>/dev/null)
	if [ -z "$merged" ] || [ -z "$gro" ] || [ "$gro" = 0 ]; then
		echo "counters: host 2 tenant rx_sclp_merged ${merged:-?}, host 2 gro_packets ${gro:-?}:" \
			"no share to compute"
		return
	fi
	awk -v m="$merged" -v g="$gro" -v s="${gso:-?}" 'BEGIN { printf "counters: host 2 tenant" \
		" rx_sclp_merged %d = %.0f%% of host 2 gro_packets %d; host 2 gso_packets %s\n",
		m, 100 * m / g, g, s }'
}

estimate() { # seconds the whole scenario may take, generously, under TCG
	local secs=${CVSW_SECONDS:-5} rounds=${BENCH_ROUNDS:-2} sizes udp models tcp points boot=900
	local per=15 wait=100
	models=$(wc -w <<<"${BENCH_MODELS:-x x x x x x x x x x}")
	# A nested TCG tenant: minutes to boot, and every command costs seconds.
	[ "${TENANT:-netns}" = vm ] && boot=2400 per=300 wait=400
	local dsizes="64 512 4096 16384 65495" dudp="1024 8192 32768"
	[ "${BENCH_QUICK:-0}" = 1 ] && secs=3 rounds=${BENCH_ROUNDS:-1} dsizes=65495 dudp=8192
	sizes=$(wc -w <<<"${BENCH_SIZES:-$dsizes}")
	udp=$(wc -w <<<"${BENCH_UDP_SIZES:-$dudp}")
	[ -n "${BENCH_UDP_REPEAT:-}" ] && models=$((models + 1))
	tcp=0
	case " ${BENCH_FIGS:-tcp udp} " in *" tcp "* | *" fig8 "*) tcp=$((models * sizes)) ;; esac
	case " ${BENCH_FIGS:-tcp udp} " in *" tcp "* | *" fig9 "*) tcp=$((tcp + 6)) ;; esac
	case " ${BENCH_FIGS:-tcp udp} " in *" tcp "* | *" fig10-11 "*) tcp=$((tcp + 2 * models)) ;; esac
	tcp=$((rounds * tcp))
	case " ${BENCH_FIGS:-tcp udp} " in *" udp "*) ;; *) udp=0 ;; esac
	# UDP: two series (frag, mtu); each point waits twice for host 2's tenant to be quiet and
	# free of fragment queues, slowly on a loaded machine (up to 2 minutes seen)
	points=$((rounds * udp * 2 * models))
	echo $((boot + tcp * (secs + per) + points * (secs + wait)))
}

case ${1:-run} in
plot) [ $# = 2 ] || die "usage: $0 plot DIR"; plot "$2"; exit 0 ;;
run) ;;
*) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
esac

[ "$(id -u)" = 0 ] || die "must run as root (the testbed needs libvirt)"
if [ "${TENANT:-netns}" = vm ]; then
	export BENCH_MODELS=${BENCH_MODELS:-noencap vxlan sclp-vxlan stt}
	export BENCH_FIGS=${BENCH_FIGS:-fig8 fig9} BENCH_SIZES=${BENCH_SIZES:-65495}
fi
if virsh -c qemu:///system list --name 2>/dev/null | grep -q '^cvsw-host'; then
	die "a testbed is running (virsh -c qemu:///system list); wait for it"
fi
mkdir -p "$state"
export TB_TIMEOUT=${TB_TIMEOUT:-$(estimate)}
echo "bench: testbed run, timeout ${TB_TIMEOUT}s; settings given:" \
	"$(compgen -v | grep -E '^(BENCH_.*|CVSW_ACCEL|CVSW_SECONDS|KERNEL|TENANT.*)$' | while read -r v; do
		printf '%s=%s ' "$v" "${!v}"; done)"
rc=0
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
SCENARIO=bench TB_SECONDS=${CVSW_SECONDS:-5} "$here/testbed.sh" run || rc=$?

run=$state/run
[ -s "$run/bench.csv" ] || die "the hosts wrote no bench.csv (logs: $run/host*.log)"
# A run that stopped before booting leaves an older run's files in place: never report those.
[ "$run/bench.csv" -nt "$stamp" ] ||
	die "testbed.sh exited $rc before this run's hosts wrote bench.csv ($run/bench.csv is older)"
out=$top/bench/out/$(date -u +%Y%m%d-%H%M)-$(cat "$state/kernel" 2>/dev/null || echo unknown)
mkdir -p "$out"
cp "$run"/bench.csv "$run"/bench.json "$run"/udp-points.csv "$run"/result.txt "$out/" \
	2>/dev/null || true
cp "$run"/host*.log "$run"/host*.cvsw-stats "$run"/host*.sclp-offload "$out/" 2>/dev/null || true
merged_share "$out" >>"$out/result.txt"
plot "$out"
echo "bench: results in $out"
cat "$out/result.txt" 2>/dev/null || echo "bench: no result.txt"
exit $rc
