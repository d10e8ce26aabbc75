/* ld-paged-list-model.c — a GListModel that fetches a server list page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model starts with no items and asks the server for the first page. It grows by one
 * page whenever someone reads an item close to its end (a list view binding the rows it is
 * about to show), so a member with 100,000 purchases costs one request to open, and the
 * model holds only the pages that were looked at. Only one request is in flight at a time;
 * a failed one leaves the items fetched so far and the error in the "error" property, and
 * ld_paged_list_model_load_more() continues from the same cursor. Sorting or filtering
 * is the server's: change it by making a new model. Disposing the model cancels its request.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-paged-list-model.h"
#include "ld-weak-ref.h"

struct _LdPagedListModel
{
  GObject       parent_instance;

  LdClient     *client;
  char         *path;
  GHashTable   *query;
  GType         item_type;
  guint         page_size;

  GPtrArray    *items;
  char         *next_cursor;
  GError       *error;
  GCancellable *cancellable;
  gint64        total;
  guint         n_pages;
  guint         loading : 1;
  guint         has_more : 1;
  guint         started : 1;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PATH,
  PROP_QUERY,
  PROP_ITEM_TYPE,
  PROP_PAGE_SIZE,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_STARTED,
  PROP_TOTAL,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdPagedListModel, ld_paged_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
ld_paged_list_model_get_item_type (GListModel *model)
{
  return LD_PAGED_LIST_MODEL (model)->item_type;
}

static guint
ld_paged_list_model_get_n_items (GListModel *model)
{
  return LD_PAGED_LIST_MODEL (model)->items->len;
}

static gpointer
ld_paged_list_model_get_item (GListModel *model,
                              guint       position)
{
  LdPagedListModel *self = LD_PAGED_LIST_MODEL (model);
  guint near_end = MAX (self->page_size / 2, 1);

  if (position >= self->items->len)
    return NULL;

  /* a view is about to show a row close to the end: fetch the next page now, so the
   * rows are there by the time the agent scrolls to them */
  if (self->has_more && !self->loading && self->error == NULL &&
      position + near_end >= self->items->len)
    ld_paged_list_model_load_more (self);

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ld_paged_list_model_get_item_type;
  iface->get_n_items = ld_paged_list_model_get_n_items;
  iface->get_item = ld_paged_list_model_get_item;
}

static void
ld_paged_list_model_set_loading (LdPagedListModel *self,
                                 gboolean          loading)
{
  g_assert (LD_IS_PAGED_LIST_MODEL (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
ld_paged_list_model_list_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(LdPagedListModel) self = ld_weak_ref_steal (user_data);
  g_autoptr(LdPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *items;
  const char *next_cursor;
  guint old_len, n_page_items;
  gint64 total;

  g_assert (LD_IS_CLIENT (object));
  g_assert (G_IS_ASYNC_RESULT (result));

  page = ld_client_list_finish (LD_CLIENT (object), result, &error);

  /* the model is gone (its dispose cancelled the request): nobody wants the rows */
  if (self == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (page == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&self->error);
          self->error = g_steal_pointer (&error);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
        }
      ld_paged_list_model_set_loading (self, FALSE);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  items = ld_page_get_items (page);
  next_cursor = ld_page_get_next_cursor (page);
  total = ld_page_get_total (page);

  old_len = self->items->len;
  n_page_items = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n_page_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);

      /* the core built the page for our item type; anything else is not shown */
      if (item != NULL && G_TYPE_CHECK_INSTANCE_TYPE (item, self->item_type))
        g_ptr_array_add (self->items, g_steal_pointer (&item));
    }

  g_free (self->next_cursor);
  self->next_cursor = (next_cursor != NULL && *next_cursor != '\0') ? g_strdup (next_cursor) : NULL;
  self->n_pages++;

  if (self->has_more != (self->next_cursor != NULL))
    {
      self->has_more = self->next_cursor != NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
    }

  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }

  /* not loading any more before the views hear of the new rows, so that binding a row
   * near the new end may ask for the next page at once */
  ld_paged_list_model_set_loading (self, FALSE);

  if (self->items->len != old_len)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, self->items->len - old_len);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
ld_paged_list_model_constructed (GObject *object)
{
  LdPagedListModel *self = (LdPagedListModel *)object;

  G_OBJECT_CLASS (ld_paged_list_model_parent_class)->constructed (object);

  g_return_if_fail (LD_IS_CLIENT (self->client));
  g_return_if_fail (self->path != NULL);
  g_return_if_fail (g_type_is_a (self->item_type, G_TYPE_OBJECT));

  /* the first page: a model exists to be shown */
  ld_paged_list_model_load_more (self);
}

