/* ld-call-banner.c — the call on the line: the number, a running timer, "End Call"
 *
 * A call that comes in while another is on the line takes the banner (the telephony
 * pops the call the agent just took), but the earlier one is not lost: it stays below,
 * "not ended", with its own End button, until the agent ends it with a reason. When the
 * call on the line ends first, the most recent earlier call comes back on the banner,
 * its timer counting from when it came in.
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
  GtkWidget   *earlier_box;
  GtkLabel    *earlier_label;
  GtkButton   *end_earlier_button;

  LdCall      *call;
  gint64       started_at;   /* monotonic, when the call came to this desk */
  GPtrArray   *earlier;      /* of CallEntry: calls not ended that came before, oldest first */
  guint        timer_id;
};

/* a call waiting to be ended, and when it came to this desk */
typedef struct
{
  LdCall *call;
  gint64  started_at;
} CallEntry;

G_DEFINE_FINAL_TYPE (LdCallBanner, ld_call_banner, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CALL,
  PROP_N_EARLIER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void     ld_call_banner_member_changed_cb (LdCallBanner *self,
                                                  GParamSpec   *pspec,
                                                  LdCall       *call);
static gboolean ld_call_banner_tick_cb           (gpointer      user_data);

static void
call_entry_free (gpointer data)
{
  CallEntry *entry = data;

  g_clear_object (&entry->call);
  g_free (entry);
}

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

/* the most recent call not ended before the one on the line, and how many there are */
static void
ld_call_banner_update_earlier (LdCallBanner *self)
{
  g_autofree char *who = NULL;
  g_autofree char *text = NULL;
  CallEntry *last;
  LdMember *member;
  guint n;

  g_assert (LD_IS_CALL_BANNER (self));

  n = self->earlier->len;
  gtk_widget_set_visible (self->earlier_box, n > 0);
  if (n == 0)
    return;

  last = g_ptr_array_index (self->earlier, n - 1);
  member = ld_call_get_member (last->call);
  if (member != NULL)
    who = g_strstrip (g_strdup_printf ("%s %s %s", ld_call_get_phone (last->call),
                                       ld_member_get_first_name (member) ? ld_member_get_first_name (member) : "",
                                       ld_member_get_last_name (member) ? ld_member_get_last_name (member) : ""));
  else
    who = g_strdup (ld_call_get_phone (last->call));

  if (n == 1)
    text = g_strdup_printf (_("Earlier call from %s is not ended"), who);
  else
    text = g_strdup_printf (ngettext ("Earlier call from %s and %u more are not ended",
                                      "Earlier call from %s and %u more are not ended",
                                      n - 1),
                            who, n - 1);

  gtk_label_set_label (self->earlier_label, text);
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
  else
    ld_call_banner_update_earlier (self);
}

/* @call (with its start) goes on the line, or nothing does */
static void
ld_call_banner_show (LdCallBanner *self,
                     LdCall       *call,
                     gint64        started_at)
{
  g_assert (LD_IS_CALL_BANNER (self));
  g_assert (!call || LD_IS_CALL (call));

  g_set_object (&self->call, call);

  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (call != NULL)
    {
      ld_call_banner_update_caller (self);

      self->started_at = started_at;
      ld_call_banner_update_timer (self);
      self->timer_id = g_timeout_add_seconds (1, ld_call_banner_tick_cb, self);
    }

  ld_call_banner_update_earlier (self);
  gtk_revealer_set_reveal_child (self->revealer, call != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
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
  if (self->earlier != NULL)
    for (guint i = 0; i < self->earlier->len; i++)
      g_signal_handlers_disconnect_by_func (((CallEntry *) g_ptr_array_index (self->earlier, i))->call,
                                            ld_call_banner_member_changed_cb, self);
  g_clear_pointer (&self->earlier, g_ptr_array_unref);

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

    case PROP_N_EARLIER:
      g_value_set_uint (value, ld_call_banner_get_n_earlier (self));
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

  /**
   * LdCallBanner:call:
   *
   * The call on the line; %NULL hides the banner.
   */
  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL,
                         LD_TYPE_CALL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * LdCallBanner:n-earlier:
   *
   * How many calls came before the one on the line and are not ended yet.
   */
  properties[PROP_N_EARLIER] =
    g_param_spec_uint ("n-earlier", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/calls/ld-call-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, caller_label);
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, timer_label);
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, end_button);
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, earlier_box);
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, earlier_label);
  gtk_widget_class_bind_template_child (widget_class, LdCallBanner, end_earlier_button);
}

