/* ld-member-tab.c — the base of every tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tab shows one part of a member ("member"), fetched with the page's client ("client")
 * and labelled by the configuration ("config"). Its template has an LdLoadableView with
 * the id "view": the first time the view is shown it emits "load", which calls the
 * class's load() once client and member are set. A new member or config loads the view
 * again as the class says (member_reload, config_reloads); update() follows the client's
 * operator (rights), the member and the config. The rows of a paged list that are being
 * fetched again show no value: see row_loaded and format_loading below.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-tab-private.h"
#include "ld-paged-list-model.h"
#include "ld-properties.h"

#define PAGE_SIZE 50

typedef struct
{
  LdLoadableView *view;
  LdClient       *client;
  LdMember       *member;
  LdConfig       *config;
  GCancellable   *cancellable;
  GPtrArray      *rows;        /* (element-type AdwPreferencesGroup GtkWidget) pairs */
} LdMemberTabPrivate;

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MEMBER,
  PROP_CONFIG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LdMemberTab, ld_member_tab, ADW_TYPE_BIN)

static void
ld_member_tab_update (LdMemberTab *self)
{
  LdMemberTabClass *klass = LD_MEMBER_TAB_GET_CLASS (self);

  g_assert (LD_IS_MEMBER_TAB (self));

  if (klass->update != NULL)
    klass->update (self);
}

static void
ld_member_tab_load_cb (LdMemberTab *self)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);
  LdMemberTabClass *klass = LD_MEMBER_TAB_GET_CLASS (self);

  g_assert (LD_IS_MEMBER_TAB (self));

  /* shown before the page has its member: the page loads us again when it has */
  if (priv->client == NULL || priv->member == NULL || klass->load == NULL)
    return;

  klass->load (self);
}

/* TRUE when both are the same member (a refreshed profile), not a switch to another */
static gboolean
is_same_member (LdMember *old_member,
                LdMember *new_member)
{
  return old_member != NULL && new_member != NULL &&
         ld_member_get_id (old_member) == ld_member_get_id (new_member);
}

static void
ld_member_tab_set_client (LdMemberTab *self,
                          LdClient    *client)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_assert (LD_IS_MEMBER_TAB (self));

  if (priv->client == client)
    return;

  if (priv->client != NULL)
    g_signal_handlers_disconnect_by_func (priv->client, ld_member_tab_update, self);
  g_set_object (&priv->client, client);
  /* rights change with the operator */
  if (client != NULL)
    g_signal_connect_object (client, "notify::operator",
                             G_CALLBACK (ld_member_tab_update),
                             self, G_CONNECT_SWAPPED);

  ld_member_tab_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
ld_member_tab_set_member (LdMemberTab *self,
                          LdMember    *member)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);
  LdMemberTabReload reload = LD_MEMBER_TAB_GET_CLASS (self)->member_reload;
  gboolean same_member;

  g_assert (LD_IS_MEMBER_TAB (self));

  same_member = is_same_member (priv->member, member);

  if (!g_set_object (&priv->member, member))
    return;

  ld_member_tab_update (self);

  if (reload == LD_MEMBER_TAB_RELOAD_ALWAYS || !same_member ||
      (reload == LD_MEMBER_TAB_RELOAD_SHOWN && ld_loadable_view_get_state (priv->view) != LD_LOADABLE_STATE_IDLE))
    ld_loadable_view_invalidate (priv->view);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}

static void
ld_member_tab_set_config (LdMemberTab *self,
                          LdConfig    *config)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_assert (LD_IS_MEMBER_TAB (self));

  if (!g_set_object (&priv->config, config))
    return;

  ld_member_tab_update (self);

  if (LD_MEMBER_TAB_GET_CLASS (self)->config_reloads)
    ld_loadable_view_invalidate (priv->view);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG]);
}

