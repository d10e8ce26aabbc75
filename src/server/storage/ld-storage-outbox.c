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
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autofree char *where = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (phone != NULL)
    where = g_strdup_printf (" WHERE b.recipient = $%u", ld_query_params_add_text (&params, phone));
  return ld_storage_run_list (self, &outbox_list, &outbox_list.sorts[0], FALSE,
                              where ? where : " WHERE 1 = 1", &params, page, error);
}
