#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw netlink client for the cvsw kernel tests (cvsw_dev_*.sh).

Speaks rtnetlink (IFLA_CVSW_*) and the generic netlink family "cvsw" with
nothing but the socket module, so a test can also send what a well-behaved
client never would: wrong attribute lengths, missing attributes, another uid.

Every command prints one result line per request: "0" on success, else
"-ENAME message" (errno name and the kernel's extended ack message), plus
the data it asked for. It exits 0 unless it is used wrongly, so the shell
test compares the printed lines.

  cvsw_dev_nl.py [nobody] [at] COMMAND ARGS...
      nobody: setuid 65534 first; at: an error line ends with "@T.T.T", the
      attribute types from the message down to the one the kernel's
      extended ack points at (NLMSGERR_ATTR_OFFS)
    newlink NAME [lower=IFINDEX] [link=IFINDEX] [mode=N] [mem=N] [timeout=N]
    changelink NAME [same options as newlink]
    linkinfo NAME                 IFLA_CVSW_* of RTM_GETLINK
    dev DEV | dev                 CVSW_CMD_DEV_GET doit (DEV: name, #ifindex, or
                                  %ifindex: the u32 sent as 2 bytes)
    devs                          CVSW_CMD_DEV_GET dump: names
    add DEV PRIO TUN_ID [drop|lower|local] [keylen=N] [outside] [encap=N] [v4dst]
        [mixed] [vlan=VID] [noact] [badkey]
                                  a flow matching TUN_ID (KEY nest; MASK nest all
                                  ones), with: keylen: TUN_ID of N bytes; outside:
                                  IN_PORT in KEY, 0 in MASK; encap: N VXLAN encap
                                  actions first; mixed: the encap's local address
                                  IPv6, its remote IPv4; v4dst: IPV4_DST without
                                  ETH_TYPE; vlan: a SET_VLAN action; noact: an
                                  empty ACTIONS nest; badkey: attribute 31 in KEY
    del DEV PRIO TUN_ID
    setmax DEV N                  DEV_SET: the device's flow limit
    addmany DEV N                 N rules, tun_id 1..N, priorities i % 7
    flows DEV                     dump: "prio tun_id packets bytes" per rule
    flush DEV
    churn DEV SECONDS             add/dump/delete rules (priority 2) in a loop;
                                  prints the number of requests, or the first error
"""
import errno
import os
import socket
import struct
import sys

NETLINK_ROUTE, NETLINK_GENERIC = 0, 16
NLMSGERR_ATTR_OFFS = 2
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK = 1, 2, 4
NLM_F_DUMP_INTR, NLM_F_ACK_TLVS, NLM_F_CAPPED = 0x10, 0x200, 0x100
NLM_F_EXCL, NLM_F_CREATE, NLM_F_DUMP = 0x200, 0x400, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
SOL_NETLINK, NETLINK_EXT_ACK, NLMSGERR_ATTR_MSG = 270, 11, 1
NLA_F_NESTED = 0x8000
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
RTM_NEWLINK, RTM_GETLINK = 16, 18
IFLA_IFNAME, IFLA_LINK, IFLA_LINKINFO = 3, 5, 18
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2

# uapi/cvsw.h
IFLA_CVSW_LOWER, IFLA_CVSW_SCLP_TX_MODE, IFLA_CVSW_REASM_MAX_MEM, IFLA_CVSW_REASM_TIMEOUT = 1, 2, 3, 4
CMD_DEV_GET, CMD_FLOW_ADD, CMD_FLOW_DEL, CMD_FLOW_GET, CMD_FLOW_FLUSH = 1, 2, 3, 4, 5
CMD_DEV_SET, CMD_FLOW_REPLACE = 6, 7
A_IFINDEX, A_IFNAME, A_FLOW, A_DEV = 1, 2, 3, 4
A_FLOWS, A_NON_STRICT, A_REPLACE_FLAGS, A_MAX_FLOWS, A_N_FLOWS = 5, 6, 7, 8, 9
FA_PRIORITY, FA_KEY, FA_MASK, FA_ACTIONS, FA_COOKIE, FA_PACKETS, FA_BYTES = 1, 2, 3, 4, 5, 6, 7
KEY_IN_PORT, KEY_TUN_ID, KEY_ETH_TYPE, KEY_IPV4_DST = 1, 2, 6, 10
ACT_OUTPUT, ACT_ENCAP, ACT_DROP, ACT_SET_VLAN = 1, 2, 4, 5
ENCAP_TYPE, ENCAP_VNI, ENCAP_IPV4_REMOTE, ENCAP_IPV6_LOCAL = 1, 2, 3, 6
DEV_ATTRS = {1: "lower", 2: "flows", 3: "proto", 4: "mode", 5: "reasm_mem",
             6: "max_mem", 7: "timeout", 8: "emc_hits", 9: "emc_misses"}
# OUTPUT ports (enum cvsw_port), or None: the DROP flag.
ACT = {"lower": 3, "local": 1, "drop": None}
SHOW_OFFS = False


class NlError(Exception):
    def __init__(self, err, msg):
        super().__init__(err, msg)
        self.err, self.msg = err, msg

    def line(self):
        # Linux's ENOTSUP and EOPNOTSUPP are one number; the kernel says EOPNOTSUPP.
        name = "EOPNOTSUPP" if self.err == errno.EOPNOTSUPP else errno.errorcode.get(self.err)
        where = ""
        if SHOW_OFFS:
            where = " @" + (".".join(map(str, self.path)) if self.path else "none")
        return "-%s %s%s" % (name or self.err, self.msg or "", where)


def attr_path(msg, off, start):
    """Types of the attributes from msg[start:] down to the one at offset off."""
    pos = start
    while pos + 4 <= len(msg):
        alen, atype = struct.unpack_from("=HH", msg, pos)
        if alen < 4:
            return []
        if pos == off:
            return [atype & 0x3FFF]
        if pos < off < pos + alen:
            inner = attr_path(msg, off, pos + 4)
            return [atype & 0x3FFF] + inner if inner else []
        pos += (alen + 3) & ~3
    return []


def attr(atype, data):
    if isinstance(data, str):
        data = data.encode() + b"\0"
    a = struct.pack("=HH", 4 + len(data), atype) + data
    return a + b"\0" * (-len(a) % 4)


def nest(atype, *attrs):
    return attr(atype | NLA_F_NESTED, b"".join(attrs))


def parse(buf):
    """Attributes of buf as {type: payload}."""
    out, off = {}, 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("=HH", buf, off)
        if alen < 4:
            break
        out[atype & 0x3FFF] = buf[off + 4:off + alen]
        off += (alen + 3) & ~3
    return out


def u(data):
    return int.from_bytes(data, sys.byteorder)


class Netlink:
    def __init__(self, proto):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 0

    def request(self, mtype, flags, payload):
        """Sends one request; returns [(flags, payload)] of the replies, or raises NlError."""
        self.seq += 1
        sent = struct.pack("=IHHII", 16 + len(payload), mtype,
                           flags | NLM_F_REQUEST | NLM_F_ACK, self.seq, 0) + payload
        self.s.send(sent)
        replies = []
        while True:
            buf = self.s.recv(1 << 20)
            off = 0
            while off + 16 <= len(buf):
                mlen, rtype, rflags, seq, _ = struct.unpack_from("=IHHII", buf, off)
                body = buf[off + 16:off + mlen]
                off += (mlen + 3) & ~3
                if seq != self.seq:
                    continue
                if rtype == NLMSG_DONE:
                    return replies
                if rtype == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", body)[0]
                    if err == 0:
                        return replies
                    msg, path = None, []
                    if rflags & NLM_F_ACK_TLVS:
                        inner = struct.unpack_from("=I", body, 4)[0]
                        skip = 4 + (16 if rflags & NLM_F_CAPPED else (inner + 3) & ~3)
                        tlvs = parse(body[skip:])
                        m = tlvs.get(NLMSGERR_ATTR_MSG)
                        msg = m.rstrip(b"\0").decode() if m else None
                        if NLMSGERR_ATTR_OFFS in tlvs:
                            # Attributes start after nlmsghdr (16) and genlmsghdr (4).
                            path = attr_path(sent, u(tlvs[NLMSGERR_ATTR_OFFS]), 20)
                    e = NlError(err, msg)
                    e.path = path
                    raise e
                replies.append((rflags, body))


class Genl(Netlink):
    def __init__(self):
        super().__init__(NETLINK_GENERIC)
        r = self.request(GENL_ID_CTRL, 0, struct.pack("=BBH", CTRL_CMD_GETFAMILY, 1, 0) +
                         attr(CTRL_ATTR_FAMILY_NAME, "cvsw"))
        self.family = u(parse(r[0][1][4:])[CTRL_ATTR_FAMILY_ID])

    def cmd(self, cmd, attrs=b"", dump=False):
        r = self.request(self.family, NLM_F_DUMP if dump else 0,
                         struct.pack("=BBH", cmd, 1, 0) + attrs)
        return [(f, parse(body[4:])) for f, body in r]


def dev_attr(spec):
    if spec.startswith("#"):
        return attr(A_IFINDEX, struct.pack("=I", int(spec[1:])))
    if spec.startswith("%"):  # a u32 attribute sent as 2 bytes
        return attr(A_IFINDEX, struct.pack("=H", int(spec[1:])))
    return attr(A_IFNAME, spec)


def u32(v):
    return struct.pack("=I", v)


def encap(mixed=False):
    e = attr(ENCAP_TYPE, b"\x01") + attr(ENCAP_VNI, u32(5)) + \
        attr(ENCAP_IPV4_REMOTE, socket.inet_aton("192.0.2.9"))
    if mixed:
        e += attr(ENCAP_IPV6_LOCAL, socket.inet_pton(socket.AF_INET6, "2001:db8::1"))
    return nest(ACT_ENCAP, e)


def flow(prio, tun_id, action="drop", keylen=8, outside=False, encaps=0, v4dst=False,
         mixed=False, vlan=None, noact=False, badkey=False):
    key = attr(KEY_TUN_ID, struct.pack("=Q", tun_id)[:keylen].ljust(keylen, b"\0"))
    mask = attr(KEY_TUN_ID, struct.pack("=Q", (1 << 64) - 1))
    if outside:  # in_port set in the key, not in the mask
        key += attr(KEY_IN_PORT, u32(1))
        mask += attr(KEY_IN_PORT, u32(0))
    if v4dst:
        key += attr(KEY_IPV4_DST, socket.inet_aton("10.0.0.1"))
    if badkey:
        key += attr(31, u32(0))
    acts = b"".join(encap(mixed) for _ in range(encaps))
    if vlan is not None:
        acts += attr(ACT_SET_VLAN, struct.pack("=H", vlan))
    port = ACT[action]
    acts += attr(ACT_DROP, b"") if port is None else attr(ACT_OUTPUT, u32(port))
    return nest(A_FLOW, attr(FA_PRIORITY, struct.pack("=H", prio)),
                nest(FA_KEY, key), nest(FA_MASK, mask),
                nest(FA_ACTIONS, b"" if noact else acts))


def cmd_newlink(args, flags=NLM_F_CREATE | NLM_F_EXCL):
    name, opts = args[0], dict(a.split("=") for a in args[1:])
    data = b""
    for k, t, fmt in (("lower", IFLA_CVSW_LOWER, "=I"), ("mode", IFLA_CVSW_SCLP_TX_MODE, "=B"),
                      ("mem", IFLA_CVSW_REASM_MAX_MEM, "=I"),
                      ("timeout", IFLA_CVSW_REASM_TIMEOUT, "=I")):
        if k in opts:
            data += attr(t, struct.pack(fmt, int(opts[k])))
    msg = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, 0, 0, 0) + attr(IFLA_IFNAME, name)
    if "link" in opts:
        msg += attr(IFLA_LINK, struct.pack("=I", int(opts["link"])))
    msg += nest(IFLA_LINKINFO, attr(IFLA_INFO_KIND, "cvsw"), nest(IFLA_INFO_DATA, data))
    Netlink(NETLINK_ROUTE).request(RTM_NEWLINK, flags, msg)
    print(0)


def cmd_changelink(args):
    cmd_newlink(args, 0)


def cmd_linkinfo(args):
    msg = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, 0, 0, 0) + attr(IFLA_IFNAME, args[0])
    r = Netlink(NETLINK_ROUTE).request(RTM_GETLINK, 0, msg)
    info = parse(parse(r[0][1][16:])[IFLA_LINKINFO])
    data = parse(info.get(IFLA_INFO_DATA, b""))
    print(0)
    print("kind=%s lower=%d mode=%d mem=%d timeout=%d" % (
        info[IFLA_INFO_KIND].rstrip(b"\0").decode(), u(data[IFLA_CVSW_LOWER]),
        u(data[IFLA_CVSW_SCLP_TX_MODE]), u(data[IFLA_CVSW_REASM_MAX_MEM]),
        u(data[IFLA_CVSW_REASM_TIMEOUT])))


def print_dev(a):
    d = parse(a[A_DEV])
    print("ifname=%s ifindex=%d " % (a[A_IFNAME].rstrip(b"\0").decode(), u(a[A_IFINDEX])) +
          " ".join("%s=%d" % (n, u(d[t])) for t, n in sorted(DEV_ATTRS.items())))


def cmd_dev(args):
    r = Genl().cmd(CMD_DEV_GET, dev_attr(args[0]) if args else b"")
    print(0)
    print_dev(r[0][1])


def cmd_devs(args):
    r = Genl().cmd(CMD_DEV_GET, dump=True)
    print(0)
    print(" ".join(sorted(a[A_IFNAME].rstrip(b"\0").decode() for _, a in r)))


def cmd_add(args):
    opts = dict(a.split("=") for a in args[3:] if "=" in a)
    words = [a for a in args[3:] if "=" not in a]
    action = next((w for w in words if w in ACT), "drop")
    Genl().cmd(CMD_FLOW_ADD, dev_attr(args[0]) + flow(
        int(args[1]), int(args[2]), action, int(opts.get("keylen", 8)),
        "outside" in words, int(opts.get("encap", 0)), "v4dst" in words, "mixed" in words,
        int(opts["vlan"]) if "vlan" in opts else None, "noact" in words, "badkey" in words))
    print(0)


def cmd_del(args):
    Genl().cmd(CMD_FLOW_DEL, dev_attr(args[0]) + flow(int(args[1]), int(args[2])))
    print(0)


def cmd_setmax(args):
    Genl().cmd(CMD_DEV_SET, dev_attr(args[0]) + attr(A_MAX_FLOWS, struct.pack("=I", int(args[1]))))
    print(0)


def cmd_addmany(args):
    g = Genl()
    for i in range(1, int(args[1]) + 1):
        g.cmd(CMD_FLOW_ADD, dev_attr(args[0]) + flow(i % 7, i))
    print(0)


def cmd_flows(args):
    r = Genl().cmd(CMD_FLOW_GET, dev_attr(args[0]), dump=True)
    print(0)
    for f, a in r:
        fl = parse(a[A_FLOW])
        tun_id = u(parse(fl[FA_KEY]).get(KEY_TUN_ID, b""))
        print("%d %d %d %d%s" % (u(fl[FA_PRIORITY]), tun_id, u(fl[FA_PACKETS]),
                                 u(fl[FA_BYTES]), " INTR" if f & NLM_F_DUMP_INTR else ""))


def cmd_flush(args):
    Genl().cmd(CMD_FLOW_FLUSH, dev_attr(args[0]))
    print(0)


def cmd_churn(args):
    import time
    g, n, end = Genl(), 0, time.monotonic() + float(args[1])
    while time.monotonic() < end:
        for i in range(1, 51):
            g.cmd(CMD_FLOW_ADD, dev_attr(args[0]) + flow(2, 1000 + i))
        g.cmd(CMD_FLOW_GET, dev_attr(args[0]), dump=True)
        for i in range(1, 51):
            g.cmd(CMD_FLOW_DEL, dev_attr(args[0]) + flow(2, 1000 + i))
        n += 101
    print(0)
    print(n)


def main(argv):
    global SHOW_OFFS
    if argv and argv[0] == "nobody":
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
        argv = argv[1:]
    if argv and argv[0] == "at":
        SHOW_OFFS = True
        argv = argv[1:]
    cmds = {"newlink": cmd_newlink, "changelink": cmd_changelink,
            "linkinfo": cmd_linkinfo, "dev": cmd_dev, "devs": cmd_devs,
            "add": cmd_add, "del": cmd_del, "setmax": cmd_setmax, "addmany": cmd_addmany, "flows": cmd_flows,
            "flush": cmd_flush, "churn": cmd_churn}
    if not argv or argv[0] not in cmds:
        sys.stderr.write(__doc__)
        return 2
    try:
        cmds[argv[0]](argv[1:])
    except NlError as e:
        print(e.line())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
