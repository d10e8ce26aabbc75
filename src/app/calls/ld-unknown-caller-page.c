/* ld-unknown-caller-page.c — the screen pop of a number nobody in the program has
 *
 * The entry point of the registration: the Register button activates the window's
 * win.register-call, which opens the registration wizard with the caller's number and
 * call; without the right the button is insensitive and names it. When the number has an
 * open registration draft (GET /registrations?phone=), the page says when it was
 * started, by whom and at which step it stopped, and the button continues it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-operation-setup.h"
#include "ld-properties.h"
#include "ld-registration-step-page.h"
#include "ld-registration-wizard.h"
#include "ld-unknown-caller-page.h"

struct _LdUnknownCallerPage
{
  AdwBin         parent_instance;

  /* template children */
  AdwStatusPage *status_page;
  GtkLabel      *draft_label;
  GtkButton     *register_button;

  LdClient      *client;
  LdCall        *call;
  GCancellable  *cancellable;
  LdRegistrationDraft *draft;   /* (nullable) the number's open registration */
};

G_DEFINE_FINAL_TYPE (LdUnknownCallerPage, ld_unknown_caller_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CALL,
  PROP_PHONE,
  PROP_TITLE,
  PROP_DRAFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "05.12.2026 14:05" in the desktop's time zone, the date as the agent's language writes
 * it with the year in full (ld_format_datetime); NULL when @iso is not a time */
static char *
format_local_time (const char *iso)
{
  g_autoptr(GDateTime) time = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return time ? ld_format_datetime (iso) : NULL;
}

static void
ld_unknown_caller_page_show_draft (LdUnknownCallerPage *self)
{
  const char *created_at = ld_registration_draft_get_created_at (self->draft);
  LdRegistrationStep step = ld_registration_draft_get_step (self->draft);
  const char *name = ld_registration_draft_get_operator_name (self->draft);
  const char *login = ld_registration_draft_get_operator_login (self->draft);
  g_autofree char *when = format_local_time (created_at);
  g_autofree char *text = NULL;
  const char *who = name != NULL && name[0] != '\0' ? name : login;

  if (when == NULL)
    when = g_strdup (created_at ? created_at : "");

  if (who != NULL && who[0] != '\0')
    /* Translators: when, who, and the step's name, e.g. "Phone confirmation" */
    text = g_strdup_printf (_("A registration of this number was started on %s by %s. "
                              "It stopped at the step “%s”."),
                            when, who, ld_registration_step_get_title (step));
  else
    /* Translators: when, and the step's name, e.g. "Phone confirmation" */
    text = g_strdup_printf (_("A registration of this number was started on %s. "
                              "It stopped at the step “%s”."),
                            when, ld_registration_step_get_title (step));

  gtk_label_set_text (self->draft_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->draft_label), TRUE);

  gtk_button_set_label (self->register_button, _("_Continue Registration"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->register_button),
                               _("Continue the registration where it stopped"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->register_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
ld_unknown_caller_page_drafts_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(LdUnknownCallerPage) self = user_data;
  g_autoptr(LdPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *items;

  page = ld_client_list_registrations_finish (LD_CLIENT (object), result, &error);
  if (page == NULL)
    {
      /* the page offers to register either way; a draft, if any, is resumed by the wizard */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not look for an open registration: %s", error->message);
      return;
    }

  /* the page went away meanwhile */
  if (self->draft_label == NULL)
    return;

  items = ld_page_get_items (page);
  if (items == NULL || g_list_model_get_n_items (items) == 0)
    return;

  g_clear_object (&self->draft);
  self->draft = g_list_model_get_item (items, 0);
  ld_unknown_caller_page_show_draft (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

static void
ld_unknown_caller_page_look_for_draft (LdUnknownCallerPage *self)
{
  const char *phone = ld_unknown_caller_page_get_phone (self);

  if (phone == NULL || !ld_client_has_right (self->client, LD_RIGHT_MEMBER_REGISTER))
    return;

  ld_client_list_registrations_async (self->client, phone, NULL, 1, self->cancellable,
                                      ld_unknown_caller_page_drafts_cb, g_object_ref (self));
}

static void
ld_unknown_caller_page_constructed (GObject *object)
{
  LdUnknownCallerPage *self = (LdUnknownCallerPage *)object;
  g_autofree char *description = NULL;
  g_autofree char *tooltip = NULL;

  G_OBJECT_CLASS (ld_unknown_caller_page_parent_class)->constructed (object);

  description = g_strdup_printf (_("Nobody in the loyalty program has the number %s. "
                                   "Offer the caller to join the program."),
                                 ld_unknown_caller_page_get_phone (self));
  adw_status_page_set_description (self->status_page, description);

  if (!ld_client_has_right (self->client, LD_RIGHT_MEMBER_REGISTER))
    tooltip = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_REGISTER);
  else
    tooltip = g_strdup (_("Register the caller in the loyalty program"));

  /* the window's win.register-call opens the registration wizard in place of this page;
   * the target first, so the action is never looked up with the wrong parameter */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->register_button), "(sx)",
                                    ld_unknown_caller_page_get_phone (self),
                                    (gint64) ld_call_get_id (self->call));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->register_button), "win.register-call");

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->register_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->register_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);

  ld_unknown_caller_page_look_for_draft (self);
}

