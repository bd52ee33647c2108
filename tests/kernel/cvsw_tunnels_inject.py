#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Malformed NVGRE, Geneve and STT traffic for cvsw_tunnels_malformed.sh, sent raw.

  cvsw_tunnels_inject.py IFACE DSTMAC CASE [ARG] [N]

Frames go from 192.0.2.1 to 192.0.2.2 (IPv4), built byte by byte (struct) so
that every field is what the case says; checksums are right unless the case
is about them. Each case sends a known number of frames and prints it.

  nvgre_trunc N     GRE protocol 0x6558 with a 4-byte GRE header only
  nvgre_ver N       GRE version 1
  nvgre_csum N      C bit set (NVGRE forbids checksums)
  nvgre_nokey N     K bit clear
  nvgre_vsid V N    valid NVGRE, VSID V, inner ICMP echo 10.0.0.1 -> 10.0.0.2
  geneve_trunc N    UDP 6081 with a 4-byte payload
  geneve_ver N      Geneve version 1
  geneve_proto N    protocol 0x0800 instead of 0x6558
  geneve_optlen N   Opt Len claims 252 option bytes, the packet has 8
  geneve_opttlv N   an option TLV whose length runs past Opt Len
  geneve_crit N     a critical option (type 0x80)
  geneve_csum N     wrong UDP checksum
  geneve_vni V N    valid Geneve, VNI V, one option, inner ICMP echo
  stt_trunc N       TCP to 7471 with a header and no data
  stt_csum N        one-segment STT frame with a wrong TCP checksum
  stt_ver N         one-segment STT frame of version 1
  stt_offlie N      offset (seq low 16 bits) beyond the frame length
  stt_ctx C N       valid one-segment STT frame, context id C, inner ICMP echo
  stt_inconsistent  first segment of a 300-byte frame, then one placing itself in 1000
  stt_overlap       two non-first segments overlapping by 50 bytes
  stt_duplicate     the same non-first segment twice
  stt_held          a first segment whose other 1000 bytes never come
  stt_flood N       N first segments with fresh packet ids (1000 bytes, 1000 more each)
