/* ld-paged-list-model.h — a GListModel over a member's paged history on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_PAGED_LIST_MODEL (ld_paged_list_model_get_type ())

/* the pages that keep their rows, by default */
#define LD_PAGED_LIST_MODEL_MAX_PAGES 10

G_DECLARE_FINAL_TYPE (LdPagedListModel, ld_paged_list_model, LD, PAGED_LIST_MODEL, GObject)

LdPagedListModel *ld_paged_list_model_new            (LdClient         *client,
                                                      gint64            member_id,
                                                      LdMemberHistory   history,
                                                      GHashTable       *query,
                                                      guint             page_size);
LdPagedListModel *ld_paged_list_model_new_full       (LdClient         *client,
                                                      gint64            member_id,
                                                      LdMemberHistory   history,
                                                      GHashTable       *query,
                                                      guint             page_size,
                                                      guint             max_pages);
LdClient         *ld_paged_list_model_get_client     (LdPagedListModel *self);
gint64            ld_paged_list_model_get_member_id  (LdPagedListModel *self);
LdMemberHistory   ld_paged_list_model_get_history    (LdPagedListModel *self);
GHashTable       *ld_paged_list_model_get_query      (LdPagedListModel *self);
guint             ld_paged_list_model_get_page_size  (LdPagedListModel *self);
gboolean          ld_paged_list_model_get_loading    (LdPagedListModel *self);
gboolean          ld_paged_list_model_get_has_more   (LdPagedListModel *self);
gboolean          ld_paged_list_model_get_started    (LdPagedListModel *self);
gint64            ld_paged_list_model_get_total      (LdPagedListModel *self);
const GError     *ld_paged_list_model_get_error      (LdPagedListModel *self);
guint             ld_paged_list_model_get_n_pages    (LdPagedListModel *self);
guint             ld_paged_list_model_get_n_live_pages (LdPagedListModel *self);
guint             ld_paged_list_model_get_n_live_items (LdPagedListModel *self);
guint             ld_paged_list_model_get_n_requests (LdPagedListModel *self);
guint             ld_paged_list_model_get_max_pages  (LdPagedListModel *self);
gboolean          ld_paged_list_model_is_placeholder (LdPagedListModel *self,
                                                      gpointer          item);
void              ld_paged_list_model_load_more      (LdPagedListModel *self);

gboolean          ld_paged_list_model_item_is_placeholder (gpointer item);

G_END_DECLS
