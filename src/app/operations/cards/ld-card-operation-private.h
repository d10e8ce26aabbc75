/* ld-card-operation-private.h — what the card operations share between their files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CardOperation is the request data of every card operation's dialog; the parts an
 * operation does not use stay NULL. ld-card-operation-dialog.c builds the dialog and
 * sends the request; ld-card-replace.c looks up the replacement card as it is typed.
 */
#pragma once

#include "ld-card-operation-dialog.h"

G_BEGIN_DECLS

typedef struct
{
  LdCardOperation  operation;
  LdClient        *client;
  LdConfig        *config;
  LdCard          *card;

  /* owned by the dialog: the free-text reason (delete, restore) or the new number
   * (replace); the category row (change category) */
  GtkEditable     *entry;
  AdwComboRow     *category_row;
  GStrv            category_keys;

  /* replace: the card typed, looked up as it is typed */
  GtkStack        *lookup_stack;      /* owned by the dialog, as the three below */
  GtkLabel        *lookup_label;
  GtkLabel        *message_label;
  AdwBin          *new_card_bin;
  GCancellable    *lookup_cancellable;
  char            *looked_up;         /* the number fetched, or being fetched */
  char            *lookup_message;
  LdCard          *new_card;          /* the card fetched, once it is free */
} CardOperation;

/* the CardOperation of @dialog, or NULL when it is not a card operation's */
CardOperation *ld_card_operation_get_data (LdOperationDialog *dialog);

void ld_card_replace_setup (LdOperationDialog *dialog,
                            CardOperation     *op,
                            GtkBuilder        *builder);
void ld_card_replace_clear (CardOperation     *op);

G_END_DECLS
