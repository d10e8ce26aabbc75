/* ld-operation-dialog.h — the one dialog of every operation that changes data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ld-core.h"
/* what the operations use around the dialog, for those that include only this header */
#include "ld-operation-setup.h"
#include "ld-reason-picker.h"

G_BEGIN_DECLS

#define LD_TYPE_OPERATION_DIALOG (ld_operation_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdOperationDialog, ld_operation_dialog, LD, OPERATION_DIALOG, AdwWindow)

/**
 * LdOperationRequest:
 * @submit: starts the request with what the dialog holds (its reason, the operation's
 *   own fields), sending @idempotency_key as the request's Idempotency-Key, and calls
 *   @callback with @callback_data once it finished (the error paths too); @data is what
 *   ld_operation_dialog_set_request() was given
 * @finish: finishes it: %TRUE on success, with @object (nullable, transfer full) what
 *   the server answered for #LdOperationDialog::done; %FALSE with @error set otherwise
 *
 * What a request is, for the dialog: a new operation is a template (or a few
 * properties) and one static description of its request.
 */
typedef struct _LdOperationRequest
{
  void     (*submit) (LdOperationDialog    *dialog,
                      gpointer              data,
                      const char           *idempotency_key,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              callback_data);
  gboolean (*finish) (LdOperationDialog    *dialog,
                      gpointer              data,
                      GAsyncResult         *result,
                      GObject             **object,
                      GError              **error);
} LdOperationRequest;

GtkWidget  *ld_operation_dialog_new                 (GtkWindow                *parent);
void        ld_operation_dialog_set_request         (LdOperationDialog        *self,
                                                     const LdOperationRequest *request,
                                                     gpointer                  data,
                                                     GDestroyNotify            data_destroy);
gpointer    ld_operation_dialog_get_request_data    (LdOperationDialog        *self,
                                                     const LdOperationRequest *request);

const char *ld_operation_dialog_get_heading         (LdOperationDialog        *self);
void        ld_operation_dialog_set_heading         (LdOperationDialog        *self,
                                                     const char               *heading);
const char *ld_operation_dialog_get_body            (LdOperationDialog        *self);
void        ld_operation_dialog_set_body            (LdOperationDialog        *self,
                                                     const char               *body);
GtkWidget  *ld_operation_dialog_get_summary         (LdOperationDialog        *self);
void        ld_operation_dialog_set_summary         (LdOperationDialog        *self,
                                                     GtkWidget                *summary);
GtkWidget  *ld_operation_dialog_get_extra_child     (LdOperationDialog        *self);
void        ld_operation_dialog_set_extra_child     (LdOperationDialog        *self,
                                                     GtkWidget                *extra_child);
void        ld_operation_dialog_set_submit_label    (LdOperationDialog        *self,
                                                     const char               *label);
gboolean    ld_operation_dialog_get_destructive     (LdOperationDialog        *self);
void        ld_operation_dialog_set_destructive     (LdOperationDialog        *self,
                                                     gboolean                  destructive);
gboolean    ld_operation_dialog_get_ready           (LdOperationDialog        *self);
void        ld_operation_dialog_set_ready           (LdOperationDialog        *self,
                                                     gboolean                  ready);

LdReasonPicker *
            ld_operation_dialog_get_reason_picker   (LdOperationDialog        *self);
const char *ld_operation_dialog_get_reason          (LdOperationDialog        *self);
gboolean    ld_operation_dialog_get_reason_required (LdOperationDialog        *self);
void        ld_operation_dialog_set_reason_required (LdOperationDialog        *self,
                                                     gboolean                  required);

void        ld_operation_dialog_set_confirm_text    (LdOperationDialog        *self,
                                                     const char               *text);
void        ld_operation_dialog_set_confirm_switch  (LdOperationDialog        *self,
                                                     const char               *label);
void        ld_operation_dialog_set_abandon_label   (LdOperationDialog        *self,
                                                     const char               *label);

gboolean    ld_operation_dialog_get_can_submit      (LdOperationDialog        *self);
gboolean    ld_operation_dialog_get_busy            (LdOperationDialog        *self);
gboolean    ld_operation_dialog_get_outcome_unknown (LdOperationDialog        *self);
const char *ld_operation_dialog_get_error           (LdOperationDialog        *self);
const char *ld_operation_dialog_get_idempotency_key (LdOperationDialog        *self);
void        ld_operation_dialog_submit              (LdOperationDialog        *self);

G_END_DECLS
