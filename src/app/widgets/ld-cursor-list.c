/* ld-cursor-list.c — a GListModel of a server list that grows a page at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The search results and the outbox: lists the server pages by cursor, which a view
 * shows whole and extends when the agent scrolls to its end. The list keeps every row it
 * fetched (unlike LdPagedListModel, which keeps a member's long histories in a window of
 * pages) and asks for one page at a time through the LdClient call its owner gives it.
 *
 * A failed page leaves the rows fetched so far and the error in "error";
 * ld_cursor_list_retry() asks again for the page that failed. ld_cursor_list_reload()
 * starts again from the first page and drops an answer still on its way, so a page
 * of an earlier search can never land among the rows of a new one. The "loaded" signal
 * tells the owner that a request ended: with its page, or with %NULL when it failed.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-cursor-list.h"
#include "ld-properties.h"
#include "ld-weak-ref.h"

struct _LdCursorList
{
  GObject                 parent_instance;

  GListStore             *items;
  LdCursorListFetchFunc   fetch;
  LdCursorListFinishFunc  finish;
  gpointer                fetch_data;
  GCancellable           *cancellable;  /* of the request in flight, which it identifies */
  char                   *next_cursor;
  GError                 *error;
  gint64                  total;
  guint                   n_pages;
  guint                   loading : 1;
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_TOTAL,
  PROP_ERROR,
  N_PROPS
};

enum {
  LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdCursorList, ld_cursor_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct
{
  GWeakRef     *list;
  GCancellable *cancellable;
} Fetch;

static GType
ld_cursor_list_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (G_LIST_MODEL (LD_CURSOR_LIST (model)->items));
}

static guint
ld_cursor_list_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (LD_CURSOR_LIST (model)->items));
}

static gpointer
ld_cursor_list_get_item (GListModel *model,
                         guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (LD_CURSOR_LIST (model)->items), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ld_cursor_list_get_item_type;
  iface->get_n_items = ld_cursor_list_get_n_items;
  iface->get_item = ld_cursor_list_get_item;
}

static void
ld_cursor_list_items_changed_cb (LdCursorList *self,
                                 guint         position,
                                 guint         removed,
                                 guint         added,
                                 GListModel   *items)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
