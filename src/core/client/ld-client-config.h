/* ld-client-config.h — the system configuration (GET /config) */
#pragma once

#include "ld-client.h"

G_BEGIN_DECLS

/* GET /config → LdConfig (transfer full) */
void        ld_client_get_config_async    (LdClient            *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LdConfig   *ld_client_get_config_finish   (LdClient            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
