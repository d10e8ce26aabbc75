/* ld-member-favorites-tab.c — the member's favorite products and their change history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /members/{id}/favorites gives how many and which; the change history below is a
 * paged list of its own (GET /members/{id}/favorites/history) with its own loading and
 * error. A product is added from a search of the catalogue (GET /products?q=) and removed
 * by its row's button; each change is PUT /members/{id}/favorites with the whole new list
 * and an Idempotency-Key of its own. Adding past favorites.max is refused here, before
 * anything is sent; the server's favorites_limit_reached is shown if it comes anyway.
 * Favorites need the right member.favorites (the one the server checks): without it the
 * tab is insensitive, says so and asks the server nothing.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-favorites-tab.h"
#include "ld-member-tab-private.h"
#include "ld-operation-setup.h"
#include "ld-weak-ref.h"

struct _LdMemberFavoritesTab
{
  LdMemberTab          parent_instance;

  LdLoadableView      *view;
  LdLoadableView      *history_view;
  AdwPreferencesGroup *favorites_group;
  GtkListBox          *favorites_list;
  AdwPreferencesGroup *add_group;
  GtkSearchEntry      *product_entry;
  GtkListBox          *product_list;
  GtkLabel            *error_label;

  GArray              *product_ids;   /* gint64, the favorites as the server last answered */
  gint64               max;
  GCancellable        *search_cancellable;
  char                *idempotency_key;  /* of the change on its way */
  int                  loaded_allowed;   /* the right as the last load saw it; -1: none */
};

G_DEFINE_FINAL_TYPE (LdMemberFavoritesTab, ld_member_favorites_tab, LD_TYPE_MEMBER_TAB)

static void
ld_member_favorites_tab_show_error (LdMemberFavoritesTab *self,
                                    const char           *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void ld_member_favorites_tab_change (LdMemberFavoritesTab *self,
                                            const gint64         *product_ids,
                                            guint                 n_products);

static void
ld_member_favorites_tab_remove_cb (GtkButton            *button,
                                   LdMemberFavoritesTab *self)
{
  gint64 product_id = *(gint64 *) g_object_get_data (G_OBJECT (button), "ld-product-id");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert (GTK_IS_BUTTON (button));
  g_assert (LD_IS_MEMBER_FAVORITES_TAB (self));

  for (guint i = 0; i < self->product_ids->len; i++)
    if (g_array_index (self->product_ids, gint64, i) != product_id)
      g_array_append_val (ids, g_array_index (self->product_ids, gint64, i));

  ld_member_favorites_tab_change (self, (gint64 *) (gpointer) ids->data, ids->len);
}

/* the favorites of @favorites, the answer of GET or PUT */
static void
ld_member_favorites_tab_fill (LdMemberFavoritesTab *self,
                              JsonObject           *favorites)
{
  g_autofree char *description = NULL;
  JsonArray *items = NULL;
  gboolean enabled = TRUE;
  gint64 max = 0, count = 0;
  guint n_items;
  GtkWidget *child;

  g_assert (LD_IS_MEMBER_FAVORITES_TAB (self));

  ld_json_get_bool (favorites, "enabled", TRUE, &enabled);
  ld_json_get_int (favorites, "max", 0, &max);
  ld_json_get_array (favorites, "items", NULL, &items);
  n_items = items != NULL ? json_array_get_length (items) : 0;
  ld_json_get_int (favorites, "count", n_items, &count);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->favorites_list))) != NULL)
    gtk_list_box_remove (self->favorites_list, child);
  g_array_set_size (self->product_ids, 0);

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
  self->max = max;
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
      g_autofree char *remove_name = NULL;
      const char *name = NULL, *sku = NULL, *added_at = NULL;
      gint64 product_id = 0;
      GtkWidget *row, *button;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      ld_json_get_string (json_node_get_object (node), "name", "", &name);
      ld_json_get_string (json_node_get_object (node), "sku", "", &sku);
      ld_json_get_string (json_node_get_object (node), "added_at", NULL, &added_at);
      ld_json_get_int (json_node_get_object (node), "product_id", 0, &product_id);
      if (product_id <= 0)
        continue;
      g_array_append_val (self->product_ids, product_id);

      added = ld_format_datetime (added_at);
      /* Translators: a favorite product's article number and when it was chosen */
      subtitle = g_strdup_printf (_("Article %s · chosen %s"), sku, added);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      button = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      /* Translators: the button that takes one product out of the favorites */
      remove_name = g_strdup_printf (_("Remove “%s”"), name);
      gtk_widget_set_tooltip_text (button, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "ld-product-id",
                              g_memdup2 (&product_id, sizeof product_id), g_free);
      g_signal_connect_object (button, "clicked",
                               G_CALLBACK (ld_member_favorites_tab_remove_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->favorites_list, row);
    }

  if (self->product_ids->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No favorite product chosen"));
      gtk_list_box_append (self->favorites_list, row);
    }

  ld_loadable_view_set_ready (self->view, FALSE);
}

