#!/usr/bin/env python3
"""Receive side of the sclp_offload kernel tests.

Opens a socket, runs --trigger (a shell command that makes sclp_inject.ko
send), reads until the trigger has exited and nothing arrived for --idle
seconds, then checks what arrived and prints "key value" lines for the
test script to assert on.

  capture: AF_PACKET on --iface, every IPv4/IPv6 frame of --proto; checks the
           segments of ONE super-packet (id, F, rem, checksums, IP lengths,
           payload sha256 against the pattern).
  raw:     socket(AF_INET or AF_INET6, SOCK_RAW, --proto); counts packets
           with a bad checksum, and checks that every other packet (merged or
           not) is self-consistent: id in range, payload equal to the pattern
           at the offset its rem implies, F set exactly when that offset is 0.

The payload pattern is sclp_inject.ko's: byte i of the packet sent with seed
s is (s * 31 + i * 7 + (i >> 8)) & 0xff; packet k of a burst has id + k and
seed + k. SCLP header: sport, dport, id << 1 | F, remaining, checksum (one's
complement over header and payload, no pseudo-header).
"""
import argparse
import hashlib
import select
import socket
import struct
import subprocess
import sys
import time

SCLP_HLEN = 12
SO_RCVBUFFORCE = 33
ETH_P_ALL = 3

_patterns = {}


def pattern(seed, n):
    key = (seed, n)
    if key not in _patterns:
        _patterns[key] = bytes((seed * 31 + i * 7 + (i >> 8)) & 0xff for i in range(n))
    return _patterns[key]


def csum_ok(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s == 0xFFFF


def sclp(b):
    sport, dport, idw, rem, check = struct.unpack("!HHIHH", b[:SCLP_HLEN])
    return {"sport": sport, "dport": dport, "id": idw >> 1, "F": idw & 1,
            "rem": rem, "check": check, "csum_ok": csum_ok(b), "payload": b[SCLP_HLEN:]}


def collect(sock, trigger, idle, max_time):
    """Packets read while the trigger runs and until idle seconds of quiet."""
    proc = subprocess.Popen(trigger, shell=True)
    pkts, last, start = [], time.time(), time.time()
    while time.time() - start < max_time:
        r, _, _ = select.select([sock], [], [], 0.2)
        if r:
            pkts.append(sock.recv(1 << 17))
            last = time.time()
        elif proc.poll() is not None and time.time() - last > idle:
            break
    rc = proc.wait()
    return pkts, rc


def parse_frame(f, proto):
    """SCLP packet of an Ethernet frame, with IP length checks, or None."""
    etype = struct.unpack("!H", f[12:14])[0]
    l3 = f[14:]
    if etype == 0x0800 and len(l3) >= 20 and l3[9] == proto:
        ihl = (l3[0] & 15) * 4
        pkt = sclp(l3[ihl:struct.unpack("!H", l3[2:4])[0]])
        pkt["iplen_ok"] = struct.unpack("!H", l3[2:4])[0] == len(l3) and \
            csum_ok(l3[:ihl])  # GSO rewrote tot_len: the header checksum too
        return pkt
    if etype == 0x86DD and len(l3) >= 40 and l3[6] == proto:
        plen = struct.unpack("!H", l3[4:6])[0]
        pkt = sclp(l3[40:40 + plen])
        pkt["iplen_ok"] = plen == len(l3) - 40
        return pkt
    return None


def cmd_capture(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
    s.bind((a.iface, 0))
    frames, rc = collect(s, a.trigger, a.idle, a.max_time)
    segs = [p for p in (parse_frame(f, a.proto) for f in frames) if p]
    want = pattern(a.seed, a.len)
    after, rem_ok = a.len, True
    for p in segs:
        after -= len(p["payload"])
        rem_ok &= p["rem"] == a.rem + after
    data = b"".join(p["payload"] for p in segs)
    print("trigger_rc", rc)
    print("segments", len(segs))
    print("ids", ",".join(sorted({str(p["id"]) for p in segs})))
    print("first_flags", "".join(str(p["F"]) for p in segs))
    print("rem_ok", int(rem_ok and after == 0))
    print("csum_bad", sum(not p["csum_ok"] for p in segs))
    # check 0: left for the device (CHECKSUM_PARTIAL); veth delivers it unfilled
    print("check_zero", sum(p["check"] == 0 for p in segs))
    print("iplen_bad", sum(not p["iplen_ok"] for p in segs))
    print("full_mss", sum(len(p["payload"]) == a.mss for p in segs))
    print("sizes", ",".join(str(len(p["payload"])) for p in segs))
    print("sha_ok", int(hashlib.sha256(data).digest() == hashlib.sha256(want).digest()))


def cmd_raw(a):
    fam = socket.AF_INET6 if a.family == 6 else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_RAW, a.proto)
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
    datagrams, rc = collect(s, a.trigger, a.idle, a.max_time)
    pkts = []
    for d in datagrams:
        if fam == socket.AF_INET:  # IPv4 raw sockets see the IP header
            d = d[(d[0] & 15) * 4:]
        pkts.append(sclp(d))
    bad = csum_bad = merged = 0
    covered = {}
    for p in pkts:
        n = len(p["payload"])
        off = a.len + a.rem - p["rem"] - n
        if not p["csum_ok"]:  # a receiver drops these; GRO must not merge them
            csum_bad += 1
            continue
        merged += n > a.mss
        # packet k of the burst has id + k * idstep and seed + k
        ks = [k for k in range(a.count) if a.id + k * a.idstep == p["id"]]
        ks = [k for k in ks if off >= 0 and p["F"] == (off == 0) and
              p["payload"] == pattern(a.seed + k, a.len)[off:off + n]]
        if not ks:
            bad += 1
            continue
        covered.setdefault(ks[0], set()).update(range(off, off + n))
    sizes = sorted(len(p["payload"]) for p in pkts)
    print("trigger_rc", rc)
    print("packets", len(pkts))
    print("merged", merged)
    print("max_payload", sizes[-1] if sizes else 0)
    print("inconsistent", bad)
    print("csum_bad", csum_bad)
    print("complete_ids", sum(len(c) == a.len for c in covered.values()))
    print("sizes", ",".join(map(str, sizes)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["capture", "raw"])
    ap.add_argument("--trigger", required=True)
    ap.add_argument("--iface")
    ap.add_argument("--family", type=int, default=4)
    ap.add_argument("--proto", type=int, default=234)
    ap.add_argument("--len", type=int, required=True)
    ap.add_argument("--mss", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--id", type=int, default=1)
    ap.add_argument("--rem", type=int, default=0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--idstep", type=int, default=1)
    ap.add_argument("--idle", type=float, default=1.5)
    ap.add_argument("--max-time", type=float, default=60)
    a = ap.parse_args()
    (cmd_capture if a.mode == "capture" else cmd_raw)(a)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
