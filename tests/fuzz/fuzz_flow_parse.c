// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_flow_parse() on arbitrary text: never crashes, and whatever parses passes
 * cvsw_flow_rule_validate(), formats, and parses back to the identical rule
 * (with and without counters), whose format is the same text again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "flowtable/flow_text.h"

#define MUST(c) do { if (!(c)) abort(); } while (0)
#define MAX_TEXT 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[MAX_TEXT + 1], t1[4096], t2[4096], err[128];
	struct cvsw_flow_rule a, b;
	const char *why;

	if (size > MAX_TEXT)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (cvsw_flow_parse(text, &a, err, sizeof(err))) {
		MUST(err[0] != '\0');
		return 0;
	}
	MUST(cvsw_flow_rule_validate(&a, &why) == 0);
	MUST(cvsw_flow_format(&a, false, t1, sizeof(t1)) > 0);
	MUST(cvsw_flow_parse(t1, &b, err, sizeof(err)) == 0);
	MUST(!memcmp(&a, &b, sizeof(a)));
	MUST(cvsw_flow_format(&b, false, t2, sizeof(t2)) > 0);
	MUST(!strcmp(t1, t2));

	a.packets = 12345;
	a.bytes = 999999;
	MUST(cvsw_flow_format(&a, true, t1, sizeof(t1)) > 0);
	MUST(cvsw_flow_parse(t1, &b, err, sizeof(err)) == 0);
	a.packets = a.bytes = 0;
	MUST(!memcmp(&a, &b, sizeof(a)));
	return 0;
}
