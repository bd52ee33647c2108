/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal unit-test harness. Each TEST() prints one line,
 * "PASS: <file>:<name>" or "FAIL: <file>:<name>", and failures print the
 * failed expression first. tests/run-all.sh counts these lines.
 *
 *   TEST(sclp_roundtrip) { CHECK_EQ(a, b); CHECK(ok); }
 *   int main(void) { return RUN_TESTS(); }
 */
#ifndef CVSW_TESTS_CHECK_H
#define CVSW_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

struct check_case {
	const char *name;
	void (*fn)(void);
};

static int check_failed_now;

#define CHECK_MAX_CASES 512
static struct check_case check_cases[CHECK_MAX_CASES];
static int check_ncases;

#define TEST(name)                                                          \
	static void test_##name(void);                                      \
	__attribute__((constructor)) static void register_##name(void)      \
	{                                                                   \
		if (check_ncases < CHECK_MAX_CASES)                         \
			check_cases[check_ncases++] =                       \
				(struct check_case){ #name, test_##name };  \
	}                                                                   \
	static void test_##name(void)

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",      \
				__FILE__, __LINE__, #cond);                 \
			check_failed_now = 1;                               \
		}                                                           \
	} while (0)

#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		long long _a = (long long)(a), _b = (long long)(b);         \
		if (_a != _b) {                                             \
			fprintf(stderr, "  %s:%d: %s == %s failed: %lld != %lld\n", \
				__FILE__, __LINE__, #a, #b, _a, _b);        \
			check_failed_now = 1;                               \
		}                                                           \
	} while (0)

#define CHECK_STR(a, b)                                                     \
	do {                                                                \
		const char *_a = (a), *_b = (b);                            \
		if (!_a || !_b || strcmp(_a, _b)) {                         \
			fprintf(stderr, "  %s:%d: %s == %s failed: \"%s\" != \"%s\"\n", \
				__FILE__, __LINE__, #a, #b, _a ? _a : "(null)", \
				_b ? _b : "(null)");                        \
			check_failed_now = 1;                               \
		}                                                           \
	} while (0)

#define CHECK_MEM(a, b, n) CHECK(memcmp((a), (b), (n)) == 0)

static inline int check_run_all(const char *file)
{
	int i, failed = 0;

	for (i = 0; i < check_ncases; i++) {
		check_failed_now = 0;
		check_cases[i].fn();
		printf("%s: %s:%s\n", check_failed_now ? "FAIL" : "PASS", file,
		       check_cases[i].name);
		failed += check_failed_now;
	}
	fflush(stdout);
	return failed ? 1 : 0;
}

#define RUN_TESTS() check_run_all(__FILE__)

#endif /* CVSW_TESTS_CHECK_H */
