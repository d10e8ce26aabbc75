/* ld-client-registrations.c — registration drafts */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-client-private.h"

/* POST or DELETE /registrations/{id}@suffix with @body (nullable) → the draft */
static void
ld_client_registration_send (LdClient            *self,
                             const char          *method,
                             gint64               draft_id,
                             const char          *suffix,
                             JsonObject          *body,
                             const char          *idempotency_key,
                             gpointer             source_tag,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonNode) node = body ? ld_client_body_take (body) : NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (draft_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/registrations/%" G_GINT64_FORMAT "%s", draft_id, suffix);
  ld_client_send (self, &(LdClientCall) { .method = method, .path = path, .body = node,
                                          .idempotency_key = idempotency_key,
                                          .parse = ld_client_parse_model,
                                          .item_type = LD_TYPE_REGISTRATION_DRAFT, .result_free = g_object_unref },
                  source_tag, cancellable, callback, user_data);
}

void
ld_client_registration_card_async (LdClient            *self,
                                   gint64               draft_id,
                                   const char          *number,
                                   gboolean             issue_virtual,
                                   const char          *idempotency_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  JsonObject *object = json_object_new ();

  if (number != NULL)
    json_object_set_string_member (object, "number", number);
  else
    json_object_set_null_member (object, "number");
  json_object_set_boolean_member (object, "issue_virtual", issue_virtual);
  ld_client_registration_send (self, "POST", draft_id, "/card", object, idempotency_key,
                               ld_client_registration_card_async, cancellable, callback, user_data);
}

/**
 * ld_client_registration_card_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_registration_card_finish (LdClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return ld_client_finish (self, result, ld_client_registration_card_async, error);
}

void
ld_client_registration_virtual_card_async (LdClient            *self,
                                           gint64               draft_id,
                                           gboolean             issue_virtual,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "issue_virtual", issue_virtual);
  ld_client_registration_send (self, "POST", draft_id, "/virtual-card", object, idempotency_key,
                               ld_client_registration_virtual_card_async, cancellable, callback, user_data);
}

/**
 * ld_client_registration_virtual_card_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_registration_virtual_card_finish (LdClient      *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return ld_client_finish (self, result, ld_client_registration_virtual_card_async, error);
}

void
ld_client_registration_send_code_async (LdClient            *self,
                                        gint64               draft_id,
                                        const char          *idempotency_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  JsonObject *object = json_object_new ();

  ld_client_registration_send (self, "POST", draft_id, "/phone/send-code", object, idempotency_key,
                               ld_client_registration_send_code_async, cancellable, callback, user_data);
}

/**
 * ld_client_registration_send_code_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_registration_send_code_finish (LdClient      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return ld_client_finish (self, result, ld_client_registration_send_code_async, error);
}

void
ld_client_registration_confirm_phone_async (LdClient            *self,
                                            gint64               draft_id,
                                            const char          *code,
                                            const char          *idempotency_key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  JsonObject *object;

  g_return_if_fail (code != NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "code", code);
  ld_client_registration_send (self, "POST", draft_id, "/phone/confirm", object, idempotency_key,
                               ld_client_registration_confirm_phone_async, cancellable, callback, user_data);
}

/**
 * ld_client_registration_confirm_phone_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_registration_confirm_phone_finish (LdClient      *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return ld_client_finish (self, result, ld_client_registration_confirm_phone_async, error);
}

void
ld_client_registration_skip_phone_async (LdClient            *self,
                                         gint64               draft_id,
                                         const char          *idempotency_key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  JsonObject *object = json_object_new ();

  ld_client_registration_send (self, "POST", draft_id, "/phone/skip", object, idempotency_key,
                               ld_client_registration_skip_phone_async, cancellable, callback, user_data);
}

/**
 * ld_client_registration_skip_phone_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_registration_skip_phone_finish (LdClient      *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return ld_client_finish (self, result, ld_client_registration_skip_phone_async, error);
}

void
ld_client_registration_email_async (LdClient            *self,
                                    gint64               draft_id,
                                    const char          *email,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  JsonObject *object;

  g_return_if_fail (email != NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "email", email);
  ld_client_registration_send (self, "POST", draft_id, "/email", object, idempotency_key,
                               ld_client_registration_email_async, cancellable, callback, user_data);
}

/**
 * ld_client_registration_email_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_registration_email_finish (LdClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return ld_client_finish (self, result, ld_client_registration_email_async, error);
}

void
ld_client_registration_consent_async (LdClient            *self,
                                      gint64               draft_id,
                                      gboolean             offer,
                                      gboolean             personal_data,
                                      const char          *idempotency_key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "offer", offer);
  json_object_set_boolean_member (object, "personal_data", personal_data);
  ld_client_registration_send (self, "POST", draft_id, "/consent", object, idempotency_key,
                               ld_client_registration_consent_async, cancellable, callback, user_data);
}

/**
 * ld_client_registration_consent_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_registration_consent_finish (LdClient      *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return ld_client_finish (self, result, ld_client_registration_consent_async, error);
}

void
ld_client_registration_password_async (LdClient            *self,
                                       gint64               draft_id,
                                       const char          *idempotency_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JsonObject *object = json_object_new ();

  ld_client_registration_send (self, "POST", draft_id, "/password", object, idempotency_key,
                               ld_client_registration_password_async, cancellable, callback, user_data);
}

/**
 * ld_client_registration_password_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_registration_password_finish (LdClient      *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return ld_client_finish (self, result, ld_client_registration_password_async, error);
}

void
ld_client_start_registration_async (LdClient            *self,
                                    const char          *phone,
                                    gint64               call_id,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (phone != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  object = json_object_new ();
  json_object_set_string_member (object, "phone", phone);
  if (call_id > 0)
    json_object_set_int_member (object, "call_id", call_id);
  else
    json_object_set_null_member (object, "call_id");
  body = ld_client_body_take (object);

  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = "/registrations", .body = body,
                                          .idempotency_key = idempotency_key,
                                          .parse = ld_client_parse_model,
                                          .item_type = LD_TYPE_REGISTRATION_DRAFT, .result_free = g_object_unref },
                  ld_client_start_registration_async, cancellable, callback, user_data);
}

/**
 * ld_client_start_registration_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_start_registration_finish (LdClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return ld_client_finish (self, result, ld_client_start_registration_async, error);
}

void
ld_client_get_registration_async (LdClient            *self,
                                  gint64               draft_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (draft_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = g_strdup_printf ("/registrations/%" G_GINT64_FORMAT, draft_id);
  ld_client_send (self, &(LdClientCall) { .method = "GET", .path = path,
                                          .parse = ld_client_parse_model,
                                          .item_type = LD_TYPE_REGISTRATION_DRAFT, .result_free = g_object_unref },
                  ld_client_get_registration_async, cancellable, callback, user_data);
}

/**
 * ld_client_get_registration_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_get_registration_finish (LdClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return ld_client_finish (self, result, ld_client_get_registration_async, error);
}

void
ld_client_list_registrations_async (LdClient            *self,
                                    const char          *phone,
                                    const char          *cursor,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GHashTable) query = NULL;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  query = g_hash_table_new (g_str_hash, g_str_equal);
  if (phone != NULL)
    g_hash_table_insert (query, (gpointer) "phone", (gpointer) phone);
  ld_client_get_page (self, "/registrations", query, LD_TYPE_REGISTRATION_DRAFT, cursor, limit,
                      ld_client_list_registrations_async, cancellable, callback, user_data);
}

/**
 * ld_client_list_registrations_finish:
 *
 * Returns: (transfer full): the page of LdRegistrationDraft
 */
