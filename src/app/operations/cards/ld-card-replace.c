/* ld-card-replace.c — Replace Card: the new card looked up as its number is typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The agent types the number of the card the member holds now. Once the number is
 * complete (a valid number as long as the card it replaces, or Enter), the dialog
 * fetches that card (GET /cards/{number}) and shows its block: state, category,
 * balance. Only a free physical card (state "issued", no owner) can replace another:
 * the dialog says why any other cannot, and Replace stays insensitive until the card
 * shown is a free one. A new keystroke cancels the lookup in flight and forgets the
 * card shown, so what is sent is always what the agent sees.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-card-operation-private.h"
#include "ld-format.h"

/* @page of the lookup ("hint", "looking", "message", "card"), saying @message (nullable);
 * the pages are as tall as the tallest, so the dialog keeps its size */
static void
card_replace_show (CardOperation *op,
                   const char    *page,
                   const char    *message)
{
  /* what is kept is why the card typed cannot be used */
  g_free (op->lookup_message);
  op->lookup_message = op->new_card == NULL ? g_strdup (message) : NULL;

  if (g_str_equal (page, "message"))
    gtk_label_set_label (op->message_label, message);
  else if (g_str_equal (page, "card"))
    {
      gtk_label_set_label (op->lookup_label, message);
      /* a refusal in red, the free card's confirmation plain */
      if (op->new_card == NULL)
        gtk_widget_add_css_class (GTK_WIDGET (op->lookup_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (op->lookup_label), "error");
    }

  gtk_stack_set_visible_child_name (op->lookup_stack, page);
}

/* forgets the card shown and any lookup in flight */
static void
card_replace_forget (LdOperationDialog *dialog,
                     CardOperation     *op)
{
  if (op->lookup_cancellable != NULL)
    {
      g_cancellable_cancel (op->lookup_cancellable);
      g_clear_object (&op->lookup_cancellable);
    }
  g_clear_pointer (&op->looked_up, g_free);
  g_clear_object (&op->new_card);
  card_replace_show (op, "hint", NULL);
  ld_operation_dialog_set_ready (dialog, FALSE);
}

/* why @card cannot replace another (transfer full), or NULL when it is a free one */
static char *
card_replace_dup_refusal (CardOperation *op,
                          LdCard        *card)
{
  g_autofree char *state = NULL;

  if (g_strcmp0 (ld_card_get_number (card), ld_card_get_number (op->card)) == 0)
    return g_strdup (_("This is the card being replaced: type the number of the new one."));

  if (g_strcmp0 (ld_card_get_card_type (card), "physical") != 0)
    return g_strdup (_("A virtual card cannot replace a card: only a free physical card can."));

  if (ld_card_get_owner_id (card) != 0)
    return g_strdup (_("This card belongs to a member: only a free card from the pool can replace a card."));

  if (g_strcmp0 (ld_card_get_state (card), "issued") != 0)
    {
      state = ld_format_state (ld_card_get_state (card));
      /* Translators: %s is a card's state, e.g. "Blocked" */
      return g_strdup_printf (_("This card is not free (its state is “%s”): only a free card from the pool can replace a card."),
                              state);
    }

  return NULL;
}

typedef struct
{
  LdOperationDialog *dialog;   /* weak */
  GCancellable      *cancellable;
} Lookup;

static void
card_replace_lookup_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(LdCard) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refusal = NULL;
  LdOperationDialog *dialog = lookup->dialog;
  CardOperation *op;

  card = ld_client_get_card_finish (LD_CLIENT (object), result, &error);

  if (dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &lookup->dialog);

  /* the dialog is gone, or another number was typed meanwhile */
  if (dialog == NULL || g_cancellable_is_cancelled (lookup->cancellable))
    goto out;

  op = ld_card_operation_get_data (dialog);
  g_assert (op != NULL && op->lookup_cancellable == lookup->cancellable);
  g_clear_object (&op->lookup_cancellable);

  if (card == NULL)
    {
      if (g_error_matches (error, LD_ERROR, LD_ERROR_CARD_NOT_FOUND))
        {
          g_autofree char *message = g_strdup_printf (_("No card has the number %s."), op->looked_up);

          card_replace_show (op, "message", message);
        }
      else
        card_replace_show (op, "message", error->message);
      goto out;
    }

  adw_bin_set_child (op->new_card_bin, ld_card_summary_new (card, op->config));

  refusal = card_replace_dup_refusal (op, card);
  if (refusal != NULL)
    {
      card_replace_show (op, "card", refusal);
      goto out;
    }

  op->new_card = g_steal_pointer (&card);
  {
    g_autofree char *free_message = NULL;

    free_message = g_strdup_printf (_("Card %s is free: Replace activates it for the member, with the balance of both cards."),
                                    ld_card_get_number (op->new_card));
    card_replace_show (op, "card", free_message);
  }
  ld_operation_dialog_set_ready (dialog, TRUE);

out:
  g_clear_object (&lookup->cancellable);
  g_free (lookup);
}

