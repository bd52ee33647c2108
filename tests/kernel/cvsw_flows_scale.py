#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Rules and traffic for cvsw_flows_scale.sh (cvsw transmit path, VXLAN).

  cvsw_flows_scale.py gen FILE RANGE...
      One rule per line for every id of the RANGEs (A-B: ids A..B-1).
  cvsw_flows_scale.py probe NS_TX DEV_TX NS_RX DEV_RX COUNT RANGE...
      One frame for each of COUNT ids spread over the RANGEs, sent on DEV_TX
      (cvsw0) in netns NS_TX; every frame must come out of the lower
      encapsulated as its rule says (outer IPv4 destination, VXLAN VNI, inner
      destination MAC and tag), captured on DEV_RX in NS_RX.
      Prints "sent S ok K bad B lost L".
  cvsw_flows_scale.py stream NS_TX DEV_TX NS_RX DEV_RX STOPFILE COUNT RANGE...
      Frames for COUNT ids of the RANGEs, round robin, about 4000 per second,
      until STOPFILE exists (then 1 s to drain). Every frame carries a sequence
      number. Prints "sent S received R bad B sockdrops D".
  cvsw_flows_scale.py blast NS_TX DEV_TX SECONDS COUNT RANGE...
      As fast as one Python process can send (the pktgen fallback).
      Prints "sent S".

