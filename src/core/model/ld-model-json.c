/* ld-model-json.c — domain objects ↔ JSON, by property name */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-model-json.h"

/* kept beside an object read from JSON */
typedef struct
{
  JsonObject *unknown;  /* members without a property, as they came */
  GHashTable *seen;     /* property name → SEEN_VALUE or SEEN_NULL */
} LdModelExtra;

enum {
  SEEN_VALUE = 1,
  SEEN_NULL  = 2,
};

G_DEFINE_QUARK (ld-model-extra, ld_model_extra)
G_DEFINE_QUARK (ld-model-list-item-type, ld_model_list_item_type)

static void
ld_model_extra_free (gpointer data)
{
  LdModelExtra *extra = data;

  g_clear_pointer (&extra->unknown, json_object_unref);
  g_clear_pointer (&extra->seen, g_hash_table_unref);
  g_free (extra);
}

JsonNode *
ld_model_json_copy (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonNode *copy = json_node_new (JSON_NODE_OBJECT);

        json_node_take_object (copy, ld_model_json_object_copy (object));
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        JsonArray *copy_array = json_array_sized_new (n);
        JsonNode *copy = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < n; i++)
          json_array_add_element (copy_array, ld_model_json_copy (json_array_get_element (array, i)));
        json_node_take_array (copy, copy_array);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

JsonObject *
ld_model_json_object_copy (JsonObject *object)
{
  JsonObject *copy;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  g_return_val_if_fail (object != NULL, NULL);

  copy = json_object_new ();
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (copy, name, ld_model_json_copy (member));

  return copy;
}

GParamSpec *
ld_model_param_spec (const char *name,
                     GType       type,
                     const char *blurb)
{
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_STRING:
      return g_param_spec_string (name, NULL, blurb, NULL, flags);
    case G_TYPE_INT64:
      return g_param_spec_int64 (name, NULL, blurb, G_MININT64, G_MAXINT64, 0, flags);
    case G_TYPE_BOOLEAN:
      return g_param_spec_boolean (name, NULL, blurb, FALSE, flags);
    case G_TYPE_BOXED:
      return g_param_spec_boxed (name, NULL, blurb, type, flags);
    case G_TYPE_OBJECT:
      return g_param_spec_object (name, NULL, blurb, type, flags);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ld_model_param_spec_list:
 * @name: the property name
 * @blurb: what it holds
 * @item_type: the type of the items, a domain object type
 *
 * Returns: (transfer floating): a read-write #GListModel property that reads and writes
 *   a JSON array of @item_type objects
 */
GParamSpec *
ld_model_param_spec_list (const char *name,
                          const char *blurb,
                          GType       item_type)
{
  GParamSpec *pspec;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  pspec = g_param_spec_object (name, NULL, blurb, G_TYPE_LIST_MODEL,
                               (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_param_spec_set_qdata (pspec, ld_model_list_item_type_quark (), GSIZE_TO_POINTER (item_type));

  return pspec;
}

GType
ld_model_param_spec_list_item_type (GParamSpec *pspec)
{
  g_return_val_if_fail (G_IS_PARAM_SPEC (pspec), G_TYPE_INVALID);

  return (GType) GPOINTER_TO_SIZE (g_param_spec_get_qdata (pspec, ld_model_list_item_type_quark ()));
}

void
ld_model_values_init (GValue      *values,
                      GParamSpec **pspecs,
                      guint        n_values)
{
  g_return_if_fail (values != NULL);
  g_return_if_fail (pspecs != NULL);

  /* index 0 is PROP_0 and stays unset */
  for (guint i = 1; i < n_values; i++)
    {
      g_value_init (&values[i], pspecs[i]->value_type);
      g_param_value_set_default (pspecs[i], &values[i]);
    }
}

void
ld_model_values_set (GValue       *values,
                     guint         prop_id,
                     const GValue *value)
{
  GType type;

  g_return_if_fail (values != NULL);
  g_return_if_fail (G_IS_VALUE (&values[prop_id]));

  type = G_VALUE_TYPE (&values[prop_id]);
  g_value_unset (&values[prop_id]);
  g_value_init (&values[prop_id], type);
  g_value_copy (value, &values[prop_id]);
}

void
ld_model_values_clear (GValue *values,
                       guint   n_values)
{
  g_return_if_fail (values != NULL);

  for (guint i = 0; i < n_values; i++)
    if (G_IS_VALUE (&values[i]))
      g_value_unset (&values[i]);
}

/* only lower-case snake_case names map on properties; anything else is an unknown member */
static gboolean
is_property_like (const char *name)
{
  if (!g_ascii_islower (name[0]))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_mapped (GParamSpec *pspec)
{
  return (pspec->flags & G_PARAM_READWRITE) == G_PARAM_READWRITE &&
         (pspec->flags & G_PARAM_CONSTRUCT_ONLY) == 0;
}

static GParamSpec *
find_mapped_property (GObjectClass *klass,
                      const char   *member)
{
  g_autofree char *name = NULL;
  GParamSpec *pspec;

  if (!is_property_like (member))
    return NULL;

  name = g_strdup (member);
  g_strdelimit (name, "_", '-');
  pspec = g_object_class_find_property (klass, name);
  if (pspec == NULL || !is_mapped (pspec))
    return NULL;

  return pspec;
}

static char *
member_path (const char *path,
             const char *member)
{
  if (path == NULL || path[0] == '\0')
    return g_strdup (member);
  return g_strconcat (path, ".", member, NULL);
}

static gboolean
wrong_type (const char  *path,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
               /* Translators: the first is a field name like "cards[1].number", the second a type */
               _("The server's answer could not be read: “%s” should be %s"),
               path, expected);
  return FALSE;
}

/* @node is neither missing nor null */
static gboolean
value_from_json (GParamSpec  *pspec,
                 JsonNode    *node,
                 const char  *path,
                 GValue      *value,
                 GError     **error)
{
  GType type = pspec->value_type;

  if (type == G_TYPE_STRING)
    {
      if (!ld_json_node_holds (node, G_TYPE_STRING))
        return wrong_type (path, _("a string"), error);
      g_value_set_string (value, json_node_get_string (node));
    }
  else if (type == G_TYPE_INT64)
    {
      if (!ld_json_node_holds (node, G_TYPE_INT64))
        return wrong_type (path, _("an integer"), error);
      g_value_set_int64 (value, json_node_get_int (node));
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      if (!ld_json_node_holds (node, G_TYPE_BOOLEAN))
        return wrong_type (path, _("true or false"), error);
      g_value_set_boolean (value, json_node_get_boolean (node));
    }
  else if (type == G_TYPE_STRV)
    {
      JsonArray *array;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return wrong_type (path, _("a list of strings"), error);
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!ld_json_node_holds (element, G_TYPE_STRING))
            {
              g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);
              return wrong_type (element_path, _("a string"), error);
            }
          g_strv_builder_add (builder, json_node_get_string (element));
        }
      g_value_take_boxed (value, g_strv_builder_end (builder));
    }
  else if (type == JSON_TYPE_OBJECT)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (path, _("an object"), error);
      g_value_take_boxed (value, ld_model_json_object_copy (json_node_get_object (node)));
    }
  else if (type == JSON_TYPE_ARRAY)
    {
      g_autoptr(JsonNode) copy = NULL;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return wrong_type (path, _("a list"), error);
      copy = ld_model_json_copy (node);
      g_value_set_boxed (value, json_node_get_array (copy));
    }
  else if (type == JSON_TYPE_NODE)
    {
      g_value_take_boxed (value, ld_model_json_copy (node));
    }
  else if (type == G_TYPE_LIST_MODEL)
    {
      GType item_type = ld_model_param_spec_list_item_type (pspec);
      g_autoptr(GListModel) list = NULL;

      g_return_val_if_fail (item_type != G_TYPE_INVALID, FALSE);

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return wrong_type (path, _("a list"), error);
      list = ld_model_list_from_json (item_type, json_node_get_array (node), path, error);
      if (list == NULL)
        return FALSE;
      g_value_set_object (value, list);
    }
  else if (g_type_is_a (type, G_TYPE_OBJECT))
    {
      g_autoptr(GObject) child = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (path, _("an object"), error);
      child = ld_model_new_from_json (type, json_node_get_object (node), path, error);
      if (child == NULL)
        return FALSE;
      g_value_set_object (value, child);
    }
  else
    {
      g_critical ("%s: property %s has a type JSON cannot hold", G_STRFUNC, pspec->name);
      return wrong_type (path, g_type_name (type), error);
    }

  return TRUE;
}

