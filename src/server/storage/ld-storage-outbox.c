/* ld-storage-outbox.c — the SMS and e-mail the server has sent (the demo's outbox)
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-storage-private.h"

static const LdItemField outbox_fields[] = {
  { "id", "b.id", LD_FIELD_INT },
  { "channel", "b.channel", LD_FIELD_TEXT },
  { "to", "b.recipient", LD_FIELD_TEXT },
  { "text", "b.text", LD_FIELD_TEXT },
  { "status", "b.status", LD_FIELD_TEXT },
  { "created_at", "b.created_at", LD_FIELD_TEXT },
  { NULL }
};

static const LdListSpec outbox_list = {
  "The outbox", "outbox b", "", outbox_fields,
  { { "id", { "b.id", NULL } } },
};

/**
 * ld_storage_list_outbox:
 *
 * Returns: (transfer full): a page of sent SMS and e-mail, newest first
 */
JsonObject *
ld_storage_list_outbox (LdStorage            *self,
                        const char           *phone,
                        const LdPageRequest  *page,
                        GError              **error)
{
  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  return ld_storage_list_matching (self, &outbox_list, FALSE, "b.recipient", phone, page, error);
}
