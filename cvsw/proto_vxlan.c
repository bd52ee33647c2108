// SPDX-License-Identifier: GPL-2.0
/* Builds the portable proto/vxlan.c into cvsw.ko. */
#include "proto/vxlan.c"
