/* ld-call-banner.c — the call on the line: the number, a running timer, "End Call"
 *
 * (AdwBanner came with libadwaita 1.3; Debian 12 has 1.2, so this is a revealer.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-call-banner.h"

struct _LdCallBanner
{
  AdwBin       parent_instance;

  /* template children */
  GtkRevealer *revealer;
  GtkLabel    *caller_label;
  GtkLabel    *timer_label;
  GtkButton   *end_button;

  LdCall      *call;
  gint64       started_at;   /* monotonic, when the call came to this desk */
  guint        timer_id;
};

G_DEFINE_FINAL_TYPE (LdCallBanner, ld_call_banner, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ld_call_banner_update_timer (LdCallBanner *self)
{
  g_autofree char *text = NULL;
  guint elapsed;

  g_assert (LD_IS_CALL_BANNER (self));

  elapsed = ld_call_banner_get_elapsed (self);
  if (elapsed >= 3600)
    text = g_strdup_printf ("%u:%02u:%02u", elapsed / 3600, (elapsed / 60) % 60, elapsed % 60);
  else
    text = g_strdup_printf ("%02u:%02u", elapsed / 60, elapsed % 60);

  gtk_label_set_label (self->timer_label, text);
}

/* who is on the line: the member, or "not registered" until a registration made
 * during the call gives the call its member */
static void
ld_call_banner_update_caller (LdCallBanner *self)
{
  g_autofree char *text = NULL;
  LdMember *member;

  g_assert (LD_IS_CALL_BANNER (self));

  if (self->call == NULL)
    return;

  member = ld_call_get_member (self->call);
  if (member != NULL)
    text = g_strdup_printf (_("Call from %s — %s %s"),
                            ld_call_get_phone (self->call),
                            ld_member_get_first_name (member) ? ld_member_get_first_name (member) : "",
                            ld_member_get_last_name (member) ? ld_member_get_last_name (member) : "");
  else
    text = g_strdup_printf (_("Call from %s — not registered"), ld_call_get_phone (self->call));

  gtk_label_set_label (self->caller_label, g_strstrip (text));
}

static void
ld_call_banner_member_changed_cb (LdCallBanner *self,
                                  GParamSpec   *pspec,
                                  LdCall       *call)
{
  g_assert (LD_IS_CALL_BANNER (self));
  g_assert (LD_IS_CALL (call));

  if (call == self->call)
    ld_call_banner_update_caller (self);
}

static gboolean
ld_call_banner_tick_cb (gpointer user_data)
{
  LdCallBanner *self = user_data;

  g_assert (LD_IS_CALL_BANNER (self));

  ld_call_banner_update_timer (self);

  return G_SOURCE_CONTINUE;
}

static void
ld_call_banner_dispose (GObject *object)
{
  LdCallBanner *self = (LdCallBanner *)object;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_func (self->call, ld_call_banner_member_changed_cb, self);
  g_clear_object (&self->call);

  /* AdwBin unparents its child itself: let it, before the template drops its own */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_CALL_BANNER);

  G_OBJECT_CLASS (ld_call_banner_parent_class)->dispose (object);
}

static void
ld_call_banner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdCallBanner *self = LD_CALL_BANNER (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_call_banner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LdCallBanner *self = LD_CALL_BANNER (object);

  switch (prop_id)
    {
    case PROP_CALL:
      ld_call_banner_set_call (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_call_banner_class_init (LdCallBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_call_banner_dispose;
  object_class->get_property = ld_call_banner_get_property;
  object_class->set_property = ld_call_banner_set_property;

  /**
   * LdCallBanner:call:
   *
   * The call on the line; %NULL hides the banner.
   */
  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL,
                         LD_TYPE_CALL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/ld-call-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, caller_label);
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, timer_label);
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, end_button);
}

static void
ld_call_banner_init (LdCallBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ld_call_banner_new (void)
{
  return g_object_new (LD_TYPE_CALL_BANNER, NULL);
}

/**
 * ld_call_banner_get_call:
 *
 * Returns: (transfer none) (nullable): the call on the line
 */
LdCall *
ld_call_banner_get_call (LdCallBanner *self)
{
  g_return_val_if_fail (LD_IS_CALL_BANNER (self), NULL);

  return self->call;
}

/**
 * ld_call_banner_set_call:
 * @call: (nullable): the call that came in, or %NULL once it ended
 */
void
ld_call_banner_set_call (LdCallBanner *self,
                         LdCall       *call)
{
  g_return_if_fail (LD_IS_CALL_BANNER (self));
  g_return_if_fail (!call || LD_IS_CALL (call));

  if (self->call == call)
    return;

  if (self->call != NULL)
    g_signal_handlers_disconnect_by_func (self->call, ld_call_banner_member_changed_cb, self);
  g_set_object (&self->call, call);

  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (call != NULL)
    {
      g_signal_connect_object (call, "notify::member",
                               G_CALLBACK (ld_call_banner_member_changed_cb),
                               self, G_CONNECT_SWAPPED);
      ld_call_banner_update_caller (self);

      self->started_at = g_get_monotonic_time ();
      ld_call_banner_update_timer (self);
      self->timer_id = g_timeout_add_seconds (1, ld_call_banner_tick_cb, self);
    }

  gtk_revealer_set_reveal_child (self->revealer, call != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
}

/**
 * ld_call_banner_get_elapsed:
 *
 * Returns: how many seconds the call has lasted so far (0 without a call)
 */
guint
ld_call_banner_get_elapsed (LdCallBanner *self)
{
  g_return_val_if_fail (LD_IS_CALL_BANNER (self), 0);

  if (self->call == NULL)
    return 0;

  return (guint)((g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC);
}

/**
 * ld_call_banner_get_end_button:
 *
 * Returns: (transfer none): the "End Call" button
 */
GtkWidget *
ld_call_banner_get_end_button (LdCallBanner *self)
{
  g_return_val_if_fail (LD_IS_CALL_BANNER (self), NULL);

  return GTK_WIDGET (self->end_button);
}
