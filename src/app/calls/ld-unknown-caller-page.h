/* ld-unknown-caller-page.h — the screen pop of a number nobody in the program has
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_UNKNOWN_CALLER_PAGE (ld_unknown_caller_page_get_type ())

G_DECLARE_FINAL_TYPE (LdUnknownCallerPage, ld_unknown_caller_page, LD, UNKNOWN_CALLER_PAGE, AdwBin)

GtkWidget  *ld_unknown_caller_page_new       (LdClient            *client,
                                              LdCall              *call);
const char *ld_unknown_caller_page_get_phone (LdUnknownCallerPage *self);
GtkWidget  *ld_unknown_caller_page_get_register_button (LdUnknownCallerPage *self);
LdRegistrationDraft *ld_unknown_caller_page_get_draft (LdUnknownCallerPage *self);

G_END_DECLS