static void
ld_unknown_caller_page_dispose (GObject *object)
{
  LdUnknownCallerPage *self = (LdUnknownCallerPage *)object;

  g_cancellable_cancel (self->cancellable);

  /* AdwBin unparents its child itself: let it, before the template drops its own */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_UNKNOWN_CALLER_PAGE);

  g_clear_object (&self->client);
  g_clear_object (&self->call);
  g_clear_object (&self->draft);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ld_unknown_caller_page_parent_class)->dispose (object);
}

static void
ld_unknown_caller_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LdUnknownCallerPage *self = LD_UNKNOWN_CALLER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;

    case PROP_PHONE:
      g_value_set_string (value, ld_unknown_caller_page_get_phone (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, ld_unknown_caller_page_get_phone (self));
      break;

    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_unknown_caller_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  LdUnknownCallerPage *self = LD_UNKNOWN_CALLER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_CALL:
      self->call = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_unknown_caller_page_class_init (LdUnknownCallerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_unknown_caller_page_constructed;
  object_class->dispose = ld_unknown_caller_page_dispose;
  object_class->get_property = ld_unknown_caller_page_get_property;
  object_class->set_property = ld_unknown_caller_page_set_property;

  properties[PROP_CLIENT] = ld_param_spec_client ();

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL,
                         LD_TYPE_CALL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] = ld_param_spec_title ();

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL,
                         LD_TYPE_REGISTRATION_DRAFT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/calls/ld-unknown-caller-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdUnknownCallerPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, LdUnknownCallerPage, draft_label);
  gtk_widget_class_bind_template_child (widget_class, LdUnknownCallerPage, register_button);
}

static void
ld_unknown_caller_page_init (LdUnknownCallerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * ld_unknown_caller_page_new:
 * @client: the logged-in session
 * @call: the call from the unknown number
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
ld_unknown_caller_page_new (LdClient *client,
                            LdCall   *call)
{
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (LD_IS_CALL (call), NULL);

  return g_object_new (LD_TYPE_UNKNOWN_CALLER_PAGE,
                       "client", client,
                       "call", call,
                       NULL);
}

const char *
ld_unknown_caller_page_get_phone (LdUnknownCallerPage *self)
{
  g_return_val_if_fail (LD_IS_UNKNOWN_CALLER_PAGE (self), NULL);

  return self->call ? ld_call_get_phone (self->call) : NULL;
}

/**
 * ld_unknown_caller_page_get_draft:
 *
 * Returns: (transfer none) (nullable): the number's open registration draft, once the
 *   server has answered that it has one
 */
LdRegistrationDraft *
ld_unknown_caller_page_get_draft (LdUnknownCallerPage *self)
{
  g_return_val_if_fail (LD_IS_UNKNOWN_CALLER_PAGE (self), NULL);

  return self->draft;
}

/**
 * ld_unknown_caller_page_get_register_button:
 *
 * Returns: (transfer none): the Register button
 */
GtkWidget *
ld_unknown_caller_page_get_register_button (LdUnknownCallerPage *self)
{
  g_return_val_if_fail (LD_IS_UNKNOWN_CALLER_PAGE (self), NULL);

  return GTK_WIDGET (self->register_button);
}
