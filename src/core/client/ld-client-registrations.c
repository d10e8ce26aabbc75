/* ld-client-registrations.c — registration drafts */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-client-private.h"

/* @method /registrations/{id}@suffix with @body (nullable: {} for a POST, none for a
 * DELETE) → the draft */
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
  g_autoptr(JsonObject) empty = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (draft_id > 0);

  if (body == NULL && g_str_equal (method, "POST"))
    body = empty = json_object_new ();
  path = g_strdup_printf ("/registrations/%" G_GINT64_FORMAT "%s", draft_id, suffix);
  ld_client_send (self, &(LdClientCall) { .method = method, .path = path, .object = body,
                                          .idempotency_key = idempotency_key,
                                          .item_type = LD_TYPE_REGISTRATION_DRAFT },
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
  g_autoptr(JsonObject) body = json_object_new ();

  /* json-glib sets a NULL string as null */
  json_object_set_string_member (body, "number", number);
  json_object_set_boolean_member (body, "issue_virtual", issue_virtual);
  ld_client_registration_send (self, "POST", draft_id, "/card", body, idempotency_key,
                               ld_client_registration_card_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_registration_card)

void
ld_client_registration_virtual_card_async (LdClient            *self,
                                           gint64               draft_id,
                                           gboolean             issue_virtual,
                                           const char          *idempotency_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_boolean_member (body, "issue_virtual", issue_virtual);
  ld_client_registration_send (self, "POST", draft_id, "/virtual-card", body, idempotency_key,
                               ld_client_registration_virtual_card_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_registration_virtual_card)

void
ld_client_registration_send_code_async (LdClient            *self,
                                        gint64               draft_id,
                                        const char          *idempotency_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ld_client_registration_send (self, "POST", draft_id, "/phone/send-code", NULL, idempotency_key,
                               ld_client_registration_send_code_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_registration_send_code)

void
ld_client_registration_confirm_phone_async (LdClient            *self,
                                            gint64               draft_id,
                                            const char          *code,
                                            const char          *idempotency_key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (code != NULL);

  json_object_set_string_member (body, "code", code);
  ld_client_registration_send (self, "POST", draft_id, "/phone/confirm", body, idempotency_key,
                               ld_client_registration_confirm_phone_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_registration_confirm_phone)

void
ld_client_registration_skip_phone_async (LdClient            *self,
                                         gint64               draft_id,
                                         const char          *idempotency_key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  ld_client_registration_send (self, "POST", draft_id, "/phone/skip", NULL, idempotency_key,
                               ld_client_registration_skip_phone_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_registration_skip_phone)

void
ld_client_registration_email_async (LdClient            *self,
                                    gint64               draft_id,
                                    const char          *email,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (email != NULL);

  json_object_set_string_member (body, "email", email);
  ld_client_registration_send (self, "POST", draft_id, "/email", body, idempotency_key,
                               ld_client_registration_email_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_registration_email)

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
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_boolean_member (body, "offer", offer);
  json_object_set_boolean_member (body, "personal_data", personal_data);
  ld_client_registration_send (self, "POST", draft_id, "/consent", body, idempotency_key,
                               ld_client_registration_consent_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_registration_consent)

void
ld_client_registration_password_async (LdClient            *self,
                                       gint64               draft_id,
                                       const char          *idempotency_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ld_client_registration_send (self, "POST", draft_id, "/password", NULL, idempotency_key,
                               ld_client_registration_password_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_registration_password)

void
ld_client_start_registration_async (LdClient            *self,
                                    const char          *phone,
                                    gint64               call_id,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (phone != NULL);

  json_object_set_string_member (body, "phone", phone);
  if (call_id > 0)
    json_object_set_int_member (body, "call_id", call_id);
  else
    json_object_set_null_member (body, "call_id");
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = "/registrations", .object = body,
                                          .idempotency_key = idempotency_key,
                                          .item_type = LD_TYPE_REGISTRATION_DRAFT },
                  ld_client_start_registration_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_start_registration)

void
ld_client_get_registration_async (LdClient            *self,
                                  gint64               draft_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ld_client_registration_send (self, "GET", draft_id, "", NULL, NULL,
                               ld_client_get_registration_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_get_registration)

void
ld_client_list_registrations_async (LdClient            *self,
                                    const char          *phone,
                                    const char          *cursor,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ld_client_send (self, &(LdClientCall) { .path = "/registrations", .filter = { "phone", phone },
                                          .cursor = cursor, .limit = limit, .parse = ld_client_parse_page,
                                          .item_type = LD_TYPE_REGISTRATION_DRAFT },
                  ld_client_list_registrations_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_list_registrations)

void
ld_client_cancel_registration_async (LdClient            *self,
                                     gint64               draft_id,
                                     const char          *reason,
                                     const char          *idempotency_key,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  if (reason != NULL)
    {
      body = json_object_new ();
      json_object_set_string_member (body, "reason", reason);
    }
  ld_client_registration_send (self, "DELETE", draft_id, "", body, idempotency_key,
                               ld_client_cancel_registration_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdRegistrationDraft, ld_client_cancel_registration)

void
ld_client_complete_registration_async (LdClient            *self,
                                       gint64               draft_id,
                                       JsonObject          *answers,
                                       const char          *idempotency_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (draft_id > 0);
  g_return_if_fail (answers != NULL);

  json_object_set_object_member (body, "answers", json_object_ref (answers));
  path = g_strdup_printf ("/registrations/%" G_GINT64_FORMAT "/complete", draft_id);
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = path, .object = body,
                                          .idempotency_key = idempotency_key,
                                          .item_type = LD_TYPE_MEMBER },
                  ld_client_complete_registration_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_complete_registration)
