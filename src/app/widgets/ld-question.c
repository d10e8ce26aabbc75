/* ld-question.c — a question to the agent in an AdwMessageDialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The questions the app asks (leave a call open, end or cancel a registration) follow one
 * rule:
 * Escape answers the first response, the last one is what the question is about, and
 * Enter answers it only when it is a suggested one, never a destructive one.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-question.h"

/**
 * ld_question_ask:
 * @widget: who asks: the dialog is transient for its window, and @response_cb gets
 *   @widget first (swapped) while it lives
 * @heading: the question
 * @body: (nullable): what it means
 * @extra_child: (nullable): e.g. the entry of the answer
 * @appearance: that of the last response
 * @response_cb: the handler of #AdwMessageDialog::response
 * @first_id: the id of the first response, then its label, then more pairs of id and
 *   label, ended by %NULL
 *
 * Presents the question.
 */
void
ld_question_ask (GtkWidget             *widget,
                 const char            *heading,
                 const char            *body,
                 GtkWidget             *extra_child,
                 AdwResponseAppearance  appearance,
                 GCallback              response_cb,
                 const char            *first_id,
                 ...)
{
  AdwMessageDialog *dialog;
  GtkRoot *root;
  const char *last_id = NULL;
  va_list args;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (heading != NULL);
  g_return_if_fail (extra_child == NULL || GTK_IS_WIDGET (extra_child));
  g_return_if_fail (response_cb != NULL);
  g_return_if_fail (first_id != NULL);

  root = gtk_widget_get_root (widget);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  if (extra_child != NULL)
    adw_message_dialog_set_extra_child (dialog, extra_child);

  va_start (args, first_id);
  for (const char *id = first_id; id != NULL; id = va_arg (args, const char *))
    {
      adw_message_dialog_add_response (dialog, id, va_arg (args, const char *));
      last_id = id;
    }
  va_end (args);

  adw_message_dialog_set_response_appearance (dialog, last_id, appearance);
  adw_message_dialog_set_default_response (dialog,
                                           appearance == ADW_RESPONSE_SUGGESTED ? last_id : first_id);
  adw_message_dialog_set_close_response (dialog, first_id);
  g_signal_connect_object (dialog, "response", response_cb, widget, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
