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
#                  cvsw's rx_handler on the tenant's NIC takes every UDP 4789 packet)
# A model whose setup or ping fails is "failed" in every row; the run goes on.
#
# Figures (CSV "figure" column, "param" is what the x axis shows):
#   fig8     TCP Mbit/s vs iperf3 write size (-l), every model
#   fig9     TCP Mbit/s, VXLAN vs VXLAN-over-SCLP vs kernel vxlan, with GRO on and off on
#            the receiving host's uplink and tenant veth (param gro-on/gro-off), largest size
#   fig10-11 TCP Mbit/s with 2 and 4 parallel streams (-P; standing in for parallel VM pairs)
#   fig12, fig13          UDP Mbit/s received and loss percent vs datagram size at
#                         BENCH_UDP_RATE, every model at its device MTU (cvsw0 1450): the
#                         "frag" series, datagrams above the MTU are IP fragments inside the
#                         tunnel
#   fig12-mtu, fig13-mtu  the same with the MTU the paper's setup implies: per model the
#                         largest inner IP packet its tunnel carries whole (UDP_MTU below),
#                         set as a locked route MTU in host 1's tenant for that model's subnet
#                         only, and back to the device's MTU after the point
# UDP loss = 100 * (sent - received) / sent, sent = iperf3's end.sum_sent.packets, received =
# end.sum_received.packets - end.sum_received.lost_packets (iperf3 3.12 reports the highest
# sequence number seen as "packets"). A UDP point that received nothing is "failed" in fig12
# (with the reason in the note column) and 100 % loss in fig13, never 0.
# Every UDP point starts and ends with host 2's tenant quiet and holding no reassembly state
# (IP fragment queues cannot be flushed and expire after ipfrag_time, set to 3 s in the
# tenants; cvsw's reassembly is flushed by a short reasm_timeout); the counter deltas of each
# point (host 2: Ip Reasm*, Udp InDatagrams/InErrors/RcvbufErrors/NoPorts, cvsw reassembly
# drops; host 1: Ip FragCreates, Udp SndbufErrors) go to the logs and to udp-points.csv.
# Settings: CVSW_SECONDS (per point, default 5), BENCH_ROUNDS (2), BENCH_SIZES (write sizes,
# default "64 512 4096 16384 65495"), BENCH_UDP_SIZES ("1024 8192 32768"), BENCH_UDP_RATE
# (iperf3 -b, default 500M), BENCH_FIGS ("tcp udp": which figures run, tcp = fig8 fig9
# fig10-11, udp = 12-13; fig8, fig9 and fig10-11 may be named alone), BENCH_MODELS (default
# every model above; a subset measures only those), BENCH_UDP_REPEAT (a model measured first and last in every UDP
# series of a round, to show carry-over between models), BENCH_QUICK=1 (3 s per point and,
# unless given, one write size, one UDP size, one round). BENCH_* come from
# $SHARE/settings.env (testbed.sh passes them on from its environment), CVSW_SECONDS from the
# kernel command line.
# Output: $SHARE/bench.csv (figure,model,param,round,value,unit,kernel,accel,mtu,note),
# bench.json, udp-points.csv, result.txt with the ratios measured in this run.
set -u
. "$CVSW_TOP/tools/testbed/lib-host.sh"

# shellcheck disable=SC1091
[ -r "$SHARE/settings.env" ] && . "$SHARE/settings.env"
SECS=${CVSW_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-2}
SIZES=${BENCH_SIZES:-64 512 4096 16384 65495}
UDP_SIZES=${BENCH_UDP_SIZES:-1024 8192 32768}
UDP_RATE=${BENCH_UDP_RATE:-500M}
REPEAT=${BENCH_UDP_REPEAT:-}
FIGS=${BENCH_FIGS:-tcp udp}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	SECS=3 ROUNDS=${BENCH_ROUNDS:-1} SIZES=${BENCH_SIZES:-65495}
	UDP_SIZES=${BENCH_UDP_SIZES:-8192}
fi
BIG=${SIZES##* } # fig9 and fig10-11 use the largest write size
# Seconds an iperf3 client may take beyond its -t (connect, JSON); a nested VM tenant is slow.
SLACK=$([ "$TENANT" = vm ] && echo 240 || echo 40)

ALL_MODELS="noencap noencap-tso vxlan sclp-vxlan sclp-geneve nvgre geneve stt ovs-vxlan kernel-vxlan"
MODELS=
for m in ${BENCH_MODELS:-$ALL_MODELS}; do
	case " $ALL_MODELS " in
	*" $m "*) MODELS+="${MODELS:+ }$m" ;;
	*) echo "BENCH_MODELS: $m is not a model; ignored" >&2 ;;
	esac
done
has() { case " $MODELS " in *" $1 "*) return 0 ;; esac; return 1; }
declare -A VNI=([vxlan]=1 [sclp-vxlan]=2 [sclp-geneve]=3 [nvgre]=4 [geneve]=5 [stt]=6)
for m in "${!VNI[@]}"; do has "$m" || unset "VNI[$m]"; done
declare -A PORT DST STATUS WHY
i=0
for m in $MODELS; do
	PORT[$m]=$((5201 + i)); i=$((i + 1)); STATUS[$m]=ok; WHY[$m]=
