/* ld-storage.c — first skeleton so the server links; the real SQL follows */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-error.h"
#include "ld-storage.h"

struct _LdStorage
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (LdStorage, ld_storage, G_TYPE_OBJECT)

static void
ld_storage_class_init (LdStorageClass *klass)
{
}

static void
ld_storage_init (LdStorage *self)
{
}

void
ld_operator_record_free (LdOperatorRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->login);
  g_free (record->name);
  g_free (record->role);
  g_free (record->password_hash);
  g_strfreev (record->granted);
  g_strfreev (record->denied);
  g_free (record);
}

void
ld_stored_response_free (LdStoredResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_free (response);
}

LdStorage *
ld_storage_open (const char *uri, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

gint64
ld_storage_create_operator (LdStorage *self, const char *login, const char *name, const char *role, const char *password_hash, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return 0;
}

LdOperatorRecord *
ld_storage_get_operator_by_login (LdStorage *self, const char *login, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

LdOperatorRecord *
ld_storage_get_operator (LdStorage *self, gint64 operator_id, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

gboolean
ld_storage_record_login_failure (LdStorage *self, gint64 operator_id, guint lock_after, gint64 lock_until, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return FALSE;
}

gboolean
ld_storage_reset_login_failures (LdStorage *self, gint64 operator_id, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return FALSE;
}

gboolean
ld_storage_set_operator_rights (LdStorage *self, gint64 operator_id, const char * const *granted, const char * const *denied, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return FALSE;
}

gboolean
ld_storage_create_session (LdStorage *self, const char *token_hash, gint64 operator_id, gint64 expires_at, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return FALSE;
}

LdOperatorRecord *
ld_storage_lookup_session (LdStorage *self, const char *token_hash, gint64 now, gint64 *expires_at, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

gboolean
ld_storage_delete_session (LdStorage *self, const char *token_hash, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return FALSE;
}

JsonObject *
ld_storage_get_config (LdStorage *self, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

gboolean
ld_storage_put_config (LdStorage *self, JsonObject *config, gint64 operator_id, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return FALSE;
}

JsonObject *
ld_storage_create_call (LdStorage *self, const char *phone, gint64 operator_id, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_search_members (LdStorage *self, const LdMemberQuery *query, const LdPageRequest *page, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_get_member (LdStorage *self, gint64 member_id, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_get_card (LdStorage *self, const char *number, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_list_cards (LdStorage *self, const char *state, const LdPageRequest *page, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_list_purchases (LdStorage *self, gint64 member_id, const LdPurchaseQuery *query, const LdPageRequest *page, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_list_operations (LdStorage *self, gint64 member_id, const LdOperationQuery *query, const LdPageRequest *page, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_list_messages (LdStorage *self, gint64 member_id, const LdMessageQuery *query, const LdPageRequest *page, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_list_actions (LdStorage *self, gint64 member_id, const LdPageRequest *page, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_get_favorites (LdStorage *self, gint64 member_id, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_list_favorites_history (LdStorage *self, gint64 member_id, const LdPageRequest *page, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_get_subscriptions (LdStorage *self, gint64 member_id, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_list_products (LdStorage *self, const char *q, const LdPageRequest *page, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

JsonObject *
ld_storage_list_outbox (LdStorage *self, const char *phone, const LdPageRequest *page, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

LdStoredResponse *
ld_storage_idempotency_lookup (LdStorage *self, gint64 operator_id, const char *key, const char *method, const char *path, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return NULL;
}

gboolean
ld_storage_idempotency_store (LdStorage *self, gint64 operator_id, const char *key, const char *method, const char *path, guint status, const char *body, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return FALSE;
}

gboolean
ld_storage_seed_demo (LdStorage *self, guint n_members, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return FALSE;
}

gboolean
ld_storage_ping (LdStorage *self, GError **error)
{
  g_set_error_literal (error, LD_ERROR, LD_ERROR_NOT_IMPLEMENTED, "not implemented yet");
  return FALSE;
}
