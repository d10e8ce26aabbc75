/* ld-page.c — LdPage, one page of a paged list */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-error.h"
#include "ld-model-json.h"
#include "ld-page.h"

struct _LdPage
{
  GObject     parent_instance;

  GType       item_type;
  GListModel *items;
  char       *next_cursor;
  gint64      total;
};

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_ITEMS,
  PROP_NEXT_CURSOR,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LdPage, ld_page, G_TYPE_OBJECT)

static void
ld_page_finalize (GObject *object)
{
  LdPage *self = (LdPage *)object;

  g_clear_object (&self->items);
  g_clear_pointer (&self->next_cursor, g_free);

  G_OBJECT_CLASS (ld_page_parent_class)->finalize (object);
}

static void
ld_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LdPage *self = LD_PAGE (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;

    case PROP_ITEMS:
      g_value_set_object (value, self->items);
      break;

    case PROP_NEXT_CURSOR:
      g_value_set_string (value, self->next_cursor);
      break;

    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  LdPage *self = LD_PAGE (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      self->item_type = g_value_get_gtype (value);
      break;

    case PROP_ITEMS:
      g_set_object (&self->items, g_value_get_object (value));
      break;

    case PROP_NEXT_CURSOR:
      g_free (self->next_cursor);
      self->next_cursor = g_value_dup_string (value);
      break;

    case PROP_TOTAL:
      self->total = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_page_constructed (GObject *object)
{
  LdPage *self = (LdPage *)object;

  G_OBJECT_CLASS (ld_page_parent_class)->constructed (object);

  if (self->items == NULL)
    self->items = G_LIST_MODEL (g_list_store_new (self->item_type));
}

static void
ld_page_class_init (LdPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ld_page_constructed;
  object_class->finalize = ld_page_finalize;
  object_class->get_property = ld_page_get_property;
  object_class->set_property = ld_page_set_property;

  /* item-type and items are construct-only: ld-model-json leaves them to us */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, "the type of the items", G_TYPE_OBJECT,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ITEMS] =
    g_param_spec_object ("items", NULL, "the items", G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NEXT_CURSOR] = ld_model_param_spec ("next-cursor", G_TYPE_STRING, "the cursor of the next page");
  properties[PROP_TOTAL] = ld_model_param_spec ("total", G_TYPE_INT64, "how many items all pages hold");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_page_init (LdPage *self)
{
  self->item_type = G_TYPE_OBJECT;
}

/**
 * ld_page_new_from_json:
 * @json: `{"items": [...], "next_cursor": "..." | null, "total": N}`
 * @item_type: the domain type of the items
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the page, or %NULL with %LD_ERROR_INVALID_RESPONSE
 */
LdPage *
ld_page_new_from_json (JsonObject  *json,
                       GType        item_type,
                       GError     **error)
{
  g_autoptr(JsonObject) rest = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(LdPage) self = NULL;
  JsonNode *items_node;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  items_node = json_object_get_member (json, "items");
  if (items_node == NULL || !JSON_NODE_HOLDS_ARRAY (items_node))
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                   _("The server's answer could not be read: “%s” should be %s"),
                   "items", _("a list"));
      return NULL;
    }

  items = ld_model_list_from_json (item_type, json_node_get_array (items_node), "items", error);
  if (items == NULL)
    return NULL;

  self = g_object_new (LD_TYPE_PAGE,
                       "item-type", item_type,
                       "items", items,
                       NULL);

  /* the rest (next_cursor, total, unknown members) by the shared helper */
  rest = ld_model_json_object_copy (json);
  json_object_remove_member (rest, "items");
  if (!ld_model_load (G_OBJECT (self), rest, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ld_page_to_json:
 * @self: a #LdPage
 *
 * Returns: (transfer full): the page as the server wrote it
 */
JsonObject *
ld_page_to_json (LdPage *self)
{
  JsonObject *json;

  g_return_val_if_fail (LD_IS_PAGE (self), NULL);

  json = ld_model_to_json (G_OBJECT (self));
  json_object_set_array_member (json, "items", ld_model_list_to_json (self->items));

  return json;
}

GType
ld_page_get_item_type (LdPage *self)
{
  g_return_val_if_fail (LD_IS_PAGE (self), G_TYPE_INVALID);

  return self->item_type;
}

/**
 * ld_page_get_items:
 * @self: a #LdPage
 *
 * Returns: (transfer none): the items, of ld_page_get_item_type()
 */
GListModel *
ld_page_get_items (LdPage *self)
{
  g_return_val_if_fail (LD_IS_PAGE (self), NULL);

  return self->items;
}

guint
ld_page_get_n_items (LdPage *self)
{
  g_return_val_if_fail (LD_IS_PAGE (self), 0);

  return g_list_model_get_n_items (self->items);
}

/**
 * ld_page_append_items_to:
 * @self: a #LdPage
 * @store: the list the pages read so far are in; its item type is the page's or a parent
 *
 * Appends the page's items to @store with one splice: a view of @store hears one
 * #GListModel::items-changed for the page, not one per item.
 */
void
ld_page_append_items_to (LdPage     *self,
                         GListStore *store)
{
  guint n_items;
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (LD_IS_PAGE (self));
  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (g_type_is_a (self->item_type, g_list_model_get_item_type (G_LIST_MODEL (store))));

  n_items = g_list_model_get_n_items (self->items);
  items = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_list_model_get_item (self->items, i));
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0, items->pdata, n_items);
}

/**
 * ld_page_get_next_cursor:
 * @self: a #LdPage
 *
 * Returns: (transfer none) (nullable): the cursor of the next page, %NULL on the last one
 */
const char *
ld_page_get_next_cursor (LdPage *self)
{
  g_return_val_if_fail (LD_IS_PAGE (self), NULL);

  return self->next_cursor;
}

gint64
ld_page_get_total (LdPage *self)
{
  g_return_val_if_fail (LD_IS_PAGE (self), 0);

  return self->total;
}
