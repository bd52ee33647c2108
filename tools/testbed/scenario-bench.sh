#!/bin/bash
# The paper's evaluation (section 6) in one boot: every model side by side, measured in
# interleaved rounds (A B C A B C ...) because the machine is noisy. Host 1 drives iperf3
# clients in its tenant; host 2 serves, and changes its own settings on host 1's request.
#
# Models (CSV ids), all configured once and kept side by side on separate subnets:
#   noencap        tenant veth to tenant veth, 192.0.2.0/24 (TSO off on the uplinks)
#   noencap-tso    the same with TSO on host 1's uplink (reported beside the headline)
#   vxlan, sclp-vxlan, sclp-geneve, nvgre, geneve, stt
#                  cvsw0 in the tenant, 10.V.0.0/24 with VNI V, one encap and one decap
#                  flow per model; a type cvsw-ctl refuses is "n/a"
#   ovs-vxlan      the paper's OVS model: the tenant sends plain frames (vethO, 10.101.0.0/24)
#                  to its host's OVS bridge br1, whose vxlan port tunnels to the other host
#                  (hosts' own addresses 203.0.113.H on br0)
#   kernel-vxlan   Linux's vxlan device vx0 in the tenant (10.100.0.0/24, UDP port 4790:
#                  cvsw's rx_handler on vethT takes every UDP 4789 packet)
# A model whose setup or ping fails is "failed" in every row; the run goes on.
#
# Figures (CSV "figure" column, "param" is what the x axis shows):
#   fig8     TCP Mbit/s vs iperf3 write size (-l), every model
#   fig9     TCP Mbit/s, VXLAN vs VXLAN-over-SCLP vs kernel vxlan, with GRO on and off on
#            the receiving host's uplink and tenant veth (param gro-on/gro-off), largest size
#   fig10-11 TCP Mbit/s with 2 and 4 parallel streams (-P; standing in for parallel VM pairs)
#   fig12    UDP Mbit/s received vs datagram size at BENCH_UDP_RATE
#   fig13    UDP loss percent, same runs
# Settings: CVSW_SECONDS (per point, default 5), BENCH_ROUNDS (2), BENCH_SIZES (write sizes,
# default "64 512 4096 16384 65495"), BENCH_UDP_SIZES ("1024 8192"), BENCH_UDP_RATE (iperf3
# -b, default 500M), BENCH_QUICK=1 (one size, one round, 3 s). BENCH_* come from
# $SHARE/settings.env (testbed.sh passes them on from its environment), CVSW_SECONDS from the
# kernel command line.
# Output: $SHARE/bench.csv (figure,model,param,round,value,unit,kernel,accel), bench.json,
# result.txt with the ratios measured in this run.
set -u
. "$CVSW_TOP/tools/testbed/lib-host.sh"

