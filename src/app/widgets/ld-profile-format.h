/* ld-profile-format.h — the old name of ld-format.h, for the registration wizard only
 *
 * The formatters are ld-format.h's now. The wizard (src/app/registration/) was being
 * rewritten while they moved, so its files still use the old names; delete this header
 * once they include ld-format.h and call ld_format_*().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-format.h"

#define ld_profile_format_option ld_format_option
#define ld_profile_format_points ld_format_points
#define ld_profile_format_state  ld_format_state
