/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * cvsw user API: the generic netlink family "cvsw" (version 1).
 *
 * Devices are created with rtnetlink:   ip link add cvsw0 type cvsw lower eth0
 * (IFLA_CVSW_* below, nested in IFLA_INFO_DATA). Flows are managed here.
 *
 * Every command names a device by CVSW_A_IFINDEX or CVSW_A_IFNAME; a device
 * that is not a cvsw device gives -EOPNOTSUPP, a missing one -ENODEV.
 * Commands that change state need CAP_NET_ADMIN in the user namespace that
 * owns the device's netns (GENL_UNS_ADMIN_PERM); reads do not.
 *
 * CVSW_CMD_DEV_GET      doit: one device; dumpit: every cvsw device in the netns.
 *                       Reply: CVSW_A_IFINDEX, CVSW_A_IFNAME, CVSW_A_DEV (nest).
 * CVSW_CMD_DEV_SET      CVSW_A_MAX_FLOWS: the device's rule limit (1 to
 *                       CVSW_MAX_FLOWS_CEILING; default: module parameter
 *                       max_flows, 65536). -ERANGE below the rules present.
 * CVSW_CMD_FLOW_ADD     CVSW_A_FLOW (nest), or a batch: CVSW_A_FLOWS, a nest
 *                       of CVSW_A_FLOW entries applied in order. A rule with
 *                       the same priority and match replaces the old one's
 *                       actions (counters reset). Every flow of a batch is
 *                       parsed and validated first: if one is invalid
 *                       nothing is applied and the extended ack points at it
 *                       (NLMSGERR_ATTR_OFFS; the message says "flow N: ..."
 *                       where the kernel can format it, N from 0). Capacity
 *                       is checked for the whole batch first (-ENOSPC, none
 *                       added). Only -ENOMEM midway leaves a prefix applied.
 * CVSW_CMD_FLOW_DEL     CVSW_A_FLOW with PRIORITY, KEY, MASK: deletes that
 *                       rule (-ENOENT if none). Without a flow: error.
 *                       With CVSW_A_NON_STRICT (flag): deletes every rule
 *                       whose match is covered by KEY/MASK (the rule's mask
 *                       has every bit of MASK and its key agrees with KEY
 *                       there; PRIORITY is ignored; no KEY/MASK: every rule),
 *                       like ovs-ofctl del-flows; none matching is not an
 *                       error. The reply (doit) carries CVSW_A_N_FLOWS, the
 *                       number of rules deleted.
 * CVSW_CMD_FLOW_GET     dumpit only: CVSW_A_FLOW per rule, with counters, in
 *                       lookup order. The dump resumes after the last rule
 *                       sent (priority, age), so a rule present throughout
 *                       comes exactly once; if rules changed meanwhile the
 *                       messages carry NLM_F_DUMP_INTR (retry for a snapshot).
 * CVSW_CMD_FLOW_FLUSH   removes every rule.
 * CVSW_CMD_FLOW_REPLACE atomic replacement of the whole rule set, possibly
 *                       over several messages (a message is limited by the
 *                       socket buffer). CVSW_A_REPLACE_FLAGS (u32, required):
 *                         BEGIN   discard any replace in progress on the
 *                                 device and start an empty staging set
 *                                 owned by the sending socket;
 *                         (none)  add this message's flows to the staging set;
 *                         COMMIT  after adding them, swap the staging set in
 *                                 for the live one in one step;
 *                         ABORT   discard the staging set (alone).
 *                       BEGIN|COMMIT in one message replaces at once. Flows
 *                       (CVSW_A_FLOW or CVSW_A_FLOWS) are staged as by
 *                       FLOW_ADD (same match: the later wins), all validated
 *                       first: on error none of the message is staged and
 *                       the staging set is kept as it was (send ABORT or
 *                       close the socket). Packets are classified by the
 *                       old set until the commit and by the new one after,
 *                       never by a mix. The staging set holds at most the
 *                       device's limit (-ENOSPC); it is freed by ABORT, a new
 *                       BEGIN, the owner socket's close, or device deletion.
 *                       Without BEGIN, a message from another socket than the
 *                       owner gets -ENOENT. Counters of the new set start at 0.
 *
 * A flow (CVSW_A_FLOW) is a nest of enum cvsw_flow_attr. Its match is two
 * nests of the same attributes (enum cvsw_key_attr): KEY gives the values,
 * MASK the bits of them that count. A field in KEY without one in MASK is
 * matched exactly; one in MASK without one in KEY matches zero under that
 * mask; a field in neither is a wildcard. A dump lists in both nests the
 * fields whose mask is not zero. The actions (CVSW_FLOW_A_ACTIONS) are a nest
 * of attributes of enum cvsw_action_attr, applied in the order given; an
 * ENCAP action is itself a nest (enum cvsw_encap_attr). Every nest has its
 * own policy; the kernel validates strictly (unknown attributes, wrong
 * lengths and values out of range are refused) and names the attribute in
 * the extended ack. Integers are in host byte order unless their comment
 * says big-endian (network order, as on the wire).
 */
