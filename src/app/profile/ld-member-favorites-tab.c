/* ld-member-favorites-tab.c — the member's favorite products and their change history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /members/{id}/favorites gives how many and which; the change history below is a
 * paged list of its own (GET /members/{id}/favorites/history) with its own loading and
 * error. Seeing favorites needs the right member.favorites: without it the tab says so
 * and asks the server nothing.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-favorites-tab.h"
#include "ld-member-tab-private.h"
#include "ld-weak-ref.h"

struct _LdMemberFavoritesTab
{
  LdMemberTab          parent_instance;

  LdLoadableView      *view;
  LdLoadableView      *history_view;
  AdwPreferencesGroup *favorites_group;
};

G_DEFINE_FINAL_TYPE (LdMemberFavoritesTab, ld_member_favorites_tab, LD_TYPE_MEMBER_TAB)

static void
ld_member_favorites_tab_get_favorites_cb (GObject      *object,
                                          GAsyncResult *result,
                                          gpointer      user_data)
{
  g_autoptr(LdMemberFavoritesTab) self = ld_weak_ref_steal (user_data);
  g_autoptr(JsonObject) favorites = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  JsonArray *items = NULL;
  gboolean enabled = TRUE;
  gint64 max = 0, count = 0;
  guint n_items;

  g_assert (LD_IS_CLIENT (object));
  g_assert (self == NULL || LD_IS_MEMBER_FAVORITES_TAB (self));

  favorites = ld_client_get_favorites_finish (LD_CLIENT (object), result, &error);

  /* the view is gone: its dispose cancelled the request, nobody wants the answer */
  if (self == NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (favorites == NULL)
    {
      ld_loadable_view_set_error (self->view, error);
      return;
    }

  ld_json_get_bool (favorites, "enabled", TRUE, &enabled);
  ld_json_get_int (favorites, "max", 0, &max);
  ld_json_get_array (favorites, "items", NULL, &items);
  n_items = items != NULL ? json_array_get_length (items) : 0;
  ld_json_get_int (favorites, "count", n_items, &count);

  ld_member_tab_clear_rows (LD_MEMBER_TAB (self));

  if (!enabled)
    {
      g_object_set (self->view,
                    "empty-title", _("The Favorite Products Offer Is Off"),
                    "empty-description", _("Favorites can be seen and changed only while the offer is active."),
                    NULL);
      ld_loadable_view_set_ready (self->view, TRUE);
      return;
    }

  /* a handful of products: plain %u, which xgettext can read (G_GINT64_FORMAT it cannot) */
  count = CLAMP (count, 0, G_MAXUINT);
  max = CLAMP (max, 0, G_MAXUINT);
  if (max > 0)
    /* Translators: favorite products chosen of the most allowed */
    description = g_strdup_printf (ngettext ("%u of %u product chosen",
                                             "%u of %u products chosen",
                                             (gulong) max),
                                   (guint) count, (guint) max);
  else
    description = g_strdup_printf (ngettext ("%u product chosen",
                                             "%u products chosen",
                                             (gulong) count),
                                   (guint) count);
  adw_preferences_group_set_description (self->favorites_group, description);

  for (guint i = 0; i < n_items; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autofree char *added = NULL;
      g_autofree char *subtitle = NULL;
      const char *name = NULL, *sku = NULL, *added_at = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      ld_json_get_string (json_node_get_object (node), "name", "", &name);
      ld_json_get_string (json_node_get_object (node), "sku", "", &sku);
      ld_json_get_string (json_node_get_object (node), "added_at", NULL, &added_at);
      added = ld_format_datetime (added_at);
      /* Translators: a favorite product's article number and when it was chosen */
      subtitle = g_strdup_printf (_("Article %s · chosen %s"), sku, added);
      ld_member_tab_add_row (LD_MEMBER_TAB (self), self->favorites_group, name, subtitle);
    }

  if (n_items == 0)
    ld_member_tab_add_row (LD_MEMBER_TAB (self), self->favorites_group, _("No favorite product chosen"), NULL);

  ld_loadable_view_set_ready (self->view, FALSE);
}

static void
ld_member_favorites_tab_load (LdMemberTab *tab)
{
  LdMemberFavoritesTab *self = LD_MEMBER_FAVORITES_TAB (tab);
  GCancellable *cancellable;

  if (!ld_client_has_right (ld_member_tab_get_client (tab), LD_RIGHT_MEMBER_FAVORITES))
    {
      g_autofree char *description = NULL;

      /* Translators: %s is the name of the right, e.g. member.favorites */
      description = g_strdup_printf (_("Seeing a member's favorite products needs the right “%s”."),
                                     LD_RIGHT_MEMBER_FAVORITES);
      g_object_set (self->view,
                    "empty-icon-name", "action-unavailable-symbolic",
                    "empty-title", _("Not Allowed"),
                    "empty-description", description,
                    NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->view), description);
      ld_loadable_view_set_ready (self->view, TRUE);
      return;
    }

  cancellable = ld_member_tab_renew_cancellable (tab);

  ld_loadable_view_set_loading (self->view);
  ld_client_get_favorites_async (ld_member_tab_get_client (tab),
                                 ld_member_get_id (ld_member_tab_get_member (tab)),
                                 cancellable,
                                 ld_member_favorites_tab_get_favorites_cb,
                                 ld_weak_ref_new (self));
  ld_loadable_view_invalidate (self->history_view);
}

static void
ld_member_favorites_tab_load_history_cb (LdMemberFavoritesTab *self)
{
  g_assert (LD_IS_MEMBER_FAVORITES_TAB (self));

  ld_member_tab_load_list (LD_MEMBER_TAB (self), self->history_view,
                           LD_MEMBER_HISTORY_FAVORITES_HISTORY, NULL);
}

static void
ld_member_favorites_tab_dispose (GObject *object)
{
  LdMemberFavoritesTab *self = (LdMemberFavoritesTab *)object;

  /* the history's list goes first too, while the expressions that follow it still have
   * all they watch */
  if (self->history_view != NULL)
    ld_loadable_view_set_model (self->history_view, NULL);

  G_OBJECT_CLASS (ld_member_favorites_tab_parent_class)->dispose (object);
}

static void
ld_member_favorites_tab_class_init (LdMemberFavoritesTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  object_class->dispose = ld_member_favorites_tab_dispose;

  tab_class->load = ld_member_favorites_tab_load;
  /* a refreshed profile (after an operation) may come with changed favorites */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_SHOWN;

  g_type_ensure (LD_TYPE_FAVORITE_CHANGE);

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-favorites-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, history_view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, favorites_group);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_favorites_tab_load_history_cb);
}

static void
ld_member_favorites_tab_init (LdMemberFavoritesTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
