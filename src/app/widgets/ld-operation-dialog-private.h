/* ld-operation-dialog-private.h — the operation dialog's insides, for its own files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ld-operation-dialog.c is the dialog; ld-operation-dialog-request.c sends its request.
 */
#pragma once

#include "ld-operation-dialog.h"
#include "ld-retry-key.h"

G_BEGIN_DECLS

struct _LdOperationDialog
{
  AdwWindow                 parent_instance;

  /* template children */
  AdwWindowTitle           *window_title;
  GtkButton                *cancel_button;
  GtkButton                *submit_button;
  GtkSpinner               *spinner;
  GtkWidget                *fields_box;
  GtkLabel                 *body_label;
  AdwBin                   *summary_bin;
  LdReasonPicker           *reason_picker;
  GtkWidget                *confirm_text_box;
  GtkLabel                 *confirm_text_label;
  GtkEntry                 *confirm_entry;
  GtkWidget                *confirm_switch_box;
  AdwActionRow             *confirm_switch_row;
  GtkSwitch                *confirm_switch;
  AdwBin                   *extra_bin;
  GtkLabel                 *error_label;
  GtkWidget                *unknown_label;
  GtkButton                *abandon_button;

  const LdOperationRequest *request;
  gpointer                  request_data;
  GDestroyNotify            request_data_destroy;

  GCancellable             *cancellable;
  char                     *heading;
  char                     *submit_label;
  char                     *confirm_text;
  char                     *confirm_switch_label;
  char                     *abandon_label;
  char                     *error;
  LdRetryKey                retry_key;       /* the last submit's, and the form it sent */

  guint                     busy : 1;
  guint                     outcome_unknown : 1;
  guint                     destructive : 1;
  guint                     ready : 1;
  guint                     reason_required : 1;
  guint                     can_submit : 1;
  guint                     finished : 1;
};

/* everything that follows the state: actions, sensitivity, the submit button's label */
void ld_operation_dialog_update    (LdOperationDialog *self);
void ld_operation_dialog_set_busy  (LdOperationDialog *self,
                                    gboolean           busy);
void ld_operation_dialog_set_error (LdOperationDialog *self,
                                    const char        *message);

G_END_DECLS
