/* ld-member-subscriptions-tab.c — which mailings the member receives, by which channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /members/{id}/subscriptions as a grid of switches: a row per mailing type, a column
 * per channel, in the configuration's order and with its labels, and an "all" check above
 * each channel. Each change is saved at once (PUT /members/{id}/subscriptions with only
 * the pairs it changes and an Idempotency-Key of its own), one at a time in the order made,
 * and a toast offers to undo it (Ctrl+Z too): the undo is one more change, which puts the
 * previous values back. A refused change puts its switches back and says why. Without the
 * right member.subscriptions the switches are shown insensitive, their tooltip naming it.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-subscriptions-tab.h"
#include "ld-member-tab-private.h"
#include "ld-operation-setup.h"
#include "ld-weak-ref.h"

/* one change: the pairs it sets, and what they were before */
typedef struct
{
  GPtrArray *mailing_types;
  GPtrArray *channels;
  GArray    *enabled;    /* gboolean, what the change sets */
  GArray    *previous;   /* gboolean, what it found */
  char      *idempotency_key;
  gboolean   is_undo;
} Change;

struct _LdMemberSubscriptionsTab
{
  LdMemberTab      parent_instance;

  LdLoadableView  *view;
  GtkGrid         *grid;
  AdwToastOverlay *toast_overlay;
  GtkLabel        *error_label;

  GListModel      *saved;     /* the grid as the server last answered it */
  GPtrArray       *types;     /* the keys shown, in order */
  GPtrArray       *channel_keys;
  GQueue           pending;   /* Change, the first one being sent */
  Change          *last;      /* the last change saved, which Undo reverts */
  gboolean         filling;   /* the switches follow the grid, not the agent */
};

G_DEFINE_FINAL_TYPE (LdMemberSubscriptionsTab, ld_member_subscriptions_tab, LD_TYPE_MEMBER_TAB)

static void ld_member_subscriptions_tab_send_next (LdMemberSubscriptionsTab *self);

static Change *
change_new (gboolean is_undo)
{
  Change *change = g_new0 (Change, 1);

  change->mailing_types = g_ptr_array_new_with_free_func (g_free);
  change->channels = g_ptr_array_new_with_free_func (g_free);
  change->enabled = g_array_new (FALSE, FALSE, sizeof (gboolean));
  change->previous = g_array_new (FALSE, FALSE, sizeof (gboolean));
  change->idempotency_key = g_uuid_string_random ();
  change->is_undo = is_undo;

  return change;
}

static void
change_free (Change *change)
{
  g_ptr_array_unref (change->mailing_types);
  g_ptr_array_unref (change->channels);
  g_array_unref (change->enabled);
  g_array_unref (change->previous);
  g_free (change->idempotency_key);
  g_free (change);
}

static void
change_add (Change     *change,
            const char *mailing_type,
            const char *channel,
            gboolean    enabled,
            gboolean    previous)
{
  g_ptr_array_add (change->mailing_types, g_strdup (mailing_type));
  g_ptr_array_add (change->channels, g_strdup (channel));
  g_array_append_val (change->enabled, enabled);
  g_array_append_val (change->previous, previous);
}

/* the keys of a configuration list, then the keys only the answer has */
static GPtrArray *
collect_keys (JsonArray  *options,
              GListModel *subscriptions,
              gboolean    channels)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  guint n = options != NULL ? json_array_get_length (options) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (options, i);
      const char *key = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          ld_json_get_string (json_node_get_object (node), "key", NULL, &key) && key != NULL)
        g_ptr_array_add (keys, g_strdup (key));
      else if (ld_json_node_holds (node, G_TYPE_STRING))
        g_ptr_array_add (keys, g_strdup (json_node_get_string (node)));
    }

  for (guint i = 0; i < g_list_model_get_n_items (subscriptions); i++)
    {
      g_autoptr(LdSubscription) subscription = g_list_model_get_item (subscriptions, i);
      const char *key = channels ? ld_subscription_get_channel (subscription)
                                 : ld_subscription_get_mailing_type (subscription);

      if (key != NULL && !g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        g_ptr_array_add (keys, g_strdup (key));
    }

  return keys;
}

static gboolean
find_enabled (GListModel *subscriptions,
              const char *mailing_type,
              const char *channel)
{
  guint n = subscriptions != NULL ? g_list_model_get_n_items (subscriptions) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdSubscription) subscription = g_list_model_get_item (subscriptions, i);

      if (g_strcmp0 (ld_subscription_get_mailing_type (subscription), mailing_type) == 0 &&
          g_strcmp0 (ld_subscription_get_channel (subscription), channel) == 0)
        return ld_subscription_get_enabled (subscription);
    }

  return FALSE;
}