done
for m in "${!VNI[@]}"; do DST[$m]=10.${VNI[$m]}.0.$PEER; done
DST[noencap]=$UNDERLAY.$PEER
DST[noencap-tso]=$UNDERLAY.$PEER
DST[ovs-vxlan]=10.101.0.$PEER
DST[kernel-vxlan]=10.100.0.$PEER
case " $MODELS " in
*" $REPEAT "*) ;;
*) [ -z "$REPEAT" ] || echo "BENCH_UDP_REPEAT=$REPEAT is not a model; ignored" >&2; REPEAT= ;;
esac

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
	WHY[$1]=$3
	echo "model $1: $2 ($3)" | tee -a "$SHARE/models.host$HOST"
}

progress "starting Open vSwitch"
start_ovs
setup_host
# A VM tenant's kernel, accelerator and nesting go beside every figure.
[ "$TENANT" = netns ] || ENV_LINE+="; $(tenant_env)"
# A fragment queue left by a lost fragment lives ipfrag_time and cannot be flushed, and every
# UDP point waits until host 2's tenant holds none: 3 s instead of 30 keeps that wait short.
# Set before any traffic, so it holds for every queue; the fragments of one datagram arrive
# within milliseconds here, so no datagram that would have completed is lost to it.
vm sysctl -qw net.ipv4.ipfrag_time=3 net.ipv6.ip6frag_time=3
cvsw=1
if ! load_modules guest-gro || ! vm ip link add cvsw0 link "$TNIC" type cvsw ||
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
if has kernel-vxlan; then
	vm modprobe vxlan || echo "modprobe vxlan failed" >&2
	vm ip link add vx0 type vxlan id 100 remote "$UNDERLAY.$PEER" local "$UNDERLAY.$HOST" \
		dstport 4790 dev "$TNIC" &&
		vm ip addr add "10.100.0.$HOST/24" dev vx0 && vm ip link set vx0 up ||
		mark kernel-vxlan failed "vx0 setup"
fi

# The OVS model: a second tenant NIC on bridge br1, whose vxlan port crosses to the peer
# (a second veth into the netns: not available with TENANT=vm).
if has ovs-vxlan && [ "$TENANT" = vm ]; then
	mark ovs-vxlan n/a "TENANT=vm has one NIC"
elif has ovs-vxlan; then
	modprobe vxlan || echo "modprobe vxlan failed" >&2
	modprobe vport_vxlan || echo "modprobe vport_vxlan failed" >&2
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
fi

barrier configured 600
# A model the peer could not set up is marked here too (n/a beats a failed ping).
touch "$SHARE/models.host$PEER"
while read -r _ m st why; do
	m=${m%:}
	[ "${STATUS[$m]}" = ok ] && STATUS[$m]=$st && WHY[$m]="on host $PEER: $why" &&
		echo "model $m: $st (on host $PEER)"
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
	vm ethtool -K "$TNIC" gro "$1" >/dev/null
}

# "Ip_X value", "Udp_X value" per line from the tenant's /proc/net/snmp, FRAG from sockstat,
# and cvsw's reassembly memory and drops: the state a UDP point is judged by.
# One netns entry and one awk per snapshot: under TCG on a loaded machine every process counts.
udp_snapshot() {
	# shellcheck disable=SC2016
	vm sh -c 'cat /proc/net/snmp /proc/net/sockstat
		[ "$1" = 1 ] && { cvsw-ctl dev show dev cvsw0; ethtool -S cvsw0; }' - "$cvsw" |
	awk -v cvsw="$cvsw" '
		($1 == "Ip:" || $1 == "Udp:") && !($1 in h) { h[$1] = $0; next }
		$1 == "Ip:" || $1 == "Udp:" {
			n = split(h[$1], k); p = substr($1, 1, length($1) - 1)
			for (i = 2; i <= n; i++) print p "_" k[i], $i
		}
		$1 == "FRAG:" { print "frag_inuse", $3; print "frag_memory", $5 }
		/ reasm mem / { for (i = 1; i < NF; i++) if ($i == "mem") print "cvsw_reasm_mem", $(i + 1) }
		$1 ~ /^rx_drop_reasm_/ || $1 == "rx_drop_nomem:" { drops += $2 }
		END { if (cvsw == 1) print "cvsw_reasm_drops", drops + 0 }'
}
get() { # NAME SNAPSHOT
	local k v
	while read -r k v; do [ "$k" = "$1" ] && { echo "$v"; return; }; done <<<"$2"
}
# What host 2 reports per UDP point: increases in its tenant from start to clean end.
H2_FIELDS=(Ip_ReasmReqds Ip_ReasmOKs Ip_ReasmFails Ip_ReasmTimeout Udp_InDatagrams Udp_InErrors
	Udp_RcvbufErrors Udp_NoPorts cvsw_reasm_drops)
delta() { # NAME BEFORE AFTER: the counter's increase
	local a b
	a=$(get "$1" "$2") b=$(get "$1" "$3")
	[ -n "$a" ] && [ -n "$b" ] && echo $((b - a)) || echo -
}

