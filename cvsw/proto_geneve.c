// SPDX-License-Identifier: GPL-2.0
/* Builds the portable proto/geneve.c into cvsw.ko. */
#include "proto/geneve.c"