static gboolean
may_change (LdMemberSubscriptionsTab *self)
{
  LdClient *client = ld_member_tab_get_client (LD_MEMBER_TAB (self));

  return client != NULL && ld_client_has_right (client, LD_RIGHT_MEMBER_SUBSCRIPTIONS);
}

static GtkWidget *
cell_switch (LdMemberSubscriptionsTab *self,
             guint                     type_index,
             guint                     channel_index)
{
  return gtk_grid_get_child_at (self->grid, (int) channel_index + 1, (int) type_index + 2);
}

static GtkWidget *
channel_check (LdMemberSubscriptionsTab *self,
               guint                     channel_index)
{
  return gtk_grid_get_child_at (self->grid, (int) channel_index + 1, 1);
}

/* the switches as the saved grid has them, then each channel's "all" as its switches */
static void
ld_member_subscriptions_tab_sync (LdMemberSubscriptionsTab *self)
{
  g_assert (LD_IS_MEMBER_SUBSCRIPTIONS_TAB (self));

  if (self->types == NULL || self->channel_keys == NULL)
    return;

  self->filling = TRUE;
  for (guint c = 0; c < self->channel_keys->len; c++)
    {
      const char *channel = g_ptr_array_index (self->channel_keys, c);
      GtkWidget *all = channel_check (self, c);
      guint n_on = 0;

      for (guint t = 0; t < self->types->len; t++)
        {
          GtkWidget *sw = cell_switch (self, t, c);
          gboolean on = find_enabled (self->saved, g_ptr_array_index (self->types, t), channel);

          if (sw != NULL)
            gtk_switch_set_active (GTK_SWITCH (sw), on);
          n_on += on ? 1 : 0;
        }
      if (all != NULL)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (all), n_on == self->types->len && n_on > 0);
          gtk_check_button_set_inconsistent (GTK_CHECK_BUTTON (all), n_on > 0 && n_on < self->types->len);
        }
    }
  self->filling = FALSE;
}

static void
ld_member_subscriptions_tab_update_actions (LdMemberSubscriptionsTab *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subscriptions.undo",
                                 self->last != NULL && may_change (self));
}

static void
ld_member_subscriptions_tab_show_error (LdMemberSubscriptionsTab *self,
                                        const char               *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
ld_member_subscriptions_tab_update_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
  g_autoptr(LdMemberSubscriptionsTab) self = ld_weak_ref_steal (user_data);
  g_autoptr(GListModel) subscriptions = NULL;
  g_autoptr(GError) error = NULL;
  Change *change;

  g_assert (LD_IS_CLIENT (object));
  g_assert (self == NULL || LD_IS_MEMBER_SUBSCRIPTIONS_TAB (self));

  subscriptions = ld_client_update_subscriptions_finish (LD_CLIENT (object), result, &error);

  /* the view is gone: its dispose cancelled the request and dropped the queue */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  change = g_queue_pop_head (&self->pending);
  g_return_if_fail (change != NULL);

  if (subscriptions == NULL)
    {
      g_autofree char *message = NULL;

      /* the switches go back to what the server has; the changes made after this one
       * were made on top of a state that never was: they go too */
      g_queue_clear_full (&self->pending, (GDestroyNotify) change_free);
      change_free (change);
      ld_member_subscriptions_tab_sync (self);

      /* Translators: %s is the server's reason, e.g. "Needs the right …" */
      message = g_strdup_printf (_("The change was not saved: %s"), error->message);
      ld_member_subscriptions_tab_show_error (self, message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      ld_member_subscriptions_tab_update_actions (self);
      return;
    }

  g_set_object (&self->saved, subscriptions);
  ld_member_subscriptions_tab_show_error (self, NULL);

  if (g_queue_is_empty (&self->pending))
    ld_member_subscriptions_tab_sync (self);

  g_clear_pointer (&self->last, change_free);
  if (change->is_undo)
    {
      AdwToast *toast = adw_toast_new (_("Change undone"));

      adw_toast_set_timeout (toast, 3);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      change_free (change);
    }
  else
    {
      AdwToast *toast = adw_toast_new (_("Subscriptions saved"));

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "subscriptions.undo");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      self->last = change;
    }
  ld_member_subscriptions_tab_update_actions (self);

  ld_member_subscriptions_tab_send_next (self);
}