/* a list item factory's "setup": a left-aligned label that ellipsizes */
static void
ld_member_tab_setup_label_cb (gpointer     tab,
                              GtkListItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  g_assert (GTK_IS_LIST_ITEM (item));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

/* a list row's cells show their values only once the row is what the server sent */
static gboolean
ld_member_tab_row_loaded_cb (gpointer  this_object,
                             GObject  *item)
{
  return ld_member_tab_item_is_loaded (item);
}

/* a list row's first cell says "Loading…" while the row is being fetched (again) */
static char *
ld_member_tab_format_loading_cb (gpointer    this_object,
                                 GObject    *item,
                                 const char *text)
{
  if (!ld_member_tab_item_is_loaded (item))
    return g_strdup (_("Loading…"));

  return g_strdup (text != NULL ? text : "");
}

static void
ld_member_tab_constructed (GObject *object)
{
  LdMemberTab *self = (LdMemberTab *)object;
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  G_OBJECT_CLASS (ld_member_tab_parent_class)->constructed (object);

  /* the subclass's init has built its template by now */
  priv->view = LD_LOADABLE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (self), G_OBJECT_TYPE (self), "view"));
  g_return_if_fail (LD_IS_LOADABLE_VIEW (priv->view));

  g_signal_connect_object (priv->view, "load",
                           G_CALLBACK (ld_member_tab_load_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
ld_member_tab_dispose (GObject *object)
{
  LdMemberTab *self = (LdMemberTab *)object;
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);

  /* the list goes first, while the expressions that follow it still have all they watch */
  if (priv->view != NULL)
    ld_loadable_view_set_model (priv->view, NULL);

  /* AdwBin keeps a pointer to its child: let it go before the template drops its references */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));
  priv->view = NULL;

  /* what follows the operator's rights has gone with the template */
  if (priv->client != NULL)
    g_signal_handlers_disconnect_by_func (priv->client, ld_member_tab_update, self);

  g_clear_object (&priv->member);
  g_clear_object (&priv->config);
  g_clear_object (&priv->client);

  G_OBJECT_CLASS (ld_member_tab_parent_class)->dispose (object);
}

static void
ld_member_tab_finalize (GObject *object)
{
  LdMemberTab *self = (LdMemberTab *)object;
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_clear_pointer (&priv->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_member_tab_parent_class)->finalize (object);
}

static void
ld_member_tab_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdMemberTab *self = LD_MEMBER_TAB (object);
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, priv->client);
      break;

    case PROP_MEMBER:
      g_value_set_object (value, priv->member);
      break;

    case PROP_CONFIG:
      g_value_set_object (value, priv->config);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_member_tab_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LdMemberTab *self = LD_MEMBER_TAB (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      ld_member_tab_set_client (self, g_value_get_object (value));
      break;

    case PROP_MEMBER:
      ld_member_tab_set_member (self, g_value_get_object (value));
      break;

    case PROP_CONFIG:
      ld_member_tab_set_config (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_member_tab_class_init (LdMemberTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ld_member_tab_constructed;
  object_class->dispose = ld_member_tab_dispose;
  object_class->finalize = ld_member_tab_finalize;
  object_class->get_property = ld_member_tab_get_property;
  object_class->set_property = ld_member_tab_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         LD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL,
                         LD_TYPE_MEMBER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONFIG] = ld_param_spec_config (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LD_TYPE_LOADABLE_VIEW);
  g_type_ensure (LD_TYPE_MEMBER);
}

static void
ld_member_tab_init (LdMemberTab *self)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
  priv->rows = g_ptr_array_new ();
}

/**
 * ld_member_tab_class_set_template:
 * @widget_class: a tab's class
 * @resource: its template, which has an LdLoadableView with the id "view"
 *
 * Sets the tab's template, with the callbacks every tab's template may use: the
 * formatters of ld_format_bind_template_callbacks(), a list item factory's
 * "setup" of a label, and for the cells of a paged list row_loaded (the row is what the
 * server sent, not a placeholder) and format_loading (its text, or "Loading…").
 */
void
ld_member_tab_class_set_template (GtkWidgetClass *widget_class,
                                  const char     *resource)
{
  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), LD_TYPE_MEMBER_TAB));
  g_return_if_fail (resource != NULL);

  gtk_widget_class_set_template_from_resource (widget_class, resource);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_tab_setup_label_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "row_loaded",
                                                G_CALLBACK (ld_member_tab_row_loaded_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "format_loading",
                                                G_CALLBACK (ld_member_tab_format_loading_cb));
  ld_format_bind_template_callbacks (widget_class);
}

/**
 * ld_member_tab_get_client:
 *
 * Returns: (transfer none) (nullable): the client the tab fetches with
 */
LdClient *
ld_member_tab_get_client (LdMemberTab *self)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_return_val_if_fail (LD_IS_MEMBER_TAB (self), NULL);

  return priv->client;
}

/**
 * ld_member_tab_get_member:
 *
 * Returns: (transfer none) (nullable): the member the tab shows
 */