# shellcheck disable=SC1091
[ -r "$SHARE/settings.env" ] && . "$SHARE/settings.env"
SECS=${CVSW_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-2}
SIZES=${BENCH_SIZES:-64 512 4096 16384 65495}
UDP_SIZES=${BENCH_UDP_SIZES:-1024 8192}
UDP_RATE=${BENCH_UDP_RATE:-500M}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	SECS=3 ROUNDS=1 SIZES=65495 UDP_SIZES=8192
fi
BIG=${SIZES##* } # fig9 and fig10-11 use the largest write size

MODELS="noencap noencap-tso vxlan sclp-vxlan sclp-geneve nvgre geneve stt ovs-vxlan kernel-vxlan"
declare -A VNI=([vxlan]=1 [sclp-vxlan]=2 [sclp-geneve]=3 [nvgre]=4 [geneve]=5 [stt]=6)
declare -A PORT DST STATUS
i=0
for m in $MODELS; do
	PORT[$m]=$((5201 + i)); i=$((i + 1)); STATUS[$m]=ok
done
for m in "${!VNI[@]}"; do DST[$m]=10.${VNI[$m]}.0.$PEER; done
DST[noencap]=$UNDERLAY.$PEER
DST[noencap-tso]=$UNDERLAY.$PEER
DST[ovs-vxlan]=10.101.0.$PEER
DST[kernel-vxlan]=10.100.0.$PEER

KVER=$(uname -r)
# bench.sh passes the outer machine's CVSW_ACCEL; otherwise the boot log tells.
if [ -n "${CVSW_ACCEL:-}" ]; then ACCEL=$CVSW_ACCEL
elif dmesg | grep -q 'QEMU TCG CPU'; then ACCEL=tcg
elif dmesg | grep -q 'Hypervisor detected: KVM'; then ACCEL=kvm
else ACCEL=unknown; fi
ENV_LINE="kernel $KVER, accel $ACCEL, 1 vCPU per host, ${SECS}s per point, $ROUNDS round(s)"

# ---- setup, identical on both hosts ----------------------------------------------------------
mark() { # MODEL STATUS WHY: a model that cannot be measured, with the reason for the peer
	[ "${STATUS[$1]}" = ok ] || return 0
	STATUS[$1]=$2
	echo "model $1: $2 ($3)" | tee -a "$SHARE/models.host$HOST"
}

progress "starting Open vSwitch"
start_ovs
setup_host
cvsw=1
insmod "$MODDIR/offload_host/sclp_offload.ko" || echo "sclp_offload.ko did not load" >&2
if ! insmod "$MODDIR/cvsw/cvsw.ko" || ! vm ip link add cvsw0 link vethT type cvsw ||
   ! vm ip link set cvsw0 up; then
	cvsw=0
	for m in "${!VNI[@]}"; do mark "$m" failed "cvsw.ko or cvsw0 did not come up"; done
fi
if [ $cvsw = 1 ]; then
	vm cat "/sys/class/net/cvsw0/address" >"$SHARE/cvsw0.mac.$HOST"
	for m in "${!VNI[@]}"; do
		v=${VNI[$m]}
		vm ip addr add "10.$v.0.$HOST/24" dev cvsw0
		enc="encap($m,vni=$v,remote=$UNDERLAY.$PEER),output"
		vm cvsw-ctl flow add dev cvsw0 "priority=10,ip,nw_dst=10.$v.0.$PEER,actions=$enc" &&
			vm cvsw-ctl flow add dev cvsw0 \
				"priority=10,in_port=tunnel,tun_id=$v,actions=decap" ||
			mark "$m" n/a "cvsw-ctl refused encap($m)"
	done
	vm cvsw-ctl dev show dev cvsw0
fi

# Linux's vxlan in the tenant, beside cvsw on the same veth; OVS's vxlan port needs the same
# module and its vport (request_module does not reach modprobe from these hosts).
modprobe vxlan || echo "modprobe vxlan failed" >&2
modprobe vport_vxlan || echo "modprobe vport_vxlan failed" >&2
vm ip link add vx0 type vxlan id 100 remote "$UNDERLAY.$PEER" local "$UNDERLAY.$HOST" \
	dstport 4790 dev vethT &&
	vm ip addr add "10.100.0.$HOST/24" dev vx0 && vm ip link set vx0 up ||
	mark kernel-vxlan failed "vx0 setup"

# The OVS model: a second tenant NIC on bridge br1, whose vxlan port crosses to the peer.
{
	ip addr add "203.0.113.$HOST/24" dev br0 &&
	ovs-vsctl add-br br1 -- add-port br1 vxo -- set interface vxo type=vxlan \
		options:remote_ip="203.0.113.$PEER" options:key=101 &&
	ip link add vethOH mtu 1450 type veth peer name vethOT mtu 1450 &&
	ip link set vethOT netns vm &&
	vm ip addr add "10.101.0.$HOST/24" dev vethOT && vm ip link set vethOT up &&
	vm ethtool -K vethOT gro on >/dev/null &&
	ip link set vethOH up && ovs-vsctl add-port br1 vethOH && ip link set br1 up
} || mark ovs-vxlan failed "br1/vxo/vethO setup"

barrier configured 600
# A model the peer could not set up is marked here too (n/a beats a failed ping).
touch "$SHARE/models.host$PEER"
while read -r _ m st _; do
	m=${m%:}
	[ "${STATUS[$m]}" = ok ] && STATUS[$m]=$st && echo "model $m: $st (on host $PEER)"
done <"$SHARE/models.host$PEER"
# cvsw0 carries no ARP here: the peer's cvsw0 MAC is a permanent neighbour on every subnet.
if [ $cvsw = 1 ] && [ -s "$SHARE/cvsw0.mac.$PEER" ]; then
	pmac=$(cat "$SHARE/cvsw0.mac.$PEER")
	for m in "${!VNI[@]}"; do
		vm ip neigh replace "${DST[$m]}" lladdr "$pmac" dev cvsw0 nud permanent
	done
elif [ $cvsw = 1 ]; then
	for m in "${!VNI[@]}"; do mark "$m" failed "peer has no cvsw0"; done
fi

set_gro() { # on|off: the receiving side of Fig. 9, uplink and tenant NIC
	ethtool -K eth0 gro "$1" >/dev/null
	vm ethtool -K vethT gro "$1" >/dev/null
}

# ---- host 2: iperf3 servers, then do what host 1 asks until it says exit ---------------------
if [ "$HOST" = 2 ]; then
	for m in $MODELS; do
		vm iperf3 -s -D -p "${PORT[$m]}" --rcv-timeout 20000 >/dev/null
	done
	barrier servers
	n=1
	while :; do
		f=$SHARE/cmd.$n
		while [ ! -e "$f" ]; do sleep 0.2; done
		read -r cmd arg <"$f"
		case $cmd in
		gro) set_gro "$arg" ;;
		exit) break ;;
		esac
		touch "$f.done"
		n=$((n + 1))
	done
	vm ethtool -S cvsw0 >"$SHARE/host2.cvsw-stats" 2>&1
	vm cvsw-ctl flow dump dev cvsw0 >"$SHARE/host2.flows" 2>&1
	cat /proc/net/sclp_offload >"$SHARE/host2.sclp-offload" 2>/dev/null
	touch "$f.done"
	exit 0
