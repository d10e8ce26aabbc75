/* ld-cursor-list.h — a GListModel of a server list that grows a page at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ld-core.h"

G_BEGIN_DECLS

/* starts the request for the page at @cursor (NULL: the first) of the list in
 * @fetch_data, as an LdClient call does */
typedef void     (*LdCursorListFetchFunc)  (gpointer             fetch_data,
                                            const char          *cursor,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* the LdClient call's _finish() */
typedef LdPage  *(*LdCursorListFinishFunc) (LdClient            *client,
                                            GAsyncResult        *result,
                                            GError             **error);

#define LD_TYPE_CURSOR_LIST (ld_cursor_list_get_type ())

G_DECLARE_FINAL_TYPE (LdCursorList, ld_cursor_list, LD, CURSOR_LIST, GObject)

LdCursorList *ld_cursor_list_new         (GType                  item_type,
                                          LdCursorListFetchFunc  fetch,
                                          LdCursorListFinishFunc finish,
                                          gpointer               fetch_data);
void          ld_cursor_list_reload      (LdCursorList          *self);
void          ld_cursor_list_load_more   (LdCursorList          *self);
void          ld_cursor_list_retry       (LdCursorList          *self);
void          ld_cursor_list_clear       (LdCursorList          *self);
gboolean      ld_cursor_list_get_loading (LdCursorList          *self);
gboolean      ld_cursor_list_get_has_more (LdCursorList         *self);
guint         ld_cursor_list_get_n_pages (LdCursorList          *self);
gint64        ld_cursor_list_get_total   (LdCursorList          *self);
const GError *ld_cursor_list_get_error   (LdCursorList          *self);

G_END_DECLS