LdMember *
ld_member_tab_get_member (LdMemberTab *self)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_return_val_if_fail (LD_IS_MEMBER_TAB (self), NULL);

  return priv->member;
}

/**
 * ld_member_tab_get_config:
 *
 * Returns: (transfer none) (nullable): the configuration that labels what the tab shows
 */
LdConfig *
ld_member_tab_get_config (LdMemberTab *self)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_return_val_if_fail (LD_IS_MEMBER_TAB (self), NULL);

  return priv->config;
}

/**
 * ld_member_tab_get_cancellable:
 *
 * Returns: (transfer none): cancelled when the tab goes: for a request of the tab's
 *   own (not a load, see ld_member_tab_renew_cancellable())
 */
GCancellable *
ld_member_tab_get_cancellable (LdMemberTab *self)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_return_val_if_fail (LD_IS_MEMBER_TAB (self), NULL);

  return priv->cancellable;
}

/**
 * ld_member_tab_renew_cancellable:
 *
 * Cancels what the tab asked for so far (a load that is being replaced) and gives a new
 * cancellable for the next request.
 *
 * Returns: (transfer none): the new cancellable, cancelled when the tab goes
 */
GCancellable *
ld_member_tab_renew_cancellable (LdMemberTab *self)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_return_val_if_fail (LD_IS_MEMBER_TAB (self), NULL);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();

  return priv->cancellable;
}

/**
 * ld_member_tab_reload:
 *
 * Loads the view again after a change of the tab's sort or filter: now if it was shown
 * already, else nothing until it is first shown.
 */
void
ld_member_tab_reload (LdMemberTab *self)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_return_if_fail (LD_IS_MEMBER_TAB (self));

  if (ld_loadable_view_get_state (priv->view) != LD_LOADABLE_STATE_IDLE)
    ld_loadable_view_invalidate (priv->view);
}

/**
 * ld_member_tab_load_list:
 * @view: the view that takes the new model: the tab's or another of its template
 * @history: which of the member's lists, e.g. %LD_MEMBER_HISTORY_PURCHASES
 * @query: (nullable): the list's query (string → string)
 *
 * Shows a new paged model of the member's @history filtered by @query in @view; nothing
 * before the tab has its client and member.
 */
void
ld_member_tab_load_list (LdMemberTab     *self,
                         LdLoadableView  *view,
                         LdMemberHistory  history,
                         GHashTable      *query)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);
  g_autoptr(LdPagedListModel) model = NULL;

  g_return_if_fail (LD_IS_MEMBER_TAB (self));
  g_return_if_fail (LD_IS_LOADABLE_VIEW (view));

  if (priv->client == NULL || priv->member == NULL)
    return;

  model = ld_paged_list_model_new (priv->client, ld_member_get_id (priv->member), history, query, PAGE_SIZE);
  ld_loadable_view_set_model (view, model);
}

/**
 * ld_member_tab_item_is_loaded:
 * @item: (nullable): the item of a list row
 *
 * Returns: whether @item is a row the server sent, not a placeholder of a paged list
 *   standing in for a row being fetched again (nor no item at all)
 */
gboolean
ld_member_tab_item_is_loaded (gpointer item)
{
  return G_IS_OBJECT (item) && !ld_paged_list_model_item_is_placeholder (item);
}

/**
 * ld_member_tab_add_row:
 * @group: a preferences group of the tab's template
 * @title: the row's title, plain text
 * @subtitle: (nullable): its value, plain text
 *
 * Adds a row that shows one fact to @group; ld_member_tab_clear_rows() takes it away.
 */
void
ld_member_tab_add_row (LdMemberTab         *self,
                       AdwPreferencesGroup *group,
                       const char          *title,
                       const char          *subtitle)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);
  GtkWidget *row;

  g_return_if_fail (LD_IS_MEMBER_TAB (self));
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);

  g_ptr_array_add (priv->rows, group);
  g_ptr_array_add (priv->rows, row);
}

/**
 * ld_member_tab_clear_rows:
 *
 * Takes away every row that ld_member_tab_add_row() added, before the tab fills in anew.
 */
void
ld_member_tab_clear_rows (LdMemberTab *self)
{
  LdMemberTabPrivate *priv = ld_member_tab_get_instance_private (self);

  g_return_if_fail (LD_IS_MEMBER_TAB (self));

  for (guint i = 0; i + 1 < priv->rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (priv->rows, i),
                                  g_ptr_array_index (priv->rows, i + 1));
  g_ptr_array_set_size (priv->rows, 0);
}
