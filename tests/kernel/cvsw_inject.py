#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Malformed tunnel traffic for cvsw_malformed.sh, sent raw on an interface.

  cvsw_inject.py IFACE DSTMAC CASE [N]

Frames go from 192.0.2.1 to 192.0.2.2 (IPv4, SCLP = IP protocol 234 to SCLP
port 4789, or UDP to 4789), built byte by byte here (struct) so that every
field, including the ones a well-behaved stack would fix, is what the case
says. Each case sends a known number of frames and prints it.

Cases (N = repetitions, default 1):
  trunc_sclp N    IP payload of 5 bytes: shorter than the SCLP header
  trunc_vxlan N   UDP to 4789 with a 4-byte payload (valid UDP checksum)
  bad_csum_sclp N one-piece SCLP payload with a wrong checksum
  bad_csum_udp N  VXLAN with a wrong UDP checksum
  vni VNI N       valid VXLAN, VNI VNI, inner ICMP echo 10.0.0.1 -> 10.0.0.2
  sclp_vni VNI N  the same as one-piece VXLAN-over-SCLP
  rem_lie N       first segment of 100 bytes claiming 65500 more (over 64 KiB)
  held            a first segment whose other 1000 bytes never come
  inconsistent    first (100 bytes, 200 more), then a last of 500: beyond the size
  overlap         two non-first segments overlapping by 50 bytes
  duplicate       the same non-first segment twice
  flood N         N first segments with fresh ids (1000 bytes, 1000 more each)
  stale SPORT DPORT ID COUNT
                  pieces of an "older" payload for each of the COUNT ids from ID on,
                  with the ports a real sender uses: even offsets a last piece (1000
                  random bytes, remaining 0), odd offsets a first of 200 random bytes
                  announcing 5000 more. A new payload that reuses the id must not take
                  them in (cvsw_reasm_reuse.sh)

The source address is 192.0.2.1, or $CVSW_INJ_SRC.
"""
import os
import socket
import struct
import sys

SRC = socket.inet_aton(os.environ.get("CVSW_INJ_SRC", "192.0.2.1"))
DST = bytes([192, 0, 2, 2])
SCLP_PROTO = 234


def fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def csum(data, start=0):
    if len(data) % 2:
        data += b"\0"
    s = start + sum(struct.unpack("!%dH" % (len(data) // 2), data))
    return (~fold(s)) & 0xFFFF


def ipv4(proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000, 64,
                      proto, 0, SRC, DST)
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + payload


def udp(dport, payload, bad=False):
    length = 8 + len(payload)
    pseudo = SRC + DST + struct.pack("!BBH", 0, 17, length)
    hdr = struct.pack("!HHHH", 50000, dport, length, 0)
    c = csum(pseudo + hdr + payload) or 0xFFFF
    if bad:
        c ^= 0x5A5A
    return struct.pack("!HHHH", 50000, dport, length, c) + payload


def sclp(ident, first, rem, payload, bad=False, sport=50000, dport=4789):
    hdr = struct.pack("!HHIHH", sport, dport, ((ident << 1) | first) & 0xFFFFFFFF, rem, 0)
    c = csum(hdr + payload)
    if bad:
        c ^= 0x5A5A
    return hdr[:10] + struct.pack("!H", c) + payload


def vxlan(vni):
    return struct.pack("!II", 0x08000000, vni << 8)


def inner_icmp():
    icmp = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1) + b"cvsw" * 8
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 7, 0, 64, 1, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00" + ip + icmp


def flood(n):
    """n first segments differing only in id: the checksum is updated, not recomputed."""
    tmpl = ipv4(SCLP_PROTO, sclp(0, 1, 1000, vxlan(42) + bytes(992)))
    base = (~struct.unpack_from("!H", tmpl, 30)[0]) & 0xFFFF  # sum with the id word = 1
    out = []
    for i in range(n):
        word = ((100000 + i) << 1) | 1
        c = (~fold(base - 1 + (word >> 16) + (word & 0xFFFF))) & 0xFFFF
        out.append(tmpl[:24] + struct.pack("!I", word) + tmpl[28:30] + struct.pack("!H", c) +
                   tmpl[32:])
    return out


def stale(sport, dport, ident, count):
    out = []
    for i in range(count):
        n = (ident + i) & 0x7FFFFFFF
        if i % 2 == 0:
            piece = sclp(n, 0, 0, os.urandom(1000), sport=sport, dport=dport)
        else:
            piece = sclp(n, 1, 5000, os.urandom(200), sport=sport, dport=dport)
        out.append(ipv4(SCLP_PROTO, piece))
    return out


def frames(case, args):
    n = int(args[-1]) if args else 1
    if case == "trunc_sclp":
        return [ipv4(SCLP_PROTO, b"\1\2\3\4\5")] * n
    if case == "trunc_vxlan":
        return [ipv4(17, udp(4789, b"\x08\0\0\0"))] * n
    if case == "bad_csum_sclp":
        return [ipv4(SCLP_PROTO, sclp(100, 1, 0, vxlan(42) + inner_icmp(), bad=True))] * n
    if case == "bad_csum_udp":
        return [ipv4(17, udp(4789, vxlan(42) + inner_icmp(), bad=True))] * n
    if case == "vni":
        vni, n = int(args[0]), int(args[1])
        return [ipv4(17, udp(4789, vxlan(vni) + inner_icmp()))] * n
    if case == "sclp_vni":
        vni, n = int(args[0]), int(args[1])
        return [ipv4(SCLP_PROTO, sclp(200 + i, 1, 0, vxlan(vni) + inner_icmp()))
                for i in range(n)]
    if case == "rem_lie":
        return [ipv4(SCLP_PROTO, sclp(300 + i, 1, 65500, bytes(100))) for i in range(n)]
    if case == "held":
        return [ipv4(SCLP_PROTO, sclp(400, 1, 1000, vxlan(42) + bytes(92)))]
    if case == "inconsistent":
        return [ipv4(SCLP_PROTO, sclp(500, 1, 200, vxlan(42) + bytes(92))),
                ipv4(SCLP_PROTO, sclp(500, 0, 0, bytes(500)))]
    if case == "overlap":
        return [ipv4(SCLP_PROTO, sclp(600, 0, 100, bytes(100))),
                ipv4(SCLP_PROTO, sclp(600, 0, 150, bytes(100)))]
    if case == "duplicate":
        return [ipv4(SCLP_PROTO, sclp(700, 0, 100, bytes(100)))] * 2
    if case == "flood":
        return flood(n)
    if case == "stale":
        return stale(*[int(a) for a in args[:4]])
    raise SystemExit("unknown case " + case)


def send(frames_of):
    """Send the frames of CASE (argv: IFACE DSTMAC CASE [ARGS]) on IFACE; print the count."""
    if len(sys.argv) < 4:
        raise SystemExit(sys.modules["__main__"].__doc__)
    iface, dmac, case = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", "")), sys.argv[3]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    smac = s.getsockname()[4][:6]
    eth = dmac + smac + b"\x08\x00"
    sent = 0
    for f in frames_of(case, sys.argv[4:]):
        s.send(eth + f)
        sent += 1
    print(sent)


if __name__ == "__main__":
    send(frames)
