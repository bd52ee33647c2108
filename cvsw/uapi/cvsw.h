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
 * CVSW_CMD_FLOW_ADD     CVSW_A_FLOW (nest). A rule with the same priority and
 *                       match replaces the old one's actions (counters reset).
 * CVSW_CMD_FLOW_DEL     CVSW_A_FLOW with PRIORITY, KEY, MASK: deletes that
 *                       rule (-ENOENT if none). Without a flow: error.
 * CVSW_CMD_FLOW_GET     dumpit only: CVSW_A_FLOW per rule, with counters.
 * CVSW_CMD_FLOW_FLUSH   removes every rule.
 *
 * A flow (CVSW_A_FLOW) carries the portable structs of flowtable/flow.h as
 * binary attributes of exact length: KEY and MASK are struct flow_key,
 * ACTIONS is struct flow_actions. The kernel checks them with
 * flow_rule_validate() and reports what is wrong in the extended ack.
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
	__CVSW_CMD_MAX
};
#define CVSW_CMD_MAX (__CVSW_CMD_MAX - 1)

enum cvsw_attr {
	CVSW_A_UNSPEC,
	CVSW_A_IFINDEX,   /* u32 */
	CVSW_A_IFNAME,    /* string, < IFNAMSIZ */
	CVSW_A_FLOW,      /* nest: cvsw_flow_attr */
	CVSW_A_DEV,       /* nest: cvsw_dev_attr (replies only) */
	__CVSW_A_MAX
};
#define CVSW_A_MAX (__CVSW_A_MAX - 1)

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
	CVSW_DEV_A_N_FLOWS,       /* u32 */
	CVSW_DEV_A_SCLP_PROTO,    /* u8: IP protocol number used for SCLP */
	CVSW_DEV_A_SCLP_TX_MODE,  /* u8: enum cvsw_sclp_tx_mode in effect */
	CVSW_DEV_A_REASM_MEM,     /* u32: bytes held by reassembly now */
	CVSW_DEV_A_REASM_MAX_MEM, /* u32 */
	CVSW_DEV_A_REASM_TIMEOUT, /* u32: milliseconds */
	CVSW_DEV_A_EMC_HITS,      /* u64 */
	CVSW_DEV_A_EMC_MISSES,    /* u64 */
	CVSW_DEV_A_PAD,
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
