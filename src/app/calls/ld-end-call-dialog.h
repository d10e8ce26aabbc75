/* ld-end-call-dialog.h — End Call: why the call ended (and whether to close its ticket),
 * on the operation dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-core.h"
#include "ld-operation-dialog.h"

G_BEGIN_DECLS

LdOperationDialog *ld_end_call_dialog_new               (GtkWindow         *parent,
                                                         LdClient          *client,
                                                         LdCall            *call,
                                                         LdConfig          *config);
LdCall            *ld_end_call_dialog_get_call          (LdOperationDialog *dialog);
gboolean           ld_end_call_dialog_get_close_ticket  (LdOperationDialog *dialog);
gboolean           ld_end_call_dialog_get_offers_ticket (LdOperationDialog *dialog);
void               ld_end_call_dialog_set_closing       (LdOperationDialog *dialog);

G_END_DECLS
