/* ld-page.h — LdPage, one page of a paged list: {items, next_cursor, total} */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_PAGE (ld_page_get_type ())

G_DECLARE_FINAL_TYPE (LdPage, ld_page, LD, PAGE, GObject)

/* a page (transfer full) whose items are read as @item_type (a domain object type such as
 * LD_TYPE_PURCHASE); LD_ERROR_INVALID_RESPONSE naming the member on a wrong shape */
LdPage     *ld_page_new_from_json    (JsonObject  *json,
                                      GType        item_type,
                                      GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_page_to_json          (LdPage      *self);

GType       ld_page_get_item_type    (LdPage      *self);
/* (transfer none) a GListModel of the item type; property "items" */
GListModel *ld_page_get_items        (LdPage      *self);
guint       ld_page_get_n_items      (LdPage      *self);
/* appends the items to @store (of the item type or a parent type) in one change, as a
 * list that shows page after page grows */
void        ld_page_append_items_to  (LdPage      *self,
                                      GListStore  *store);
/* (transfer none) the cursor of the next page, NULL on the last page */
const char *ld_page_get_next_cursor  (LdPage      *self);
gint64      ld_page_get_total        (LdPage      *self);

G_END_DECLS