/* sends the first pending change, unless one is on its way */
static void
ld_member_subscriptions_tab_send_next (LdMemberSubscriptionsTab *self)
{
  g_autoptr(GListStore) items = NULL;
  Change *change = g_queue_peek_head (&self->pending);

  g_assert (LD_IS_MEMBER_SUBSCRIPTIONS_TAB (self));

  if (change == NULL)
    return;

  items = g_list_store_new (LD_TYPE_SUBSCRIPTION);
  for (guint i = 0; i < change->mailing_types->len; i++)
    {
      g_autoptr(JsonObject) json = json_object_new ();
      g_autoptr(LdSubscription) subscription = NULL;

      json_object_set_string_member (json, "mailing_type", g_ptr_array_index (change->mailing_types, i));
      json_object_set_string_member (json, "channel", g_ptr_array_index (change->channels, i));
      json_object_set_boolean_member (json, "enabled", g_array_index (change->enabled, gboolean, i));
      subscription = ld_subscription_new_from_json (json, NULL);
      g_list_store_append (items, subscription);
    }

  ld_client_update_subscriptions_async (ld_member_tab_get_client (LD_MEMBER_TAB (self)),
                                        ld_member_get_id (ld_member_tab_get_member (LD_MEMBER_TAB (self))),
                                        G_LIST_MODEL (items),
                                        change->idempotency_key,
                                        ld_member_tab_get_cancellable (LD_MEMBER_TAB (self)),
                                        ld_member_subscriptions_tab_update_cb,
                                        ld_weak_ref_new (self));
}

static void
ld_member_subscriptions_tab_queue (LdMemberSubscriptionsTab *self,
                                   Change                   *change)
{
  gboolean idle = g_queue_is_empty (&self->pending);

  g_queue_push_tail (&self->pending, change);
  if (idle)
    ld_member_subscriptions_tab_send_next (self);
}

static void
ld_member_subscriptions_tab_switch_cb (GtkSwitch                *sw,
                                       GParamSpec               *pspec,
                                       LdMemberSubscriptionsTab *self)
{
  Change *change;
  gboolean on = gtk_switch_get_active (sw);

  g_assert (GTK_IS_SWITCH (sw));
  g_assert (LD_IS_MEMBER_SUBSCRIPTIONS_TAB (self));

  if (self->filling)
    return;

  change = change_new (FALSE);
  change_add (change,
              g_object_get_data (G_OBJECT (sw), "ld-mailing-type"),
              g_object_get_data (G_OBJECT (sw), "ld-channel"),
              on, !on);
  ld_member_subscriptions_tab_queue (self, change);
}

/* "all" of one channel: every mailing type on, or (when they all were) every one off */
static void
ld_member_subscriptions_tab_all_cb (GtkCheckButton           *check,
                                    GParamSpec               *pspec,
                                    LdMemberSubscriptionsTab *self)
{
  const char *channel = g_object_get_data (G_OBJECT (check), "ld-channel");
  guint channel_index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "ld-channel-index"));
  gboolean on = gtk_check_button_get_active (check);
  Change *change;

  g_assert (GTK_IS_CHECK_BUTTON (check));
  g_assert (LD_IS_MEMBER_SUBSCRIPTIONS_TAB (self));

  if (self->filling)
    return;

  change = change_new (FALSE);
  self->filling = TRUE;
  gtk_check_button_set_inconsistent (check, FALSE);
  for (guint t = 0; t < self->types->len; t++)
    {
      GtkSwitch *sw = GTK_SWITCH (cell_switch (self, t, channel_index));
      gboolean was = gtk_switch_get_active (sw);

      if (was != on)
        change_add (change, g_ptr_array_index (self->types, t), channel, on, was);
      gtk_switch_set_active (sw, on);
    }
  self->filling = FALSE;

  if (change->mailing_types->len == 0)
    change_free (change);
  else
    ld_member_subscriptions_tab_queue (self, change);
}

static void
ld_member_subscriptions_tab_undo (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  LdMemberSubscriptionsTab *self = LD_MEMBER_SUBSCRIPTIONS_TAB (widget);
  Change *undo;
  Change *last = g_steal_pointer (&self->last);

  if (last == NULL || !may_change (self))
    return;

  undo = change_new (TRUE);
  for (guint i = 0; i < last->mailing_types->len; i++)
    change_add (undo,
                g_ptr_array_index (last->mailing_types, i),
                g_ptr_array_index (last->channels, i),
                g_array_index (last->previous, gboolean, i),
                g_array_index (last->enabled, gboolean, i));
  change_free (last);
  ld_member_subscriptions_tab_update_actions (self);

  /* the switches show the undo at once, as they showed the change */
  self->filling = TRUE;
  for (guint i = 0; i < undo->mailing_types->len; i++)
    for (guint t = 0; t < self->types->len; t++)
      for (guint c = 0; c < self->channel_keys->len; c++)
        if (g_str_equal (g_ptr_array_index (self->types, t), g_ptr_array_index (undo->mailing_types, i)) &&
            g_str_equal (g_ptr_array_index (self->channel_keys, c), g_ptr_array_index (undo->channels, i)))
          gtk_switch_set_active (GTK_SWITCH (cell_switch (self, t, c)),
                                 g_array_index (undo->enabled, gboolean, i));
  self->filling = FALSE;

  ld_member_subscriptions_tab_queue (self, undo);
}

