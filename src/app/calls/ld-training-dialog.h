/* ld-training-dialog.h — simulates an incoming call from a typed number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_TRAINING_DIALOG (ld_training_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdTrainingDialog, ld_training_dialog, LD, TRAINING_DIALOG, AdwMessageDialog)

GtkWidget  *ld_training_dialog_new        (GtkWindow        *parent);
const char *ld_training_dialog_get_number (LdTrainingDialog *self);
void        ld_training_dialog_set_number (LdTrainingDialog *self,
                                           const char       *number);

G_END_DECLS