# ---- host 2: iperf3 servers, then do what host 1 asks until it says exit ---------------------
if [ "$HOST" = 2 ]; then
	# IP fragment queues cannot be flushed (lowering ipfrag_time or ipfrag_high_thresh does
	# not touch existing queues): a queue left by a lost fragment lives ipfrag_time seconds.
	FRAG_TIME=$(vm sysctl -n net.ipv4.ipfrag_time 2>/dev/null || echo 30)
	SETTLE_MAX=$((FRAG_TIME + 15))
	cvsw_timeout() {
		vm cvsw-ctl dev show dev cvsw0 | sed -n 's/.* timeout \([0-9]*\)ms.*/\1/p'
	}
	set_cvsw_timeout() {
		vm env IP_LIB_DIR="$CVSW_TOP/tools/iproute2" ip link set cvsw0 type cvsw reasm_timeout "$1"
	}
	# Until the tenant is quiet (IP reassembly requests, UDP datagrams and cvsw drops
	# unchanged for 1 s) and holds no fragment queue and no cvsw reassembly memory; cvsw's
	# reassembly is flushed with a 100 ms timeout. Sets SETTLE (clean|unclean), WAITED
	# (seconds), AT_QUIET (frag inuse/memory/cvsw mem when the traffic had stopped),
	# NOW_STATE (the same at the end) and SNAP (the last snapshot).
	udp_settle() {
		local start=$SECONDS prev='' key finuse='' fmem='' cmem='' flushed=0 old=''
		SETTLE=unclean AT_QUIET=
		while :; do
			SNAP=$(udp_snapshot)
			key="$(get Ip_ReasmReqds "$SNAP") $(get Udp_InDatagrams "$SNAP")"
			key+=" $(get cvsw_reasm_drops "$SNAP")"
			if [ "$key" = "$prev" ]; then
				finuse=$(get frag_inuse "$SNAP") fmem=$(get frag_memory "$SNAP")
				cmem=$(get cvsw_reasm_mem "$SNAP")
				[ -n "$AT_QUIET" ] || AT_QUIET="$finuse/$fmem/${cmem:--}"
				if [ "$finuse" = 0 ] && [ "$fmem" = 0 ] && [ "${cmem:-0}" = 0 ]; then
					SETTLE=clean
					break
				fi
				if [ "${cmem:-0}" != 0 ] && [ $flushed = 0 ]; then
					old=$(cvsw_timeout)
					set_cvsw_timeout 100 || echo "cvsw0: reasm_timeout not changed" >&2
					flushed=1
				fi
			fi
			[ $((SECONDS - start)) -lt $SETTLE_MAX ] || break
			prev=$key
			sleep 1
		done
		[ $flushed = 1 ] && { set_cvsw_timeout "${old:-30000}" ||
			echo "cvsw0: reasm_timeout not restored to ${old:-30000}" >&2; }
		WAITED=$((SECONDS - start))
		NOW_STATE="$(get frag_inuse "$SNAP")/$(get frag_memory "$SNAP")"
		NOW_STATE+="/$(get cvsw_reasm_mem "$SNAP" | grep . || echo -)"
		[ $SETTLE = clean ] ||
			echo "not clean after ${WAITED}s: frag inuse/memory/cvsw mem $NOW_STATE" >&2
	}
	udp_begin() { # LABEL: a clean start, its snapshot kept for udp_end
		udp_settle
		echo "$SNAP" >/tmp/udp.before
		echo "start=$SETTLE start_wait=$WAITED start_state=$NOW_STATE"
	}
	udp_end() { # LABEL: quiet and clean again; the point's deltas, expired queues included
		local b c out
		udp_settle
		b=$(cat /tmp/udp.before 2>/dev/null)
		out="end=$SETTLE end_wait=$WAITED at_quiet=$AT_QUIET"
		for c in "${H2_FIELDS[@]}"; do
			out+=" $c=$(delta "$c" "$b" "$SNAP")"
		done
		echo "$out"
	}

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
		udp-begin) udp_begin >"$f.out"; echo "udp $arg begin: $(cat "$f.out")" ;;
		udp-end) udp_end >"$f.out"; echo "udp $arg end: $(cat "$f.out")" ;;
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
ucsv=$SHARE/udp-points.csv
res=$SHARE/result.txt
cmdseq=0
REMOTE_OUT=
remote() { # CMD [ARG]: run on host 2, wait for it; its answer in REMOTE_OUT
	local f start=$SECONDS limit=120
	# Host 2 may wait out fragment queues (ipfrag_time) twice, slowly on a starved vCPU.
	case $1 in udp-*) limit=600 ;; esac
	cmdseq=$((cmdseq + 1))
	f=$SHARE/cmd.$cmdseq
	REMOTE_OUT=
	echo "$*" >"$f.tmp" && mv "$f.tmp" "$f"
	while [ $((SECONDS - start)) -lt $limit ]; do
		if [ -e "$f.done" ]; then
			REMOTE_OUT=$(cat "$f.out" 2>/dev/null)
			return 0
		fi
		sleep 0.2
	done
	echo "host 2 did not answer '$*' in ${limit}s" >&2
	return 1
}
finish() { # whatever happened, let host 2 go and leave a verdict
	[ -e "$res" ] || { echo "environment: $ENV_LINE"; echo "RESULT: FAILED"; } >"$res"
	remote exit
}
trap finish EXIT

