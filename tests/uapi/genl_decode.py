#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Dump cvsw's generic netlink objects with pyroute2, knowing nothing of cvsw
but its uapi header: attribute numbers come from the header's enums, each
attribute's type from the comment beside it (u8, u16, u32, u64, be16, be32,
flag, string, "N bytes", binary, "nest: ENUM"). No struct layout, no cvsw
code: if this decodes a flow, the ABI describes itself.

  genl_decode.py HEADER flows DEV     CVSW_CMD_FLOW_GET dump, as JSON
  genl_decode.py HEADER devs          CVSW_CMD_DEV_GET dump, as JSON

A nest becomes an object; an attribute that repeats in one nest (actions
may) becomes a list of its values, in order.
"""
import json
import re
import sys

from pyroute2.netlink import NLM_F_DUMP, NLM_F_REQUEST, genlmsg, nla
from pyroute2.netlink.generic import GenericNetlinkSocket

SCALARS = {"u8": "uint8", "u16": "uint16", "u32": "uint32", "u64": "uint64",
           "be16": "be16", "be32": "be32", "flag": "flag", "string": "asciiz"}


def read_enums(text):
    """{enum name: [(NAME, value, comment)]} for every named enum of the header."""
    enums = {}
    for m in re.finditer(r"enum (\w+) \{(.*?)\};", text, re.S):
        value, entries = -1, []
        for line in m.group(2).splitlines():
            e = re.match(r"\s*(\w+)\s*(?:=\s*(\w+))?\s*,\s*(?:/\*\s*(.*?)\s*(?:\*/)?)?$", line)
            if e:
                value = int(e.group(2), 0) if e.group(2) else value + 1
                entries.append((e.group(1), value, e.group(3) or ""))
        enums[m.group(1)] = entries
    return enums


def read_defines(text):
    return {m.group(1): m.group(2) for m in re.finditer(r"#define (\w+) (\S+)", text)}


def nla_type(name, comment):
    """pyroute2's type for an attribute, or ("nest", ENUM)."""
    what = re.match(r"(\d+ bytes|\w*)", comment).group(1)
    nest = re.match(r"nest: (\w+)", comment)
    if nest:
        return ("nest", nest.group(1))
    if what in SCALARS:
        return "ip4addr" if what == "be32" and "IPV4" in name else SCALARS[what]
    size = re.match(r"(\d+) bytes", what)
    if size:
        return {"6": "l2addr", "16": "ip6addr"}.get(size.group(1), "hex")
    return "hex" if what == "binary" or not name.endswith("_UNSPEC") else "none"


def make_class(base, clsname, enum, enums):
    body, nla_map = {}, []
    for name, value, comment in enums[enum]:
        if name.startswith("__"):
            continue
        t = nla_type(name, comment)
        if isinstance(t, tuple):
            sub = "nest_" + t[1]
            if sub not in body:
                body[sub] = make_class(nla, sub, t[1], enums)
            t = sub
        nla_map.append((value, name, t))
    body["nla_map"] = tuple(nla_map)
    return type(clsname, (base,), body)


def plain(value):
    """An nla (or message) as JSON-able data."""
    if not (isinstance(value, nla) or isinstance(value, genlmsg)):
        return value
    if not value.get("attrs") and value.get("value") is not None:
        return value["value"]
    pairs = [(a[0], plain(a[1])) for a in value["attrs"]]
    names = [name for name, _ in pairs]
    out = {}
    for name, v in pairs:
        if names.count(name) > 1:
            out.setdefault(name, []).append(v)
        else:
            out[name] = v
    return out


def main(argv):
    if len(argv) < 2 or argv[1] not in ("flows", "devs"):
        sys.stderr.write(__doc__)
        return 2
    text = open(argv[0]).read()
    enums, defines = read_enums(text), read_defines(text)
    msg = make_class(genlmsg, "cvsw_msg", "cvsw_attr", enums)
    cmds = {name: value for name, value, _ in enums["cvsw_cmd"]}
    family = defines["CVSW_GENL_NAME"].strip('"')

    sock = GenericNetlinkSocket()
    sock.bind(family, msg)
    req = msg()
    req["version"] = int(defines["CVSW_GENL_VERSION"])
    if argv[1] == "flows":
        req["cmd"] = cmds["CVSW_CMD_FLOW_GET"]
        req["attrs"] = [("CVSW_A_IFNAME", argv[2])]
    else:
        req["cmd"] = cmds["CVSW_CMD_DEV_GET"]
    replies = sock.nlm_request(req, msg_type=sock.prid, msg_flags=NLM_F_REQUEST | NLM_F_DUMP)
    print(json.dumps([plain(r) for r in replies], indent=1, sort_keys=False))
    sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
