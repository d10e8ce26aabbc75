/* ld-reason-picker.h — a list of reasons the agent filters by typing, and picks one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_REASON_PICKER (ld_reason_picker_get_type ())

G_DECLARE_FINAL_TYPE (LdReasonPicker, ld_reason_picker, LD, REASON_PICKER, AdwBin)

void        ld_reason_picker_add               (LdReasonPicker *self,
                                                const char     *key,
                                                const char     *label);
void        ld_reason_picker_add_from_json     (LdReasonPicker *self,
                                                JsonArray      *reasons);
guint       ld_reason_picker_get_n_reasons     (LdReasonPicker *self);
guint       ld_reason_picker_get_n_shown       (LdReasonPicker *self);
const char *ld_reason_picker_get_reason        (LdReasonPicker *self);
void        ld_reason_picker_set_reason        (LdReasonPicker *self,
                                                const char     *key);
void        ld_reason_picker_select_first      (LdReasonPicker *self);
const char *ld_reason_picker_get_filter        (LdReasonPicker *self);
void        ld_reason_picker_set_filter        (LdReasonPicker *self,
                                                const char     *text);

G_END_DECLS
