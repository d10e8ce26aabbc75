/* ld-member.h — LdMember, a member of the loyalty program (a search result or a full profile) */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ld-account.h"
#include "ld-card.h"
#include "ld-status.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER (ld_member_get_type ())

G_DECLARE_FINAL_TYPE (LdMember, ld_member, LD, MEMBER, GObject)

/* a new object from @json (transfer full), or NULL with LD_ERROR_INVALID_RESPONSE naming
 * the member of the wrong type; unknown members are kept for ld_member_to_json() */
LdMember *ld_member_new_from_json (JsonObject  *json,
                                   GError     **error);
/* every field, the unknown ones too (transfer full) */
JsonObject *ld_member_to_json (LdMember *self);

/* getters; strings, objects and lists are (transfer none), owned by @self */
gint64     ld_member_get_id              (LdMember *self);
const char *ld_member_get_first_name     (LdMember *self);
const char *ld_member_get_last_name      (LdMember *self);
const char *ld_member_get_middle_name    (LdMember *self);
const char *ld_member_get_phone          (LdMember *self);
const char *ld_member_get_email          (LdMember *self);
const char *ld_member_get_birth_date     (LdMember *self);
LdCard     *ld_member_get_main_card      (LdMember *self);
GListModel *ld_member_get_statuses       (LdMember *self);
gint64     ld_member_get_balance         (LdMember *self);
gboolean   ld_member_get_blocked         (LdMember *self);
JsonObject *ld_member_get_answers        (LdMember *self);
LdAccount  *ld_member_get_account        (LdMember *self);
GListModel *ld_member_get_cards          (LdMember *self);
JsonObject *ld_member_get_consents       (LdMember *self);
GListModel *ld_member_get_merged_members (LdMember *self);
gint64     ld_member_get_version         (LdMember *self);
const char *ld_member_get_created_at     (LdMember *self);
const char *ld_member_get_updated_at     (LdMember *self);
gboolean   ld_member_get_has_password    (LdMember *self);

G_END_DECLS
