/* ld-client-outbox.c — the sent SMS and e-mail */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-client-private.h"
#include "ld-outbox-item.h"

void
ld_client_list_outbox_async (LdClient            *self,
                             const char          *phone,
                             const char          *cursor,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  ld_client_send (self, &(LdClientCall) { .path = "/outbox", .filter = { "phone", phone },
                                          .cursor = cursor, .limit = limit,
                                          .parse = ld_client_parse_page, .item_type = LD_TYPE_OUTBOX_ITEM },
                  ld_client_list_outbox_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdPage, ld_client_list_outbox)
