#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check the SCLP header rules (paper section 4) for every payload in a pcap.

Segments are grouped by (IP source, IP destination, identification with F
masked off). For each group (one SCLP payload):
  - exactly one segment has F (first) set;
  - the payload length L is the first segment's length + its remaining field;
  - each segment's "remaining" is the number of payload bytes after it, so
    its offset is L - remaining - length; sorted by offset the segments
    start at 0 with the F segment, leave no gap, do not overlap, and end at
    L (the last has remaining 0);
  - every checksum (one's complement over SCLP header + payload, no IP
    pseudo-header) is valid, and no segment is truncated by the capture.
IPv4 fragments and IPv6 Fragment headers carrying SCLP are violations too.

Output: one "violation: ..." line per problem, then a summary line
"payloads=N segments=M ok" (exit 0) or "payloads=N segments=M violations=K"
(exit 1). Exit 2 for usage errors or an unreadable capture.
"""
import argparse
import hashlib
import struct
import sys

# Debian's python3-scapy lives in /usr/lib/python3/dist-packages: run this with
# /usr/bin/python3 (the shebang), not a pyenv/venv interpreter without scapy.
try:
    from scapy.all import IP, IPv6, PcapReader  # noqa: E402
except ImportError:
    sys.stderr.write("sclp-check: python3-scapy is required (apt-get install python3-scapy)\n")
    sys.exit(2)

SCLP_HLEN = 12
IPV6_EXT_WALK = (0, 43, 60)  # hop-by-hop, routing, destination options
IPV6_FRAGMENT = 44


def csum_ok(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s == 0xFFFF


def sclp_of(pkt, proto):
    """Return (src, dst, sclp_bytes, truncated, why_not) for an SCLP packet, else None."""
    if IP in pkt:
        ip = pkt[IP]
        if ip.proto != proto:
            return None
        raw = bytes(ip)
        hl = ip.ihl * 4
        end = ip.len
        frag = ip.flags.MF or ip.frag
        data = raw[hl:end]
        trunc = len(raw) < end
        return ip.src, ip.dst, data, trunc, "IPv4-fragmented" if frag else None
    if IPv6 in pkt:
        ip6 = pkt[IPv6]
        raw = bytes(ip6)
        nh, off, frag = ip6.nh, 40, False
        end = 40 + ip6.plen
        while nh in IPV6_EXT_WALK + (IPV6_FRAGMENT,) and off + 8 <= len(raw):
            if nh == IPV6_FRAGMENT:
                frag, hlen = True, 8
            else:
                hlen = (raw[off + 1] + 1) * 8
            nh, off = raw[off], off + hlen
        if nh != proto:
            return None
        return (ip6.src, ip6.dst, raw[off:end], len(raw) < end,
                "IPv6-fragmented" if frag else None)
    return None


def main():
    ap = argparse.ArgumentParser(
        prog="sclp-check.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example: sclp-check.py --expect-payloads 1 --expect-segments 3 "
               "--expect-payload-len 4000 --sha256 cap.pcap")
    ap.add_argument("pcap", help="capture file (pcap or pcapng, any link type scapy decodes)")
    ap.add_argument("--proto", type=int, default=234,
                    help="IP protocol number of SCLP (default 234)")
    ap.add_argument("--expect-segments", type=int, metavar="N",
                    help="every payload must have exactly N segments")
    ap.add_argument("--expect-payload-len", type=int, metavar="L",
                    help="every reassembled payload must be exactly L bytes")
    ap.add_argument("--expect-payloads", type=int, metavar="P",
                    help="the capture must hold exactly P payloads")
    ap.add_argument("--sha256", action="store_true",
                    help='print "sha256 <hex> len=<L> <src> > <dst> id=0x<id>" '
                         "per complete payload, in capture order")
    args = ap.parse_args()

    groups = {}  # key -> list of (first, rem, payload bytes); insertion = capture order
    problems = []
    nseg = 0
    try:
        reader = PcapReader(args.pcap)
    except Exception as e:  # scapy raises several types for unreadable files
        sys.stderr.write("sclp-check: cannot read %s: %s\n" % (args.pcap, e))
        return 2
    with reader:
        for i, pkt in enumerate(reader, 1):
            got = sclp_of(pkt, args.proto)
            if got is None:
                continue
            src, dst, data, trunc, bad_ip = got
            nseg += 1
            where = "frame %d %s > %s" % (i, src, dst)
            if bad_ip:
                problems.append("%s: %s SCLP packet" % (where, bad_ip))
                continue
            if trunc:
                problems.append("%s: truncated by the capture (snaplen)" % where)
                continue
            if len(data) < SCLP_HLEN:
                problems.append("%s: %d bytes, shorter than the SCLP header" % (where, len(data)))
                continue
            _sp, _dp, word, rem, _ck = struct.unpack("!HHIHH", data[:SCLP_HLEN])
            if not csum_ok(data):
                problems.append("%s id=0x%08x: bad checksum" % (where, word & 0xFFFFFFFE))
            key = (src, dst, word & 0xFFFFFFFE)
            groups.setdefault(key, []).append((word & 1, rem, data[SCLP_HLEN:], i))

    for (src, dst, ident), segs in groups.items():
        name = "%s > %s id=0x%08x" % (src, dst, ident)
        firsts = [s for s in segs if s[0]]
        if len(firsts) != 1:
            problems.append("%s: %d segments with F set (want 1)" % (name, len(firsts)))
            continue
        total = firsts[0][1] + len(firsts[0][2])
        placed = []
        ok = True
        for first, rem, pl, frame in segs:
            off = total - rem - len(pl)
            if off < 0:
                problems.append("%s: frame %d remaining=%d + %d bytes exceeds the payload "
                                "length %d from the F segment" % (name, frame, rem, len(pl), total))
                ok = False
            placed.append((off, -first, len(pl), frame, pl))
        if not ok:
            continue
        placed.sort()
        pos = 0
        for off, negfirst, ln, frame, _pl in placed:
            if off > pos:
                problems.append("%s: gap of %d bytes at offset %d (before frame %d)"
                                % (name, off - pos, pos, frame))
                ok = False
            elif off < pos:
                problems.append("%s: frame %d overlaps at offset %d (remaining field wrong "
                                "or duplicate)" % (name, frame, off))
                ok = False
            pos = max(pos, off + ln)
        if pos != total:
            problems.append("%s: payload ends at %d of %d bytes (missing last segment)"
                            % (name, pos, total))
            ok = False
        if args.expect_segments is not None and len(segs) != args.expect_segments:
            problems.append("%s: %d segments, expected %d"
                            % (name, len(segs), args.expect_segments))
        if args.expect_payload_len is not None and total != args.expect_payload_len:
            problems.append("%s: payload of %d bytes, expected %d"
                            % (name, total, args.expect_payload_len))
        if ok and args.sha256:
            payload = b"".join(p[4] for p in placed)
            print("sha256 %s len=%d %s" % (hashlib.sha256(payload).hexdigest(), total, name))

    if args.expect_payloads is not None and len(groups) != args.expect_payloads:
        problems.append("%d payloads, expected %d" % (len(groups), args.expect_payloads))
    for p in problems:
        print("violation: " + p)
    summary = "payloads=%d segments=%d" % (len(groups), nseg)
    if problems:
        print("%s violations=%d" % (summary, len(problems)))
        return 1
    print(summary + " ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
