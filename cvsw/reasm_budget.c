// SPDX-License-Identifier: GPL-2.0
/*
 * Reassembly memory beyond one device. Each cvsw device caps what it holds
 * itself (reasm_max_mem, fair per remote: reasm.c); on top, everything the
 * devices created in one network namespace hold is capped by that netns's
 * net.cvsw.reasm_mem_limit, and everything cvsw.ko holds by the module
 * parameter reasm_mem_limit, as net.ipv4.ipfrag_high_thresh caps IP
 * reassembly. Over either cap a segment is refused before it reaches a
 * device's engine (rx_drop_reasm_global_limit) until completion or expiry
 * frees memory: a cap is a backstop against many devices, the device's own
 * limit is where sources are kept fair.
 *
 * A device charges the netns it was created in for its whole life (it may
 * be moved later); the budget is reference counted so it outlives that
 * netns while devices still hold memory against it.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "cvsw.h"
#include "compat.h"

#define CVSW_NET_REASM_DEFAULT_LIMIT (64UL << 20)

static unsigned long reasm_mem_limit = 256UL << 20;
module_param(reasm_mem_limit, ulong, 0644);
MODULE_PARM_DESC(reasm_mem_limit, "bytes all cvsw devices together may hold in reassembly (default 256 MiB)");

static atomic_long_t reasm_mem_total = ATOMIC_LONG_INIT(0);

static int reasm_mem_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%ld\n", atomic_long_read(&reasm_mem_total));
}

static const struct kernel_param_ops reasm_mem_ops = { .get = reasm_mem_get };
module_param_cb(reasm_mem, &reasm_mem_ops, NULL, 0444);
MODULE_PARM_DESC(reasm_mem, "bytes all cvsw devices hold in reassembly now (read only)");

struct cvsw_reasm_budget {
	refcount_t ref;
	atomic_long_t mem;      /* bytes the netns's devices hold */
	unsigned long limit;    /* net.cvsw.reasm_mem_limit */
};

struct cvsw_net {
	struct cvsw_reasm_budget *budget;
	struct ctl_table_header *sysctl;
};

static unsigned int cvsw_net_id __read_mostly;

static const struct ctl_table budget_sysctl_template[] = {
	{
		.procname = "reasm_mem_limit",
		.maxlen = sizeof(unsigned long),
		.mode = 0644,
		.proc_handler = proc_doulongvec_minmax,
	},
	{ } /* sentinel, for kernels before 6.6 */
};

bool cvsw_reasm_budget_full(const struct cvsw_reasm_budget *b, u32 bytes)
{
	return atomic_long_read(&b->mem) + bytes > READ_ONCE(b->limit) ||
	       atomic_long_read(&reasm_mem_total) + bytes > READ_ONCE(reasm_mem_limit);
}

void cvsw_reasm_budget_charge(struct cvsw_reasm_budget *b, int delta)
{
	atomic_long_add(delta, &b->mem);
	atomic_long_add(delta, &reasm_mem_total);
}

struct cvsw_reasm_budget *cvsw_reasm_budget_get(struct net *net)
{
	struct cvsw_reasm_budget *b = ((struct cvsw_net *)net_generic(net, cvsw_net_id))->budget;

	refcount_inc(&b->ref);
	return b;
}

void cvsw_reasm_budget_put(struct cvsw_reasm_budget *b)
{
	if (refcount_dec_and_test(&b->ref)) {
		WARN_ON_ONCE(atomic_long_read(&b->mem));
		kfree(b);
	}
}

static int __net_init cvsw_net_init(struct net *net)
{
	struct cvsw_net *cn = net_generic(net, cvsw_net_id);
	struct ctl_table *table;

	cn->budget = kzalloc(sizeof(*cn->budget), GFP_KERNEL);
	if (!cn->budget)
		return -ENOMEM;
	refcount_set(&cn->budget->ref, 1);
	cn->budget->limit = CVSW_NET_REASM_DEFAULT_LIMIT;

	table = kmemdup(budget_sysctl_template, sizeof(budget_sysctl_template), GFP_KERNEL);
	if (!table)
		goto err;
	table[0].data = &cn->budget->limit;
	/* As ipfrag: a user namespace's root may read the cap, not raise it. */
	if (net->user_ns != &init_user_ns)
		table[0].mode = 0444;
	cn->sysctl = cvsw_register_net_sysctl(net, "net/cvsw", table,
					      ARRAY_SIZE(budget_sysctl_template) - 1);
	if (!cn->sysctl) {
		kfree(table);
		goto err;
	}
	return 0;
err:
	kfree(cn->budget);
	return -ENOMEM;
}

static void __net_exit cvsw_net_exit(struct net *net)
{
	struct cvsw_net *cn = net_generic(net, cvsw_net_id);
	const struct ctl_table *table = cn->sysctl->ctl_table_arg;

	unregister_net_sysctl_table(cn->sysctl);
	kfree(table);
	cvsw_reasm_budget_put(cn->budget);
}

static struct pernet_operations cvsw_net_ops = {
	.init = cvsw_net_init,
	.exit = cvsw_net_exit,
	.id = &cvsw_net_id,
	.size = sizeof(struct cvsw_net),
};

int cvsw_reasm_budget_module_init(void)
{
	return register_pernet_subsys(&cvsw_net_ops);
}

void cvsw_reasm_budget_module_exit(void)
{
	unregister_pernet_subsys(&cvsw_net_ops);
	WARN_ON_ONCE(atomic_long_read(&reasm_mem_total));
}