static void
ld_member_favorites_tab_get_favorites_cb (GObject      *object,
                                          GAsyncResult *result,
                                          gpointer      user_data)
{
  g_autoptr(LdMemberFavoritesTab) self = ld_weak_ref_steal (user_data);
  g_autoptr(JsonObject) favorites = NULL;
  g_autoptr(GError) error = NULL;

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

  ld_member_favorites_tab_fill (self, favorites);
}

static void
ld_member_favorites_tab_update_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(LdMemberFavoritesTab) self = ld_weak_ref_steal (user_data);
  g_autoptr(JsonObject) favorites = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_CLIENT (object));
  g_assert (self == NULL || LD_IS_MEMBER_FAVORITES_TAB (self));

  favorites = ld_client_update_favorites_finish (LD_CLIENT (object), result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->idempotency_key, g_free);
  gtk_widget_set_sensitive (GTK_WIDGET (self->favorites_list), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->product_list), TRUE);

  if (favorites == NULL)
    {
      /* the server's own words, in the agent's language: favorites_limit_reached among them */
      ld_member_favorites_tab_show_error (self, error->message);
      return;
    }

  ld_member_favorites_tab_show_error (self, NULL);
  ld_member_favorites_tab_fill (self, favorites);
  ld_loadable_view_invalidate (self->history_view);
}

/* the favorites become @product_ids */
static void
ld_member_favorites_tab_change (LdMemberFavoritesTab *self,
                                const gint64         *product_ids,
                                guint                 n_products)
{
  LdMemberTab *tab = LD_MEMBER_TAB (self);

  g_assert (LD_IS_MEMBER_FAVORITES_TAB (self));

  /* one change at a time: the next is made on what the server answered */
  if (self->idempotency_key != NULL)
    return;

  self->idempotency_key = g_uuid_string_random ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->favorites_list), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->product_list), FALSE);
  ld_client_update_favorites_async (ld_member_tab_get_client (tab),
                                    ld_member_get_id (ld_member_tab_get_member (tab)),
                                    product_ids, n_products,
                                    self->idempotency_key,
                                    ld_member_tab_get_cancellable (tab),
                                    ld_member_favorites_tab_update_cb,
                                    ld_weak_ref_new (self));
}

static void
ld_member_favorites_tab_add (LdMemberFavoritesTab *self,
                             gint64                product_id)
{
  g_autoptr(GArray) ids = NULL;

  g_assert (LD_IS_MEMBER_FAVORITES_TAB (self));

  for (guint i = 0; i < self->product_ids->len; i++)
    if (g_array_index (self->product_ids, gint64, i) == product_id)
      {
        ld_member_favorites_tab_show_error (self, _("This product is already a favorite."));
        return;
      }

  /* past the maximum: refused here, nothing is sent */
  if (self->max > 0 && self->product_ids->len >= (guint) self->max)
    {
      g_autofree char *message = NULL;

      /* Translators: %u is favorites.max of the configuration */
      message = g_strdup_printf (ngettext ("A member may have at most %u favorite product: remove one first.",
                                           "A member may have at most %u favorite products: remove one first.",
                                           (gulong) self->max),
                                 (guint) self->max);
      ld_member_favorites_tab_show_error (self, message);
      return;
    }

  ids = g_array_copy (self->product_ids);
  g_array_append_val (ids, product_id);
  ld_member_favorites_tab_change (self, (gint64 *) (gpointer) ids->data, ids->len);
}

static void
ld_member_favorites_tab_product_activated_cb (GtkListBox           *list,
                                              GtkListBoxRow        *row,
                                              LdMemberFavoritesTab *self)
{
  gint64 *product_id = g_object_get_data (G_OBJECT (row), "ld-product-id");

  g_assert (LD_IS_MEMBER_FAVORITES_TAB (self));

  if (product_id != NULL)
    ld_member_favorites_tab_add (self, *product_id);
}

