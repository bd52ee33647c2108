// SPDX-License-Identifier: GPL-2.0
/* Geneve header and option TLVs (RFC 8926): see geneve.h. */
#include "geneve.h"

int cvsw_geneve_opt_next(const u8 *opts, size_t len, size_t *pos,
			 struct cvsw_geneve_opt_info *opt)
{
	const struct cvsw_geneve_opt *o;
	size_t tlv;

	if (*pos >= len)
		return 0;
	if (len - *pos < CVSW_GENEVE_OPT_HLEN)
		return -EINVAL;
	o = (const struct cvsw_geneve_opt *)(opts + *pos);
	tlv = CVSW_GENEVE_OPT_HLEN + cvsw_geneve_opt_len(o);
	if (tlv > len - *pos)
		return -EINVAL;
	opt->opt_class = be16_to_cpu(o->opt_class);
	opt->type = o->type;
	opt->len = cvsw_geneve_opt_len(o);
	opt->data = o->data;
	opt->hdr = o;
	*pos += tlv;
	return 1;
}

int cvsw_geneve_opts_validate(const u8 *opts, size_t len, bool *critical)
{
	struct cvsw_geneve_opt_info opt;
	size_t pos = 0;
	bool crit = false;
	int ret;

	if (len % 4 || len > CVSW_GENEVE_OPTS_MAX)
		return -EINVAL;
	while ((ret = cvsw_geneve_opt_next(opts, len, &pos, &opt)) > 0)
		crit |= !!(opt.type & CVSW_GENEVE_OPT_TYPE_CRIT);
	if (ret < 0)
		return ret;
	if (critical)
		*critical = crit;
	return 0;
}

int cvsw_geneve_build(void *buf, size_t size, const struct cvsw_geneve_info *info)
{
	struct cvsw_genevehdr *gh = buf;
	size_t hlen = CVSW_GENEVE_HLEN + info->opts_len;
	bool crit;

	if (info->vni > CVSW_GENEVE_VNI_MAX)
		return -EINVAL;
	if (info->opts_len && !info->opts)
		return -EINVAL;
	if (cvsw_geneve_opts_validate(info->opts, info->opts_len, &crit))
		return -EINVAL;
	if (size < hlen)
		return -EMSGSIZE;
	gh->ver_optlen = info->opts_len / 4; /* version 0 */
	gh->flags = (info->oam ? CVSW_GENEVE_FLAG_O : 0) |
		    (info->critical || crit ? CVSW_GENEVE_FLAG_C : 0);
	gh->proto = cpu_to_be16(info->proto);
	gh->vni[0] = info->vni >> 16;
	gh->vni[1] = info->vni >> 8;
	gh->vni[2] = info->vni;
	gh->rsvd = 0;
	if (info->opts_len)
		memmove(gh + 1, info->opts, info->opts_len);
	return hlen;
}

int cvsw_geneve_parse(const void *buf, size_t len, struct cvsw_geneve_info *info)
{
	const struct cvsw_genevehdr *gh = buf;
	size_t hlen;
	bool crit;

	if (len < 1)
		return -EMSGSIZE;
	if (gh->ver_optlen >> 6)
		return -EPROTONOSUPPORT;
	if (len < CVSW_GENEVE_HLEN)
		return -EMSGSIZE;
	hlen = CVSW_GENEVE_HLEN + (gh->ver_optlen & 0x3f) * 4;
	if (len < hlen)
		return -EMSGSIZE;
	info->opts = (const u8 *)(gh + 1);
	info->opts_len = hlen - CVSW_GENEVE_HLEN;
	if (cvsw_geneve_opts_validate(info->opts, info->opts_len, &crit))
		return -EINVAL;
	info->hdr_len = hlen;
	info->oam = gh->flags & CVSW_GENEVE_FLAG_O;
	info->critical = (gh->flags & CVSW_GENEVE_FLAG_C) || crit;
	info->proto = be16_to_cpu(gh->proto);
	info->vni = (u32)gh->vni[0] << 16 | (u32)gh->vni[1] << 8 | gh->vni[2];
	return hlen;
}