ld_cursor_list_set_loading (LdCursorList *self,
                            gboolean      loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
ld_cursor_list_set_error (LdCursorList *self,
                          const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error != NULL ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* the answer to the request that @fetch started, unless another took its place since */
static void
ld_cursor_list_fetch_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(LdCursorList) self = ld_weak_ref_steal (fetch->list);
  g_autoptr(GCancellable) cancellable = fetch->cancellable;
  g_autoptr(LdPage) page = NULL;
  g_autoptr(GError) error = NULL;

  g_free (fetch);
  g_assert (LD_IS_CLIENT (object));

  /* the list is gone, or was cleared or reloaded since: nobody wants this page */
  if (self == NULL || cancellable != self->cancellable)
    return;

  page = self->finish (LD_CLIENT (object), result, &error);
  g_clear_object (&self->cancellable);

  g_object_freeze_notify (G_OBJECT (self));

  if (page == NULL)
    ld_cursor_list_set_error (self, error);
  else
    {
      ld_cursor_list_set_error (self, NULL);
      self->n_pages++;
      ld_page_append_items_to (page, self->items);
      g_free (self->next_cursor);
      self->next_cursor = g_strdup (ld_page_get_next_cursor (page));
      self->total = MAX (ld_page_get_total (page),
                         (gint64)g_list_model_get_n_items (G_LIST_MODEL (self->items)));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  ld_cursor_list_set_loading (self, FALSE);

  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[LOADED], 0, page);
}

/* asks for the page after the rows kept (the first when there are none) */
static void
ld_cursor_list_fetch (LdCursorList *self)
{
  Fetch *fetch;

  g_assert (LD_IS_CURSOR_LIST (self));
  g_assert (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  fetch = g_new0 (Fetch, 1);
  fetch->list = ld_weak_ref_new (self);
  fetch->cancellable = g_object_ref (self->cancellable);

  ld_cursor_list_set_loading (self, TRUE);
  self->fetch (self->fetch_data, self->next_cursor, self->cancellable, ld_cursor_list_fetch_cb, fetch);
}

static void
ld_cursor_list_dispose (GObject *object)
{
  LdCursorList *self = (LdCursorList *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ld_cursor_list_parent_class)->dispose (object);
}

static void
ld_cursor_list_finalize (GObject *object)
{
  LdCursorList *self = (LdCursorList *)object;

  g_clear_object (&self->items);
  g_clear_pointer (&self->next_cursor, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ld_cursor_list_parent_class)->finalize (object);
}

static void
ld_cursor_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdCursorList *self = LD_CURSOR_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_HAS_MORE:
      g_value_set_boolean (value, ld_cursor_list_get_has_more (self));
      break;

    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_cursor_list_class_init (LdCursorListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_cursor_list_dispose;
  object_class->finalize = ld_cursor_list_finalize;
  object_class->get_property = ld_cursor_list_get_property;

  /**
   * LdCursorList:loading:
   *
   * Whether a page is being fetched.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LdCursorList:has-more:
   *
   * Whether the server has rows after the ones fetched.
   */
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * LdCursorList:total:
   *
   * How many rows the server has in all (at least as many as were fetched).
   */
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * LdCursorList:error:
   *
   * Why the last page could not be fetched, until a page is fetched again.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdCursorList::loaded:
   * @page: (nullable): the page added, or %NULL when the request failed (see "error")
   *
   * A request ended; a request dropped by a reload or a clear does not say so.
   */
  signals[LOADED] = ld_signal_new (LD_TYPE_CURSOR_LIST, "loaded", LD_TYPE_PAGE);
}

static void
ld_cursor_list_init (LdCursorList *self)
{
}

/**
 * ld_cursor_list_new:
 * @item_type: the type of the rows (the LdPage's items)
 * @fetch: starts the request for one page
 * @finish: the _finish() of the LdClient call @fetch makes
 * @fetch_data: passed to @fetch: the owner of the list, which must outlive it
 *
 * Returns: (transfer full): an empty list; ld_cursor_list_reload() fetches its first page
 */
LdCursorList *
ld_cursor_list_new (GType                  item_type,
                    LdCursorListFetchFunc  fetch,
                    LdCursorListFinishFunc finish,
                    gpointer               fetch_data)
{
  LdCursorList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (fetch != NULL, NULL);
  g_return_val_if_fail (finish != NULL, NULL);

  self = g_object_new (LD_TYPE_CURSOR_LIST, NULL);
  self->items = g_list_store_new (item_type);
  self->fetch = fetch;
  self->finish = finish;
  self->fetch_data = fetch_data;
  g_signal_connect_object (self->items, "items-changed",
                           G_CALLBACK (ld_cursor_list_items_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * ld_cursor_list_clear:
 *
 * Drops the rows, the error and the request in flight: the list is as new.
 */
void
ld_cursor_list_clear (LdCursorList *self)
{
  g_return_if_fail (LD_IS_CURSOR_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->next_cursor, g_free);
  self->n_pages = 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->total != 0)
    {
      self->total = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  ld_cursor_list_set_error (self, NULL);
  ld_cursor_list_set_loading (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
  g_list_store_remove_all (self->items);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ld_cursor_list_reload:
 *
 * Starts again from the first page: the rows go at once, the first page's come when it
 * is fetched.
 */
void
ld_cursor_list_reload (LdCursorList *self)
{
  g_return_if_fail (LD_IS_CURSOR_LIST (self));

  ld_cursor_list_clear (self);
  ld_cursor_list_fetch (self);
}

/**
 * ld_cursor_list_load_more:
 *
 * Fetches the next page, unless one is on its way, the last failed (see
 * ld_cursor_list_retry()), or the server has no more.
 */
void
ld_cursor_list_load_more (LdCursorList *self)
{
  g_return_if_fail (LD_IS_CURSOR_LIST (self));

  if (self->loading || self->error != NULL || !ld_cursor_list_get_has_more (self))
    return;

  ld_cursor_list_fetch (self);
}

/**
 * ld_cursor_list_retry:
 *
 * Asks again for the page that failed, keeping the rows fetched before it; without an
 * error, the same as ld_cursor_list_load_more().
 */
void
ld_cursor_list_retry (LdCursorList *self)
{
  g_return_if_fail (LD_IS_CURSOR_LIST (self));

  if (self->loading)
    return;

  if (self->n_pages == 0)
    {
      ld_cursor_list_reload (self);
      return;
    }

  ld_cursor_list_set_error (self, NULL);
  ld_cursor_list_load_more (self);
}

gboolean
ld_cursor_list_get_loading (LdCursorList *self)
{
  g_return_val_if_fail (LD_IS_CURSOR_LIST (self), FALSE);

  return self->loading;
}

/**
 * ld_cursor_list_get_has_more:
 *
 * Returns: whether the server has rows after the ones fetched (%FALSE before the first page)
 */
gboolean
ld_cursor_list_get_has_more (LdCursorList *self)
{
  g_return_val_if_fail (LD_IS_CURSOR_LIST (self), FALSE);

  return self->next_cursor != NULL;
}

/**
 * ld_cursor_list_get_n_pages:
 *
 * Returns: how many pages were fetched since the list was last cleared
 */
guint
ld_cursor_list_get_n_pages (LdCursorList *self)
{
  g_return_val_if_fail (LD_IS_CURSOR_LIST (self), 0);

  return self->n_pages;
}

gint64
ld_cursor_list_get_total (LdCursorList *self)
{
  g_return_val_if_fail (LD_IS_CURSOR_LIST (self), 0);

  return self->total;
}

/**
 * ld_cursor_list_get_error:
 *
 * Returns: (nullable) (transfer none): why the last page failed, or %NULL
 */
const GError *
ld_cursor_list_get_error (LdCursorList *self)
{
  g_return_val_if_fail (LD_IS_CURSOR_LIST (self), NULL);

  return self->error;
}
