/* ld-client-member-data.c — the member's own data: answers, identification, contacts,
 * a new Personal Account password */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-client-private.h"

/* one call on /members/{id}@suffix with @body (taken), answering @item_type */
static void
send_member_data (LdClient            *self,
                  const char          *method,
                  gint64               member_id,
                  const char          *suffix,
                  JsonObject          *body,
                  gint64               version,
                  const char          *idempotency_key,
                  GType                item_type,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(JsonObject) object = body;
  g_autofree char *path = g_strdup_printf ("/members/%" G_GINT64_FORMAT "%s", member_id, suffix);
  g_autofree char *if_match = NULL;

  if (version > 0)
    if_match = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  ld_client_send (self, &(LdClientCall) { .method = method, .path = path, .object = object,
                                          .idempotency_key = idempotency_key, .if_match = if_match,
                                          .item_type = item_type,
                                          .result_free = item_type == JSON_TYPE_OBJECT
                                                         ? (GDestroyNotify) json_object_unref : NULL },
                  source_tag, cancellable, callback, user_data);
}

/* a body of string members: name, value, …, NULL; a NULL value leaves its member out */
static JsonObject *
body_of (const char *name,
         ...)
{
  JsonObject *body = json_object_new ();
  va_list args;

  va_start (args, name);
  for (; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        json_object_set_string_member (body, name, value);
    }
  va_end (args);
  return body;
}

void
ld_client_update_member_answers_async (LdClient            *self,
                                       gint64               member_id,
                                       gint64               version,
                                       JsonObject          *answers,
                                       const char          *idempotency_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JsonObject *body;

  g_return_if_fail (answers != NULL);

  body = json_object_new ();
  json_object_set_object_member (body, "answers", json_object_ref (answers));
  send_member_data (self, "PATCH", member_id, "", body, version, idempotency_key, LD_TYPE_MEMBER,
                    ld_client_update_member_answers_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_update_member_answers)

void
ld_client_identify_member_async (LdClient            *self,
                                 gint64               member_id,
                                 const char          *password,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  JsonObject *body = body_of ("method", password != NULL ? "password" : "personal_data",
                              "password", password, NULL);

  send_member_data (self, "POST", member_id, "/identify", body, 0, idempotency_key, JSON_TYPE_OBJECT,
                    ld_client_identify_member_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (JsonObject, ld_client_identify_member)

void
ld_client_change_member_email_async (LdClient            *self,
                                     gint64               member_id,
                                     const char          *email,
                                     const char          *identification_token,
                                     const char          *idempotency_key,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (email != NULL);

  send_member_data (self, "PUT", member_id, "/email",
                    body_of ("email", email, "identification_token", identification_token, NULL),
                    0, idempotency_key, LD_TYPE_MEMBER,
                    ld_client_change_member_email_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_change_member_email)

void
ld_client_send_phone_code_async (LdClient            *self,
                                 gint64               member_id,
                                 const char          *phone,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (phone != NULL);

  send_member_data (self, "POST", member_id, "/phone/send-code", body_of ("phone", phone, NULL),
                    0, idempotency_key, JSON_TYPE_OBJECT,
                    ld_client_send_phone_code_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (JsonObject, ld_client_send_phone_code)

void
ld_client_change_member_phone_async (LdClient            *self,
                                     gint64               member_id,
                                     const char          *phone,
                                     const char          *code,
                                     const char          *identification_token,
                                     const char          *idempotency_key,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (phone != NULL);
  g_return_if_fail (code != NULL);

  send_member_data (self, "PUT", member_id, "/phone",
                    body_of ("phone", phone, "code", code, "identification_token", identification_token, NULL),
                    0, idempotency_key, LD_TYPE_MEMBER,
                    ld_client_change_member_phone_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdMember, ld_client_change_member_phone)

void
ld_client_send_member_password_async (LdClient            *self,
                                      gint64               member_id,
                                      const char          *channel,
                                      const char          *idempotency_key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (channel != NULL);

  send_member_data (self, "POST", member_id, "/send-password", body_of ("channel", channel, NULL),
                    0, idempotency_key, JSON_TYPE_OBJECT,
                    ld_client_send_member_password_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (JsonObject, ld_client_send_member_password)