static void
ld_paged_list_model_dispose (GObject *object)
{
  LdPagedListModel *self = (LdPagedListModel *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (ld_paged_list_model_parent_class)->dispose (object);
}

static void
ld_paged_list_model_finalize (GObject *object)
{
  LdPagedListModel *self = (LdPagedListModel *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->next_cursor, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ld_paged_list_model_parent_class)->finalize (object);
}

static void
ld_paged_list_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdPagedListModel *self = LD_PAGED_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;

    case PROP_STARTED:
      g_value_set_boolean (value, self->started);
      break;

    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_paged_list_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdPagedListModel *self = LD_PAGED_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_QUERY:
      {
        GHashTable *query = g_value_get_boxed (value);
        GHashTableIter iter;
        gpointer key, val;

        /* our own copy: the caller may go on changing theirs */
        if (query != NULL)
          {
            g_hash_table_iter_init (&iter, query);
            while (g_hash_table_iter_next (&iter, &key, &val))
              if (key != NULL && val != NULL)
                g_hash_table_insert (self->query, g_strdup (key), g_strdup (val));
          }
      }
      break;

    case PROP_ITEM_TYPE:
      self->item_type = g_value_get_gtype (value);
      break;

    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_paged_list_model_class_init (LdPagedListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ld_paged_list_model_constructed;
  object_class->dispose = ld_paged_list_model_dispose;
  object_class->finalize = ld_paged_list_model_finalize;
  object_class->get_property = ld_paged_list_model_get_property;
  object_class->set_property = ld_paged_list_model_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         LD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL,
                        G_TYPE_HASH_TABLE,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL,
                       1, 500, 50,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_STARTED] =
    g_param_spec_boolean ("started", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_paged_list_model_init (LdPagedListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->item_type = G_TYPE_OBJECT;
  self->page_size = 50;
  self->total = -1;
  self->has_more = TRUE;
}

/**
 * ld_paged_list_model_new:
 * @client: a logged-in client
 * @path: the list's path under /api/v1, e.g. "/members/1/purchases"
 * @query: (nullable): query parameters (string → string), e.g. sort and filters; copied
 * @item_type: the type of the items, e.g. %LD_TYPE_PURCHASE
 * @page_size: rows per request (1–500)
 *
 * Creates the model and asks for its first page.
 *
 * Returns: (transfer full): a new #LdPagedListModel
 */
LdPagedListModel *
ld_paged_list_model_new (LdClient   *client,
                         const char *path,
                         GHashTable *query,
                         GType       item_type,
                         guint       page_size)
{
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (page_size > 0 && page_size <= 500, NULL);

  return g_object_new (LD_TYPE_PAGED_LIST_MODEL,
                       "client", client,
                       "path", path,
                       "query", query,
                       "item-type", item_type,
                       "page-size", page_size,
                       NULL);
}

/**
 * ld_paged_list_model_load_more:
 * @self: a #LdPagedListModel
 *
 * Asks for the next page unless one is on its way or the list is complete. Clears a
 * previous error: this is also how a failed page is retried.
 */
void
ld_paged_list_model_load_more (LdPagedListModel *self)
{
  g_return_if_fail (LD_IS_PAGED_LIST_MODEL (self));

  if (self->loading || !self->has_more || g_cancellable_is_cancelled (self->cancellable))
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  if (!self->started)
    {
      self->started = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
    }

  ld_paged_list_model_set_loading (self, TRUE);

  ld_client_list_async (self->client,
                        self->path,
                        self->query,
                        self->item_type,
                        self->next_cursor,
                        self->page_size,
                        self->cancellable,
                        ld_paged_list_model_list_cb,
                        ld_weak_ref_new (self));

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ld_paged_list_model_get_client:
 *
 * Returns: (transfer none): the client the model fetches with
 */
LdClient *
ld_paged_list_model_get_client (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), NULL);

  return self->client;
}

const char *
ld_paged_list_model_get_path (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), NULL);

  return self->path;
}

/**
 * ld_paged_list_model_get_query:
 *
 * Returns: (transfer none): the query parameters of every page
 */
GHashTable *
ld_paged_list_model_get_query (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), NULL);

  return self->query;
}

guint
ld_paged_list_model_get_page_size (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), 0);

  return self->page_size;
}

gboolean
ld_paged_list_model_get_loading (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), FALSE);

  return self->loading;
}

gboolean
ld_paged_list_model_get_has_more (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), FALSE);

  return self->has_more;
}

/* TRUE once the first page was asked for */
gboolean
ld_paged_list_model_get_started (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), FALSE);

  return self->started;
}

/* the server's count of the whole list, -1 before the first page */
gint64
ld_paged_list_model_get_total (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), -1);

  return self->total;
}

/**
 * ld_paged_list_model_get_error:
 *
 * Returns: (transfer none) (nullable): why the last page failed
 */
const GError *
ld_paged_list_model_get_error (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), NULL);

  return self->error;
}

guint
ld_paged_list_model_get_n_pages (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), 0);

  return self->n_pages;
}
