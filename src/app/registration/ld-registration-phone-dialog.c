/* ld-registration-phone-dialog.c — asks the number of a customer registered without a call
 *
 * "Register Without a Call" starts here: the agent types the number from, say, a paper
 * application form. Register stays insensitive until the text is a phone number; a
 * number whose numbering plan says it is not a mobile one is flagged at once (the wizard
 * asks to confirm it before anything is created).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-core.h"
#include "ld-properties.h"
#include "ld-registration-phone-dialog.h"

struct _LdRegistrationPhoneDialog
{
  AdwMessageDialog  parent_instance;

  /* template children */
  AdwEntryRow      *phone_entry;
  GtkLabel         *hint_label;

  char             *phone;
};

G_DEFINE_FINAL_TYPE (LdRegistrationPhoneDialog, ld_registration_phone_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PHONE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ld_registration_phone_dialog_changed_cb (LdRegistrationPhoneDialog *self,
                                         GtkEditable               *editable)
{
  g_autoptr(GError) error = NULL;
  const char *text;

  g_assert (LD_IS_REGISTRATION_PHONE_DIALOG (self));

  text = gtk_editable_get_text (editable);
  g_clear_pointer (&self->phone, g_free);
  self->phone = ld_phone_normalize (text, &error);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "register", self->phone != NULL);

  if (self->phone == NULL)
    {
      gtk_label_set_text (self->hint_label, *text != '\0' ? error->message : "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "warning");
    }
  else if (!ld_phone_is_mobile (self->phone))
    {
      g_autofree char *hint = g_strdup_printf (_("%s is not a mobile number: the member will not be able to log in "
                                                 "to the Personal Account nor receive SMS"),
                                               self->phone);

      gtk_label_set_text (self->hint_label, hint);
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "warning");
    }
  else
    {
      gtk_label_set_text (self->hint_label, self->phone);
      gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "warning");
    }
}

static void
ld_registration_phone_dialog_activated_cb (LdRegistrationPhoneDialog *self,
                                           AdwEntryRow               *row)
{
  g_assert (LD_IS_REGISTRATION_PHONE_DIALOG (self));

  if (self->phone == NULL)
    return;

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "register");
  gtk_window_close (GTK_WINDOW (self));
}

static void
ld_registration_phone_dialog_response (AdwMessageDialog *dialog,
                                       const char       *response)
{
  LdRegistrationPhoneDialog *self = (LdRegistrationPhoneDialog *)dialog;

  g_assert (LD_IS_REGISTRATION_PHONE_DIALOG (self));

  if (g_strcmp0 (response, "register") == 0 && self->phone != NULL)
    g_signal_emit (self, signals[PHONE_CHOSEN], 0, self->phone);
}

static void
ld_registration_phone_dialog_finalize (GObject *object)
{
  LdRegistrationPhoneDialog *self = (LdRegistrationPhoneDialog *)object;

  g_clear_pointer (&self->phone, g_free);

  G_OBJECT_CLASS (ld_registration_phone_dialog_parent_class)->finalize (object);
}

static void
ld_registration_phone_dialog_class_init (LdRegistrationPhoneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = ld_registration_phone_dialog_finalize;
  dialog_class->response = ld_registration_phone_dialog_response;

  /**
   * LdRegistrationPhoneDialog::phone-chosen:
   * @phone: the number in E.164
   *
   * The agent pressed Register with a phone number.
   */
  signals[PHONE_CHOSEN] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "phone-chosen", G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/registration/ld-registration-phone-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationPhoneDialog, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationPhoneDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_phone_dialog_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_phone_dialog_activated_cb);
}

static void
ld_registration_phone_dialog_init (LdRegistrationPhoneDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_registration_phone_dialog_new:
 * @parent: (nullable): the main window
 *
 * Returns: (transfer none): a new dialog, owned by GTK's list of toplevels; present it
 */
GtkWidget *
ld_registration_phone_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (LD_TYPE_REGISTRATION_PHONE_DIALOG,
                       "transient-for", parent,
                       NULL);
}

/**
 * ld_registration_phone_dialog_get_phone:
 *
 * Returns: (nullable): the number typed, in E.164, or %NULL while it is not one
 */
const char *
ld_registration_phone_dialog_get_phone (LdRegistrationPhoneDialog *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_PHONE_DIALOG (self), NULL);

  return self->phone;
}

/**
 * ld_registration_phone_dialog_get_entry:
 *
 * Returns: (transfer none): the phone entry
 */
GtkWidget *
ld_registration_phone_dialog_get_entry (LdRegistrationPhoneDialog *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_PHONE_DIALOG (self), NULL);

  return GTK_WIDGET (self->phone_entry);
}
