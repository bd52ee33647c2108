#!/bin/bash
# vms: 1
# The iproute2 plugin tools/iproute2/link_cvsw.so: "ip link add ... type cvsw" with
# cvsw's options, "ip -d link show" (text and JSON) printing them back, the same values
# seen by cvsw-ctl dev show, "ip link set ... type cvsw" changing the tx mode, and the
# errors: bad option values (ip's own words), kernel range checks (extack), help.
source "$(dirname "$0")/lib.sh"

mod_load cvsw
on_exit "rmmod cvsw"
modprobe veth
export IP_LIB_DIR=$CVSW_TOP/tools/iproute2
require "plugin built" test -f "$IP_LIB_DIR/link_cvsw.so"
ctl=$CVSW_TOP/tools/cvsw-ctl
tmp=$(mktemp -d)
on_exit "rm -rf $tmp"

ip link add ipv0 type veth peer name ipv1
on_exit "ip link del ipv0"

check "ip link add with every cvsw option" \
	ip link add cvsw0 type cvsw lower ipv0 sclp_tx_mode sw \
	reasm_max_mem 1048576 reasm_timeout 5000
on_exit "ip link del cvsw0"
ip -d link show cvsw0 >"$tmp/show"
check "ip -d link show prints them" \
	grep -q 'cvsw lower ipv0 sclp_tx_mode sw sclp_tx sw reasm_max_mem 1048576 reasm_timeout 5000 ' \
	"$tmp/show"
ip -j -d link show cvsw0 >"$tmp/json"
check "ip -j -d link show: info_data with numbers" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))[0]["linkinfo"]["info_data"]
sys.exit(0 if d == {"lower": "ipv0", "sclp_tx_mode": "sw", "sclp_tx": "sw",
		    "reasm_max_mem": 1048576, "reasm_timeout": 5000} else 1)' "$tmp/json"
"$ctl" -j dev show dev cvsw0 >"$tmp/dev"
check "cvsw-ctl dev show agrees" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))[0]
sys.exit(0 if (d["lower"], d["sclp_tx_mode"], d["reasm_max_mem"], d["reasm_timeout_ms"]) ==
	 ("ipv0", "sw", 1048576, 5000) else 1)' "$tmp/dev"

check "ip link set ... type cvsw sclp_tx_mode gso" ip link set cvsw0 type cvsw sclp_tx_mode gso
ip -d link show cvsw0 >"$tmp/show2"
check "the new mode is shown" grep -q 'sclp_tx_mode gso' "$tmp/show2"
# AUTO follows sclp_offload.ko: cvsw segments itself until a GSO callback exists.
ip link set cvsw0 type cvsw sclp_tx_mode auto
ip -d link show cvsw0 >"$tmp/show3"
check "auto without sclp_offload.ko: sclp_tx sw" grep -q 'sclp_tx_mode auto sclp_tx sw ' "$tmp/show3"
insmod "$CVSW_MODDIR/sclp_offload.ko"
on_exit "rmmod sclp_offload"
ip -d link show cvsw0 >"$tmp/show4"
check "auto with sclp_offload.ko: sclp_tx gso" grep -q 'sclp_tx_mode auto sclp_tx gso ' "$tmp/show4"

# rc ERRFILE command...: exit code of the command, its stderr into ERRFILE.
rc_of() {
	local f=$1 rc=0
	shift
	"$@" 2>"$f" >/dev/null || rc=$?
	echo "$rc"
}
add_c1() { # ERRFILE ARGS...: ip link add c1 type cvsw ARGS, its exit code
	rc_of "$1" ip link add c1 type cvsw "${@:2}"
}
check_eq "bad tx mode: ip's usage exit code" "$(add_c1 "$tmp/e1" lower ipv1 sclp_tx_mode fast)" 255
check "bad tx mode: message" \
	grep -q 'Error: argument "fast" is wrong: sclp_tx_mode is auto, gso or sw' "$tmp/e1"
check_eq "missing lower: exit 255" "$(add_c1 "$tmp/e2" lower nosuch0)" 255
check "missing lower: message" \
	grep -q 'Error: argument "nosuch0" is wrong: device not found' "$tmp/e2"
check_eq "timeout out of range: kernel refuses" "$(add_c1 "$tmp/e3" lower ipv1 reasm_timeout 1)" 2
check "timeout out of range: kernel's message" grep -q 'reassembly timeout' "$tmp/e3"
check_eq "unknown option: refused" "$(add_c1 "$tmp/e4" lower ipv1 frob)" 1
check "unknown option: named" grep -q 'unknown option "frob"' "$tmp/e4"
check_fail "no device left behind by the failures" ip link show c1
ip link add c1 type cvsw help >"$tmp/help" 2>&1 || true
check "help" grep -q '^Usage: ... cvsw \[ lower DEV \]' "$tmp/help"
