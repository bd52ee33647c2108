/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * cvsw user API: the generic netlink family "cvsw" (version 1).
 *
 * Devices are created with rtnetlink:   ip link add cvsw0 type cvsw lower eth0
 * (IFLA_CVSW_* below, nested in IFLA_INFO_DATA). Flows are managed here.
 *
 * Every command names a device by CVSW_A_IFINDEX or CVSW_A_IFNAME; a device
 * that is not a cvsw device gives -EOPNOTSUPP, a missing one -ENODEV.
 * Commands that change state need CAP_NET_ADMIN in the device's netns
 * (GENL_ADMIN_PERM); reads do not.
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
 * A flow (CVSW_A_FLOW) carries the portable structs of flowtable/flow.h as
 * binary attributes of exact length: KEY and MASK are struct flow_key,
 * ACTIONS is struct flow_actions. The kernel checks them with
 * cvsw_flow_rule_validate() and reports what is wrong in the extended ack.
 */
#ifndef _UAPI_LINUX_CVSW_H
#define _UAPI_LINUX_CVSW_H

#define CVSW_GENL_NAME "cvsw"
#define CVSW_GENL_VERSION 1

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
	CVSW_FLOW_A_PRIORITY, /* u16 */
	CVSW_FLOW_A_KEY,      /* binary: struct flow_key (already masked) */
	CVSW_FLOW_A_MASK,     /* binary: struct flow_key */
	CVSW_FLOW_A_ACTIONS,  /* binary: struct flow_actions */
	CVSW_FLOW_A_COOKIE,   /* u64 */
	CVSW_FLOW_A_PACKETS,  /* u64, replies only */
	CVSW_FLOW_A_BYTES,    /* u64, replies only */
	CVSW_FLOW_A_PAD,
	__CVSW_FLOW_A_MAX
};
#define CVSW_FLOW_A_MAX (__CVSW_FLOW_A_MAX - 1)

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