/* a cell is insensitive without the right, @tooltip saying which; allowed, its tooltip is
 * its own name again */
static void
cell_follow_right (GtkWidget  *cell,
                   gboolean    allowed,
                   const char *tooltip)
{
  gtk_widget_set_sensitive (cell, allowed);
  gtk_widget_set_tooltip_text (cell, allowed ? g_object_get_data (G_OBJECT (cell), "ld-name") : tooltip);
}

/* a cell of the grid at (@column, @row): named @name for screen readers (and for the
 * tests, as "ld-name"), insensitive without the right (@tooltip saying which), its
 * "active" followed by @callback */
static void
attach_cell (LdMemberSubscriptionsTab *self,
             GtkWidget                *cell,
             const char               *name,
             gboolean                  allowed,
             const char               *tooltip,
             GCallback                 callback,
             int                       column,
             int                       row)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data_full (G_OBJECT (cell), "ld-name", g_strdup (name), g_free);
  cell_follow_right (cell, allowed, tooltip);
  g_signal_connect_object (cell, "notify::active", callback, self, 0);
  gtk_grid_attach (self->grid, cell, column, row, 1, 1);
}

static void
ld_member_subscriptions_tab_fill (LdMemberSubscriptionsTab *self,
                                  GListModel               *subscriptions)
{
  LdConfig *config = ld_member_tab_get_config (LD_MEMBER_TAB (self));
  JsonArray *type_options = config != NULL ? ld_config_get_mailing_types (config) : NULL;
  JsonArray *channel_options = config != NULL ? ld_config_get_channels (config) : NULL;
  gboolean allowed = may_change (self);
  g_autofree char *tooltip = NULL;
  GtkWidget *child;

  g_assert (LD_IS_MEMBER_SUBSCRIPTIONS_TAB (self));

  if (!allowed)
    tooltip = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_SUBSCRIPTIONS);

  g_set_object (&self->saved, subscriptions);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_pointer (&self->channel_keys, g_ptr_array_unref);
  self->types = collect_keys (type_options, subscriptions, FALSE);
  self->channel_keys = collect_keys (channel_options, subscriptions, TRUE);
  ld_member_subscriptions_tab_show_error (self, NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  for (guint c = 0; c < self->channel_keys->len; c++)
    {
      const char *channel = g_ptr_array_index (self->channel_keys, c);
      g_autofree char *label = ld_format_option (channel_options, channel);
      g_autofree char *all_name = NULL;
      GtkWidget *header = gtk_label_new (label);
      GtkWidget *all;

      gtk_widget_add_css_class (header, "heading");
      gtk_grid_attach (self->grid, header, (int) c + 1, 0, 1, 1);

      all = gtk_check_button_new_with_label (_("All"));
      gtk_widget_set_halign (all, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (all), "ld-channel", g_strdup (channel), g_free);
      g_object_set_data (G_OBJECT (all), "ld-channel-index", GUINT_TO_POINTER (c));
      /* Translators: the accessible name of the check that turns a channel on for every
       * mailing type; %s is the channel, e.g. "SMS" */
      all_name = g_strdup_printf (_("Every mailing by %s"), label);
      attach_cell (self, all, all_name, allowed, tooltip, G_CALLBACK (ld_member_subscriptions_tab_all_cb),
                   (int) c + 1, 1);
    }

  for (guint t = 0; t < self->types->len; t++)
    {
      const char *type = g_ptr_array_index (self->types, t);
      g_autofree char *type_label = ld_format_option (type_options, type);
      GtkWidget *label = gtk_label_new (type_label);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (self->grid, label, 0, (int) t + 2, 1, 1);

      for (guint c = 0; c < self->channel_keys->len; c++)
        {
          const char *channel = g_ptr_array_index (self->channel_keys, c);
          g_autofree char *channel_label = ld_format_option (channel_options, channel);
          g_autofree char *name = NULL;
          GtkWidget *sw = gtk_switch_new ();

          gtk_widget_set_halign (sw, GTK_ALIGN_CENTER);
          gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (sw), "ld-mailing-type", g_strdup (type), g_free);
          g_object_set_data_full (G_OBJECT (sw), "ld-channel", g_strdup (channel), g_free);
          /* Translators: the accessible name of one cell: "<mailing type> by <channel>" */
          name = g_strdup_printf (_("%s by %s"), type_label, channel_label);
          attach_cell (self, sw, name, allowed, tooltip, G_CALLBACK (ld_member_subscriptions_tab_switch_cb),
                       (int) c + 1, (int) t + 2);
        }
    }

  ld_member_subscriptions_tab_sync (self);
  ld_member_subscriptions_tab_update_actions (self);
  ld_loadable_view_set_ready (self->view, self->types->len == 0 || self->channel_keys->len == 0);
}

