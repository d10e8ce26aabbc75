/* ld-end-call-dialog.c — asks why the call ended (and whether to close its ticket)
 *
 * The reasons are the configuration's reasons.call_end, each a key or an object
 * {key, label}; "Close the OTRS ticket" shows only when the ticket plugin is on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-end-call-dialog.h"

struct _LdEndCallDialog
{
  AdwMessageDialog  parent_instance;

  /* template children */
  GtkDropDown      *reason_dropdown;
  GtkCheckButton   *close_ticket_check;

  GPtrArray        *reason_keys;
};

G_DEFINE_FINAL_TYPE (LdEndCallDialog, ld_end_call_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
ld_end_call_dialog_load_reasons (LdEndCallDialog *self,
                                 LdConfig        *config)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  JsonArray *reasons = NULL;
  guint n = 0;

  g_assert (LD_IS_END_CALL_DIALOG (self));

  if (config != NULL && (reasons = ld_config_get_reasons (config, "call_end")))
    n = json_array_get_length (reasons);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (reasons, i);
      const char *key = NULL;
      const char *label = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          key = label = json_node_get_string (node);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);

          if (!ld_json_get_string (object, "key", NULL, &key) || key == NULL)
            ld_json_get_string (object, "id", NULL, &key);
          if (!ld_json_get_string (object, "label", NULL, &label) || label == NULL)
            ld_json_get_string (object, "title", key, &label);
        }

      if (key == NULL || key[0] == '\0')
        continue;

      g_ptr_array_add (self->reason_keys, g_strdup (key));
      gtk_string_list_append (labels, label ? label : key);
    }

  if (self->reason_keys->len == 0)
    {
      g_ptr_array_add (self->reason_keys, g_strdup ("other"));
      gtk_string_list_append (labels, _("Other"));
    }

  gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->reason_dropdown, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->close_ticket_check),
                          config != NULL && ld_config_get_tickets_enabled (config));
}

static void
ld_end_call_dialog_finalize (GObject *object)
{
  LdEndCallDialog *self = (LdEndCallDialog *)object;

  g_clear_pointer (&self->reason_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_end_call_dialog_parent_class)->finalize (object);
}

static void
ld_end_call_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_END_CALL_DIALOG);

  G_OBJECT_CLASS (ld_end_call_dialog_parent_class)->dispose (object);
}

static void
ld_end_call_dialog_class_init (LdEndCallDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_end_call_dialog_dispose;
  object_class->finalize = ld_end_call_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/ld-end-call-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEndCallDialog, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdEndCallDialog, close_ticket_check);
}

static void
ld_end_call_dialog_init (LdEndCallDialog *self)
{
  self->reason_keys = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_end_call_dialog_new:
 * @parent: the window the dialog belongs to
 * @call: the call to end
 * @config: (nullable): the configuration with the reasons; without it only "Other"
 *
 * Returns: (transfer floating): a modal dialog; its "response" is "end" or "cancel"
 */
GtkWidget *
ld_end_call_dialog_new (GtkWindow *parent,
                        LdCall    *call,
                        LdConfig  *config)
{
  LdEndCallDialog *self;
  g_autofree char *body = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LD_IS_CALL (call), NULL);
  g_return_val_if_fail (!config || LD_IS_CONFIG (config), NULL);

  body = g_strdup_printf (_("Choose why the call from %s ended."), ld_call_get_phone (call));
  self = g_object_new (LD_TYPE_END_CALL_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "body", body,
                       NULL);
  ld_end_call_dialog_load_reasons (self, config);

  return GTK_WIDGET (self);
}

/**
 * ld_end_call_dialog_get_reason:
 *
 * Returns: the key of the chosen reason
 */
const char *
ld_end_call_dialog_get_reason (LdEndCallDialog *self)
{
  guint selected;

  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), NULL);

  selected = gtk_drop_down_get_selected (self->reason_dropdown);
  if (selected >= self->reason_keys->len)
    selected = 0;

  return g_ptr_array_index (self->reason_keys, selected);
}

/**
 * ld_end_call_dialog_set_reason:
 * @reason: the key of a reason of the configuration
 *
 * Chooses @reason, as the agent does in the drop-down; an unknown key changes nothing.
 */
void
ld_end_call_dialog_set_reason (LdEndCallDialog *self,
                               const char      *reason)
{
  g_return_if_fail (LD_IS_END_CALL_DIALOG (self));
  g_return_if_fail (reason != NULL);

  for (guint i = 0; i < self->reason_keys->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->reason_keys, i), reason))
        {
          gtk_drop_down_set_selected (self->reason_dropdown, i);
          return;
        }
    }
}

gboolean
ld_end_call_dialog_get_close_ticket (LdEndCallDialog *self)
{
  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->close_ticket_check)) &&
         gtk_check_button_get_active (self->close_ticket_check);
}

/**
 * ld_end_call_dialog_get_offers_ticket:
 *
 * Returns: whether the dialog offers to close the OTRS ticket (the plugin is on)
 */
gboolean
ld_end_call_dialog_get_offers_ticket (LdEndCallDialog *self)
{
  g_return_val_if_fail (LD_IS_END_CALL_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->close_ticket_check));
}