#ifndef _UAPI_LINUX_CVSW_H
#define _UAPI_LINUX_CVSW_H

#define CVSW_GENL_NAME "cvsw"
#define CVSW_GENL_VERSION 2 /* 2: flows as nested attributes (1 sent internal structs) */

enum cvsw_cmd {
	CVSW_CMD_UNSPEC,
	CVSW_CMD_DEV_GET,
	CVSW_CMD_FLOW_ADD,
	CVSW_CMD_FLOW_DEL,
	CVSW_CMD_FLOW_GET,
	CVSW_CMD_FLOW_FLUSH,
	CVSW_CMD_DEV_SET,
	CVSW_CMD_FLOW_REPLACE,
	__CVSW_CMD_MAX
};
#define CVSW_CMD_MAX (__CVSW_CMD_MAX - 1)

enum cvsw_attr {
	CVSW_A_UNSPEC,
	CVSW_A_IFINDEX,   /* u32 */
	CVSW_A_IFNAME,    /* string, < IFNAMSIZ */
	CVSW_A_FLOW,      /* nest: cvsw_flow_attr */
	CVSW_A_DEV,       /* nest: cvsw_dev_attr (replies only) */
	CVSW_A_FLOWS,     /* nest of CVSW_A_FLOW: a batch (FLOW_ADD, FLOW_REPLACE) */
	CVSW_A_NON_STRICT,    /* flag: FLOW_DEL of every rule the match covers */
	CVSW_A_REPLACE_FLAGS, /* u32: CVSW_REPLACE_* (FLOW_REPLACE) */
	CVSW_A_MAX_FLOWS,     /* u32: rule limit (DEV_SET) */
	CVSW_A_N_FLOWS,       /* u32: rules deleted (FLOW_DEL reply) */
	__CVSW_A_MAX
};
#define CVSW_A_MAX (__CVSW_A_MAX - 1)

#define CVSW_REPLACE_BEGIN  (1U << 0)
#define CVSW_REPLACE_COMMIT (1U << 1)
#define CVSW_REPLACE_ABORT  (1U << 2)

/* The largest CVSW_A_MAX_FLOWS a device accepts. */
#define CVSW_MAX_FLOWS_CEILING 4194304

enum cvsw_flow_attr {
	CVSW_FLOW_A_UNSPEC,
	CVSW_FLOW_A_PRIORITY, /* u16: higher first (default 32768) */
	CVSW_FLOW_A_KEY,      /* nest: cvsw_key_attr, the values */
	CVSW_FLOW_A_MASK,     /* nest: cvsw_key_attr, the bits that count */
	CVSW_FLOW_A_ACTIONS,  /* nest: cvsw_action_attr, in order (1 to CVSW_MAX_ACTIONS) */
	CVSW_FLOW_A_COOKIE,   /* u64: opaque to the kernel */
	CVSW_FLOW_A_PACKETS,  /* u64, replies only */
	CVSW_FLOW_A_BYTES,    /* u64, replies only */
	CVSW_FLOW_A_PAD,
	__CVSW_FLOW_A_MAX
};
#define CVSW_FLOW_A_MAX (__CVSW_FLOW_A_MAX - 1)

/* Where a frame entered the switch (CVSW_KEY_A_IN_PORT, CVSW_ACTION_A_OUTPUT). */
enum cvsw_port {
	CVSW_PORT_LOCAL = 1,  /* from this host's stack (cvsw0 transmit); output: to it */
	CVSW_PORT_TUNNEL = 2, /* decapsulated from a tunnel (TUN_ID is set); match only */
	CVSW_PORT_LOWER = 3,  /* the lower device, a frame without a tunnel; output: to it */
};