echo "figure,model,param,round,value,unit,kernel,accel,mtu,note" >"$csv"
row() { # FIG MODEL PARAM ROUND VALUE UNIT MTU [NOTE]
	local note=${8:-}
	echo "$1,$2,$3,$4,$5,$6,$KVER,$ACCEL,$7,${note//,/;}" >>"$csv"
}
kv() { # KEY LINE: the value of KEY=value in LINE
	local w
	for w in $2; do [ "${w%%=*}" = "$1" ] && { echo "${w#*=}"; return; }; done
	echo -
}

# The MTU the tenant's stack uses towards DST: the route's (locked) MTU, else the device's.
path_mtu() {
	local r d mtu
	r=$(vm ip -o route get "$1" 2>/dev/null) || { echo -; return; }
	mtu=$(sed -n 's/.* mtu \(lock \)\{0,1\}\([0-9][0-9]*\).*/\2/p' <<<"$r")
	if [ -z "$mtu" ]; then
		d=$(sed -n 's/.* dev \([^ ]*\).*/\1/p' <<<"$r")
		mtu=$(vm cat "/sys/class/net/$d/mtu" 2>/dev/null || echo -)
	fi
	echo "$mtu"
}

# The "mtu" series' inner MTU per model: the largest inner IP packet its tunnel carries
# without inner fragmentation, over the tenant NIC's MTU (1500) on the wire:
#   No-Encap: the tenant NIC's MTU; VXLAN, Geneve (no options): MTU - 20 IP - 8 UDP - 8 - 14 Ethernet;
#   NVGRE: MTU - 20 IP - 8 GRE with key - 14; OVS VXLAN and Linux vxlan: their tenant device's
#   MTU (vethOT 1450, vx0 1450); VXLAN/Geneve over SCLP: one SCLP payload of at most 65535
#   bytes = 8-byte tunnel header + 14 + inner IP (cvsw_sclp_prepare), so 65513; STT: a frame
#   of at most 65535 = 18-byte STT header + 14 + inner IP (xmit_frame), so 65503. Both
#   capped at cvsw0's max_mtu (65000), what a VM could configure on its NIC.
LOWER_MTU=$(vm cat "/sys/class/net/$TNIC/mtu")
CVSW_MAX=$(vm ip -d link show cvsw0 2>/dev/null | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')
CVSW_MAX=${CVSW_MAX:-65000}
declare -A UDP_MTU FRAG_MTU
min() { echo $(($1 < $2 ? $1 : $2)); }
UDP_MTU=([vxlan]=$((LOWER_MTU - 50)) [geneve]=$((LOWER_MTU - 50)) [nvgre]=$((LOWER_MTU - 42))
	[sclp-vxlan]=$(min $((65535 - 8 - 14)) "$CVSW_MAX")
	[sclp-geneve]=$(min $((65535 - 8 - 14)) "$CVSW_MAX")
	[stt]=$(min $((65535 - 18 - 14)) "$CVSW_MAX"))
for m in $MODELS; do FRAG_MTU[$m]=$(path_mtu "${DST[$m]}"); done
for m in noencap noencap-tso ovs-vxlan kernel-vxlan; do
	has "$m" && UDP_MTU[$m]=${FRAG_MTU[$m]}
done

route_mtu() { # SERIES MODEL: the mtu series' locked route MTU for a cvsw model, or none
	local v=${VNI[$2]:-}
	[ -n "$v" ] && [ $cvsw = 1 ] || return 0
	if [ "$1" = mtu ]; then
		vm ip route replace "10.$v.0.0/24" dev cvsw0 proto kernel scope link \
			src "10.$v.0.$HOST" mtu lock "${UDP_MTU[$2]}"
	else
		vm ip route replace "10.$v.0.0/24" dev cvsw0 proto kernel scope link \
			src "10.$v.0.$HOST"
	fi
}

# iperf3 TCP JSON -> "ok Mbit/s" or "failed REASON".
parse_tcp() {
	python3 - "$1" <<-'EOF'
	import json, sys
	text = ""
	try:
	    text = open(sys.argv[1], errors="replace").read()
	    # iperf3 may print a warning line before its JSON
	    d = json.loads(text[text.index("{"):])
	except (OSError, ValueError):
	    lines = [l for l in text.splitlines() if l.strip()]
	    print("failed no iperf3 JSON: %s" % (lines[-1][:120] if lines else "no output"))
	    sys.exit(0)
	if "error" in d:
	    print("failed iperf3: %s" % d["error"][:160])
	    sys.exit(0)
	try:
	    print("ok %.1f" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))
	except (KeyError, TypeError):
	    print("failed iperf3 JSON without end.sum_received")
	EOF
}

