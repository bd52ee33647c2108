// SPDX-License-Identifier: GPL-2.0
/* Builds the portable proto/csum.c into cvsw.ko. */
#include "proto/csum.c"