static void
ld_member_subscriptions_tab_get_subscriptions_cb (GObject      *object,
                                                  GAsyncResult *result,
                                                  gpointer      user_data)
{
  g_autoptr(LdMemberSubscriptionsTab) self = ld_weak_ref_steal (user_data);
  g_autoptr(GListModel) subscriptions = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_CLIENT (object));
  g_assert (self == NULL || LD_IS_MEMBER_SUBSCRIPTIONS_TAB (self));

  subscriptions = ld_client_get_subscriptions_finish (LD_CLIENT (object), result, &error);

  /* the view is gone: its dispose cancelled the request, nobody wants the answer */
  if (self == NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (subscriptions == NULL)
    ld_loadable_view_set_error (self->view, error);
  else
    ld_member_subscriptions_tab_fill (self, subscriptions);
}

static void
ld_member_subscriptions_tab_load (LdMemberTab *tab)
{
  LdMemberSubscriptionsTab *self = LD_MEMBER_SUBSCRIPTIONS_TAB (tab);
  GCancellable *cancellable;

  /* a new load cancels what was on its way: the queue goes with it */
  g_queue_clear_full (&self->pending, (GDestroyNotify) change_free);
  g_clear_pointer (&self->last, change_free);

  cancellable = ld_member_tab_renew_cancellable (tab);
  ld_loadable_view_set_loading (self->view);
  ld_client_get_subscriptions_async (ld_member_tab_get_client (tab),
                                     ld_member_get_id (ld_member_tab_get_member (tab)),
                                     cancellable,
                                     ld_member_subscriptions_tab_get_subscriptions_cb,
                                     ld_weak_ref_new (self));
}

/* the operator changed: the switches follow their rights, without fetching the grid again */
static void
ld_member_subscriptions_tab_update (LdMemberTab *tab)
{
  LdMemberSubscriptionsTab *self = LD_MEMBER_SUBSCRIPTIONS_TAB (tab);
  gboolean allowed = may_change (self);
  g_autofree char *tooltip = NULL;

  if (!allowed)
    tooltip = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_SUBSCRIPTIONS);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->grid));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SWITCH (child) || GTK_IS_CHECK_BUTTON (child))
      cell_follow_right (child, allowed, tooltip);

  ld_member_subscriptions_tab_update_actions (self);
}

static void
ld_member_subscriptions_tab_dispose (GObject *object)
{
  LdMemberSubscriptionsTab *self = (LdMemberSubscriptionsTab *)object;

  g_queue_clear_full (&self->pending, (GDestroyNotify) change_free);
  g_clear_pointer (&self->last, change_free);
  g_clear_object (&self->saved);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_pointer (&self->channel_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_member_subscriptions_tab_parent_class)->dispose (object);
}

static void
ld_member_subscriptions_tab_class_init (LdMemberSubscriptionsTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  object_class->dispose = ld_member_subscriptions_tab_dispose;

  tab_class->load = ld_member_subscriptions_tab_load;
  tab_class->update = ld_member_subscriptions_tab_update;
  /* the tab's own changes keep it up to date; another operation refreshes the member */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_OTHER_MEMBER;
  tab_class->config_reloads = TRUE;

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-subscriptions-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, LdMemberSubscriptionsTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberSubscriptionsTab, grid);
  gtk_widget_class_bind_template_child (widget_class, LdMemberSubscriptionsTab, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LdMemberSubscriptionsTab, error_label);

  gtk_widget_class_install_action (widget_class, "subscriptions.undo", NULL, ld_member_subscriptions_tab_undo);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "subscriptions.undo", NULL);
}

static void
ld_member_subscriptions_tab_init (LdMemberSubscriptionsTab *self)
{
  g_queue_init (&self->pending);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "subscriptions.undo", FALSE);
}
