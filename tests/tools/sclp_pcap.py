# SPDX-License-Identifier: GPL-2.0
"""SCLP packets for the host-side tool tests (test_dissector.sh, test_sclp_check.sh).

Written from the paper's section 4 and proto/sclp.h, independently of the
code under test: 12-byte header, F in the least significant bit of the id
word, remaining = payload bytes after this segment, checksum over header and
payload without pseudo-header.
"""
import struct

from scapy.all import IP, IPv6, Ether, Raw, wrpcap  # noqa: F401 (re-exported)

PROTO = 234


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def segment(sport, dport, ident, first, rem, payload, bad_csum=False):
    """One SCLP header + payload; ident is the 31-bit value (word = ident << 1 | F)."""
    word = (ident << 1) | (1 if first else 0)
    hdr = struct.pack("!HHIHH", sport, dport, word, rem, 0)
    ck = csum(hdr + payload)
    if bad_csum:
        ck ^= 0x5A5A
    return hdr[:10] + struct.pack("!H", ck) + payload


def split(sport, dport, ident, payload, mss):
    """The segments of one payload, in order."""
    out = []
    for off in range(0, max(len(payload), 1), mss):
        chunk = payload[off:off + mss]
        out.append(segment(sport, dport, ident, off == 0, len(payload) - off - len(chunk), chunk))
    return out


def pattern(n, seed=0):
    return bytes((i * 7 + seed) & 0xFF for i in range(n))


def v4(sclp, src="192.0.2.1", dst="192.0.2.2", proto=PROTO):
    return Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / \
        IP(src=src, dst=dst, proto=proto, flags="DF") / Raw(sclp)


def v6(sclp, src="2001:db8::1", dst="2001:db8::2", proto=PROTO):
    return Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / \
        IPv6(src=src, dst=dst, nh=proto) / Raw(sclp)
