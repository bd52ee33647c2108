/* SPDX-License-Identifier: GPL-2.0 */
/* A rule as the nested CVSW_A_FLOW attribute of uapi/cvsw.h, and back. */
#ifndef CVSW_CTL_FLOW_NL_H
#define CVSW_CTL_FLOW_NL_H

#include <stdbool.h>
#include <libmnl/libmnl.h>

#include "flowtable/flow.h"
#include "cvsw/uapi/cvsw.h"

/* Add r to nlh as a CVSW_A_FLOW nest; with_actions: its actions and cookie too. */
void flow_nl_put(struct nlmsghdr *nlh, const struct cvsw_flow_rule *r, bool with_actions);

/*
 * An upper bound of what flow_nl_put() writes: every key attribute at the
 * size of an IPv6 address, every action and encap attribute likewise.
 */
#define FLOW_NL_ATTR_SPACE(len) (MNL_ATTR_HDRLEN + MNL_ALIGN(len))
#define FLOW_NL_MATCH_MAX (MNL_ATTR_HDRLEN + CVSW_KEY_A_MAX * FLOW_NL_ATTR_SPACE(16))
#define FLOW_NL_ENCAP_MAX (MNL_ATTR_HDRLEN + CVSW_ENCAP_A_MAX * FLOW_NL_ATTR_SPACE(16) + \
			   FLOW_NL_ATTR_SPACE(CVSW_GENEVE_MAX_OPTS_LEN))
#define FLOW_NL_MAX (MNL_ATTR_HDRLEN + FLOW_NL_ATTR_SPACE(2) + 2 * FLOW_NL_MATCH_MAX +	\
		     MNL_ATTR_HDRLEN + CVSW_MAX_ACTIONS * FLOW_NL_ATTR_SPACE(4) +		\
		     FLOW_NL_ENCAP_MAX + 3 * FLOW_NL_ATTR_SPACE(8))

/* Read a CVSW_A_FLOW nest of a reply into r (zeroed first); -1 if malformed. */
int flow_nl_parse(const struct nlattr *flow, struct cvsw_flow_rule *r);

#endif /* CVSW_CTL_FLOW_NL_H */