Rule of id i (ids below 2**24): destination MAC 02:00:00 + 24-bit i, VNI i + 1,
remote 192.0.2.(10 + i % 8), and one of four masks (i % 4), each with its own
priority: dl_dst; ip,dl_dst; udp,dl_dst; udp,tp_dst=9,dl_dst (all in_port=local).
The frames are IPv4/UDP to port 9, so every mask matches its id's frames, and
pktgen's default frames (UDP port 9) with dst_mac = 02:00:00:00:00:00 and
dst_mac_count N walk ids 0..N-1.
"""
import ctypes
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
SOL_PACKET, PACKET_STATISTICS = 263, 6
SO_RCVBUFFORCE = 33
TAG = b"CVSWSCALE"
MASKS = ("priority=100,in_port=local,dl_dst=%s",
         "priority=200,in_port=local,ip,dl_dst=%s",
         "priority=300,in_port=local,udp,dl_dst=%s",
         "priority=400,in_port=local,udp,tp_dst=9,dl_dst=%s")
libc = ctypes.CDLL(None, use_errno=True)


def mac(i):
    return bytes([2, 0, 0, (i >> 16) & 255, (i >> 8) & 255, i & 255])


def mac_text(i):
    return ":".join("%02x" % b for b in mac(i))


def vni(i):
    return i + 1


def remote(i):
    return bytes([192, 0, 2, 10 + i % 8])


def rule(i):
    return (MASKS[i % 4] % mac_text(i) +
            ",actions=encap(vxlan,vni=%d,remote=%s),output" % (vni(i), socket.inet_ntoa(remote(i))))


def ids_of(ranges):
    out = []
    for r in ranges:
        a, b = (int(x) for x in r.split("-"))
        out.extend(range(a, b))
    return out


def spread(ids, count):
    """COUNT ids evenly over ids; the k-th shifted by k % 4 so that every mask is used."""
    if count >= len(ids):
        return list(ids)
    step = len(ids) / count
    return [ids[min(int(k * step) + k % 4, len(ids) - 1)] for k in range(count)]


def setns(name):
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            e = ctypes.get_errno()
            raise OSError(e, "setns %s: %s" % (name, os.strerror(e)))
    finally:
        os.close(fd)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def frame(i, seq):
    payload = TAG + struct.pack("!II", i, seq) + bytes(14)
    src, dst = bytes([10, 0, 0, 1]), bytes([10, 1, 0, 2])
    u = struct.pack("!HHHH", 12345, 9, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(u), seq & 0xFFFF, 0x4000, 64, 17, 0,
                     src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return mac(i) + bytes([2, 0xAA, 0, 0, 0, 1]) + b"\x08\x00" + ip + u


def decode(f):
    """(outer dst, vni, inner dst mac, id, seq) of a VXLAN frame with our tag, else None."""
    if len(f) < 14 + 20 + 8 + 8 + 14 or f[12:14] != b"\x08\x00":
        return None
    ihl = (f[14] & 15) * 4
    if f[14 + 9] != 17:
        return None
    odst = f[14 + 16:14 + 20]
    u = 14 + ihl
    if struct.unpack("!H", f[u + 2:u + 4])[0] != 4789:
        return None
    vx = u + 8
    v = struct.unpack("!I", f[vx + 4:vx + 8])[0] >> 8
    inner = f[vx + 8:]
    k = inner.find(TAG)
    if k < 0 or len(inner) < k + len(TAG) + 8:
        return None
    i, seq = struct.unpack("!II", inner[k + len(TAG):k + len(TAG) + 8])
    return odst, v, inner[0:6], i, seq


def good(d):
    odst, v, imac, i, _ = d
    return odst == remote(i) and v == vni(i) and imac == mac(i)


def sockets(ns_tx, dev_tx, ns_rx, dev_rx):
    rx = None
    if ns_rx:
        setns(ns_rx)
        rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        try:
            rx.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
        except OSError:
            rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 20)
        rx.bind((dev_rx, ETH_P_ALL))
        rx.setblocking(False)
    setns(ns_tx)
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx.bind((dev_tx, 0))
    return tx, rx


def drain(rx, seen, bad, until):
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return
        r, _, _ = select.select([rx], [], [], left)
        if not r:
            continue
        while True:
            try:
                f = rx.recv(65536)
            except BlockingIOError:
                break
            d = decode(f)
            if d is None:
                continue
            if good(d):
                seen.add((d[3], d[4]))
            else:
                bad.append(d)


def sockdrops(rx):
    _, drops = struct.unpack("II", rx.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
    return drops


def cmd_gen(args):
    with open(args[0], "w") as f:
        f.write("# cvsw_flows_scale.py gen %s\n" % " ".join(args[1:]))
        for i in ids_of(args[1:]):
            f.write(rule(i) + "\n")


def cmd_probe(args):
    ns_tx, dev_tx, ns_rx, dev_rx, count = args[:5]
    ids = spread(ids_of(args[5:]), int(count))
    tx, rx = sockets(ns_tx, dev_tx, ns_rx, dev_rx)
    seen, bad = set(), []
    for n, i in enumerate(ids):
        tx.send(frame(i, n))
        if n % 16 == 15:
            drain(rx, seen, bad, time.monotonic() + 0.01)
    drain(rx, seen, bad, time.monotonic() + 2)
    ok = sum(1 for n, i in enumerate(ids) if (i, n) in seen)
    for d in bad[:5]:
        sys.stderr.write("bad: outer %s vni %d inner %s id %d\n" %
                         (socket.inet_ntoa(d[0]), d[1], d[2].hex(), d[3]))
    for n, i in enumerate(ids):
        if (i, n) not in seen and n < 1000:
            sys.stderr.write("lost: id %d (%s)\n" % (i, rule(i)))
            break
    print("sent %d ok %d bad %d lost %d" % (len(ids), ok, len(bad), len(ids) - ok))


def cmd_stream(args):
    ns_tx, dev_tx, ns_rx, dev_rx, stop, count = args[:6]
    ids = spread(ids_of(args[6:]), int(count))
    tx, rx = sockets(ns_tx, dev_tx, ns_rx, dev_rx)
    seen, bad = set(), []
    sent, t0 = 0, time.monotonic()
    while not os.path.exists(stop):
        i = ids[sent % len(ids)]
        tx.send(frame(i, sent))
        sent += 1
        if sent % 32 == 0:
            # About 4000 frames/s: the receive side keeps up; drain while waiting.
            drain(rx, seen, bad, t0 + sent / 4000.0)
    drain(rx, seen, bad, time.monotonic() + 1)
    got = sum(1 for n in range(sent) if (ids[n % len(ids)], n) in seen)
    for d in bad[:5]:
        sys.stderr.write("bad: outer %s vni %d inner %s id %d\n" %
                         (socket.inet_ntoa(d[0]), d[1], d[2].hex(), d[3]))
    print("sent %d received %d bad %d sockdrops %d" % (sent, got, len(bad), sockdrops(rx)))


def cmd_blast(args):
    ns_tx, dev_tx, seconds, count = args[:4]
    ids = spread(ids_of(args[4:]), int(count))
    tx, _ = sockets(ns_tx, dev_tx, None, None)
    frames = [frame(i, 0) for i in ids]
    sent, end = 0, time.monotonic() + float(seconds)
    while time.monotonic() < end:
        for _ in range(256):
            try:
                tx.send(frames[sent % len(frames)])
            except OSError:
                pass
            sent += 1
    print("sent %d" % sent)


def main(argv):
    cmds = {"gen": cmd_gen, "probe": cmd_probe, "stream": cmd_stream, "blast": cmd_blast}
    if not argv or argv[0] not in cmds:
        sys.stderr.write(__doc__)
        return 2
    cmds[argv[0]](argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
