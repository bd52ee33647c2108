// SPDX-License-Identifier: GPL-2.0
/* Builds the portable proto/sclp.c into cvsw.ko. */
#include "proto/sclp.c"
