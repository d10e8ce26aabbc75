/* ld-operation-setup.h — what an operation's own code uses around its dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ld-core.h"

G_BEGIN_DECLS

/* declared in full by ld-operation-dialog.h, which includes this header */
typedef struct _LdOperationDialog LdOperationDialog;

LdOperationDialog *
      ld_operation_dialog_load         (const char         *resource,
                                        GtkBuilder        **builder);
void  ld_operation_dialog_add_reasons  (LdOperationDialog  *self,
                                        LdConfig           *config,
                                        const char         *kind);
void  ld_operation_dialog_follow_entry (LdOperationDialog  *self,
                                        GtkEditable        *entry);

char *ld_operation_dup_missing_right   (const char         *right);
void  ld_operation_set_tooltip         (GtkWidget          *widget,
                                        const char         *tooltip);

G_END_DECLS
