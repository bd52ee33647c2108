// SPDX-License-Identifier: GPL-2.0
/*
 * Geneve option lookup by class and type: see geneve.h. Userspace only
 * (tests, fuzzers): cvsw.ko validates options but never looks one up, so
 * this file is not in cvsw/Kbuild.
 */
#include "geneve.h"

const struct cvsw_geneve_opt *cvsw_geneve_opt_find(const u8 *opts, size_t len,
						   u16 opt_class, u8 type)
{
	struct cvsw_geneve_opt_info opt;
	size_t pos = 0;

	while (cvsw_geneve_opt_next(opts, len, &pos, &opt) > 0)
		if (opt.opt_class == opt_class && opt.type == type)
			return opt.hdr;
	return NULL;
}
