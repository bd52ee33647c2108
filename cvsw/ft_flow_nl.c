// SPDX-License-Identifier: GPL-2.0
/* flowtable/flow_nl.c, the portable code, compiled into cvsw.ko. */
#include "flowtable/flow_nl.c"
