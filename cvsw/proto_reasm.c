// SPDX-License-Identifier: GPL-2.0
/* Builds the portable proto/reasm.c into cvsw.ko. */
#include "proto/reasm.c"