fi

# ---- host 1: the measurements -----------------------------------------------------------------
csv=$SHARE/bench.csv
res=$SHARE/result.txt
cmdseq=0
remote() { # CMD [ARG]: run on host 2, wait for it
	local f i
	cmdseq=$((cmdseq + 1))
	f=$SHARE/cmd.$cmdseq
	echo "$*" >"$f.tmp" && mv "$f.tmp" "$f"
	for ((i = 0; i < 600; i++)); do
		[ -e "$f.done" ] && return 0
		sleep 0.2
	done
	echo "host 2 did not answer '$*'" >&2
	return 1
}
finish() { # whatever happened, let host 2 go and leave a verdict
	[ -e "$res" ] || { echo "environment: $ENV_LINE"; echo "RESULT: FAILED"; } >"$res"
	remote exit
}
trap finish EXIT

echo "figure,model,param,round,value,unit,kernel,accel" >"$csv"
row() { echo "$1,$2,$3,$4,$5,$6,$KVER,$ACCEL" >>"$csv"; }

# iperf3 JSON -> "Mbit/s" or "Mbit/s loss%"; nothing if the test did not complete.
parse() {
	python3 - "$1" <<-'EOF' 2>/dev/null
	import json, sys
	text = open(sys.argv[1]).read()
	# iperf3 may print a warning line (UDP block size > MSS) before its JSON
	d = json.loads(text[text.index("{"):])
	if "error" in d:
	    sys.exit(1)
	r = d["end"]["sum_received"]
	out = "%.1f" % (r["bits_per_second"] / 1e6)
	if "lost_percent" in r:
	    out += " %.2f" % r["lost_percent"]
	print(out)
	EOF
}

# measure FIG MODEL PARAM ROUND [iperf3 args...]: one point; UDP points give fig12 and fig13.
measure() {
	local fig=$1 m=$2 param=$3 round=$4 out v
	shift 4
	if [ "${STATUS[$m]}" != ok ]; then
		row "$fig" "$m" "$param" "$round" "${STATUS[$m]}" -
		[ "$fig" = fig12 ] && row fig13 "$m" "$param" "$round" "${STATUS[$m]}" -
		return
	fi
	[ "$m" = noencap-tso ] && ethtool -K eth0 tso on >/dev/null
	out=/tmp/iperf.$fig.$m.$param.$round.json
	timeout $((SECS + 40)) ip netns exec vm iperf3 -c "${DST[$m]}" -p "${PORT[$m]}" \
		-t "$SECS" --connect-timeout 5000 -J "$@" >"$out" 2>&1
	[ "$m" = noencap-tso ] && ethtool -K eth0 tso off >/dev/null
	v=$(parse "$out") || v=
	[ -n "$v" ] || { v=failed; cp "$out" "$SHARE/" 2>/dev/null; }
	if [ "$fig" = fig12 ]; then
		row fig12 "$m" "$param" "$round" "${v%% *}" Mbit/s
		if [ "$v" = failed ]; then
			row fig13 "$m" "$param" "$round" failed -
		else
			row fig13 "$m" "$param" "$round" "${v#* }" percent
		fi
	else
		row "$fig" "$m" "$param" "$round" "$v" Mbit/s
	fi
	echo "$fig $m $param round $round: $v"
}

barrier servers 600
progress "waiting for the underlay"
wait_underlay || true
progress "probing the models ($ENV_LINE)"
for m in $MODELS; do
	[ "${STATUS[$m]}" = ok ] || continue
	vm ping -c 3 -i 0.3 -W 3 "${DST[$m]}" >/dev/null ||
		vm ping -c 3 -i 0.3 -W 3 "${DST[$m]}" >/dev/null ||
		mark "$m" failed "no ping reply from ${DST[$m]}"
done
cat "$SHARE"/models.host* 2>/dev/null