"""
import struct

# Checksums, the outer IPv4 header, the inner frame and sending: shared with cvsw_inject.py.
from cvsw_inject import DST, SRC, csum, inner_icmp, ipv4, send


def l4csum(proto, seg, off):
    """Fill the checksum at off of an L4 segment over the pseudo-header."""
    pseudo = SRC + DST + struct.pack("!BBH", 0, proto, len(seg))
    c = csum(pseudo + seg[:off] + b"\0\0" + seg[off + 2:])
    if proto == 17:
        c = c or 0xFFFF
    return seg[:off] + struct.pack("!H", c) + seg[off + 2:]


def udp(dport, payload, bad=False):
    seg = l4csum(17, struct.pack("!HHHH", 50000, dport, 8 + len(payload), 0) + payload, 6)
    if bad:
        seg = seg[:6] + struct.pack("!H", struct.unpack_from("!H", seg, 6)[0] ^ 0x5A5A) + seg[8:]
    return seg


def gre(flags_ver, key, payload, proto=0x6558):
    hdr = struct.pack("!HH", flags_ver, proto)
    if flags_ver & 0x8000:
        hdr += b"\0\0\0\0"
    if key is not None:
        hdr += struct.pack("!I", key)
    return ipv4(47, hdr + payload)


def geneve(vni, opts=b"", proto=0x6558, ver=0, optlen=None, flags=0):
    words = len(opts) // 4 if optlen is None else optlen
    return struct.pack("!BBHI", (ver << 6) | words, flags, proto, vni << 8) + opts


OPT = struct.pack("!HBB", 0x0102, 0x01, 1) + b"\xde\xad\xbe\xef"


def stt_seg(pkt_id, frame_len, offset, data, bad=False):
    tcp = struct.pack("!HHIIBBHHH", 50000, 7471, (frame_len << 16) | offset, pkt_id,
                      5 << 4, 0x18, 65535, 0, 0) + data
    seg = l4csum(6, tcp, 16)
    if bad:
        seg = seg[:16] + struct.pack("!H", struct.unpack_from("!H", seg, 16)[0] ^ 0x5A5A) + \
            seg[18:]
    return ipv4(6, seg)


def stt_frame(ctx, inner, ver=0):
    return struct.pack("!BBBBHHQ2s", ver, 0, 0, 0, 0, 0, ctx, b"\0\0") + inner


def one_seg(pkt_id, frame, bad=False):
    return stt_seg(pkt_id, len(frame), 0, frame, bad)


def frames(case, args):
    n = int(args[-1]) if args else 1
    icmp = inner_icmp()
    if case == "nvgre_trunc":
        return [ipv4(47, struct.pack("!HH", 0x2000, 0x6558))] * n
    if case == "nvgre_ver":
        return [gre(0x2001, 42 << 8, icmp)] * n
    if case == "nvgre_csum":
        return [gre(0xA000, 42 << 8, icmp)] * n
    if case == "nvgre_nokey":
        return [gre(0x0000, None, icmp + bytes(4))] * n
    if case == "nvgre_vsid":
        return [gre(0x2000, int(args[0]) << 8, icmp)] * n
    if case == "geneve_trunc":
        return [ipv4(17, udp(6081, b"\0\0\x65\x58"))] * n
    if case == "geneve_ver":
        return [ipv4(17, udp(6081, geneve(42, ver=1) + icmp))] * n
    if case == "geneve_proto":
        return [ipv4(17, udp(6081, geneve(42, proto=0x0800) + icmp))] * n
    if case == "geneve_optlen":
        return [ipv4(17, udp(6081, geneve(42, OPT, optlen=63)))] * n
    if case == "geneve_opttlv":
        bad = struct.pack("!HBB", 0x0102, 0x01, 5) + b"\xde\xad\xbe\xef"
        return [ipv4(17, udp(6081, geneve(42, bad) + icmp))] * n
    if case == "geneve_crit":
        crit = struct.pack("!HBB", 0x0102, 0x81, 1) + b"\xde\xad\xbe\xef"
        return [ipv4(17, udp(6081, geneve(42, crit, flags=0x40) + icmp))] * n
    if case == "geneve_csum":
        return [ipv4(17, udp(6081, geneve(42, OPT) + icmp, bad=True))] * n
    if case == "geneve_vni":
        return [ipv4(17, udp(6081, geneve(int(args[0]), OPT) + icmp))] * n
    if case == "stt_trunc":
        return [stt_seg(1, 100, 0, b"")] * n
    if case == "stt_csum":
        return [one_seg(2, stt_frame(42, icmp), bad=True)] * n
    if case == "stt_ver":
        return [one_seg(3 + i, stt_frame(42, icmp, ver=1)) for i in range(n)]
    if case == "stt_offlie":
        return [stt_seg(10, 100, 200, bytes(50))] * n
    if case == "stt_ctx":
        return [one_seg(100 + i, stt_frame(int(args[0]), icmp)) for i in range(n)]
    if case == "stt_inconsistent":
        return [stt_seg(500, 300, 0, stt_frame(42, bytes(82))),
                stt_seg(500, 1000, 500, bytes(100))]
    if case == "stt_overlap":
        return [stt_seg(600, 1000, 800, bytes(100)), stt_seg(600, 1000, 750, bytes(100))]
    if case == "stt_duplicate":
        return [stt_seg(700, 1000, 800, bytes(100))] * 2
    if case == "stt_held":
        return [stt_seg(800, 1100, 0, stt_frame(42, bytes(82)))]
    if case == "stt_flood":
        return [stt_seg(100000 + i, 2000, 0, stt_frame(42, bytes(982))) for i in range(n)]
    raise SystemExit("unknown case " + case)


if __name__ == "__main__":
    send(frames)
