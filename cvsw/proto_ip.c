// SPDX-License-Identifier: GPL-2.0
/* Builds the portable proto/ip.c into cvsw.ko. */
#include "proto/ip.c"