for r in $(seq "$ROUNDS"); do
	for l in $SIZES; do
		progress "fig8 round $r/$ROUNDS, write size $l"
		for m in $MODELS; do measure fig8 "$m" "$l" "$r" -l "$l"; done
	done
done
for r in $(seq "$ROUNDS"); do
	for g in on off; do
		progress "fig9 round $r/$ROUNDS, GRO $g on host 2"
		remote gro "$g"
		for m in vxlan sclp-vxlan kernel-vxlan; do
			measure fig9 "$m" "gro-$g" "$r" -l "$BIG"
		done
	done
done
remote gro on
for r in $(seq "$ROUNDS"); do
	for p in 2 4; do
		progress "fig10-11 round $r/$ROUNDS, $p streams"
		for m in $MODELS; do measure fig10-11 "$m" "$p" "$r" -l "$BIG" -P "$p"; done
	done
done
for r in $(seq "$ROUNDS"); do
	for l in $UDP_SIZES; do
		progress "fig12-13 round $r/$ROUNDS, UDP $l bytes at $UDP_RATE"
		for m in $MODELS; do measure fig12 "$m" "$l" "$r" -u -b "$UDP_RATE" -l "$l"; done
	done
done

vm ethtool -S cvsw0 >"$SHARE/host1.cvsw-stats" 2>&1
vm cvsw-ctl flow dump dev cvsw0 >"$SHARE/host1.flows" 2>&1
progress "writing bench.json and the summary"
ok=1
python3 - "$csv" "$SHARE/bench.json" "$ENV_LINE" "$MODELS" >"$res.tmp" <<-'EOF' || ok=0
	import csv, json, statistics, sys
	path, jpath, env, models = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split()
	rows = list(csv.DictReader(open(path)))
	def num(v):
	    try:
	        return float(v)
	    except ValueError:
	        return None
	points = {}
	for r in rows:
	    points.setdefault((r["figure"], r["model"], r["param"]), []).append(r["value"])
	summary = []
	for (fig, model, param), vals in points.items():
	    nums = [x for x in map(num, vals) if x is not None]
	    summary.append({"figure": fig, "model": model, "param": param,
	                    "rounds": len(vals), "ok": len(nums),
	                    "mean": statistics.mean(nums) if nums else None,
	                    "min": min(nums) if nums else None,
	                    "max": max(nums) if nums else None,
	                    "status": "ok" if nums else sorted(set(vals))[0]})
	json.dump({"environment": env, "rows": rows, "summary": summary},
	          open(jpath, "w"), indent=1)
	mean = {(s["figure"], s["model"], s["param"]): s for s in summary}
	def ratio(fig, param, a, b):
	    x, y = mean.get((fig, a, param)), mean.get((fig, b, param))
	    if not x or not y:
	        return "n/a"
	    if x["mean"] is None or y["mean"] is None or not y["mean"]:
	        bad = x if x["mean"] is None else y
	        return "%s:%s" % (bad["model"], bad["status"])
	    return "%.2f" % (x["mean"] / y["mean"])
	print("environment: %s" % env)
	for m in models:
	    mine = [s for s in summary if s["model"] == m]
	    st = ",".join(sorted({s["status"] for s in mine}))
	    print("model %-12s %s, %d of %d points measured | %s" % (m, st,
	          sum(s["ok"] for s in mine), sum(s["rounds"] for s in mine), env))
	print("ratios of means over rounds, measured side by side in this run:")
	print("%-9s %-7s %-12s %-12s %-12s %-12s" % ("figure", "param", "SCLP/VXLAN",
	      "SCLP/NoEnc", "SCLP/STT", "NoEnc-TSO/NoEnc"))
	figs = ["fig8", "fig9", "fig10-11", "fig12"] # fig13 is loss: no throughput ratio
	for (fig, model, param) in sorted(mean, key=lambda k: (figs.index(k[0]) if k[0] in figs
	                                                      else 9, num(k[2]) or 0, k[2])):
	    if model != "sclp-vxlan" or fig not in figs:
	        continue
	    print("%-9s %-7s %-12s %-12s %-12s %-12s | %s" % (fig, param,
	          ratio(fig, param, "sclp-vxlan", "vxlan"),
	          ratio(fig, param, "sclp-vxlan", "noencap"),
	          ratio(fig, param, "sclp-vxlan", "stt"),
	          ratio(fig, param, "noencap-tso", "noencap"), env))
	base = [s for s in summary if s["model"] == "noencap" and s["mean"]]
	sys.exit(0 if base else 1)
EOF
[ $ok = 1 ] && echo "RESULT: ok" >>"$res.tmp" || echo "RESULT: FAILED" >>"$res.tmp"
mv "$res.tmp" "$res"
