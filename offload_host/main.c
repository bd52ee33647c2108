// SPDX-License-Identifier: GPL-2.0
/* sclp_offload.ko: SCLP GSO and GRO for IPv4 and IPv6 on the host. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "proto/sclp.h"

static int __init sclp_offload_init(void)
{
	return 0;
}

static void __exit sclp_offload_exit(void)
{
}

module_init(sclp_offload_init);
module_exit(sclp_offload_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SCLP segmentation and receive offload");
