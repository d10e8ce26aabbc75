/* ld-model-json.h — the one (de)serialisation helper of the domain objects
 *
 * A domain object is a GObject whose writable properties are named as the contract's JSON
 * members with '_' → '-' (JSON "first_name" ↔ property "first-name"). The helper reads and
 * writes them by type: strings, int64, booleans, GStrv (array of strings), JsonObject and
 * JsonArray boxes (kept as they are), nested domain objects, and lists (a GListModel
 * property made with ld_model_param_spec_list(), which records the item type).
 *
 * Members without a property (a newer server's fields) are kept beside the object and
 * written back by ld_model_to_json(), so to_json (new_from_json (x)) equals x. A member of
 * the wrong type is an LD_ERROR_INVALID_RESPONSE naming it ("member.cards[1].number").
 *
 * The classes keep their values in a GValue array indexed by property id
 * (ld_model_values_init/set/clear), so each class is little more than its properties.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* a read-write property of a domain object: @type G_TYPE_STRING, G_TYPE_INT64 or
 * G_TYPE_BOOLEAN (default NULL, 0, FALSE), or a boxed or object type (default NULL);
 * @name and @blurb static strings */
GParamSpec *ld_model_param_spec      (const char  *name,
                                      GType        type,
                                      const char  *blurb);
/* a read-write GListModel property whose items are @item_type, for the JSON list members */
GParamSpec *ld_model_param_spec_list (const char  *name,
                                      const char  *blurb,
                                      GType        item_type);
/* the item type of a list property made by ld_model_param_spec_list(), else G_TYPE_INVALID */
GType       ld_model_param_spec_list_item_type (GParamSpec *pspec);

void        ld_model_values_init  (GValue       *values,
                                   GParamSpec  **pspecs,
                                   guint         n_values);
void        ld_model_values_set   (GValue       *values,
                                   guint         prop_id,
                                   const GValue *value);
void        ld_model_values_clear (GValue       *values,
                                   guint         n_values);

/**
 * ld_model_new_from_json:
 * @type: a domain object type
 * @json: the JSON object
 * @path: (nullable): where @json sits in the answer, for error messages
 * @error: where to put the error
 *
 * Returns: (transfer full) (type GObject): a new @type, or %NULL with an error
 */
gpointer    ld_model_new_from_json (GType        type,
                                    JsonObject  *json,
                                    const char  *path,
                                    GError     **error);

/* sets @object's properties from @json and keeps the unknown members */
gboolean    ld_model_load          (GObject     *object,
                                    JsonObject  *json,
                                    const char  *path,
                                    GError     **error);

/* (transfer full): every property that came from JSON or is set, and the unknown members.
 * An object built in code (not read from JSON) writes every property, unset ones as null. */
JsonObject *ld_model_to_json       (GObject     *object);

/* a deep copy of @node (json_node_copy() shares objects and arrays); (transfer full) */
JsonNode   *ld_model_json_copy      (JsonNode    *node);
JsonObject *ld_model_json_object_copy (JsonObject *object);

/* a GListStore of @item_type from a JSON array of objects; (transfer full) */
GListModel *ld_model_list_from_json (GType        item_type,
                                     JsonArray   *array,
                                     const char  *path,
                                     GError     **error);
/* (transfer full): the items of @model written with ld_model_to_json() */
JsonArray  *ld_model_list_to_json   (GListModel  *model);

G_END_DECLS
