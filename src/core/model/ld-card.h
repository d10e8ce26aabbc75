/* ld-card.h — LdCard, a loyalty card, physical or virtual */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_CARD (ld_card_get_type ())

G_DECLARE_FINAL_TYPE (LdCard, ld_card, LD, CARD, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_card_to_json() */
LdCard *ld_card_new_from_json (JsonObject  *json,
                               GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_card_to_json (LdCard *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
const char *ld_card_get_number             (LdCard *self);
const char *ld_card_get_card_type          (LdCard *self);
const char *ld_card_get_category           (LdCard *self);
const char *ld_card_get_state              (LdCard *self);
gint64     ld_card_get_balance             (LdCard *self);
gboolean   ld_card_get_main                (LdCard *self);
gint64     ld_card_get_owner_id            (LdCard *self);
const char *ld_card_get_blocked_reason     (LdCard *self);
gint64     ld_card_get_version             (LdCard *self);
const char *ld_card_get_issued_at          (LdCard *self);
const char *ld_card_get_activated_at       (LdCard *self);
const char *ld_card_get_replaced_by        (LdCard *self);
const char *ld_card_get_first_purchase_pos (LdCard *self);
JsonObject *ld_card_get_owner              (LdCard *self);

G_END_DECLS
