/* ld-client-private.h — the transport of LdClient, for its topic files
 *
 * ld-client.c owns the session, the token, sending and reading (size caps, TLS and
 * time-out errors, the 401 → session-expired handling, the Idempotency-Key and If-Match
 * headers). Each topic file (ld-client-members.c, -cards.c, …) describes its calls as an
 * LdClientCall and hands it to ld_client_send(); its _finish calls ld_client_finish()
 * with the same source tag.
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
 * initializers) */
typedef struct
{
  const char        *method;
  const char        *path;             /* under /api/v1, may carry a query */
  GHashTable        *query;            /* (nullable) string → string */
  const char        *cursor;           /* (nullable) */
  guint              limit;            /* 0: the server's default */
  JsonNode          *body;             /* (nullable) sent as JSON */
  const char        *idempotency_key;  /* (nullable) */
  const char        *if_match;         /* (nullable) */
  LdClientSendFlags  flags;
  LdClientParse      parse;
  GType              item_type;
  GDestroyNotify     result_free;
} LdClientCall;

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

/* GET @path → one @item_type (an LdConfig too) */
void      ld_client_get_model   (LdClient            *self,
                                 const char          *path,
                                 GType                item_type,
                                 gpointer             source_tag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
/* GET @path?@query&cursor&limit → LdPage of @item_type */
void      ld_client_get_page    (LdClient            *self,
                                 const char          *path,
                                 GHashTable          *query,
                                 GType                item_type,
                                 const char          *cursor,
                                 guint                limit,
                                 gpointer             source_tag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);

/* forgets the session (token and operator, one notification each) */
void      ld_client_clear_session (LdClient          *self);

/* a request body around @object, which it takes */
JsonNode *ld_client_body_take   (JsonObject          *object);
/* @text escaped as one segment of a path (a card number with a space or a slash) */
char     *ld_client_escape_segment (const char       *text);

/* the parsers of the typed calls */
gpointer  ld_client_parse_node        (LdClient *self, JsonNode *answer, GType item_type, GError **error);
gpointer  ld_client_parse_true        (LdClient *self, JsonNode *answer, GType item_type, GError **error);
gpointer  ld_client_parse_json_object (LdClient *self, JsonNode *answer, GType item_type, GError **error);
gpointer  ld_client_parse_model       (LdClient *self, JsonNode *answer, GType item_type, GError **error);
gpointer  ld_client_parse_page        (LdClient *self, JsonNode *answer, GType item_type, GError **error);
gboolean  ld_client_answer_object     (JsonNode *answer, JsonObject **out, GError **error);
/* the object itself, or its member @wrapper when it has one (e.g. {"call":{…}}) */
JsonObject *ld_client_unwrap          (JsonObject *object, const char *wrapper);

G_END_DECLS
