/* ld-client-private.h — the transport of LdClient, for its topic files
 *
 * ld-client.c owns the session, the token, sending and reading (size caps, TLS and
 * time-out errors, the 401 → session-expired handling, the Idempotency-Key and If-Match
 * headers). Each topic file (ld-client-members.c, -cards.c, …) describes its calls as an
 * LdClientCall and hands it to ld_client_send(); its _finish is
 * LD_CLIENT_DEFINE_FINISH, ld_client_finish() with the same source tag.
 */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

typedef enum
{
  LD_CLIENT_SEND_DEFAULT         = 0,
  LD_CLIENT_SEND_WITHOUT_TOKEN   = 1 << 0,  /* login: no Authorization, a 401 is no expired session */
  LD_CLIENT_SEND_UNAUTHORIZED_OK = 1 << 1,  /* logout: a session already gone is what we want */
} LdClientSendFlags;

/* turns a successful answer into what the typed call returns; the result is freed with
 * the call's result_free when nobody takes it */
typedef gpointer (*LdClientParse) (LdClient  *self,
                                   JsonNode  *answer,
                                   GType      item_type,
                                   GError   **error);

/* one call as its public function describes it; unset members are none (designated
 * initializers), so a GET of one object is { .path = path, .item_type = LD_TYPE_MEMBER } */
typedef struct
{
  const char        *method;           /* NULL: GET */
  const char        *path;             /* under /api/v1, may carry a query */
  GHashTable        *query;            /* (nullable) string → string */
  const char        *filter[2];        /* one more query parameter, name and value; none
                                        * when the value is NULL */
  const char        *cursor;           /* (nullable) */
  guint              limit;            /* 0: the server's default */
  JsonObject        *object;           /* (nullable) sent as JSON */
  JsonNode          *body;             /* (nullable) sent as JSON, when it is no object */
  const char        *idempotency_key;  /* (nullable) */
  const char        *if_match;         /* (nullable) */
  LdClientSendFlags  flags;
  LdClientParse      parse;            /* NULL: ld_client_parse_model */
  GType              item_type;
  GDestroyNotify     result_free;      /* NULL: g_object_unref */
} LdClientCall;

/* checks @self and @cancellable for the public function that called it */
void      ld_client_send        (LdClient            *self,
                                 const LdClientCall  *call,
                                 gpointer             source_tag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gpointer  ld_client_finish      (LdClient            *self,
                                 GAsyncResult        *result,
                                 gpointer             source_tag,
                                 GError             **error);

/* the typed _finish of NAME_async (whose source tag it is): what the call's parser made,
 * (transfer full) */
#define LD_CLIENT_DEFINE_FINISH(ReturnType, name) \
  ReturnType * \
  name##_finish (LdClient *self, GAsyncResult *result, GError **error) \
  { \
    return ld_client_finish (self, result, name##_async, error); \
  }

/* forgets the session (token and operator, one notification each) */
void      ld_client_clear_session (LdClient          *self);

/* @text escaped as one segment of a path (a card number with a space or a slash) */
char     *ld_client_escape_segment (const char       *text);

/* the parsers of the typed calls */
gpointer  ld_client_parse_node        (LdClient *self, JsonNode *answer, GType item_type, GError **error);
/* one object of @item_type: a domain type, LdConfig, or JSON_TYPE_OBJECT as it came */
gpointer  ld_client_parse_model       (LdClient *self, JsonNode *answer, GType item_type, GError **error);
gpointer  ld_client_parse_page        (LdClient *self, JsonNode *answer, GType item_type, GError **error);
/* (transfer none) the answer as an object, or NULL and LD_ERROR_INVALID_RESPONSE */
JsonObject *ld_client_answer_object   (JsonNode *answer, GError **error);
/* the object itself, or its member @wrapper when it has one (e.g. {"call":{…}}) */
JsonObject *ld_client_unwrap          (JsonObject *object, const char *wrapper);

G_END_DECLS