static void
ld_member_favorites_tab_list_products_cb (GObject      *object,
                                          GAsyncResult *result,
                                          gpointer      user_data)
{
  g_autoptr(LdMemberFavoritesTab) self = ld_weak_ref_steal (user_data);
  g_autoptr(LdPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  GListModel *products;

  g_assert (LD_IS_CLIENT (object));

  page = ld_client_list_products_finish (LD_CLIENT (object), result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->product_list))) != NULL)
    gtk_list_box_remove (self->product_list, child);

  if (page == NULL)
    {
      ld_member_favorites_tab_show_error (self, error->message);
      return;
    }

  products = ld_page_get_items (page);
  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(LdProduct) product = g_list_model_get_item (products, i);
      gint64 product_id = ld_product_get_id (product);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      if (!ld_product_get_active (product))
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ld_product_get_name (product));
      /* Translators: a product found for the favorites: its article number */
      subtitle = g_strdup_printf (_("Article %s"), ld_product_get_sku (product));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      icon = gtk_image_new_from_icon_name ("list-add-symbolic");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Add to the favorites"));
      g_object_set_data_full (G_OBJECT (row), "ld-product-id",
                              g_memdup2 (&product_id, sizeof product_id), g_free);
      gtk_list_box_append (self->product_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->product_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->product_list)) != NULL);
}

static void
ld_member_favorites_tab_search_changed_cb (GtkSearchEntry       *entry,
                                           LdMemberFavoritesTab *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *q = g_strstrip (g_strdup (text));

  g_assert (LD_IS_MEMBER_FAVORITES_TAB (self));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  ld_member_favorites_tab_show_error (self, NULL);

  if (*q == '\0')
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->product_list))) != NULL)
        gtk_list_box_remove (self->product_list, child);
      gtk_widget_set_visible (GTK_WIDGET (self->product_list), FALSE);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  ld_client_list_products_async (ld_member_tab_get_client (LD_MEMBER_TAB (self)),
                                 q, NULL, 20,
                                 self->search_cancellable,
                                 ld_member_favorites_tab_list_products_cb,
                                 ld_weak_ref_new (self));
}

/* Enter in the search: the first product found, as the agent sees it on top */
static void
ld_member_favorites_tab_search_activate_cb (GtkSearchEntry       *entry,
                                            LdMemberFavoritesTab *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->product_list, 0);

  g_assert (LD_IS_MEMBER_FAVORITES_TAB (self));

  if (row != NULL)
    ld_member_favorites_tab_product_activated_cb (self->product_list, row, self);
}

static void
ld_member_favorites_tab_load (LdMemberTab *tab)
{
  LdMemberFavoritesTab *self = LD_MEMBER_FAVORITES_TAB (tab);
  GCancellable *cancellable;

  ld_member_favorites_tab_show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->view), NULL);

  self->loaded_allowed = ld_client_has_right (ld_member_tab_get_client (tab), LD_RIGHT_MEMBER_FAVORITES);
  if (!self->loaded_allowed)
    {
      g_autofree char *tooltip = NULL;

      g_autofree char *description = NULL;

      /* Translators: %s is the name of the right, e.g. member.favorites */
      description = g_strdup_printf (_("Seeing a member's favorite products needs the right “%s”."),
                                     LD_RIGHT_MEMBER_FAVORITES);
      g_object_set (self->view,
                    "empty-icon-name", "action-unavailable-symbolic",
                    "empty-title", _("Not Allowed"),
                    "empty-description", description,
                    NULL);
      /* one rule for rights: shown, insensitive, the tooltip naming the right */
      tooltip = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_FAVORITES);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->view), tooltip);
      gtk_widget_set_sensitive (GTK_WIDGET (self->view), FALSE);
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

/* another operator: what the tab shows follows the right, so it loads again if that changed */
static void
ld_member_favorites_tab_update (LdMemberTab *tab)
{
  LdMemberFavoritesTab *self = LD_MEMBER_FAVORITES_TAB (tab);
  LdClient *client = ld_member_tab_get_client (tab);

  if (self->loaded_allowed < 0 || client == NULL)
    return;
  if (self->loaded_allowed != (int) ld_client_has_right (client, LD_RIGHT_MEMBER_FAVORITES))
    ld_loadable_view_invalidate (self->view);
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

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_pointer (&self->product_ids, g_array_unref);

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
  tab_class->update = ld_member_favorites_tab_update;
  /* a refreshed profile (after an operation) may come with changed favorites */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_SHOWN;

  g_type_ensure (LD_TYPE_FAVORITE_CHANGE);

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-favorites-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, history_view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, favorites_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, favorites_list);
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, add_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, product_entry);
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, product_list);
  gtk_widget_class_bind_template_child (widget_class, LdMemberFavoritesTab, error_label);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_favorites_tab_load_history_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_favorites_tab_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_favorites_tab_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_favorites_tab_product_activated_cb);
}

static void
ld_member_favorites_tab_init (LdMemberFavoritesTab *self)
{
  self->product_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->loaded_allowed = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}