LdPage *
ld_client_list_registrations_finish (LdClient      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return ld_client_finish (self, result, ld_client_list_registrations_async, error);
}

void
ld_client_cancel_registration_async (LdClient            *self,
                                     gint64               draft_id,
                                     const char          *reason,
                                     const char          *idempotency_key,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  JsonObject *object = NULL;

  if (reason != NULL)
    {
      object = json_object_new ();
      json_object_set_string_member (object, "reason", reason);
    }
  ld_client_registration_send (self, "DELETE", draft_id, "", object, idempotency_key,
                               ld_client_cancel_registration_async, cancellable, callback, user_data);
}

/**
 * ld_client_cancel_registration_finish:
 *
 * Returns: (transfer full): the draft
 */
LdRegistrationDraft *
ld_client_cancel_registration_finish (LdClient      *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return ld_client_finish (self, result, ld_client_cancel_registration_async, error);
}

void
ld_client_complete_registration_async (LdClient            *self,
                                       gint64               draft_id,
                                       JsonObject          *answers,
                                       const char          *idempotency_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  JsonObject *object;

  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (draft_id > 0);
  g_return_if_fail (answers != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  object = json_object_new ();
  json_object_set_object_member (object, "answers", json_object_ref (answers));
  body = ld_client_body_take (object);

  path = g_strdup_printf ("/registrations/%" G_GINT64_FORMAT "/complete", draft_id);
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = path, .body = body,
                                          .idempotency_key = idempotency_key,
                                          .parse = ld_client_parse_model,
                                          .item_type = LD_TYPE_MEMBER, .result_free = g_object_unref },
                  ld_client_complete_registration_async, cancellable, callback, user_data);
}

/**
 * ld_client_complete_registration_finish:
 *
 * Returns: (transfer full): the new member
 */
LdMember   *
ld_client_complete_registration_finish (LdClient      *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return ld_client_finish (self, result, ld_client_complete_registration_async, error);
}
