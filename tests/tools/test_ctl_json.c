// SPDX-License-Identifier: GPL-2.0
/* The text/JSON printer of cvsw-ctl (tools/ctl/json.c), built and run by test_ctl.sh. */
#include <stdio.h>
#include <stdlib.h>

#include "../unit/check.h"
#include "../../tools/ctl/json.h"

static char *buf;
static size_t len;

static FILE *start(bool json, bool pretty)
{
	FILE *f = open_memstream(&buf, &len);

	out_begin(f, json, pretty);
	return f;
}

static const char *finish(FILE *f)
{
	out_end();
	fclose(f);
	return buf;
}

/* The same calls as cvsw-ctl makes for one device. */
static void one_device(void)
{
	out_open_object(NULL);
	out_u64("ifindex", "%lu: ", 7);
	out_str("ifname", "%s:", "cvsw0");
	out_u64("flows", " flows %lu", 18446744073709551615ULL);
	out_text("\n");
	out_close_object();
}

TEST(text_mode_prints_formats_only)
{
	FILE *f = start(false, false);

	one_device();
	out_str("json_only", NULL, "x");
	CHECK_STR(finish(f), "7: cvsw0: flows 18446744073709551615\n");
	free(buf);
}

TEST(json_compact_array_of_objects)
{
	FILE *f = start(true, false);

	one_device();
	one_device();
	CHECK_STR(finish(f),
		  "[{\"ifindex\":7,\"ifname\":\"cvsw0\",\"flows\":18446744073709551615},"
		  "{\"ifindex\":7,\"ifname\":\"cvsw0\",\"flows\":18446744073709551615}]\n");
	free(buf);
}

TEST(json_empty_top_level_is_empty_array)
{
	FILE *f = start(true, true);

	CHECK_STR(finish(f), "[]\n");
	free(buf);
}

TEST(json_pretty_indents_nested)
{
	FILE *f = start(true, true);

	out_open_object(NULL);
	out_u64("a", NULL, 1);
	out_open_array("l");
	out_u64(NULL, NULL, 2);
	out_close_array();
	out_open_array("e");
	out_close_array();
	out_close_object();
	CHECK_STR(finish(f), "[\n    {\n        \"a\": 1,\n        \"l\": [\n            2\n"
			     "        ],\n        \"e\": []\n    }\n]\n");
	free(buf);
}

TEST(json_strings_escaped)
{
	FILE *f = start(true, false);

	out_open_object(NULL);
	out_str("k\"ey", NULL, "q\" b\\ n\n t\t c\x01 u\xc3\xa9");
	out_close_object();
	CHECK_STR(finish(f), "[{\"k\\\"ey\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 u\xc3\xa9\"}]\n");
	free(buf);
}

int main(void)
{
	return RUN_TESTS();
}
