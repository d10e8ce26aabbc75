/* ld-registration-form.h — the application form of the registration, built from the configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_REGISTRATION_FORM (ld_registration_form_get_type ())

G_DECLARE_FINAL_TYPE (LdRegistrationForm, ld_registration_form, LD, REGISTRATION_FORM, AdwBin)

GtkWidget  *ld_registration_form_new         (void);
void        ld_registration_form_set_fields  (LdRegistrationForm  *self,
                                              JsonArray           *fields);
guint       ld_registration_form_get_n_fields (LdRegistrationForm *self);
void        ld_registration_form_set_answers (LdRegistrationForm  *self,
                                              JsonObject          *answers);
void        ld_registration_form_set_text    (LdRegistrationForm  *self,
                                              const char          *key,
                                              const char          *text);
JsonObject *ld_registration_form_get_answers (LdRegistrationForm  *self);
gboolean    ld_registration_form_validate    (LdRegistrationForm  *self,
                                              char               **out_key,
                                              GError             **error);
void        ld_registration_form_mark_error  (LdRegistrationForm  *self,
                                              const char          *key);
GtkWidget  *ld_registration_form_get_row     (LdRegistrationForm  *self,
                                              const char          *key);
const char *ld_registration_form_get_label   (LdRegistrationForm  *self,
                                              const char          *key);
gboolean    ld_registration_form_focus       (LdRegistrationForm  *self,
                                              const char          *key);

G_END_DECLS
