// SPDX-License-Identifier: GPL-2.0
/* Builds the portable proto/stt.c into cvsw.ko. */
#include "proto/stt.c"
