/* ld-training-dialog.c — simulates an incoming call from a typed number
 *
 * "Ring" activates app.incoming-call, the very action a telephony system calls over
 * D-Bus, so a training call goes the same way as a real one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-training-dialog.h"

struct _LdTrainingDialog
{
  AdwMessageDialog  parent_instance;

  /* template children */
  GtkEntry         *number_entry;
};

G_DEFINE_FINAL_TYPE (LdTrainingDialog, ld_training_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
ld_training_dialog_changed_cb (LdTrainingDialog *self,
                               GtkEntry         *entry)
{
  g_autofree char *number = NULL;

  g_assert (LD_IS_TRAINING_DIALOG (self));

  number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "call", number[0] != '\0');
}

static void
ld_training_dialog_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  LdTrainingDialog *self = (LdTrainingDialog *)dialog;
  GtkApplication *app;
  GtkWindow *parent;

  g_assert (LD_IS_TRAINING_DIALOG (self));

  if (g_strcmp0 (response, "call") == 0 &&
      (parent = gtk_window_get_transient_for (GTK_WINDOW (self))) &&
      (app = gtk_window_get_application (parent)))
    {
      g_autofree char *number = g_strstrip (g_strdup (ld_training_dialog_get_number (self)));

      if (number[0] != '\0')
        g_action_group_activate_action (G_ACTION_GROUP (app), "incoming-call",
                                        g_variant_new_string (number));
    }

  if (ADW_MESSAGE_DIALOG_CLASS (ld_training_dialog_parent_class)->response)
    ADW_MESSAGE_DIALOG_CLASS (ld_training_dialog_parent_class)->response (dialog, response);
}

static void
ld_training_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_TRAINING_DIALOG);

  G_OBJECT_CLASS (ld_training_dialog_parent_class)->dispose (object);
}

static void
ld_training_dialog_class_init (LdTrainingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = ld_training_dialog_dispose;

  dialog_class->response = ld_training_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/calls/ld-training-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdTrainingDialog, number_entry);
  gtk_widget_class_bind_template_callback (widget_class, ld_training_dialog_changed_cb);
}

static void
ld_training_dialog_init (LdTrainingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_training_dialog_new:
 * @parent: the main window, whose application takes the simulated call
 *
 * Returns: (transfer floating): a modal dialog
 */
GtkWidget *
ld_training_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  return g_object_new (LD_TYPE_TRAINING_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}

const char *
ld_training_dialog_get_number (LdTrainingDialog *self)
{
  g_return_val_if_fail (LD_IS_TRAINING_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->number_entry));
}

void
ld_training_dialog_set_number (LdTrainingDialog *self,
                               const char       *number)
{
  g_return_if_fail (LD_IS_TRAINING_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), number ? number : "");
}
