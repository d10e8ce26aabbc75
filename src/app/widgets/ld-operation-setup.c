/* ld-operation-setup.c — what an operation's own code uses around its dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The operations (operations/cards, contacts, members, the profile's Link Card) build
 * their LdOperationDialog the same way: from a template, with the configuration's
 * reasons, ready once an entry holds something. Their buttons follow the app's one rule
 * for an operation the operator may not do: shown but insensitive, the tooltip (read by
 * screen readers too) naming the right.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-operation-dialog.h"
#include "ld-operation-setup.h"
#include "ld-reason-picker.h"

/**
 * ld_operation_dialog_load:
 * @resource: the path of a template whose object "dialog" is an #LdOperationDialog
 * @builder: (out) (transfer full): the builder, for the template's other objects
 *
 * Returns: (transfer none): the dialog of @resource, not shown yet
 */
LdOperationDialog *
ld_operation_dialog_load (const char  *resource,
                          GtkBuilder **builder)
{
  g_return_val_if_fail (resource != NULL, NULL);
  g_return_val_if_fail (builder != NULL, NULL);

  g_type_ensure (LD_TYPE_OPERATION_DIALOG);
  *builder = gtk_builder_new_from_resource (resource);

  return LD_OPERATION_DIALOG (gtk_builder_get_object (*builder, "dialog"));
}

/**
 * ld_operation_dialog_add_reasons:
 * @config: (nullable): the configuration
 * @kind: the configuration's list of reasons, e.g. "member_block"
 *
 * Offers the configuration's reasons.@kind in the reason picker; "Other" when it has none.
 */
void
ld_operation_dialog_add_reasons (LdOperationDialog *self,
                                 LdConfig          *config,
                                 const char        *kind)
{
  LdReasonPicker *reason_picker;

  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));
  g_return_if_fail (config == NULL || LD_IS_CONFIG (config));
  g_return_if_fail (kind != NULL);

  reason_picker = ld_operation_dialog_get_reason_picker (self);
  if (config != NULL)
    ld_reason_picker_add_from_json (reason_picker, ld_config_get_reasons (config, kind));
  if (ld_reason_picker_get_n_reasons (reason_picker) == 0)
    ld_reason_picker_add (reason_picker, "other", _("Other"));
}

static void
ld_operation_dialog_entry_changed_cb (LdOperationDialog *self,
                                      GtkEditable       *entry)
{
  g_autofree char *text = NULL;

  g_assert (LD_IS_OPERATION_DIALOG (self));
  g_assert (GTK_IS_EDITABLE (entry));

  text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  ld_operation_dialog_set_ready (self, text[0] != '\0');
}

/**
 * ld_operation_dialog_follow_entry:
 * @entry: a field of the dialog, owned by it
 *
 * The dialog is ready once @entry holds something other than spaces.
 */
void
ld_operation_dialog_follow_entry (LdOperationDialog *self,
                                  GtkEditable       *entry)
{
  g_return_if_fail (LD_IS_OPERATION_DIALOG (self));
  g_return_if_fail (GTK_IS_EDITABLE (entry));

  g_signal_connect_object (entry, "changed", G_CALLBACK (ld_operation_dialog_entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/**
 * ld_operation_dup_missing_right:
 * @right: the right the operator lacks, e.g. "member.block"
 *
 * The app's one rule for an operation the operator may not do: shown but insensitive,
 * its tooltip naming the right.
 *
 * Returns: (transfer full): the tooltip, "Needs the right “…”"
 */
char *
ld_operation_dup_missing_right (const char *right)
{
  g_return_val_if_fail (right != NULL, NULL);

  /* Translators: the tooltip of an action the operator may not do; %s is the right */
  return g_strdup_printf (_("Needs the right “%s”"), right);
}

/**
 * ld_operation_set_tooltip:
 * @tooltip: (nullable): what the widget's tooltip and accessible description say
 *
 * The tooltip of an operation's widget, read by screen readers too.
 */
void
ld_operation_set_tooltip (GtkWidget  *widget,
                          const char *tooltip)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_set_tooltip_text (widget, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip != NULL ? tooltip : "",
                                  -1);
}
