// SPDX-License-Identifier: GPL-2.0
/* flowtable/cls_hmap.c, the portable code, compiled into cvsw.ko. */
#include "flowtable/cls_hmap.c"