# iperf3 UDP JSON, datagram size -> "STATUS SENT RECEIVED LOSS% MBIT/S IPERF3_LOST% NOTE".
# iperf3 3.12: end.sum_sent.packets = datagrams sent; end.sum_received.packets = the highest
# sequence number the server saw and lost_packets = the gaps below it, both 0 when nothing
# arrived (then its lost_percent is 0 too). Received = packets - lost_packets, checked
# against bytes / size; loss from the sender's count.
parse_udp() {
	python3 - "$1" "$2" <<-'EOF'
	import json, sys
	path, size = sys.argv[1], int(sys.argv[2])
	def out(status, sent="-", recv="-", loss="-", mbps="-", ilost="-", note=""):
	    print(status, sent, recv, loss, mbps, ilost, note.replace(",", ";") or "-")
	    sys.exit(0)
	text = ""
	try:
	    text = open(path, errors="replace").read()
	    d = json.loads(text[text.index("{"):])
	except (OSError, ValueError):
	    lines = [l for l in text.splitlines() if l.strip()]
	    out("failed", note="no iperf3 JSON: " + (lines[-1][:120] if lines else "no output"))
	if "error" in d:
	    out("failed", note="iperf3: " + d["error"][:160])
	try:
	    s, r = d["end"]["sum_sent"], d["end"]["sum_received"]
	    sent, high = int(s["packets"]), int(r["packets"])
	    lost, rbytes = int(r["lost_packets"]), int(r["bytes"])
	    mbps, ilost = r["bits_per_second"] / 1e6, float(r["lost_percent"])
	except (KeyError, TypeError, ValueError):
	    out("failed", note="iperf3 JSON without end.sum_sent/sum_received packets")
	recv = high - lost
	notes = ["sent %d received %d" % (sent, recv)]
	if rbytes != recv * size:
	    notes.append("received by bytes %d" % (rbytes // size))
	if sent <= 0:
	    out("failed", sent, recv, "-", "-", "%.2f" % ilost, "nothing sent")
	if recv <= 0:
	    out("failed", sent, 0, "100.00", "%.3f" % mbps, "%.2f" % ilost,
	        "nothing received: 0 of %d datagrams sent (iperf3 lost_percent %.2f)" % (sent, ilost))
	loss = 100.0 * (sent - recv) / sent
	if loss < 0:
	    notes.append("more received than sent")
	out("ok", sent, recv, "%.2f" % loss, "%.3f" % mbps, "%.2f" % ilost, "; ".join(notes))
	EOF
}

# measure FIG MODEL PARAM ROUND [iperf3 args...]: one TCP point.
measure() {
	local fig=$1 m=$2 param=$3 round=$4 out st v mtu
	shift 4
	mtu=$(path_mtu "${DST[$m]}")
	if [ "${STATUS[$m]}" != ok ]; then
		row "$fig" "$m" "$param" "$round" "${STATUS[$m]}" - "$mtu" "${WHY[$m]}"
		return
	fi
	[ "$m" = noencap-tso ] && ethtool -K eth0 tso on >/dev/null
	out=/tmp/iperf.$fig.$m.$param.$round.json
	vm timeout $((SECS + SLACK)) iperf3 -c "${DST[$m]}" -p "${PORT[$m]}" \
		-t "$SECS" --connect-timeout 5000 -J "$@" >"$out" 2>&1
	[ "$m" = noencap-tso ] && ethtool -K eth0 tso off >/dev/null
	read -r st v <<<"$(parse_tcp "$out")"
	if [ "$st" = ok ]; then
		row "$fig" "$m" "$param" "$round" "$v" Mbit/s "$mtu"
	else
		cp "$out" "$SHARE/" 2>/dev/null
		row "$fig" "$m" "$param" "$round" failed - "$mtu" "$v"
		v="failed ($v)"
	fi
	echo "$fig $m $param round $round (mtu $mtu): $v"
}

echo "series,model,size,round,pos,mtu,status,sent,received,loss_percent,rx_mbps," \
	"iperf3_lost_percent,tx_frag_creates,tx_sndbuf_errors,$(IFS=,; echo "${H2_FIELDS[*]}")," \
	"rx_at_quiet,start,start_wait_s,end,end_wait_s,note" | tr -d ' ' >"$ucsv"

# udp_point SERIES MODEL SIZE ROUND POS: one UDP point, fig12/13 (frag) or fig12/13-mtu.
udp_point() {
	local series=$1 m=$2 l=$3 round=$4 pos=$5 f12=fig12 f13=fig13 label out mtu b a
	local st sent recv loss mbps ilost note begin end h2 c line
	[ "$series" = mtu ] && f12=fig12-mtu f13=fig13-mtu
	label="$series/$m/$l/r$round${pos:+/$pos}"
	if [ "${STATUS[$m]}" != ok ]; then
		mtu=${FRAG_MTU[$m]}
		[ "$series" = mtu ] && mtu=${UDP_MTU[$m]:-$mtu}
		row "$f12" "$m" "$l" "$round" "${STATUS[$m]}" - "$mtu" "${WHY[$m]}"
		row "$f13" "$m" "$l" "$round" "${STATUS[$m]}" - "$mtu" "${WHY[$m]}"
		line="$series,$m,$l,$round,$pos,$mtu,${STATUS[$m]}"
		for c in $(seq 22); do line+=,; done # sent ... end_wait_s: nothing measured
		echo "$line${WHY[$m]//,/;}" >>"$ucsv"
		return
	fi
	route_mtu "$series" "$m" || echo "route MTU for $m not set" >&2
	mtu=$(path_mtu "${DST[$m]}")
	remote udp-begin "$label"
	begin=$REMOTE_OUT
	b=$(udp_snapshot)
	out=/tmp/iperf.$series.$m.$l.$round$pos.json
	vm timeout $((SECS + SLACK)) iperf3 -c "${DST[$m]}" -p "${PORT[$m]}" \
		-t "$SECS" --connect-timeout 5000 -J -u -b "$UDP_RATE" -l "$l" >"$out" 2>&1
	a=$(udp_snapshot)
	remote udp-end "$label"
	end=$REMOTE_OUT
	route_mtu frag "$m" || echo "route MTU for $m not restored" >&2
	read -r st sent recv loss mbps ilost note <<<"$(parse_udp "$out" "$l")"
	[ "$note" = - ] && note=
	if [ -z "$begin" ] || [ -z "$end" ]; then
		note+="${note:+; }host 2 did not report its state at the ${begin:+end}${begin:-start}"
	elif [ "$(kv start "$begin")" != clean ]; then
		note+="${note:+; }start not clean ($(kv start_state "$begin") frag inuse/memory/cvsw mem)"
	fi
	[ -n "$pos" ] && note+="${note:+; }repeat $pos"
	if [ "$st" = ok ]; then
		row "$f12" "$m" "$l" "$round" "$mbps" Mbit/s "$mtu" "$note"
		row "$f13" "$m" "$l" "$round" "$loss" percent "$mtu" "$note"
	else
		cp "$out" "$SHARE/" 2>/dev/null
		row "$f12" "$m" "$l" "$round" failed - "$mtu" "$note"
		if [ "$loss" = 100.00 ]; then # nothing received: the loss is measured, 100 %
			row "$f13" "$m" "$l" "$round" "$loss" percent "$mtu" "$note"
		else
			row "$f13" "$m" "$l" "$round" failed - "$mtu" "$note"
		fi
	fi
	h2=
	for c in "${H2_FIELDS[@]}"; do h2+=",$(kv "$c" "$end")"; done
	line="$series,$m,$l,$round,$pos,$mtu,$st,$sent,$recv,$loss,$mbps,$ilost"
	line+=",$(delta Ip_FragCreates "$b" "$a"),$(delta Udp_SndbufErrors "$b" "$a")$h2"
	line+=",$(kv at_quiet "$end"),$(kv start "$begin"),$(kv start_wait "$begin")"
	line+=",$(kv end "$end"),$(kv end_wait "$end"),${note//,/;}"
	echo "$line" >>"$ucsv"
	echo "$f12 $m $l round $round${pos:+ ($pos)}, mtu $mtu: $st, $mbps Mbit/s, loss $loss %" \
		"(sent $sent, received $recv, iperf3 lost_percent $ilost) | host 1 FragCreates" \
		"+$(delta Ip_FragCreates "$b" "$a") | host 2 $(sed 's/Ip_//g; s/Udp_//g' <<<"$end")" \
		"| start: $begin${note:+ | $note}"
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
for m in $MODELS; do
	echo "model $m: MTU ${FRAG_MTU[$m]} (TCP figures, fig12/13), ${UDP_MTU[$m]} (fig12-mtu/13-mtu)"
done

want() { # FIG: whether BENCH_FIGS names it (tcp = fig8 fig9 fig10-11)
	case " $FIGS " in *" $1 "*) return 0 ;; esac
	case $1 in fig8 | fig9 | fig10-11) case " $FIGS " in *" tcp "*) return 0 ;; esac ;; esac
	return 1
}
want fig8 || ROUNDS_FIG8=0
for r in $(seq "${ROUNDS_FIG8:-$ROUNDS}"); do
	for l in $SIZES; do
		progress "fig8 round $r/$ROUNDS, write size $l"
		for m in $MODELS; do measure fig8 "$m" "$l" "$r" -l "$l"; done
	done
