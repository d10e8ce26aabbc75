/* ld-end-call-dialog.h — asks why the call ended (and whether to close its ticket), and ends it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_END_CALL_DIALOG (ld_end_call_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdEndCallDialog, ld_end_call_dialog, LD, END_CALL_DIALOG, AdwMessageDialog)

GtkWidget  *ld_end_call_dialog_new                 (GtkWindow       *parent,
                                                    LdClient        *client,
                                                    LdCall          *call,
                                                    LdConfig        *config);
LdCall     *ld_end_call_dialog_get_call            (LdEndCallDialog *self);
const char *ld_end_call_dialog_get_reason          (LdEndCallDialog *self);
void        ld_end_call_dialog_set_reason          (LdEndCallDialog *self,
                                                    const char      *reason);
gboolean    ld_end_call_dialog_get_close_ticket    (LdEndCallDialog *self);
gboolean    ld_end_call_dialog_get_offers_ticket   (LdEndCallDialog *self);
gboolean    ld_end_call_dialog_get_busy            (LdEndCallDialog *self);
const char *ld_end_call_dialog_get_error           (LdEndCallDialog *self);
const char *ld_end_call_dialog_get_idempotency_key (LdEndCallDialog *self);
void        ld_end_call_dialog_set_closing         (LdEndCallDialog *self,
                                                    gboolean         closing);
gboolean    ld_end_call_dialog_get_offers_leaving  (LdEndCallDialog *self);

G_END_DECLS
