// SPDX-License-Identifier: GPL-2.0
/* Builds the portable proto/nvgre.c into cvsw.ko. */
#include "proto/nvgre.c"
