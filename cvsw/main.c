// SPDX-License-Identifier: GPL-2.0
/* cvsw.ko: the Co-Virtual SWitch guest vNIC. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "proto/sclp.h"

static int __init cvsw_init(void)
{
	return 0;
}

static void __exit cvsw_exit(void)
{
}

module_init(cvsw_init);
module_exit(cvsw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Co-Virtual SWitch: tunnelling guest vNIC (VXLAN, NVGRE, Geneve, STT, SCLP)");
