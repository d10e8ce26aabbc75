/* ld-client-cards.c — cards */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-client-private.h"

void
ld_client_get_card_async (LdClient            *self,
                          const char          *number,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (number != NULL);

  escaped = ld_client_escape_segment (number);
  path = g_strdup_printf ("/cards/%s", escaped);
  ld_client_send (self, &(LdClientCall) { .path = path, .item_type = LD_TYPE_CARD },
                  ld_client_get_card_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdCard, ld_client_get_card)

void
ld_client_list_free_cards_async (LdClient            *self,
                                 const char          *cursor,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ld_client_send (self, &(LdClientCall) { .path = "/cards", .filter = { "state", "issued" },
                                          .cursor = cursor, .limit = limit,
                                          .parse = ld_client_parse_page, .item_type = LD_TYPE_CARD },
                  ld_client_list_free_cards_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_list_free_cards)

/* every operation on a card: @field (nullable) is the body's one member, @value
 * (nullable) its value */
static void
send_card_operation (LdClient            *self,
                     const char          *method,
                     const char          *number,
                     const char          *operation,
                     const char          *field,
                     const char          *value,
                     gint64               version,
                     const char          *idempotency_key,
                     gpointer             source_tag,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *if_match = NULL;

  g_return_if_fail (number != NULL);

  if (field != NULL && value != NULL)
    json_object_set_string_member (body, field, value);
  if (version > 0)
    if_match = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  escaped = ld_client_escape_segment (number);
  path = operation != NULL ? g_strdup_printf ("/cards/%s/%s", escaped, operation)
                           : g_strdup_printf ("/cards/%s", escaped);
  ld_client_send (self, &(LdClientCall) { .method = method, .path = path, .object = body,
                                          .idempotency_key = idempotency_key, .if_match = if_match,
                                          .item_type = LD_TYPE_CARD },
                  source_tag, cancellable, callback, user_data);
}

/* one public call per endpoint, each a line of send_card_operation() */
#define DEFINE_CARD_OPERATION(name, method, operation, field) \
  void \
  name##_async (LdClient            *self, \
                const char          *number, \
                const char          *value, \
                gint64               version, \
                const char          *idempotency_key, \
                GCancellable        *cancellable, \
                GAsyncReadyCallback  callback, \
                gpointer             user_data) \
  { \
    send_card_operation (self, method, number, operation, field, value, version, \
                         idempotency_key, name##_async, cancellable, callback, user_data); \
  } \
  LD_CLIENT_DEFINE_FINISH (LdCard, name)

DEFINE_CARD_OPERATION (ld_client_block_card, "POST", "block", "reason")
DEFINE_CARD_OPERATION (ld_client_unblock_card, "POST", "unblock", "reason")
DEFINE_CARD_OPERATION (ld_client_replace_card, "POST", "replace", "new_number")
DEFINE_CARD_OPERATION (ld_client_change_card_category, "POST", "category", "category")
DEFINE_CARD_OPERATION (ld_client_delete_card, "DELETE", NULL, "reason")
DEFINE_CARD_OPERATION (ld_client_restore_card, "POST", "restore", "reason")
