/* ld-paged-list-model.c — a GListModel that fetches a server list page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model shows one of a member's histories (LdMemberHistory: purchases, operations,
 * messages, actions, favorites history), fetched with ld_client_list_member_history_async().
 * It starts with no items and asks the server for the first page. It grows by one
 * page whenever someone reads an item close to its end (a list view binding the rows it is
 * about to show), so a member with 100,000 purchases costs one request to open. The
 * server pages by key (each answer's "next_cursor" names the last row's key), so the
 * model cannot jump ahead: it knows as many rows as were scrolled through.
 *
 * It does not keep them all. Each page remembers the cursor that fetched it; only
 * "max-pages" pages keep their rows, the ones read most recently (a list view reads the
 * rows it binds, a few pages around what is shown), and the rest drop theirs. Reading a
 * row of a dropped page answers a placeholder (a blank item of the model's type, see
 * ld_paged_list_model_is_placeholder()) and fetches the page again with its cursor; when
 * it is back, items-changed replaces the placeholders in place (same position, same
 * count), so a list view keeps its scroll position. Rows near a dropped neighbour fetch it
 * before they are reached, so scrolling back seldom shows a placeholder. If a page fetched
 * again ends elsewhere than it did (rows were added or removed on the server meanwhile),
 * the pages after it are forgotten in one items-changed and are fetched again as the
 * list is scrolled on: no row is shown twice or skipped.
 *
 * Only one request is in flight at a time; a failed one leaves the rows fetched so far
 * and the error in the "error" property, and ld_paged_list_model_load_more() asks again
 * for the same page. A cursor the server refuses (one it gave before an upgrade, say)
 * would be refused again: the list starts again from its first page instead, once, until
 * the server takes a cursor again. Sorting or filtering is the server's: change it by
 * making a new model. Disposing the model cancels its request.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-paged-list-model.h"
#include "ld-properties.h"
#include "ld-weak-ref.h"

/* the request in flight is for the page after the last one */
#define FRONTIER G_MAXUINT

typedef struct
{
  char      *cursor;       /* what fetched it: NULL for the first page */
  char      *next_cursor;  /* what the server answered with it: NULL at the end */
  guint      start;        /* the position of its first row */
  guint      n_items;
  GPtrArray *items;        /* its rows, placeholders or NULL when dropped */
  guint64    last_used;    /* the model's clock when a row was last read */
  guint      placeholders : 1;  /* items are placeholders handed out meanwhile */
  guint      wanted : 1;        /* to be fetched (again) */
} Page;

struct _LdPagedListModel
{
  GObject       parent_instance;

  LdClient     *client;
  gint64        member_id;
  LdMemberHistory history;
  GHashTable   *query;
  GType         item_type;
  guint         page_size;
  guint         max_pages;

