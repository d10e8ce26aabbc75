/* ld-client-config.c — the system configuration */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-client-private.h"

void
ld_client_get_config_async (LdClient            *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ld_client_send (self, &(LdClientCall) { .path = "/config", .item_type = LD_TYPE_CONFIG },
                  ld_client_get_config_async, cancellable, callback, user_data);
}

LD_CLIENT_DEFINE_FINISH (LdConfig, ld_client_get_config)
