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
  g_return_if_fail (LD_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  ld_client_get_model (self, "/config", LD_TYPE_CONFIG, ld_client_get_config_async,
                       cancellable, callback, user_data);
}

/**
 * ld_client_get_config_finish:
 *
 * Returns: (transfer full): the configuration
 */
LdConfig *
ld_client_get_config_finish (LdClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ld_client_finish (self, result, ld_client_get_config_async, error);
}
