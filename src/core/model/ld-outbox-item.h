/* ld-outbox-item.h — LdOutboxItem, an SMS or e-mail the server sent */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_OUTBOX_ITEM (ld_outbox_item_get_type ())

G_DECLARE_FINAL_TYPE (LdOutboxItem, ld_outbox_item, LD, OUTBOX_ITEM, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_outbox_item_to_json() */
LdOutboxItem *ld_outbox_item_new_from_json (JsonObject  *json,
                                            GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_outbox_item_to_json (LdOutboxItem *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_outbox_item_get_id          (LdOutboxItem *self);
const char *ld_outbox_item_get_channel    (LdOutboxItem *self);
const char *ld_outbox_item_get_to         (LdOutboxItem *self);
const char *ld_outbox_item_get_text       (LdOutboxItem *self);
const char *ld_outbox_item_get_status     (LdOutboxItem *self);
const char *ld_outbox_item_get_created_at (LdOutboxItem *self);

G_END_DECLS