static JsonNode *
value_to_json (GParamSpec   *pspec,
               const GValue *value)
{
  GType type = pspec->value_type;
  JsonNode *node;

  if (type == G_TYPE_STRING)
    {
      const char *string = g_value_get_string (value);
      if (string == NULL)
        return json_node_new (JSON_NODE_NULL);
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, string);
      return node;
    }
  else if (type == G_TYPE_INT64)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, g_value_get_int64 (value));
      return node;
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, g_value_get_boolean (value));
      return node;
    }
  else if (type == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (value);
      JsonArray *array;

      if (strv == NULL)
        return json_node_new (JSON_NODE_NULL);
      array = json_array_new ();
      for (guint i = 0; strv[i] != NULL; i++)
        json_array_add_string_element (array, strv[i]);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
      return node;
    }
  else if (type == JSON_TYPE_OBJECT)
    {
      JsonObject *object = g_value_get_boxed (value);

      if (object == NULL)
        return json_node_new (JSON_NODE_NULL);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, ld_model_json_object_copy (object));
      return node;
    }
  else if (type == JSON_TYPE_ARRAY)
    {
      JsonArray *array = g_value_get_boxed (value);
      g_autoptr(JsonNode) wrapper = NULL;

      if (array == NULL)
        return json_node_new (JSON_NODE_NULL);
      wrapper = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (wrapper, array);
      return ld_model_json_copy (wrapper);
    }
  else if (type == JSON_TYPE_NODE)
    {
      JsonNode *any = g_value_get_boxed (value);

      if (any == NULL)
        return json_node_new (JSON_NODE_NULL);
      return ld_model_json_copy (any);
    }
  else if (type == G_TYPE_LIST_MODEL)
    {
      GListModel *list = g_value_get_object (value);

      if (list == NULL)
        return json_node_new (JSON_NODE_NULL);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, ld_model_list_to_json (list));
      return node;
    }
  else if (g_type_is_a (type, G_TYPE_OBJECT))
    {
      GObject *child = g_value_get_object (value);

      if (child == NULL)
        return json_node_new (JSON_NODE_NULL);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, ld_model_to_json (child));
      return node;
    }

  g_critical ("%s: property %s has a type JSON cannot hold", G_STRFUNC, pspec->name);
  return json_node_new (JSON_NODE_NULL);
}