/* fetches the card @number, unless it is the one shown or being fetched */
static void
card_replace_lookup (LdOperationDialog *dialog,
                     CardOperation     *op,
                     const char        *number)
{
  Lookup *lookup;

  if (g_strcmp0 (op->looked_up, number) == 0)
    return;

  card_replace_forget (dialog, op);
  op->looked_up = g_strdup (number);
  op->lookup_cancellable = g_cancellable_new ();
  card_replace_show (op, "looking", NULL);

  lookup = g_new0 (Lookup, 1);
  lookup->dialog = dialog;
  lookup->cancellable = g_object_ref (op->lookup_cancellable);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &lookup->dialog);

  ld_client_get_card_async (op->client, number, op->lookup_cancellable,
                            card_replace_lookup_cb, lookup);
}

/* the number typed, normalized, or NULL while it is not a card number */
static char *
card_replace_dup_number (CardOperation *op)
{
  return ld_card_number_normalize (gtk_editable_get_text (op->entry), NULL);
}

static void
card_replace_changed_cb (LdOperationDialog *dialog)
{
  CardOperation *op = ld_card_operation_get_data (dialog);
  g_autofree char *number = NULL;

  g_assert (LD_IS_OPERATION_DIALOG (dialog));

  number = card_replace_dup_number (op);
  /* complete: the program's numbers are as long as the card being replaced */
  if (number != NULL && strlen (number) >= strlen (ld_card_get_number (op->card)))
    card_replace_lookup (dialog, op, number);
  else
    card_replace_forget (dialog, op);
}

/* Enter: the number as typed is complete, shorter or not; a card shown is submitted */
static void
card_replace_activate_cb (LdOperationDialog *dialog)
{
  CardOperation *op = ld_card_operation_get_data (dialog);
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_OPERATION_DIALOG (dialog));

  if (ld_operation_dialog_get_can_submit (dialog))
    {
      ld_operation_dialog_submit (dialog);
      return;
    }

  number = ld_card_number_normalize (gtk_editable_get_text (op->entry), &error);
  if (number != NULL)
    card_replace_lookup (dialog, op, number);
  else
    {
      card_replace_forget (dialog, op);
      card_replace_show (op, "message", error->message);
    }
}

void
ld_card_replace_setup (LdOperationDialog *dialog,
                       CardOperation     *op,
                       GtkBuilder        *builder)
{
  g_assert (LD_IS_OPERATION_DIALOG (dialog));
  g_assert (op != NULL && op->entry != NULL);

  op->lookup_stack = GTK_STACK (gtk_builder_get_object (builder, "lookup_stack"));
  op->lookup_label = GTK_LABEL (gtk_builder_get_object (builder, "lookup_label"));
  op->message_label = GTK_LABEL (gtk_builder_get_object (builder, "message_label"));
  op->new_card_bin = ADW_BIN (gtk_builder_get_object (builder, "new_card_bin"));
  g_assert (op->lookup_stack != NULL && op->lookup_label != NULL &&
            op->message_label != NULL && op->new_card_bin != NULL);

  /* the card page holds a card's block from the start, so that the dialog is as tall
   * at once as once a card is shown (a window that shrank and grows again under X11
   * may keep the smaller size) */
  adw_bin_set_child (op->new_card_bin, ld_card_summary_new (op->card, op->config));
  gtk_spinner_set_spinning (GTK_SPINNER (gtk_builder_get_object (builder, "lookup_spinner")), TRUE);
  card_replace_show (op, "hint", NULL);

  g_signal_connect_object (op->entry, "changed",
                           G_CALLBACK (card_replace_changed_cb),
                           dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (op->entry, "activate",
                           G_CALLBACK (card_replace_activate_cb),
                           dialog, G_CONNECT_SWAPPED);
  ld_operation_dialog_set_ready (dialog, FALSE);
}

/* what the lookup holds, when the dialog goes */
void
ld_card_replace_clear (CardOperation *op)
{
  if (op->lookup_cancellable != NULL)
    g_cancellable_cancel (op->lookup_cancellable);
  g_clear_object (&op->lookup_cancellable);
  g_clear_pointer (&op->looked_up, g_free);
  g_clear_pointer (&op->lookup_message, g_free);
  g_clear_object (&op->new_card);
}
