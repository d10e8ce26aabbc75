/* ld-registration-form-page.c — the application form, the last step: Save completes the
 * registration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-registration-form.h"
#include "ld-registration-pages.h"

#define ANSWERS_PREFIX "answers."

struct _LdRegistrationFormPage
{
  AdwBin              parent_instance;

  LdRegistrationForm *form;

  gboolean            saved;
};

static void ld_registration_form_page_step_page_init (LdRegistrationStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdRegistrationFormPage, ld_registration_form_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_REGISTRATION_STEP_PAGE,
                                                      ld_registration_form_page_step_page_init))

/* the form's key of a body's field ("answers.city" → "city"), or NULL */
static const char *
answer_key (const char *field)
{
  return field != NULL && g_str_has_prefix (field, ANSWERS_PREFIX) ? field + strlen (ANSWERS_PREFIX) : NULL;
}

void
ld_registration_form_page_set_fields (LdRegistrationFormPage *self,
                                      JsonArray              *fields)
{
  g_return_if_fail (LD_IS_REGISTRATION_FORM_PAGE (self));

  ld_registration_form_set_fields (self->form, fields);
}

static LdRegistrationStep
ld_registration_form_page_get_step (LdRegistrationStepPage *page)
{
  return LD_REGISTRATION_STEP_FORM;
}

static void
ld_registration_form_page_load (LdRegistrationStepPage *page,
                                LdRegistrationDraft    *draft,
                                gboolean                resume)
{
  LdRegistrationFormPage *self = LD_REGISTRATION_FORM_PAGE (page);
  const char *email = ld_registration_draft_get_email (draft);

  self->saved = ld_registration_draft_is_saved (draft, LD_REGISTRATION_STEP_FORM);

  /* the e-mail step's address fills the form's e-mail field while it is empty */
  if (email != NULL)
    ld_registration_form_set_text (self->form, "email", email);
  if (resume)
    ld_registration_form_set_answers (self->form, ld_registration_draft_get_answers (draft));

  ld_registration_step_page_changed (page);
}

static gboolean
ld_registration_form_page_get_body (LdRegistrationStepPage  *page,
                                    LdRegistrationRequest   *request,
                                    JsonObject             **body,
                                    char                   **field,
                                    GError                 **error)
{
  LdRegistrationFormPage *self = LD_REGISTRATION_FORM_PAGE (page);
  g_autofree char *key = NULL;

  if (!ld_registration_form_validate (self->form, &key, error))
    {
      *field = g_strconcat (ANSWERS_PREFIX, key, NULL);
      return FALSE;
    }

  *request = LD_REGISTRATION_REQUEST_COMPLETE;
  *body = json_object_new ();
  json_object_set_object_member (*body, "answers", ld_registration_form_get_answers (self->form));
  return TRUE;
}

static GtkWidget *
ld_registration_form_page_get_field_widget (LdRegistrationStepPage *page,
                                            const char             *field)
{
  const char *key = answer_key (field);

  return key != NULL ? ld_registration_form_get_row (LD_REGISTRATION_FORM_PAGE (page)->form, key) : NULL;
}

static void
ld_registration_form_page_mark_error (LdRegistrationStepPage *page,
                                      const char             *field)
{
  LdRegistrationFormPage *self = LD_REGISTRATION_FORM_PAGE (page);
  const char *key = answer_key (field);

  ld_registration_form_mark_error (self->form, key);
  if (key != NULL)
    ld_registration_form_focus (self->form, key);
}

/* the server's message about a field of the form: named by the field's label */
static char *
ld_registration_form_page_format_error (LdRegistrationStepPage *page,
                                        const char             *field,
                                        const char             *message)
{
  const char *key = answer_key (field);
  const char *label = key ? ld_registration_form_get_label (LD_REGISTRATION_FORM_PAGE (page)->form, key) : NULL;

  if (label == NULL)
    return NULL;

  /* Translators: a field of the application form, and what is wrong with it */
  return g_strdup_printf (_("%s: %s"), label, message);
}

static gboolean
ld_registration_form_page_focus_first (LdRegistrationStepPage *page)
{
  return ld_registration_form_focus (LD_REGISTRATION_FORM_PAGE (page)->form, NULL);
}

static const char *
ld_registration_form_page_get_next_label (LdRegistrationStepPage *page)
{
  return LD_REGISTRATION_FORM_PAGE (page)->saved ? NULL : _("_Save");
}

static void
ld_registration_form_page_step_page_init (LdRegistrationStepPageInterface *iface)
{
  iface->get_step = ld_registration_form_page_get_step;
  iface->load = ld_registration_form_page_load;
  iface->get_body = ld_registration_form_page_get_body;
  iface->get_field_widget = ld_registration_form_page_get_field_widget;
  iface->mark_error = ld_registration_form_page_mark_error;
  iface->format_error = ld_registration_form_page_format_error;
  iface->focus_first = ld_registration_form_page_focus_first;
  iface->get_next_label = ld_registration_form_page_get_next_label;
}

static void
ld_registration_form_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_REGISTRATION_FORM_PAGE);

  G_OBJECT_CLASS (ld_registration_form_page_parent_class)->dispose (object);
}

static void
ld_registration_form_page_class_init (LdRegistrationFormPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_registration_form_page_dispose;

  g_type_ensure (LD_TYPE_REGISTRATION_FORM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/registration/ld-registration-form-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationFormPage, form);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_step_page_next_cb);
}

static void
ld_registration_form_page_init (LdRegistrationFormPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
