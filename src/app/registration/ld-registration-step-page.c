/* ld-registration-step-page.c — what each page of a registration step tells the wizard
 *
 * The wizard (ld-registration-wizard.c) is a shell: it shows the page of the draft's
 * step, asks it what Next sends, sends it with the typed LdClient call of the request,
 * and gives the server's answer back to the pages. A page knows its own widgets: what
 * the draft fills in, what is typed, where an error about a field of the body goes,
 * where the focus goes, and what Next says on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-properties.h"
#include "ld-registration-step-page.h"

/**
 * ld_registration_step_get_title:
 * @step: a step of a draft
 *
 * Returns: (nullable): the step's name as the progress line shows it (translated)
 */
const char *
ld_registration_step_get_title (LdRegistrationStep step)
{
  switch (step)
    {
    case LD_REGISTRATION_STEP_CARD:
      return C_("registration step", "Physical card");
    case LD_REGISTRATION_STEP_PHONE_LINK:
    case LD_REGISTRATION_STEP_PHONE:
      return C_("registration step", "Phone confirmation");
    case LD_REGISTRATION_STEP_VIRTUAL_CARD:
      return C_("registration step", "Virtual card");
    case LD_REGISTRATION_STEP_EMAIL:
      return C_("registration step", "E-mail");
    case LD_REGISTRATION_STEP_CONSENT:
      return C_("registration step", "Consent");
    case LD_REGISTRATION_STEP_PASSWORD:
      return C_("registration step", "Personal Account password");
    case LD_REGISTRATION_STEP_FORM:
      return C_("registration step", "Application form");
    case LD_REGISTRATION_STEP_NONE:
    case LD_REGISTRATION_STEP_DONE:
    case LD_REGISTRATION_STEP_ENDED:
    default:
      return NULL;
    }
}

G_DEFINE_INTERFACE (LdRegistrationStepPage, ld_registration_step_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* the widget marked by the last error, weakly */
#define MARKED_KEY "ld-registration-step-page-marked"
#define FIELDS_KEY "ld-registration-step-page-fields"

/* a field of a page's body and the widget of its errors, see add_field() */
typedef struct
{
  const char *name;
  GWeakRef    widget;
} Field;

static void
field_free (Field *field)
{
  g_weak_ref_clear (&field->widget);
  g_free (field);
}

/* (transfer full) (nullable): the widget of the page's @index-th field, while it lives */
static GtkWidget *
ld_registration_step_page_dup_field_widget (LdRegistrationStepPage *self,
                                            const char             *name,
                                            guint                   index)
{
  GPtrArray *fields = g_object_get_data (G_OBJECT (self), FIELDS_KEY);

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      Field *field = g_ptr_array_index (fields, i);

      if (name != NULL ? g_str_equal (field->name, name) : i == index)
        return g_weak_ref_get (&field->widget);
    }

  return NULL;
}

static void
ld_registration_step_page_free_weak_ref (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static gboolean
ld_registration_step_page_real_get_body (LdRegistrationStepPage  *self,
                                         LdRegistrationRequest   *request,
                                         JsonObject             **body,
                                         char                   **field,
                                         GError                 **error)
{
  *request = LD_REGISTRATION_REQUEST_NONE;
  *body = NULL;

  return TRUE;
}

static void ld_registration_step_page_real_mark_error (LdRegistrationStepPage *self,
                                                       const char             *field);

static gboolean
ld_registration_step_page_real_can_go_on (LdRegistrationStepPage *self)
{
  return TRUE;
}

static void
ld_registration_step_page_default_init (LdRegistrationStepPageInterface *iface)
{
  iface->get_body = ld_registration_step_page_real_get_body;
  iface->can_go_on = ld_registration_step_page_real_can_go_on;
  iface->mark_error = ld_registration_step_page_real_mark_error;

  /**
   * LdRegistrationStepPage::changed:
   *
   * What Next says, or whether it can go on, changed.
   */
  signals[CHANGED] = ld_signal_new (G_TYPE_FROM_INTERFACE (iface), "changed", G_TYPE_NONE);
}

LdRegistrationStep
ld_registration_step_page_get_step (LdRegistrationStepPage *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self), LD_REGISTRATION_STEP_NONE);

  return LD_REGISTRATION_STEP_PAGE_GET_IFACE (self)->get_step (self);
}

void
ld_registration_step_page_load (LdRegistrationStepPage *self,
                                LdRegistrationDraft    *draft,
                                gboolean                resume)
{
  LdRegistrationStepPageInterface *iface;

  g_return_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self));
  g_return_if_fail (LD_IS_REGISTRATION_DRAFT (draft));

  iface = LD_REGISTRATION_STEP_PAGE_GET_IFACE (self);
  if (iface->load != NULL)
    iface->load (self, draft, resume);
}

/**
 * ld_registration_step_page_get_body:
 * @request: (out): what to send
 * @body: (out) (transfer full) (nullable): its body
 * @field: (out) (transfer full) (nullable): on failure, the field the error is about
 *
 * Returns: %FALSE with @error when what was typed cannot be sent
 */
gboolean
ld_registration_step_page_get_body (LdRegistrationStepPage  *self,
                                    LdRegistrationRequest   *request,
                                    JsonObject             **body,
                                    char                   **field,
                                    GError                 **error)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self), FALSE);
  g_return_val_if_fail (request != NULL && body != NULL && field != NULL, FALSE);

  *request = LD_REGISTRATION_REQUEST_NONE;
  *body = NULL;
  *field = NULL;

  return LD_REGISTRATION_STEP_PAGE_GET_IFACE (self)->get_body (self, request, body, field, error);
}

