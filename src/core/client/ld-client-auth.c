/* ld-client-auth.c — signing in and out */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-client-private.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-model-json.h"

static gpointer
ld_client_parse_login (LdClient  *self,
                       JsonNode  *answer,
                       GType      item_type,
                       GError   **error)
{
  JsonObject *object = ld_client_answer_object (answer, error);
  JsonObject *operator_json = NULL;
  const char *token = NULL;
  g_autoptr(LdOperator) operator = NULL;

  if (object == NULL)
    return NULL;

  if (!ld_json_get_string (object, "token", NULL, &token) || token == NULL)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                   _("The server's answer could not be read: “%s” should be %s"),
                   "token", _("a string"));
      return NULL;
    }
  if (!ld_json_get_object (object, "operator", NULL, &operator_json) || operator_json == NULL)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                   _("The server's answer could not be read: “%s” should be %s"),
                   "operator", _("an object"));
      return NULL;
    }

  operator = ld_model_new_from_json (LD_TYPE_OPERATOR, operator_json, "operator", error);
  if (operator == NULL)
    return NULL;

  g_object_freeze_notify (G_OBJECT (self));
  ld_client_set_token (self, token);
  ld_client_set_operator (self, operator);
  g_object_thaw_notify (G_OBJECT (self));

  return g_steal_pointer (&operator);
}

static gpointer
ld_client_parse_me (LdClient  *self,
                    JsonNode  *answer,
                    GType      item_type,
                    GError   **error)
{
  JsonObject *object = ld_client_answer_object (answer, error);
  LdOperator *operator;

  if (object == NULL)
    return NULL;

  operator = ld_model_new_from_json (LD_TYPE_OPERATOR, ld_client_unwrap (object, "operator"), NULL, error);
  if (operator != NULL)
    ld_client_set_operator (self, operator);

  return operator;
}

void
ld_client_login_async (LdClient            *self,
                       const char          *login,
                       const char          *password,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (login != NULL);
  g_return_if_fail (password != NULL);

  json_object_set_string_member (body, "login", login);
  json_object_set_string_member (body, "password", password);
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = "/auth/login", .object = body,
                                          .flags = LD_CLIENT_SEND_WITHOUT_TOKEN,
                                          .parse = ld_client_parse_login },
                  ld_client_login_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdOperator, ld_client_login)

void
ld_client_logout_async (LdClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  /* the request carries the token; the client forgets it at once */
  ld_client_send (self, &(LdClientCall) { .method = "POST", .path = "/auth/logout",
                                          .flags = LD_CLIENT_SEND_UNAUTHORIZED_OK,
                                          .parse = ld_client_parse_node,
                                          .result_free = (GDestroyNotify) json_node_unref },
                  ld_client_logout_async, cancellable, callback, user_data);

  ld_client_clear_session (self);
}

gboolean
ld_client_logout_finish (LdClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(JsonNode) answer = ld_client_finish (self, result, ld_client_logout_async, error);

  return answer != NULL;
}

void
ld_client_get_me_async (LdClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  ld_client_send (self, &(LdClientCall) { .path = "/me", .parse = ld_client_parse_me },
                  ld_client_get_me_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdOperator, ld_client_get_me)
