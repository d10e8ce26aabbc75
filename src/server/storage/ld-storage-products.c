/* ld-storage-products.c — the product catalogue (what favorites name)
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-storage-private.h"

static const LdItemField product_fields[] = {
  { "id", "p.id", LD_FIELD_INT },
  { "sku", "p.sku", LD_FIELD_TEXT },
  { "name", "p.name", LD_FIELD_TEXT },
  { "price", "p.price", LD_FIELD_INT },
  { "active", "p.active", LD_FIELD_BOOL },
  { NULL }
};

static const LdListSpec products_list = {
  "Products", "products p", "", product_fields,
  { { "name", { "p.name_fold", "p.id", NULL } } },
};

/**
 * ld_storage_list_products:
 * @q: (nullable): a part of the name (any case) or the exact SKU
 *
 * Returns: (transfer full): a page of products sorted by name
 */
JsonObject *
ld_storage_list_products (LdStorage            *self,
                          const char           *q,
                          const LdPageRequest  *page,
                          GError              **error)
{
  LD_STORAGE_READ_LOCK (self);
  g_auto(LdQueryParams) params = { 0 };
  g_autofree char *where = NULL;

  g_return_val_if_fail (LD_IS_STORAGE (self), NULL);

  if (q != NULL && *q != '\0')
    {
      g_autofree char *folded = ld_storage_fold (q);
      g_autoptr(GString) pattern = g_string_new ("%");

      for (const char *p = folded; *p; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      ld_query_params_add_text (&params, pattern->str);
      ld_query_params_add_text (&params, q);
      where = g_strdup (" WHERE (p.name_fold LIKE $1 ESCAPE '\\' OR p.sku = $2)");
    }
  return ld_storage_run_list (self, &products_list, &products_list.sorts[0], TRUE,
                              where ? where : " WHERE 1 = 1", &params, page, error);
}