done
want fig9 || ROUNDS_FIG9=0
for r in $(seq "${ROUNDS_FIG9:-$ROUNDS}"); do
	for g in on off; do
		progress "fig9 round $r/$ROUNDS, GRO $g on host 2"
		remote gro "$g"
		for m in vxlan sclp-vxlan kernel-vxlan; do
			has "$m" || continue
			measure fig9 "$m" "gro-$g" "$r" -l "$BIG"
		done
	done
done
remote gro on
want fig10-11 || ROUNDS_FIG10=0
for r in $(seq "${ROUNDS_FIG10:-$ROUNDS}"); do
	for p in 2 4; do
		progress "fig10-11 round $r/$ROUNDS, $p streams"
		for m in $MODELS; do measure fig10-11 "$m" "$p" "$r" -l "$BIG" -P "$p"; done
	done
done
want udp || ROUNDS_UDP=0
for r in $(seq "${ROUNDS_UDP:-$ROUNDS}"); do
	for l in $UDP_SIZES; do
		for s in frag mtu; do
			progress "fig12-13 round $r/$ROUNDS, UDP $l bytes at $UDP_RATE, $s series"
			[ -n "$REPEAT" ] && udp_point "$s" "$REPEAT" "$l" "$r" first
			for m in $MODELS; do
				[ "$m" = "$REPEAT" ] || udp_point "$s" "$m" "$l" "$r" ""
			done
			[ -n "$REPEAT" ] && udp_point "$s" "$REPEAT" "$l" "$r" last
		done
	done
done