/* CVSW_KEY_A_VLAN_TCI of a tagged frame has this bit (CFI) set; untagged: 0. */
#define CVSW_VLAN_TAG_PRESENT 0x1000

/*
 * Match fields. The address pairs need the matching ETH_TYPE in the same
 * match, matched exactly: IPV4_* with 0x0800, IPV6_* with 0x86dd. IN_PORT,
 * ETH_TYPE, IP_PROTO, IP_TOS, TUN_OPT_CLASS and TUN_OPT_TYPE take no partial
 * mask (all bits or none).
 */
enum cvsw_key_attr {
	CVSW_KEY_A_UNSPEC,
	CVSW_KEY_A_IN_PORT,       /* u32: enum cvsw_port */
	CVSW_KEY_A_TUN_ID,        /* u64: VNI, VSID or STT context id (0: none) */
	CVSW_KEY_A_ETH_SRC,       /* 6 bytes */
	CVSW_KEY_A_ETH_DST,       /* 6 bytes */
	CVSW_KEY_A_VLAN_TCI,      /* u16: TCI | CVSW_VLAN_TAG_PRESENT */
	CVSW_KEY_A_ETH_TYPE,      /* be16: after any VLAN tag */
	CVSW_KEY_A_IP_PROTO,      /* u8: IPv4 protocol / IPv6 next header */
	CVSW_KEY_A_IP_TOS,        /* u8: IPv4 TOS / IPv6 traffic class */
	CVSW_KEY_A_IPV4_SRC,      /* be32 */
	CVSW_KEY_A_IPV4_DST,      /* be32 */
	CVSW_KEY_A_IPV6_SRC,      /* 16 bytes */
	CVSW_KEY_A_IPV6_DST,      /* 16 bytes */
	CVSW_KEY_A_TP_SRC,        /* be16: TCP, UDP or SCTP port */
	CVSW_KEY_A_TP_DST,        /* be16 */
	CVSW_KEY_A_TUN_OPT_CLASS, /* be16: the packet's first Geneve option TLV... */
	CVSW_KEY_A_TUN_OPT_TYPE,  /* u8: ...its type */
	CVSW_KEY_A_TUN_OPT_DATA,  /* be32: ...the first 4 bytes of its data */
	__CVSW_KEY_A_MAX
};
#define CVSW_KEY_A_MAX (__CVSW_KEY_A_MAX - 1)

/* The most actions a flow has. */
#define CVSW_MAX_ACTIONS 8

enum cvsw_action_attr {
	CVSW_ACTION_A_UNSPEC,
	CVSW_ACTION_A_OUTPUT,     /* u32: CVSW_PORT_LOWER or CVSW_PORT_LOCAL */
	CVSW_ACTION_A_ENCAP,      /* nest: cvsw_encap_attr (at most one per flow) */
	CVSW_ACTION_A_DECAP,      /* flag: strip the tunnel; the frame goes on as from it */
	CVSW_ACTION_A_DROP,       /* flag: the only action when present */
	CVSW_ACTION_A_SET_VLAN,   /* u16: VLAN id 0-4095 (push a tag or rewrite its VID) */
	CVSW_ACTION_A_STRIP_VLAN, /* flag */
	__CVSW_ACTION_A_MAX
};
#define CVSW_ACTION_A_MAX (__CVSW_ACTION_A_MAX - 1)

enum cvsw_encap_type {
	CVSW_ENCAP_VXLAN = 1,
	CVSW_ENCAP_NVGRE,
	CVSW_ENCAP_GENEVE,
	CVSW_ENCAP_STT,
	CVSW_ENCAP_SCLP_VXLAN,
	CVSW_ENCAP_SCLP_GENEVE,
	__CVSW_ENCAP_MAX
};

/* Bytes of Geneve option TLVs an encap action carries at most. */
#define CVSW_GENEVE_MAX_OPTS_LEN 32

/*
 * An encap action: TYPE, and REMOTE in one family (IPV4_REMOTE or
 * IPV6_REMOTE) are required; LOCAL, if given, is in the same family.
 */
