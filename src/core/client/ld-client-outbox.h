/* ld-client-outbox.h — the sent SMS and e-mail (GET /outbox) */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

/* GET /outbox?phone=: @phone (nullable) only what went to this number; needs outbox.view
 * → LdPage (transfer full) of LdOutboxItem, newest first */
void        ld_client_list_outbox_async   (LdClient            *self,
                                           const char          *phone,
                                           const char          *cursor,
                                           guint                limit,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdPage     *ld_client_list_outbox_finish  (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
