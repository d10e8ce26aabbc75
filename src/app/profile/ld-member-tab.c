/* ld-member-tab.c — what every tab of the member profile shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-member-tab-private.h"
#include "ld-paged-list-model.h"

#define PAGE_SIZE 50

/**
 * ld_member_tab_install_properties:
 * @object_class: the tab's class
 * @properties: the tab's property array, @n_props long
 * @n_props: 3 for "client" and "member", 4 for "config" too
 *
 * Fills @properties at the ids LD_MEMBER_TAB_PROP_* and installs them.
 */
void
ld_member_tab_install_properties (GObjectClass  *object_class,
                                  GParamSpec   **properties,
                                  guint          n_props)
{
  g_return_if_fail (G_IS_OBJECT_CLASS (object_class));
  g_return_if_fail (properties != NULL);
  g_return_if_fail (n_props == LD_MEMBER_TAB_PROP_MEMBER + 1 ||
                    n_props == LD_MEMBER_TAB_PROP_CONFIG + 1);

  properties[LD_MEMBER_TAB_PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         LD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[LD_MEMBER_TAB_PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL,
                         LD_TYPE_MEMBER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  if (n_props > LD_MEMBER_TAB_PROP_CONFIG)
    properties[LD_MEMBER_TAB_PROP_CONFIG] =
      g_param_spec_object ("config", NULL, NULL,
                           LD_TYPE_CONFIG,
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, n_props, properties);
}

/**
 * ld_member_tab_dispose_template:
 * @tab: the tab being disposed
 * @tab_type: the tab's type, whose template children go
 * @list_view: (nullable): the tab's list view, whose model goes first
 *
 * The template part of a tab's dispose: drops the list first, while the expressions
 * that follow it still have all they watch, then the child and the template children.
 */
void
ld_member_tab_dispose_template (AdwBin         *tab,
                                GType           tab_type,
                                LdLoadableView *list_view)
{
  g_return_if_fail (ADW_IS_BIN (tab));

  if (list_view != NULL)
    ld_loadable_view_set_model (list_view, NULL);

  /* AdwBin keeps a pointer to its child: let it go before the template drops its references */
  adw_bin_set_child (tab, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (tab), tab_type);
}

/**
 * ld_member_tab_get_property:
 * @prop_id: the id asked for
 * @value: where the value goes
 * @client: (nullable): the tab's client
 * @member: (nullable): the tab's member
 * @config: (nullable): the tab's config (NULL for a tab without one)
 *
 * Returns: %TRUE when @prop_id is one of LD_MEMBER_TAB_PROP_*, now in @value
 */
gboolean
ld_member_tab_get_property (guint     prop_id,
                            GValue   *value,
                            LdClient *client,
                            LdMember *member,
                            LdConfig *config)
{
  switch (prop_id)
    {
    case LD_MEMBER_TAB_PROP_CLIENT:
      g_value_set_object (value, client);
      return TRUE;

    case LD_MEMBER_TAB_PROP_MEMBER:
      g_value_set_object (value, member);
      return TRUE;

    case LD_MEMBER_TAB_PROP_CONFIG:
      g_value_set_object (value, config);
      return TRUE;

    default:
      return FALSE;
    }
}

/**
 * ld_member_tab_set_object:
 * @tab: the tab
 * @field: the tab's field that holds the property
 * @value: the new value (an object or NULL)
 * @pspec: the property
 * @view: (nullable): a view to load again when the value changed
 *
 * Sets an object property of a tab; on a change invalidates @view and notifies @pspec.
 *
 * Returns: whether the value changed
 */
gboolean
ld_member_tab_set_object (GObject         *tab,
                          GObject        **field,
                          const GValue    *value,
                          GParamSpec      *pspec,
                          LdLoadableView  *view)
{
  g_return_val_if_fail (G_IS_OBJECT (tab), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (!g_set_object (field, g_value_get_object (value)))
    return FALSE;

  if (view != NULL)
    ld_loadable_view_invalidate (view);
  g_object_notify_by_pspec (tab, pspec);

  return TRUE;
}

/* TRUE when both are the same member (a refreshed profile), not a switch to another */
gboolean
ld_member_tab_is_same_member (LdMember *old_member,
                              LdMember *new_member)
{
  return old_member != NULL && new_member != NULL &&
         ld_member_get_id (old_member) == ld_member_get_id (new_member);
}

/**
 * ld_member_tab_load_list:
 * @view: the tab's view, which takes the new model
 * @client: the client to fetch with
 * @member: the member whose list it is
 * @list: the list's name under /members/{id}/, e.g. "purchases"
 * @query: (nullable): the list's query (string → string)
 * @item_type: the type of the list's items
 *
 * Shows a new paged model of GET /members/{id}/@list?@query in @view.
 */
void
ld_member_tab_load_list (LdLoadableView *view,
                         LdClient       *client,
                         LdMember       *member,
                         const char     *list,
                         GHashTable     *query,
                         GType           item_type)
{
  g_autoptr(LdPagedListModel) model = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_LOADABLE_VIEW (view));
  g_return_if_fail (LD_IS_CLIENT (client));
  g_return_if_fail (LD_IS_MEMBER (member));
  g_return_if_fail (list != NULL);

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "/%s", ld_member_get_id (member), list);
  model = ld_paged_list_model_new (client, path, query, item_type, PAGE_SIZE);
  ld_loadable_view_set_model (view, model);
}

/* a list item factory's "setup": a left-aligned label that ellipsizes */
void
ld_member_tab_setup_label_cb (gpointer     tab,
                              GtkListItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  g_assert (GTK_IS_LIST_ITEM (item));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

/**
 * ld_member_tab_set_member:
 * @tab: the tab
 * @field: the tab's member field
 * @member: (nullable): the new member
 * @pspec: the "member" property
 * @view: the tab's view
 * @reload_same: whether a refreshed profile of the same member loads @view again too
 *   (when it was shown already), not only another member
 *
 * Returns: whether the member changed
 */
gboolean
ld_member_tab_set_member (GObject         *tab,
                          LdMember       **field,
                          LdMember        *member,
                          GParamSpec      *pspec,
                          LdLoadableView  *view,
                          gboolean         reload_same)
{
  gboolean same_member;

  g_return_val_if_fail (G_IS_OBJECT (tab), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  same_member = ld_member_tab_is_same_member (*field, member);

  if (!g_set_object (field, member))
    return FALSE;

  if (!same_member ||
      (reload_same && ld_loadable_view_get_state (view) != LD_LOADABLE_STATE_IDLE))
    ld_loadable_view_invalidate (view);

  g_object_notify_by_pspec (tab, pspec);

  return TRUE;
}