/**
 * ld_registration_step_page_get_field_widget:
 *
 * Returns: (transfer none) (nullable): the widget of @field
 */
GtkWidget *
ld_registration_step_page_get_field_widget (LdRegistrationStepPage *self,
                                            const char             *field)
{
  LdRegistrationStepPageInterface *iface;
  GtkWidget *widget;

  g_return_val_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self), NULL);

  iface = LD_REGISTRATION_STEP_PAGE_GET_IFACE (self);
  if (field == NULL)
    return NULL;
  if (iface->get_field_widget != NULL)
    return iface->get_field_widget (self, field);

  /* the default: the fields the page added; the page holds the widget, so it lives on
   * after this reference goes */
  widget = ld_registration_step_page_dup_field_widget (self, field, 0);
  if (widget != NULL)
    g_object_unref (widget);

  return widget;
}

gboolean
ld_registration_step_page_focus_first (LdRegistrationStepPage *self)
{
  LdRegistrationStepPageInterface *iface;
  g_autoptr(GtkWidget) first = NULL;

  g_return_val_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self), FALSE);

  iface = LD_REGISTRATION_STEP_PAGE_GET_IFACE (self);
  if (iface->focus_first != NULL)
    return iface->focus_first (self);

  /* the default: the first field the page added */
  first = ld_registration_step_page_dup_field_widget (self, NULL, 0);
  return first != NULL && gtk_widget_grab_focus (first);
}

/**
 * ld_registration_step_page_add_field:
 * @self: a page, in its init (after its template)
 * @field: (not nullable): the name of a field of the page's body, a static string
 * @widget: the widget that shows an error about @field, one of the page's own
 *
 * For a page whose fields are fixed: without their own get_field_widget and
 * focus_first, get_field_widget() answers @widget for @field and focus_first() focuses
 * the field added first.
 */
void
ld_registration_step_page_add_field (LdRegistrationStepPage *self,
                                     const char             *field,
                                     GtkWidget              *widget)
{
  Field *entry;
  GPtrArray *fields;

  g_return_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if ((fields = g_object_get_data (G_OBJECT (self), FIELDS_KEY)) == NULL)
    {
      fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
      g_object_set_data_full (G_OBJECT (self), FIELDS_KEY, fields, (GDestroyNotify) g_ptr_array_unref);
    }

  /* weak: the page's dispose drops its template children before its data goes */
  entry = g_new0 (Field, 1);
  entry->name = field;
  g_weak_ref_init (&entry->widget, widget);
  g_ptr_array_add (fields, entry);
}

/**
 * ld_registration_step_page_format_error:
 *
 * Returns: (transfer full): the server's @message about @field as the page shows it
 */
char *
ld_registration_step_page_format_error (LdRegistrationStepPage *self,
                                        const char             *field,
                                        const char             *message)
{
  LdRegistrationStepPageInterface *iface;
  char *formatted = NULL;

  g_return_val_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self), NULL);

  iface = LD_REGISTRATION_STEP_PAGE_GET_IFACE (self);
  if (iface->format_error != NULL && field != NULL)
    formatted = iface->format_error (self, field, message);

  return formatted != NULL ? formatted : g_strdup (message);
}

/**
 * ld_registration_step_page_get_next_label:
 *
 * Returns: (nullable): what Next says; %NULL for the usual "_Next"
 */
const char *
ld_registration_step_page_get_next_label (LdRegistrationStepPage *self)
{
  LdRegistrationStepPageInterface *iface;

  g_return_val_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self), NULL);

  iface = LD_REGISTRATION_STEP_PAGE_GET_IFACE (self);
  return iface->get_next_label != NULL ? iface->get_next_label (self) : NULL;
}

gboolean
ld_registration_step_page_can_go_on (LdRegistrationStepPage *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self), FALSE);

  return LD_REGISTRATION_STEP_PAGE_GET_IFACE (self)->can_go_on (self);
}

void
ld_registration_step_page_mark_error (LdRegistrationStepPage *self,
                                      const char             *field)
{
  g_return_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self));

  LD_REGISTRATION_STEP_PAGE_GET_IFACE (self)->mark_error (self, field);
}

static void
ld_registration_step_page_real_mark_error (LdRegistrationStepPage *self,
                                           const char             *field)
{
  GWeakRef *marked;
  g_autoptr(GtkWidget) old = NULL;
  GtkWidget *widget;

  if ((marked = g_object_get_data (G_OBJECT (self), MARKED_KEY)) == NULL)
    {
      marked = g_new0 (GWeakRef, 1);
      g_weak_ref_init (marked, NULL);
      g_object_set_data_full (G_OBJECT (self), MARKED_KEY, marked,
                              (GDestroyNotify) ld_registration_step_page_free_weak_ref);
    }

  if ((old = g_weak_ref_get (marked)) != NULL)
    gtk_widget_remove_css_class (old, "error");
  g_weak_ref_set (marked, NULL);

  if ((widget = ld_registration_step_page_get_field_widget (self, field)) == NULL)
    return;

  gtk_widget_add_css_class (widget, "error");
  gtk_widget_grab_focus (widget);
  g_weak_ref_set (marked, widget);
}

void
ld_registration_step_page_changed (LdRegistrationStepPage *self)
{
  g_return_if_fail (LD_IS_REGISTRATION_STEP_PAGE (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

void
ld_registration_step_page_clear_mark_cb (GtkEditable *editable,
                                         gpointer     user_data)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

void
ld_registration_step_page_next_cb (GtkWidget *widget,
                                   gpointer   user_data)
{
  gtk_widget_activate_action (widget, "wizard.next", NULL);
}