  GPtrArray    *pages;      /* of Page, in order */
  guint         n_items;    /* the rows of every page known, dropped or not */
  guint         n_live;     /* pages holding rows (or placeholders) */
  guint64       clock;
  guint         last_read;  /* the page of the row read last */
  guint         request;    /* the page in flight (index or FRONTIER) */
  guint         n_requests;
  GError       *error;
  GCancellable *cancellable;
  gint64        total;
  guint         loading : 1;
  guint         has_more : 1;
  guint         want_more : 1;  /* someone read near the end: fetch the next page */
  guint         started : 1;
  guint         started_over : 1;  /* after a refused cursor, until one is taken */
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MEMBER_ID,
  PROP_HISTORY,
  PROP_QUERY,
  PROP_ITEM_TYPE,
  PROP_PAGE_SIZE,
  PROP_MAX_PAGES,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_STARTED,
  PROP_TOTAL,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark placeholder_quark;

static void list_model_iface_init (GListModelInterface *iface);
static void ld_paged_list_model_fetch (LdPagedListModel *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdPagedListModel, ld_paged_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
page_free (gpointer data)
{
  Page *page = data;

  g_free (page->cursor);
  g_free (page->next_cursor);
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static inline Page *
ld_paged_list_model_page (LdPagedListModel *self,
                          guint             index)
{
  return g_ptr_array_index (self->pages, index);
}

/* the index of the page holding @position (< n_items) */
static guint
ld_paged_list_model_find_page (LdPagedListModel *self,
                               guint             position)
{
  guint lo = 0, hi = self->pages->len;

  g_assert (position < self->n_items);

  /* the last page starting at or before @position (an empty page shares its start with
   * the next one, which is the one that holds the row) */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ld_paged_list_model_page (self, mid)->start <= position)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

static void
ld_paged_list_model_drop (LdPagedListModel *self,
                          Page             *page)
{
  g_assert (page->items != NULL);

  g_clear_pointer (&page->items, g_ptr_array_unref);
  page->placeholders = FALSE;
  page->wanted = FALSE;
  self->n_live--;
}

/* drops the rows of the least recently read pages until at most max-pages hold rows;
 * never @keep's, the page in flight's, or placeholders still waiting for their rows */
static void
ld_paged_list_model_evict (LdPagedListModel *self,
                           Page             *keep)
{
  while (self->n_live > self->max_pages)
    {
      Page *oldest = NULL;

      for (guint i = 0; i < self->pages->len; i++)
        {
          Page *page = ld_paged_list_model_page (self, i);

          if (page->items == NULL || page == keep || page->placeholders ||
              (self->loading && self->request == i))
            continue;
          if (oldest == NULL || page->last_used < oldest->last_used)
            oldest = page;
        }

      if (oldest == NULL)
        return;

      ld_paged_list_model_drop (self, oldest);
    }
}

/* @page's rows were dropped: blanks stand in for them until they are fetched again */
static void
ld_paged_list_model_fill_placeholders (LdPagedListModel *self,
                                       Page             *page)
{
  g_assert (page->items == NULL);

  page->items = g_ptr_array_new_full (page->n_items, g_object_unref);
  for (guint i = 0; i < page->n_items; i++)
    {
      GObject *placeholder = g_object_new (self->item_type, NULL);

      g_object_set_qdata (placeholder, placeholder_quark, GUINT_TO_POINTER (TRUE));
      g_ptr_array_add (page->items, placeholder);
    }
  page->placeholders = TRUE;
  page->wanted = TRUE;
  self->n_live++;
}

/* the page of @position should hold rows soon: ask for it if it dropped them */
static void
ld_paged_list_model_want (LdPagedListModel *self,
                          guint             position)
{
  Page *page = ld_paged_list_model_page (self, ld_paged_list_model_find_page (self, position));

  if (page->items == NULL)
    page->wanted = TRUE;
}

static GType
ld_paged_list_model_get_item_type (GListModel *model)
{
  return LD_PAGED_LIST_MODEL (model)->item_type;
}

static guint
ld_paged_list_model_get_n_items (GListModel *model)
{
  return LD_PAGED_LIST_MODEL (model)->n_items;
}

static gpointer
ld_paged_list_model_get_item (GListModel *model,
                              guint       position)
{
  LdPagedListModel *self = LD_PAGED_LIST_MODEL (model);
  guint near = MAX (self->page_size / 2, 1);
  Page *page;

  if (position >= self->n_items)
    return NULL;

  self->last_read = ld_paged_list_model_find_page (self, position);
  page = ld_paged_list_model_page (self, self->last_read);
  page->last_used = ++self->clock;

  if (page->items == NULL)
    {
      ld_paged_list_model_fill_placeholders (self, page);
      ld_paged_list_model_evict (self, page);
    }

  /* a view is about to show rows near this one: fetch the next page, or a dropped
   * neighbour, now, so the rows are there by the time the agent scrolls to them */
  if (self->has_more && position + near >= self->n_items)
    self->want_more = TRUE;
  if (position >= near)
    ld_paged_list_model_want (self, position - near);
  if (position + near < self->n_items)
    ld_paged_list_model_want (self, position + near);

  if (!self->loading && self->error == NULL)
    ld_paged_list_model_fetch (self);

  return g_object_ref (g_ptr_array_index (page->items, position - page->start));
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
ld_paged_list_model_set_has_more (LdPagedListModel *self,
                                  gboolean          has_more)
{
  g_assert (LD_IS_PAGED_LIST_MODEL (self));

  has_more = !!has_more;
  if (self->has_more == has_more)
    return;

  self->has_more = has_more;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

/* the rows of an answer that are of our type (the core built the page for it) */
static GPtrArray *
ld_paged_list_model_take_rows (LdPagedListModel *self,
                               LdPage           *answer)
{
  GListModel *items = ld_page_get_items (answer);
  guint n = items != NULL ? g_list_model_get_n_items (items) : 0;
  GPtrArray *rows = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);

      if (item != NULL && G_TYPE_CHECK_INSTANCE_TYPE (item, self->item_type))
        g_ptr_array_add (rows, g_steal_pointer (&item));
    }

  return rows;
}

/* a new last page: its rows join the end */
static void
ld_paged_list_model_append (LdPagedListModel *self,
                            const char       *cursor,
                            GPtrArray        *rows,
                            const char       *next_cursor)
{
  Page *page = g_new0 (Page, 1);
  guint old_len = self->n_items;

  page->cursor = g_strdup (cursor);
  page->next_cursor = g_strdup (next_cursor);
  page->start = old_len;
  page->n_items = rows->len;
  page->items = g_ptr_array_ref (rows);
  page->last_used = ++self->clock;
  g_ptr_array_add (self->pages, page);
  self->n_live++;
  self->n_items += rows->len;

  /* whoever read near the old end reads these rows next, and asks again near the new one */
  self->want_more = FALSE;

  ld_paged_list_model_set_has_more (self, next_cursor != NULL);
  ld_paged_list_model_evict (self, page);

  if (self->n_items != old_len)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, self->n_items - old_len);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

/* page @index fetched again with its own cursor */
static void
ld_paged_list_model_refill (LdPagedListModel *self,
                            guint             index,
                            GPtrArray        *rows,
                            const char       *next_cursor)
{
  Page *page = ld_paged_list_model_page (self, index);
  gboolean handed_out = page->placeholders;
  guint old_len = self->n_items;

  /* fetched ahead for a reader next to it: as good as read */
  if (!handed_out)
    page->last_used = ++self->clock;
  if (page->items == NULL)
    self->n_live++;
  g_clear_pointer (&page->items, g_ptr_array_unref);
  page->items = g_ptr_array_ref (rows);
  page->placeholders = FALSE;
  page->wanted = FALSE;

  if (rows->len == page->n_items && g_strcmp0 (next_cursor, page->next_cursor) == 0)
    {
      /* the same rows as before: views that were handed placeholders get them */
      if (handed_out && rows->len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), page->start, rows->len, rows->len);
      ld_paged_list_model_evict (self, page);
      return;
    }

  /* the list changed on the server since: this page ends elsewhere now, so the pages
   * after it are forgotten and fetched again, from its new end, as the list scrolls on */
  if (index + 1 < self->pages->len)
    {
      for (guint i = index + 1; i < self->pages->len; i++)
        if (ld_paged_list_model_page (self, i)->items != NULL)
          self->n_live--;
      g_ptr_array_remove_range (self->pages, index + 1, self->pages->len - index - 1);
    }

  page->n_items = rows->len;
  g_free (page->next_cursor);
  page->next_cursor = g_strdup (next_cursor);
  self->n_items = page->start + rows->len;

  ld_paged_list_model_set_has_more (self, next_cursor != NULL);
  ld_paged_list_model_evict (self, page);

  g_list_model_items_changed (G_LIST_MODEL (self), page->start, old_len - page->start, rows->len);
  if (self->n_items != old_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* the request in flight carries a cursor: it is not for the first page */
static gboolean
ld_paged_list_model_request_has_cursor (LdPagedListModel *self)
{
  if (self->request == FRONTIER)
    return self->pages->len > 0;
  return self->request < self->pages->len &&
         ld_paged_list_model_page (self, self->request)->cursor != NULL;
}

/* forgets every page and asks for the first one */
static void
ld_paged_list_model_start_over (LdPagedListModel *self)
{
  guint removed = self->n_items;

  g_debug ("%s of member %" G_GINT64_FORMAT ": the server refused a cursor; starting again from the first page",
           g_type_name (self->item_type), self->member_id);
  self->started_over = TRUE;
  g_ptr_array_set_size (self->pages, 0);
  self->n_items = 0;
  self->n_live = 0;
  self->last_read = 0;
  self->want_more = TRUE;
  ld_paged_list_model_set_has_more (self, TRUE);
  if (removed > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  ld_paged_list_model_fetch (self);
}

static void
ld_paged_list_model_list_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(LdPagedListModel) self = ld_weak_ref_steal (user_data);
  g_autoptr(LdPage) answer = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *next_cursor;
  guint request;
  gint64 total;

  g_assert (LD_IS_CLIENT (object));
  g_assert (G_IS_ASYNC_RESULT (result));

  answer = ld_client_list_member_history_finish (LD_CLIENT (object), result, &error);

  /* the model is gone (its dispose cancelled the request): nobody wants the rows */
  if (self == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (answer == NULL)
    {
      if (g_error_matches (error, LD_ERROR, LD_ERROR_MALFORMED) &&
          g_strcmp0 (ld_client_result_get_error_field (result), "cursor") == 0 &&
          ld_paged_list_model_request_has_cursor (self) && !self->started_over)
        {
          ld_paged_list_model_set_loading (self, FALSE);
          ld_paged_list_model_start_over (self);
          g_object_thaw_notify (G_OBJECT (self));
          return;
        }
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

  if (ld_paged_list_model_request_has_cursor (self))
    self->started_over = FALSE;
  rows = ld_paged_list_model_take_rows (self, answer);
  next_cursor = ld_page_get_next_cursor (answer);
  if (next_cursor != NULL && *next_cursor == '\0')
    next_cursor = NULL;
  total = ld_page_get_total (answer);
  request = self->request;
  self->n_requests++;

  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }

  /* not loading any more before the views hear of the new rows, so that binding a row
   * near the new end may ask for the next page at once */
  ld_paged_list_model_set_loading (self, FALSE);

  if (request == FRONTIER)
    {
      const char *cursor = self->pages->len > 0 ?
        ld_paged_list_model_page (self, self->pages->len - 1)->next_cursor : NULL;

      ld_paged_list_model_append (self, cursor, rows, next_cursor);
    }
  else if (request < self->pages->len)
    {
      ld_paged_list_model_refill (self, request, rows, next_cursor);
    }

  /* what else was asked for meanwhile */
  if (!self->loading && self->error == NULL)
    ld_paged_list_model_fetch (self);

  g_object_thaw_notify (G_OBJECT (self));
}

/* asks for the page most wanted: one that handed out placeholders (the most recently
 * read first), then a dropped page near what is read, then the next one */
static void
ld_paged_list_model_fetch (LdPagedListModel *self)
{
  Page *best = NULL;
  guint best_index = FRONTIER;
  const char *cursor = NULL;

  g_assert (LD_IS_PAGED_LIST_MODEL (self));

  if (self->loading || g_cancellable_is_cancelled (self->cancellable))
    return;

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = ld_paged_list_model_page (self, i);

      if (!page->wanted)
        continue;
      /* a neighbour of what was read before the reader moved on is not wanted now */
      if (!page->placeholders && (i + 1 < self->last_read || i > self->last_read + 1))
        {
          page->wanted = FALSE;
          continue;
        }
      if (best == NULL ||
          page->placeholders > best->placeholders ||
          (page->placeholders == best->placeholders && page->last_used > best->last_used))
        {
          best = page;
          best_index = i;
        }
    }

  if (best != NULL)
    {
      cursor = best->cursor;
    }
  else
    {
      /* the next page only while someone reads near the end (or for the first page) */
      if (!self->want_more || !self->has_more)
        return;
      self->want_more = FALSE;
      if (self->pages->len > 0)
        cursor = ld_paged_list_model_page (self, self->pages->len - 1)->next_cursor;
    }

  self->request = best_index;
  ld_paged_list_model_set_loading (self, TRUE);

  ld_client_list_member_history_async (self->client,
                                       self->member_id,
                                       self->history,
                                       self->query,
                                       cursor,
                                       self->page_size,
                                       self->cancellable,
                                       ld_paged_list_model_list_cb,
                                       ld_weak_ref_new (self));
}

static void
ld_paged_list_model_constructed (GObject *object)
{
  LdPagedListModel *self = (LdPagedListModel *)object;

  G_OBJECT_CLASS (ld_paged_list_model_parent_class)->constructed (object);

  g_return_if_fail (LD_IS_CLIENT (self->client));
  g_return_if_fail (self->member_id > 0);

  self->item_type = ld_member_history_get_item_type (self->history);

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
  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
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

    case PROP_MEMBER_ID:
      g_value_set_int64 (value, self->member_id);
      break;

    case PROP_HISTORY:
      g_value_set_uint (value, self->history);
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

    case PROP_MAX_PAGES:
      g_value_set_uint (value, self->max_pages);
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
      g_value_set_uint (value, self->n_items);
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

    case PROP_MEMBER_ID:
      self->member_id = g_value_get_int64 (value);
      break;

    case PROP_HISTORY:
      self->history = g_value_get_uint (value);
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

    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;

    case PROP_MAX_PAGES:
      self->max_pages = g_value_get_uint (value);
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

  properties[PROP_CLIENT] = ld_param_spec_client ();

  properties[PROP_MEMBER_ID] = ld_param_spec_member_id ();

  /* an LdMemberHistory: which of the member's lists */
  properties[PROP_HISTORY] =
    g_param_spec_uint ("history", NULL, NULL,
                       0, LD_MEMBER_HISTORY_FAVORITES_HISTORY, LD_MEMBER_HISTORY_PURCHASES,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL,
                        G_TYPE_HASH_TABLE,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* the history's: set when the model is made */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL,
                       1, 500, 50,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * LdPagedListModel:max-pages:
   *
   * How many pages keep their rows at most; the least recently read drop theirs and
   * are fetched again when read. At least 2; a list view needs a few more than it
   * shows (GTK 4.8's keep about 200 rows bound).
   */
  properties[PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL,
                       2, G_MAXUINT, LD_PAGED_LIST_MODEL_MAX_PAGES,
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

  placeholder_quark = g_quark_from_static_string ("ld-paged-list-model-placeholder");
}

static void
ld_paged_list_model_init (LdPagedListModel *self)
{
  self->pages = g_ptr_array_new_with_free_func (page_free);
  self->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->item_type = G_TYPE_OBJECT;
  self->page_size = 50;
  self->max_pages = LD_PAGED_LIST_MODEL_MAX_PAGES;
  self->total = -1;
  self->has_more = TRUE;
}

/**
 * ld_paged_list_model_new:
 * @client: a logged-in client
 * @member_id: whose history
 * @history: which of the member's lists, e.g. %LD_MEMBER_HISTORY_PURCHASES (its items
 *   are of ld_member_history_get_item_type())
 * @query: (nullable): query parameters (string → string), e.g. sort and filters; copied
 * @page_size: rows per request (1–500)
 *
 * Creates the model and asks for its first page.
 *
 * Returns: (transfer full): a new #LdPagedListModel
 */
LdPagedListModel *
ld_paged_list_model_new (LdClient        *client,
                         gint64           member_id,
                         LdMemberHistory  history,
                         GHashTable      *query,
                         guint            page_size)
{
  return ld_paged_list_model_new_full (client, member_id, history, query, page_size,
                                       LD_PAGED_LIST_MODEL_MAX_PAGES);
}

/**
 * ld_paged_list_model_new_full:
 * @max_pages: how many pages keep their rows at most (2 or more)
 *
 * The same as ld_paged_list_model_new() with another bound on the rows kept.
 *
 * Returns: (transfer full): a new #LdPagedListModel
 */
LdPagedListModel *
ld_paged_list_model_new_full (LdClient        *client,
                              gint64           member_id,
                              LdMemberHistory  history,
                              GHashTable      *query,
                              guint            page_size,
                              guint            max_pages)
{
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (member_id > 0, NULL);
  g_return_val_if_fail (history <= LD_MEMBER_HISTORY_FAVORITES_HISTORY, NULL);
  g_return_val_if_fail (page_size > 0 && page_size <= 500, NULL);
  g_return_val_if_fail (max_pages >= 2, NULL);

  return g_object_new (LD_TYPE_PAGED_LIST_MODEL,
                       "client", client,
                       "member-id", member_id,
                       "history", (guint) history,
                       "query", query,
                       "page-size", page_size,
                       "max-pages", max_pages,
                       NULL);
}

/**
 * ld_paged_list_model_load_more:
 * @self: a #LdPagedListModel
 *
 * Asks for the page that failed, or a dropped page that was read meanwhile, or else the
 * next page, unless a request is on its way or there is nothing to ask for. Clears a
 * previous error: this is how a failed page is retried.
 */
void
ld_paged_list_model_load_more (LdPagedListModel *self)
{
  g_return_if_fail (LD_IS_PAGED_LIST_MODEL (self));

  if (self->loading || g_cancellable_is_cancelled (self->cancellable))
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

  self->want_more = self->has_more;
  ld_paged_list_model_fetch (self);

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

gint64
ld_paged_list_model_get_member_id (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), 0);

  return self->member_id;
}

LdMemberHistory
ld_paged_list_model_get_history (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), LD_MEMBER_HISTORY_PURCHASES);

  return self->history;
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

/* how many pages the model knows of (as far as the list was scrolled), rows kept or not */
guint
ld_paged_list_model_get_n_pages (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), 0);

  return self->pages->len;
}

/* how many pages hold their rows (or placeholders waiting for them): at most max-pages,
 * but for placeholders still being fetched */
guint
ld_paged_list_model_get_n_live_pages (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), 0);

  return self->n_live;
}

/* how many rows the model holds now (placeholders included) */
guint
ld_paged_list_model_get_n_live_items (LdPagedListModel *self)
{
  guint n = 0;

  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), 0);

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = ld_paged_list_model_page (self, i);

      if (page->items != NULL)
        n += page->items->len;
    }

  return n;
}

