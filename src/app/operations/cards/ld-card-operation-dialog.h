/* ld-card-operation-dialog.h — the operations on one bonus card, each on the operation
 * dialog: block, unblock, replace, change category, delete, restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-core.h"
#include "ld-operation-dialog.h"

G_BEGIN_DECLS

typedef enum
{
  LD_CARD_OPERATION_BLOCK,
  LD_CARD_OPERATION_UNBLOCK,
  LD_CARD_OPERATION_REPLACE,
  LD_CARD_OPERATION_CATEGORY,
  LD_CARD_OPERATION_DELETE,
  LD_CARD_OPERATION_RESTORE,
  LD_N_CARD_OPERATIONS
} LdCardOperation;

const char        *ld_card_operation_get_action_name     (LdCardOperation  operation);
gboolean           ld_card_operation_from_action_name    (const char      *action_name,
                                                          LdCardOperation *operation);
const char        *ld_card_operation_get_right           (LdCardOperation  operation);
const char        *ld_card_operation_get_label           (LdCardOperation  operation);
gboolean           ld_card_operation_applies             (LdCardOperation  operation,
                                                          LdCard          *card);

LdOperationDialog *ld_card_operation_dialog_new          (LdCardOperation  operation,
                                                          GtkWindow       *parent,
                                                          LdClient        *client,
                                                          LdConfig        *config,
                                                          LdCard          *card);
LdCard            *ld_card_operation_dialog_get_card     (LdOperationDialog *dialog);
GtkEditable       *ld_card_operation_dialog_get_entry    (LdOperationDialog *dialog);
LdCard            *ld_card_operation_dialog_get_new_card (LdOperationDialog *dialog);
gboolean           ld_card_operation_dialog_get_looking_up (LdOperationDialog *dialog);
const char        *ld_card_operation_dialog_get_lookup_message (LdOperationDialog *dialog);
void               ld_card_operation_dialog_set_category (LdOperationDialog *dialog,
                                                          const char        *category);

GtkWidget         *ld_card_summary_new                   (LdCard          *card,
                                                          LdConfig        *config);

G_END_DECLS