vm ethtool -S cvsw0 >"$SHARE/host1.cvsw-stats" 2>&1
vm cvsw-ctl flow dump dev cvsw0 >"$SHARE/host1.flows" 2>&1
progress "writing bench.json and the summary"
ok=1
python3 - "$csv" "$SHARE/bench.json" "$ENV_LINE" "$MODELS" "$ucsv" "$REPEAT" >"$res.tmp" <<-'EOF' || ok=0
	import csv, json, statistics, sys
	path, jpath, env, models, upath, repeat = sys.argv[1:7]
	models = models.split()
	rows = list(csv.DictReader(open(path)))
	upoints = list(csv.DictReader(open(upath)))
	def num(v):
	    try:
	        return float(v)
	    except (TypeError, ValueError):
	        return None
	points = {}
	for r in rows:
	    points.setdefault((r["figure"], r["model"], r["param"]), []).append(r)
	summary = []
	for (fig, model, param), rs in points.items():
	    vals = [r["value"] for r in rs]
	    nums = [x for x in map(num, vals) if x is not None]
	    summary.append({"figure": fig, "model": model, "param": param,
	                    "rounds": len(vals), "ok": len(nums),
	                    "mtu": sorted({r.get("mtu") or "-" for r in rs}),
	                    "mean": statistics.mean(nums) if nums else None,
	                    "min": min(nums) if nums else None,
	                    "max": max(nums) if nums else None,
	                    "status": "ok" if len(nums) == len(vals) else
	                              "partial" if nums else sorted(set(vals))[0]})
	json.dump({"environment": env, "rows": rows, "summary": summary, "udp_points": upoints},
	          open(jpath, "w"), indent=1)
	mean = {(s["figure"], s["model"], s["param"]): s for s in summary}
	def ratio(fig, param, a, b):
	    x, y = mean.get((fig, a, param)), mean.get((fig, b, param))
	    if not x or not y:
	        return "n/a"
	    if x["mean"] is None or y["mean"] is None or not y["mean"]:
	        bad = x if x["mean"] is None else y
	        return "%s:%s" % (bad["model"], bad["status"])
	    flag = "*" if x["ok"] < x["rounds"] or y["ok"] < y["rounds"] else ""
	    return "%.2f%s" % (x["mean"] / y["mean"], flag)
	def mtus(fig, m):
	    return ",".join(sorted({s for x in summary if x["model"] == m and x["figure"] == fig
	                            for s in x["mtu"]})) or "-"
	print("environment: %s" % env)
	for m in models:
	    mine = [s for s in summary if s["model"] == m]
	    st = ",".join(sorted({s["status"] for s in mine}))
	    print("model %-12s %s, %d of %d points measured, MTU %s (TCP, fig12/13), %s (fig12-mtu/13-mtu)"
	          " | %s" % (m, st, sum(s["ok"] for s in mine), sum(s["rounds"] for s in mine),
	                     mtus("fig8", m), mtus("fig12-mtu", m), env))
	# Every point that is not a number, with its reason; UDP points that received nothing.
	bad = [r for r in rows if num(r["value"]) is None and r["value"] != "n/a"]
	for r in bad:
	    if r["figure"].startswith("fig13") and r["value"] == "failed" and any(
	            b["figure"] == r["figure"].replace("13", "12") and b["model"] == r["model"]
	            and b["param"] == r["param"] and b["round"] == r["round"] for b in bad):
	        continue  # said once, on its fig12 row
	    print("FLAG: %s %s %s round %s: %s (%s) | %s" % (r["figure"], r["model"], r["param"],
	          r["round"], r["value"], r.get("note") or "no reason recorded", env))
	unclean = [u for u in upoints if u["status"] not in ("n/a",) and u["start"] not in ("clean", "")]
	for u in unclean:
	    print("FLAG: UDP %s %s %s round %s started with reassembly state left (%s) | %s" % (
	          u["series"], u["model"], u["size"], u["round"], u["note"], env))
	for u in upoints:
	    fc, size, mtu = num(u["tx_frag_creates"]), num(u["size"]), num(u["mtu"])
	    if u["series"] == "mtu" and fc and size and mtu and size + 28 <= mtu:
	        print("FLAG: UDP mtu %s %s round %s: %d inner fragments sent although %d + 28 <= MTU %d"
	              " | %s" % (u["model"], u["size"], u["round"], fc, size, mtu, env))
	print("ratios of means over rounds, measured side by side in this run"
	      " (* = some rounds of an input failed, see FLAG lines):")
	# VXLAN/LinuxVX: cvsw's own VXLAN against the kernel's vxlan device, same inner MTU.
	print("%-9s %-7s %-12s %-12s %-12s %-12s %-13s %-12s" % ("figure", "param", "SCLP/VXLAN",
	      "SCLP/NoEnc", "SCLP/STT", "SCLP/LinuxVX", "VXLAN/LinuxVX", "NoEnc-TSO/NoEnc"))
	figs = ["fig8", "fig9", "fig10-11", "fig12", "fig12-mtu"] # fig13: loss, no ratio
	for (fig, model, param) in sorted(mean, key=lambda k: (figs.index(k[0]) if k[0] in figs
	                                                      else 9, num(k[2]) or 0, k[2])):
	    if model != "sclp-vxlan" or fig not in figs:
	        continue
	    print("%-9s %-7s %-12s %-12s %-12s %-12s %-13s %-12s | %s" % (fig, param,
	          ratio(fig, param, "sclp-vxlan", "vxlan"),
	          ratio(fig, param, "sclp-vxlan", "noencap"),
	          ratio(fig, param, "sclp-vxlan", "stt"),
	          ratio(fig, param, "sclp-vxlan", "kernel-vxlan"),
	          ratio(fig, param, "vxlan", "kernel-vxlan"),
	          ratio(fig, param, "noencap-tso", "noencap"), env))
	# Fig. 9's own question: what GRO at the receiving host buys each model.
	for m in ("sclp-vxlan", "vxlan", "kernel-vxlan"):
	    on, off = mean.get(("fig9", m, "gro-on")), mean.get(("fig9", m, "gro-off"))
	    if on and off and on["mean"] and off["mean"]:
	        print("fig9 %-12s GRO on / GRO off %.2f | %s" % (m, on["mean"] / off["mean"], env))
	# UDP: received Mbit/s and loss per series, size and model (mean [min-max] over rounds).
	def cell(fig, m, size, fmt):
	    s = mean.get((fig, m, size))
	    if not s:
	        return "-"
	    if s["mean"] is None:
	        return s["status"]
	    c = (fmt % s["mean"]) + " [" + (fmt % s["min"]) + "-" + (fmt % s["max"]) + "]"
	    return c + ("" if s["ok"] == s["rounds"] else " (%d/%d)" % (s["ok"], s["rounds"]))
	sizes = sorted({s["param"] for s in summary if s["figure"] == "fig12"}, key=lambda p: num(p) or 0)
	for series, f12, f13 in (("frag", "fig12", "fig13"), ("mtu", "fig12-mtu", "fig13-mtu")):
	    print("UDP, %s series: received Mbit/s and loss %% (mean [min-max], (measured/rounds)):"
	          % series)
	    for size in sizes:
	        for m in models:
	            if (f12, m, size) not in mean:
	                continue
	            print("  %-6s %-12s mtu %-6s %-28s loss %-26s | %s" % (size, m,
	                  "/".join(mean[(f12, m, size)]["mtu"]), cell(f12, m, size, "%.2f"),
	                  cell(f13, m, size, "%.1f"), env))
	# The repeated model: first and last of each series in a round, against the other rounds.
	if repeat:
	    print("carry-over check, %s measured first and last in every UDP series of a round"
	          " (rx Mbit/s; within = inside min-max of the other rounds):" % repeat)
	    all_pairs, judged = [], [0, 0]
	    for series in ("frag", "mtu"):
	        for size in sizes:
	            mine = [u for u in upoints if u["model"] == repeat and u["series"] == series
	                    and u["size"] == size]
	            rounds = sorted({u["round"] for u in mine}, key=num)
	            pairs = []
	            for rd in rounds:
	                here = {u["pos"]: num(u["rx_mbps"]) for u in mine if u["round"] == rd}
	                other = [num(u["rx_mbps"]) for u in mine if u["round"] != rd
	                         and num(u["rx_mbps"]) is not None]
	                def judge(v):
	                    if v is None:
	                        return "failed"
	                    if not other:
	                        return "%.2f (no other round)" % v
	                    inside = min(other) <= v <= max(other)
	                    if len(other) >= 2:
	                        judged[0] += 1
	                        judged[1] += inside
	                    return "%.2f %s" % (v, "within" if inside else "OUTSIDE")
	                print("  %-4s %-6s round %s: first %s, last %s; other rounds %s | %s" % (
	                      series, size, rd, judge(here.get("first")), judge(here.get("last")),
	                      "[%.2f-%.2f]" % (min(other), max(other)) if other else "-", env))
	                # Paired view, immune to drift between rounds: carry-over from the
	                # models measured in between would make last/first fall below 1.
	                if here.get("first") and here.get("last") is not None:
	                    pairs.append(here["last"] / here["first"])
	            firsts = [num(u["rx_mbps"]) for u in mine if u["pos"] == "first"
	                      and num(u["rx_mbps"])]
	            if pairs and firsts:
	                print("  %-4s %-6s last/first per round %s (mean %.2f); first across rounds"
	                      " max/min %.2f | %s" % (series, size,
	                      " ".join("%.2f" % p for p in pairs), sum(pairs) / len(pairs),
	                      max(firsts) / min(firsts), env))
	                all_pairs.extend(pairs)
	    # What noise alone gives: of R values of one point (one per round, no carry-over),
	    # one lies inside the range of the other R - 1 unless it is their minimum or maximum,
	    # i.e. with probability (R - 2) / R; and last > first in half of the rounds.
	    nrounds = len({u["round"] for u in upoints if u["model"] == repeat})
	    if judged[0] and nrounds > 2:
	        print("carry-over summary: %d of %d repeated values inside the other rounds' range"
	              " (noise alone: about %.0f%% with %d rounds); last > first in %d of %d rounds"
	              " (no carry-over: about half; carry-over would push last below first),"
	              " median last/first %.2f | %s" % (judged[1], judged[0],
	              100.0 * (nrounds - 2) / nrounds, nrounds, sum(p > 1 for p in all_pairs),
	              len(all_pairs), statistics.median(all_pairs) if all_pairs else 0, env))
	base = [s for s in summary if s["model"] == "noencap" and s["mean"]]
	sys.exit(0 if base else 1)
EOF
[ $ok = 1 ] && echo "RESULT: ok" >>"$res.tmp" || echo "RESULT: FAILED" >>"$res.tmp"
mv "$res.tmp" "$res"