/* how many pages came back from the server so far, the ones fetched again included */
guint
ld_paged_list_model_get_n_requests (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), 0);

  return self->n_requests;
}

guint
ld_paged_list_model_get_max_pages (LdPagedListModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), 0);

  return self->max_pages;
}

/**
 * ld_paged_list_model_is_placeholder:
 * @item: an item the model gave out
 *
 * Returns: whether @item only stands in for a row being fetched again; the model
 *   replaces it (items-changed) when the row is back
 */
gboolean
ld_paged_list_model_is_placeholder (LdPagedListModel *self,
                                    gpointer          item)
{
  g_return_val_if_fail (LD_IS_PAGED_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (item), FALSE);

  return ld_paged_list_model_item_is_placeholder (item);
}

/**
 * ld_paged_list_model_item_is_placeholder:
 * @item: an item of any paged list model
 *
 * The same as ld_paged_list_model_is_placeholder() where the model is not at hand: a list
 * row's widgets, which have only the item.
 *
 * Returns: whether @item only stands in for a row being fetched again
 */
gboolean
ld_paged_list_model_item_is_placeholder (gpointer item)
{
  g_return_val_if_fail (G_IS_OBJECT (item), FALSE);

  return g_object_get_qdata (item, placeholder_quark) != NULL;
}
