// SPDX-License-Identifier: GPL-2.0
/* flowtable/cls_tun.c, the portable code, compiled into cvsw.ko. */
#include "flowtable/cls_tun.c"
