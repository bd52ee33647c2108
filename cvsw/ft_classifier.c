// SPDX-License-Identifier: GPL-2.0
/* flowtable/classifier.c, the portable code, compiled into cvsw.ko. */
#include "flowtable/classifier.c"
