/* ld-call-banner.h — the call on the line: the number, a running timer, "End Call"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_CALL_BANNER (ld_call_banner_get_type ())

G_DECLARE_FINAL_TYPE (LdCallBanner, ld_call_banner, LD, CALL_BANNER, AdwBin)

GtkWidget *ld_call_banner_new               (void);
LdCall    *ld_call_banner_get_call          (LdCallBanner *self);
void       ld_call_banner_add_call          (LdCallBanner *self,
                                             LdCall       *call);
void       ld_call_banner_remove_call       (LdCallBanner *self,
                                             LdCall       *call);
LdCall    *ld_call_banner_get_earlier_call  (LdCallBanner *self);
guint      ld_call_banner_get_n_earlier     (LdCallBanner *self);
LdCall    *ld_call_banner_find_call         (LdCallBanner *self,
                                             gint64        call_id);
guint      ld_call_banner_get_elapsed       (LdCallBanner *self);
GtkWidget *ld_call_banner_get_end_button    (LdCallBanner *self);
GtkWidget *ld_call_banner_get_end_earlier_button (LdCallBanner *self);

G_END_DECLS