enum cvsw_encap_attr {
	CVSW_ENCAP_A_UNSPEC,
	CVSW_ENCAP_A_TYPE,        /* u8: enum cvsw_encap_type */
	CVSW_ENCAP_A_VNI,         /* u32: VNI or VSID (24 bits), STT context id */
	CVSW_ENCAP_A_IPV4_REMOTE, /* be32 */
	CVSW_ENCAP_A_IPV6_REMOTE, /* 16 bytes */
	CVSW_ENCAP_A_IPV4_LOCAL,  /* be32 (default: the source the route gives) */
	CVSW_ENCAP_A_IPV6_LOCAL,  /* 16 bytes */
	CVSW_ENCAP_A_TTL,         /* u8 (0, the default: 64) */
	CVSW_ENCAP_A_TOS,         /* u8 */
	CVSW_ENCAP_A_DPORT,       /* be16: UDP destination (default: the tunnel's) */
	CVSW_ENCAP_A_SPORT,       /* be16: UDP source (default: a hash of the inner flow) */
	CVSW_ENCAP_A_FLOWID,      /* u8: NVGRE FlowID */
	CVSW_ENCAP_A_GENEVE_OPTS, /* binary: whole option TLVs, wire format, <= 32 bytes */
	__CVSW_ENCAP_A_MAX
};
#define CVSW_ENCAP_A_MAX (__CVSW_ENCAP_A_MAX - 1)

enum cvsw_dev_attr {
	CVSW_DEV_A_UNSPEC,
	CVSW_DEV_A_LOWER_IFINDEX, /* u32 */
	CVSW_DEV_A_N_FLOWS,       /* u32: rules in the live set */
	CVSW_DEV_A_SCLP_PROTO,    /* u8: IP protocol number used for SCLP */
	CVSW_DEV_A_SCLP_TX_MODE,  /* u8: enum cvsw_sclp_tx_mode in effect */
	CVSW_DEV_A_REASM_MEM,     /* u32: bytes held by reassembly now */
	CVSW_DEV_A_REASM_MAX_MEM, /* u32 */
	CVSW_DEV_A_REASM_TIMEOUT, /* u32: milliseconds */
	CVSW_DEV_A_EMC_HITS,      /* u64 */
	CVSW_DEV_A_EMC_MISSES,    /* u64 */
	CVSW_DEV_A_PAD,
	CVSW_DEV_A_MAX_FLOWS,     /* u32: the rule limit */
	CVSW_DEV_A_CLS_MEMORY,    /* u64: bytes of the classifier (not the rules) */
	CVSW_DEV_A_RULES_MEMORY,  /* u64: bytes of the rules and their counters */
	CVSW_DEV_A_STAGED_FLOWS,  /* u32: rules of a FLOW_REPLACE in progress */
	__CVSW_DEV_A_MAX
};
#define CVSW_DEV_A_MAX (__CVSW_DEV_A_MAX - 1)

/*
 * How cvsw hands a large SCLP packet to the lower device.
 * GSO: one super-packet per inner frame, marked so that software devices
 *      (veth, bridge, OVS) pass it whole and every other device (virtio-net,
 *      tun, NICs) has it segmented by sclp_offload.ko's GSO callback in the
 *      core's software GSO. Needs sclp_offload.ko loaded (else cvsw falls
 *      back to SW per packet).
 * SW:  cvsw segments it itself.
 * AUTO (default at creation) is GSO when sclp_offload.ko's callback is
 *      registered for the SCLP protocol number, SW otherwise.
 */
enum cvsw_sclp_tx_mode {
	CVSW_SCLP_TX_AUTO,
	CVSW_SCLP_TX_GSO,
	CVSW_SCLP_TX_SW,
};

/* rtnetlink: IFLA_INFO_DATA of kind "cvsw". */
enum {
	IFLA_CVSW_UNSPEC,
	IFLA_CVSW_LOWER,        /* u32 ifindex of the lower device (required) */
	IFLA_CVSW_SCLP_TX_MODE, /* u8 enum cvsw_sclp_tx_mode */
	IFLA_CVSW_REASM_MAX_MEM,/* u32 bytes */
	IFLA_CVSW_REASM_TIMEOUT,/* u32 ms */
	IFLA_CVSW_SCLP_TX_EFFECTIVE, /* u8 enum cvsw_sclp_tx_mode in effect (read only) */
	__IFLA_CVSW_MAX
};
#define IFLA_CVSW_MAX (__IFLA_CVSW_MAX - 1)

#endif /* _UAPI_LINUX_CVSW_H */
