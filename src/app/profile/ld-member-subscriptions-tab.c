/* ld-member-subscriptions-tab.c — which mailings the member receives, by which channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /members/{id}/subscriptions as a grid: a row per mailing type, a column per
 * channel, in the configuration's order and with its labels. Read-only here.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-subscriptions-tab.h"
#include "ld-member-tab-private.h"
#include "ld-weak-ref.h"

struct _LdMemberSubscriptionsTab
{
  LdMemberTab     parent_instance;

  LdLoadableView *view;
  GtkGrid        *grid;
};

G_DEFINE_FINAL_TYPE (LdMemberSubscriptionsTab, ld_member_subscriptions_tab, LD_TYPE_MEMBER_TAB)

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
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
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
  for (guint i = 0; i < g_list_model_get_n_items (subscriptions); i++)
    {
      g_autoptr(LdSubscription) subscription = g_list_model_get_item (subscriptions, i);

      if (g_strcmp0 (ld_subscription_get_mailing_type (subscription), mailing_type) == 0 &&
          g_strcmp0 (ld_subscription_get_channel (subscription), channel) == 0)
        return ld_subscription_get_enabled (subscription);
    }

  return FALSE;
}

static void
ld_member_subscriptions_tab_fill (LdMemberSubscriptionsTab *self,
                                  GListModel               *subscriptions)
{
  LdConfig *config = ld_member_tab_get_config (LD_MEMBER_TAB (self));
  JsonArray *type_options = config != NULL ? ld_config_get_mailing_types (config) : NULL;
  JsonArray *channel_options = config != NULL ? ld_config_get_channels (config) : NULL;
  g_autoptr(GPtrArray) types = collect_keys (type_options, subscriptions, FALSE);
  g_autoptr(GPtrArray) channels = collect_keys (channel_options, subscriptions, TRUE);
  GtkWidget *child;

  g_assert (LD_IS_MEMBER_SUBSCRIPTIONS_TAB (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  for (guint c = 0; c < channels->len; c++)
    {
      g_autofree char *label = ld_format_option (channel_options, g_ptr_array_index (channels, c));
      GtkWidget *header = gtk_label_new (label);

      gtk_widget_add_css_class (header, "heading");
      gtk_grid_attach (self->grid, header, (int) c + 1, 0, 1, 1);
    }

  for (guint t = 0; t < types->len; t++)
    {
      const char *type = g_ptr_array_index (types, t);
      g_autofree char *type_label = ld_format_option (type_options, type);
      GtkWidget *label = gtk_label_new (type_label);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (self->grid, label, 0, (int) t + 1, 1, 1);

      for (guint c = 0; c < channels->len; c++)
        {
          const char *channel = g_ptr_array_index (channels, c);
          g_autofree char *channel_label = ld_format_option (channel_options, channel);
          g_autofree char *name = NULL;
          GtkWidget *check = gtk_check_button_new ();

          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       find_enabled (subscriptions, type, channel));
          /* read-only here: shown, not changed */
          gtk_widget_set_sensitive (check, FALSE);
          gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
          /* Translators: the accessible name of one cell: "<mailing type> by <channel>" */
          name = g_strdup_printf (_("%s by %s"), type_label, channel_label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                          -1);
          gtk_grid_attach (self->grid, check, (int) c + 1, (int) t + 1, 1, 1);
        }
    }

  ld_loadable_view_set_ready (self->view, types->len == 0 || channels->len == 0);
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
  GCancellable *cancellable = ld_member_tab_renew_cancellable (tab);

  ld_loadable_view_set_loading (self->view);
  ld_client_get_subscriptions_async (ld_member_tab_get_client (tab),
                                     ld_member_get_id (ld_member_tab_get_member (tab)),
                                     cancellable,
                                     ld_member_subscriptions_tab_get_subscriptions_cb,
                                     ld_weak_ref_new (self));
}

static void
ld_member_subscriptions_tab_class_init (LdMemberSubscriptionsTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  tab_class->load = ld_member_subscriptions_tab_load;
  /* subscriptions change only by an operation, which refreshes the member */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_ALWAYS;
  tab_class->config_reloads = TRUE;

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-subscriptions-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, LdMemberSubscriptionsTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberSubscriptionsTab, grid);
}

static void
ld_member_subscriptions_tab_init (LdMemberSubscriptionsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
