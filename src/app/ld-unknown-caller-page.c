/* ld-unknown-caller-page.c — the screen pop of a number nobody in the program has
 *
 * The entry point of the registration: the Register button activates the window's
 * win.register-call, which opens the registration wizard with the caller's number and
 * call; without the right the button is insensitive and names it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-unknown-caller-page.h"

struct _LdUnknownCallerPage
{
  AdwBin         parent_instance;

  /* template children */
  AdwStatusPage *status_page;
  GtkButton     *register_button;

  LdClient      *client;
  LdCall        *call;
};

G_DEFINE_FINAL_TYPE (LdUnknownCallerPage, ld_unknown_caller_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CALL,
  PROP_PHONE,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
    tooltip = g_strdup_printf (_("You lack the right “%s”"), LD_RIGHT_MEMBER_REGISTER);
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
}

static void
ld_unknown_caller_page_dispose (GObject *object)
{
  LdUnknownCallerPage *self = (LdUnknownCallerPage *)object;

  /* AdwBin unparents its child itself: let it, before the template drops its own */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_UNKNOWN_CALLER_PAGE);

  g_clear_object (&self->client);
  g_clear_object (&self->call);

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

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         LD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL,
                         LD_TYPE_CALL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/ld-unknown-caller-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdUnknownCallerPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, LdUnknownCallerPage, register_button);
}

static void
ld_unknown_caller_page_init (LdUnknownCallerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
