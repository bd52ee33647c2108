/* SPDX-License-Identifier: GPL-2.0 */
/* Generic netlink plumbing for cvsw-ctl: the "cvsw" family over libmnl. */
#ifndef CVSW_CTL_GENL_H
#define CVSW_CTL_GENL_H

#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

/*
 * Open the socket (extended acks on) and resolve the "cvsw" family.
 * Prints the reason and returns EXIT_RUNTIME on failure, else EXIT_OK.
 */
int genl_open(void);
void genl_close(void);

/* Bytes a request may take (genl_request's buffer). */
#define GENL_REQUEST_MAX (128 * 1024)

/* Start a request for cmd in a buffer owned by genl.c; add attributes to it. */
struct nlmsghdr *genl_request(uint8_t cmd, uint16_t flags);

/*
 * Send nlh and read until its ack or the end of the dump, handing every
 * reply message to cb (may be NULL). Returns 0 or the kernel's negative
 * errno; the kernel's extended ack message, if any, is in genl_extack().
 * A dump whose messages carry NLM_F_DUMP_INTR (the kernel's object changed
 * meanwhile) returns -EINTR once read to its end: the caller starts again.
 */
int genl_talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
const char *genl_extack(void);
/* The failed request's offending attribute: its offset from the request's start, or 0. */
uint32_t genl_extack_offset(void);

/* Print a failed request's error in iproute2's words; returns EXIT_RUNTIME. */
int genl_report(int err, const char *dev);

#endif /* CVSW_CTL_GENL_H */