/**
 * ld_model_load:
 * @object: a domain object
 * @json: the JSON object to read
 * @path: (nullable): where @json sits in the answer, for error messages
 * @error: where to put the error
 *
 * Sets every property named by a member of @json and keeps the other members. On an
 * error, @object may have been changed partly; callers throw it away.
 */
gboolean
ld_model_load (GObject     *object,
               JsonObject  *json,
               const char  *path,
               GError     **error)
{
  GObjectClass *klass;
  LdModelExtra *extra;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean ret = TRUE;

  g_return_val_if_fail (G_IS_OBJECT (object), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  klass = G_OBJECT_GET_CLASS (object);
  extra = g_new0 (LdModelExtra, 1);
  extra->unknown = json_object_new ();
  extra->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_object_freeze_notify (object);

  json_object_iter_init_ordered (&iter, json);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      GParamSpec *pspec = find_mapped_property (klass, name);
      g_auto(GValue) value = G_VALUE_INIT;

      if (pspec == NULL)
        {
          json_object_set_member (extra->unknown, name, ld_model_json_copy (member));
          continue;
        }

      g_value_init (&value, pspec->value_type);

      if (JSON_NODE_HOLDS_NULL (member))
        {
          g_param_value_set_default (pspec, &value);
          g_hash_table_insert (extra->seen, g_strdup (pspec->name), GINT_TO_POINTER (SEEN_NULL));
        }
      else
        {
          g_autofree char *child_path = member_path (path, name);

          if (!value_from_json (pspec, member, child_path, &value, error))
            {
              ret = FALSE;
              break;
            }
          g_hash_table_insert (extra->seen, g_strdup (pspec->name), GINT_TO_POINTER (SEEN_VALUE));
        }

      g_object_set_property (object, pspec->name, &value);
    }

  g_object_set_qdata_full (object, ld_model_extra_quark (), extra, ld_model_extra_free);
  g_object_thaw_notify (object);

  return ret;
}

gpointer
ld_model_new_from_json (GType        type,
                        JsonObject  *json,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GObject) object = NULL;

  g_return_val_if_fail (g_type_is_a (type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = g_object_new (type, NULL);
  if (!ld_model_load (object, json, path, error))
    return NULL;

  return g_steal_pointer (&object);
}

/**
 * ld_model_to_json:
 * @object: a domain object
 *
 * Returns: (transfer full): the JSON of @object
 */
JsonObject *
ld_model_to_json (GObject *object)
{
  LdModelExtra *extra;
  JsonObject *json;
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);

  extra = g_object_get_qdata (object, ld_model_extra_quark ());
  json = json_object_new ();
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *member = NULL;
      gboolean is_default;
      int seen = 0;

      if (!is_mapped (pspec))
        continue;

      g_value_init (&value, pspec->value_type);
      g_object_get_property (object, pspec->name, &value);
      is_default = g_param_value_defaults (pspec, &value);
      if (extra != NULL)
        seen = GPOINTER_TO_INT (g_hash_table_lookup (extra->seen, pspec->name));

      /* read from JSON: write what was there (a null stays null while unchanged) and what
       * was set since; built in code: write everything */
      if (extra != NULL && seen == 0 && is_default)
        continue;

      member = g_strdup (pspec->name);
      g_strdelimit (member, "-", '_');

      if (seen == SEEN_NULL && is_default)
        json_object_set_null_member (json, member);
      else
        json_object_set_member (json, member, value_to_json (pspec, &value));
    }

  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init_ordered (&iter, extra->unknown);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        if (!json_object_has_member (json, name))
          json_object_set_member (json, name, ld_model_json_copy (node));
    }

  return json;
}

GListModel *
ld_model_list_from_json (GType        item_type,
                         JsonArray   *array,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GListStore) store = NULL;
  guint n;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (array != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  store = g_list_store_new (item_type);
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *element_path = g_strdup_printf ("%s[%u]", path ? path : "", i);
      g_autoptr(GObject) item = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          wrong_type (element_path, _("an object"), error);
          return NULL;
        }
      item = ld_model_new_from_json (item_type, json_node_get_object (element), element_path, error);
      if (item == NULL)
        return NULL;
      g_list_store_append (store, item);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

JsonArray *
ld_model_list_to_json (GListModel *model)
{
  JsonArray *array;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  n = g_list_model_get_n_items (model);
  array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      json_array_add_object_element (array, ld_model_to_json (item));
    }

  return array;
}
