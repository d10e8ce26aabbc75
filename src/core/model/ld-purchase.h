/* ld-purchase.h — LdPurchase, a purchase (receipt) of a member */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_PURCHASE (ld_purchase_get_type ())

G_DECLARE_FINAL_TYPE (LdPurchase, ld_purchase, LD, PURCHASE, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_purchase_to_json() */
LdPurchase *ld_purchase_new_from_json (JsonObject  *json,
                                       GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_purchase_to_json (LdPurchase *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_purchase_get_id             (LdPurchase *self);
const char *ld_purchase_get_receipt       (LdPurchase *self);
const char *ld_purchase_get_purchased_at  (LdPurchase *self);
const char *ld_purchase_get_pos           (LdPurchase *self);
const char *ld_purchase_get_program       (LdPurchase *self);
const char *ld_purchase_get_status        (LdPurchase *self);
const char *ld_purchase_get_card          (LdPurchase *self);
gint64     ld_purchase_get_amount         (LdPurchase *self);
gint64     ld_purchase_get_bonus_accrued  (LdPurchase *self);
gint64     ld_purchase_get_bonus_deducted (LdPurchase *self);
gint64     ld_purchase_get_member_id      (LdPurchase *self);

/* the first names of some getters, kept for code written against them */
const char *ld_purchase_get_date           (LdPurchase *self);
const char *ld_purchase_get_card_number    (LdPurchase *self);
gint64     ld_purchase_get_points_accrued  (LdPurchase *self);
gint64     ld_purchase_get_points_deducted (LdPurchase *self);

G_END_DECLS
