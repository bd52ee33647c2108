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
 *
 * RCU-style publication for structures with one writer (serialised by the
 * caller) and lock-free readers:
 *   __cvsw_rcu             annotates a pointer readers follow
 *   cvsw_rcu_assign(p, v)  publish v (release: v's contents are visible first)
 *   cvsw_rcu_deref(p)      read a published pointer (dependency/acquire); legal
 *                          in a reader section and on the writer side
 *   cvsw_read_once(x), cvsw_write_once(x, v): a plain racy word, never torn
 *   cvsw_load_acquire(x), cvsw_store_release(x, v): ordering for a word
 *   struct cvsw_rcu_head   embedded in (the first 4 KiB of) a deferred object
 *   cvsw_free_deferred(p, field): free p once no reader can hold it. Kernel:
 *                          kvfree_rcu() (kmalloc or vmalloc memory). Userspace:
 *                          free at once: it has no concurrent readers (tests,
 *                          fuzzers, cvsw-ctl are single-threaded); a threaded
 *                          user would need a real RCU here.
 *   cvsw_prefetch(p)       a hint: start loading p's cache line
 *   cvsw_alloc_sleepable(n)/cvsw_free_sleepable(p): zeroed memory for writers
 *                          in process context: GFP_KERNEL, vmalloc for large
 *                          arrays (no high-order atomic allocation). p may
 *                          also come from cvsw_alloc().
 */
#ifndef CVSW_PROTO_PLATFORM_H
#define CVSW_PROTO_PLATFORM_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/prefetch.h>
#include <asm/byteorder.h>

/* Reassembly runs in softirq context: never sleep. */
static inline void *cvsw_alloc(size_t n) { return kzalloc(n, GFP_ATOMIC); }
static inline void cvsw_free(void *p) { kfree(p); }
static inline void *cvsw_alloc_sleepable(size_t n) { return kvzalloc(n, GFP_KERNEL); }
static inline void cvsw_free_sleepable(void *p) { kvfree(p); }

#define __cvsw_rcu __rcu
#define cvsw_rcu_head rcu_head
#define cvsw_rcu_assign(p, v) rcu_assign_pointer(p, v)
/* Readers hold rcu_read_lock(_bh), the writer its mutex: no lockdep condition to name. */
#define cvsw_rcu_deref(p) rcu_dereference_check(p, 1)
#define cvsw_read_once(x) READ_ONCE(x)
#define cvsw_write_once(x, v) WRITE_ONCE(x, v)
#define cvsw_load_acquire(x) smp_load_acquire(&(x))
#define cvsw_store_release(x, v) smp_store_release(&(x), v)
#define cvsw_free_deferred(p, field) kvfree_rcu(p, field)
#define cvsw_prefetch(p) prefetch(p)

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
static inline void *cvsw_alloc_sleepable(size_t n) { return calloc(1, n); }
static inline void cvsw_free_sleepable(void *p) { free(p); }

#define __cvsw_rcu
struct cvsw_rcu_head {
	void *unused;
};
#define cvsw_rcu_assign(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define cvsw_rcu_deref(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define cvsw_read_once(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define cvsw_write_once(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define cvsw_load_acquire(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define cvsw_store_release(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
/* No concurrent readers in userspace: see the top of this file. */
#define cvsw_free_deferred(p, field) free(p)
#define cvsw_prefetch(p) __builtin_prefetch(p)

#endif /* __KERNEL__ */

#endif /* CVSW_PROTO_PLATFORM_H */