static void
ld_call_banner_init (LdCallBanner *self)
{
  self->earlier = g_ptr_array_new_with_free_func (call_entry_free);

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
 * ld_call_banner_add_call:
 * @call: the call that came in
 *
 * Puts @call on the line. A call on the line before it, not ended, stays on the banner
 * as an earlier call to be ended (ld_call_banner_get_earlier_call()).
 */
void
ld_call_banner_add_call (LdCallBanner *self,
                         LdCall       *call)
{
  g_return_if_fail (LD_IS_CALL_BANNER (self));
  g_return_if_fail (LD_IS_CALL (call));

  if (self->call == call || ld_call_banner_find_call (self, ld_call_get_id (call)) != NULL)
    return;

  g_signal_connect_object (call, "notify::member",
                           G_CALLBACK (ld_call_banner_member_changed_cb),
                           self, G_CONNECT_SWAPPED);

  if (self->call != NULL)
    {
      CallEntry *entry = g_new0 (CallEntry, 1);

      entry->call = g_object_ref (self->call);
      entry->started_at = self->started_at;
      g_ptr_array_add (self->earlier, entry);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EARLIER]);
    }

  ld_call_banner_show (self, call, g_get_monotonic_time ());
}

/**
 * ld_call_banner_remove_call:
 * @call: a call of the banner that ended
 *
 * Takes @call off the banner. When it was the one on the line, the most recent earlier
 * call not ended takes its place; without one, the banner hides.
 */
void
ld_call_banner_remove_call (LdCallBanner *self,
                            LdCall       *call)
{
  g_return_if_fail (LD_IS_CALL_BANNER (self));
  g_return_if_fail (LD_IS_CALL (call));

  if (self->call != NULL && ld_call_get_id (self->call) == ld_call_get_id (call))
    {
      g_autoptr(LdCall) next = NULL;
      gint64 started_at = 0;

      g_signal_handlers_disconnect_by_func (self->call, ld_call_banner_member_changed_cb, self);
      if (self->earlier->len > 0)
        {
          CallEntry *entry = g_ptr_array_index (self->earlier, self->earlier->len - 1);

          next = g_object_ref (entry->call);
          started_at = entry->started_at;
          g_ptr_array_remove_index (self->earlier, self->earlier->len - 1);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EARLIER]);
        }
      ld_call_banner_show (self, next, started_at);
      return;
    }

  for (guint i = 0; i < self->earlier->len; i++)
    {
      CallEntry *entry = g_ptr_array_index (self->earlier, i);

      if (ld_call_get_id (entry->call) == ld_call_get_id (call))
        {
          g_signal_handlers_disconnect_by_func (entry->call, ld_call_banner_member_changed_cb, self);
          g_ptr_array_remove_index (self->earlier, i);
          ld_call_banner_update_earlier (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EARLIER]);
          return;
        }
    }
}

/**
 * ld_call_banner_get_earlier_call:
 *
 * Returns: (transfer none) (nullable): the most recent call that came before the one on
 *   the line and is not ended yet
 */
LdCall *
ld_call_banner_get_earlier_call (LdCallBanner *self)
{
  g_return_val_if_fail (LD_IS_CALL_BANNER (self), NULL);

  if (self->earlier->len == 0)
    return NULL;

  return ((CallEntry *) g_ptr_array_index (self->earlier, self->earlier->len - 1))->call;
}

guint
ld_call_banner_get_n_earlier (LdCallBanner *self)
{
  g_return_val_if_fail (LD_IS_CALL_BANNER (self), 0);

  return self->earlier->len;
}

/**
 * ld_call_banner_find_call:
 * @call_id: a call's id
 *
 * Returns: (transfer none) (nullable): the call on the line or an earlier one not
 *   ended with that id
 */
LdCall *
ld_call_banner_find_call (LdCallBanner *self,
                          gint64        call_id)
{
  g_return_val_if_fail (LD_IS_CALL_BANNER (self), NULL);

  if (self->call != NULL && ld_call_get_id (self->call) == call_id)
    return self->call;

  for (guint i = 0; i < self->earlier->len; i++)
    {
      CallEntry *entry = g_ptr_array_index (self->earlier, i);

      if (ld_call_get_id (entry->call) == call_id)
        return entry->call;
    }

  return NULL;
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

/**
 * ld_call_banner_get_end_earlier_button:
 *
 * Returns: (transfer none): the button that ends the earlier call not ended
 */
GtkWidget *
ld_call_banner_get_end_earlier_button (LdCallBanner *self)
{
  g_return_val_if_fail (LD_IS_CALL_BANNER (self), NULL);

  return GTK_WIDGET (self->end_earlier_button);
}
