/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where proto/ and flowtable/ meet their host: the Linux
 * kernel (cvsw.ko, sclp_offload.ko) or userspace (unit tests, fuzzers,
 * cvsw-ctl). Everything else in proto/ and flowtable/ includes only this
 * header, so the same source compiles unchanged on both sides.
 *
 * Provides: u8..u64, __be16/__be32, cpu_to_be16/32, be16/32_to_cpu,
 * memcpy/memset/memcmp, bool, size_t, cvsw_alloc()/cvsw_free(),
 * likely/unlikely, ARRAY_SIZE, CVSW_EINVAL & co. as negative errnos.
 */
#ifndef CVSW_PROTO_PLATFORM_H
#define CVSW_PROTO_PLATFORM_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <asm/byteorder.h>

/* Reassembly runs in softirq context: never sleep. */
static inline void *cvsw_alloc(size_t n) { return kzalloc(n, GFP_ATOMIC); }
static inline void cvsw_free(void *p) { kfree(p); }

#else /* userspace */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <endian.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
/* sparse-style annotations vanish outside the kernel. */
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef unsigned long long __be64; /* as <linux/types.h>: both may be included */
typedef uint16_t __sum16;

#define cpu_to_be16(x) ((__be16)htobe16(x))
#define cpu_to_be32(x) ((__be32)htobe32(x))
#define cpu_to_be64(x) ((__be64)htobe64(x))
#define be16_to_cpu(x) ((u16)be16toh(x))
#define be32_to_cpu(x) ((u32)be32toh(x))
#define be64_to_cpu(x) ((u64)be64toh(x))
#define htons(x) cpu_to_be16(x)
#define htonl(x) cpu_to_be32(x)
#define ntohs(x) be16_to_cpu(x)
#define ntohl(x) be32_to_cpu(x)

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef min_t
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif

static inline void *cvsw_alloc(size_t n) { return calloc(1, n); }
static inline void cvsw_free(void *p) { free(p); }

#endif /* __KERNEL__ */

#endif /* CVSW_PROTO_PLATFORM_H */
