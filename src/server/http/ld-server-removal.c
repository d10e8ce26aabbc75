/* ld-server-removal.c — DELETE /members/{id} {reason}: removal from the program
 *
 * The member asked to leave: the reason is a key of the configuration's
 * reasons.member_removal, an optional If-Match is the member's version, and the storage
 * erases every personal datum and identifier in one transaction, then scrubs the
 * database's files (ld_storage_remove_member()). The answer names only the id: nothing of
 * what was erased is sent back, nor kept with a repeated Idempotency-Key's answer.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-server-private.h"
#include "ld-storage.h"

void
ld_server_handle_remove_member (LdServer  *self,
                                LdRequest *request)
{
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *reason = NULL;
  gint64 version = 0;

  g_assert (LD_IS_SERVER (self));
  g_assert (request != NULL);

  if (!ld_request_get_body_string (request, "reason", &reason) ||
      !ld_request_get_if_match (request, N_("If-Match is the member's version: a whole number."), &version))
    return;

  config = ld_server_load_config (self, request);
  if (config == NULL)
    return;
  if (!ld_config_has_option (config, "reasons", "member_removal", reason))
    {
      ld_request_respond_error (request, 422, "invalid_field", "reason",
                                N_("Choose the reason for leaving the program from the configured list."));
      return;
    }

  if (!ld_storage_remove_member (ld_server_get_storage (self), request->id, version, reason,
                                 request->op->id, &error))
    {
      /* 404 not_found (unknown or removed already), 409 version_conflict, or 500 */
      ld_request_respond_gerror (request, error, NULL);
      return;
    }

  answer = json_object_new ();
  json_object_set_int_member (answer, "id", request->id);
  json_object_set_boolean_member (answer, "removed", TRUE);
  ld_request_respond_object (request, 200, answer);
}
