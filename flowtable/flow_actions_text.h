/* SPDX-License-Identifier: GPL-2.0 */
/* The actions= part of the flow syntax, both directions. Internal to flowtable/. */
#ifndef CVSW_FLOWTABLE_FLOW_ACTIONS_TEXT_H
#define CVSW_FLOWTABLE_FLOW_ACTIONS_TEXT_H

#include "flow.h"
#include "flow_lex.h"

/* Parse the text after "actions=" into a (zeroed by the caller). */
int cvsw_flow_actions_parse(struct flow_str s, struct flow_actions *a, struct flow_out *err);
void cvsw_flow_actions_format(const struct flow_actions *a, struct flow_out *o);

#endif /* CVSW_FLOWTABLE_FLOW_ACTIONS_TEXT_H */
