// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw.ko: the Co-Virtual SWitch guest vNIC. Registers its subsystems in
 * order and unwinds them in reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "cvsw.h"

unsigned int cvsw_sclp_proto = 234;
module_param_named(sclp_proto, cvsw_sclp_proto, uint, 0444);
MODULE_PARM_DESC(sclp_proto, "IP protocol number of SCLP (default 234, as the paper's authors; 253/254 are for experiments)");

static int __init cvsw_init(void)
{
	int ret;

	if (cvsw_sclp_proto == 0 || cvsw_sclp_proto > 255) {
		pr_err("sclp_proto=%u is not an IP protocol number (1-255)\n", cvsw_sclp_proto);
		return -EINVAL;
	}

	ret = cvsw_flows_module_init();
	if (ret)
		return ret;
	ret = cvsw_reasm_budget_module_init();
	if (ret)
		goto err_budget;
	ret = cvsw_genl_init();
	if (ret)
		goto err_genl;
	ret = cvsw_device_init();
	if (ret)
		goto err_device;

	pr_info("loaded, SCLP is IP protocol %u\n", cvsw_sclp_proto);
	return 0;

err_device:
	cvsw_genl_uninit();
err_genl:
	cvsw_reasm_budget_module_exit();
err_budget:
	cvsw_flows_module_exit();
	return ret;
}

static void __exit cvsw_exit(void)
{
	/* Devices go first (rtnl_link_unregister deletes them in every netns). */
	cvsw_device_uninit();
	cvsw_genl_uninit();
	cvsw_reasm_budget_module_exit();
	cvsw_flows_module_exit();
}

module_init(cvsw_init);
module_exit(cvsw_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION(CVSW_VERSION);
MODULE_DESCRIPTION("Co-Virtual SWitch: tunnelling guest vNIC (VXLAN, NVGRE, Geneve, STT, SCLP)");
MODULE_ALIAS_RTNL_LINK("cvsw");
MODULE_ALIAS_GENL_FAMILY(CVSW_GENL_NAME);
