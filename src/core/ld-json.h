/* ld-json.h — typed access to untrusted JSON
 *
 * In the manner of Cockpit's cockpitjson.c: each getter answers FALSE when the member
 * exists with the wrong type, and stores @defval when it is missing (or null). Nothing
 * here warns or aborts on a bad shape: a request or an answer is never trusted.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-validate.h"

G_BEGIN_DECLS

gboolean    ld_json_get_string   (JsonObject   *object,
                                  const char   *member,
                                  const char   *defval,
                                  const char  **out);
gboolean    ld_json_get_int      (JsonObject   *object,
                                  const char   *member,
                                  gint64        defval,
                                  gint64       *out);
gboolean    ld_json_get_bool     (JsonObject   *object,
                                  const char   *member,
                                  gboolean      defval,
                                  gboolean     *out);
gboolean    ld_json_get_object   (JsonObject   *object,
                                  const char   *member,
                                  JsonObject   *defval,
                                  JsonObject  **out);
gboolean    ld_json_get_array    (JsonObject   *object,
                                  const char   *member,
                                  JsonArray    *defval,
                                  JsonArray   **out);
/* whether @node (nullable) is a value of @type: G_TYPE_STRING, G_TYPE_INT64, G_TYPE_DOUBLE
 * or G_TYPE_BOOLEAN (not null, not an object or array) */
gboolean    ld_json_node_holds   (JsonNode     *node,
                                  GType         type);
/* an array of strings; (transfer full) into @out */
gboolean    ld_json_get_strv     (JsonObject   *object,
                                  const char   *member,
                                  char       ***out);

/* parses @data (@length or -1) as a JSON document; LD_ERROR_MALFORMED on failure, its
 * message naming the line and column where the JSON breaks, or the nesting limit (64
 * levels of arrays and objects, checked before json-glib's recursive parser runs) */
JsonNode   *ld_json_parse        (const char   *data,
                                  gssize        length,
                                  GError      **error);
/* the same, and the root must be an object */
JsonObject *ld_json_parse_object (const char   *data,
                                  gssize        length,
                                  GError      **error);
/* the same two with their messages through @translate (nullable: the process's language),
 * for a reader in another language (the server: the request's Accept-Language) */
JsonNode   *ld_json_parse_full   (const char       *data,
                                  gssize            length,
                                  LdTranslateFunc   translate,
                                  gpointer          user_data,
                                  GError          **error);
JsonObject *ld_json_parse_object_full (const char       *data,
                                       gssize            length,
                                       LdTranslateFunc   translate,
                                       gpointer          user_data,
                                       GError          **error);

/* JSON text any strict parser reads: every control character in a string escaped, text
 * that is not UTF-8 made so; otherwise json-glib's generator's output → (transfer full) */
char       *ld_json_to_string    (JsonNode     *node,
                                  gboolean      pretty);
char       *ld_json_object_to_string (JsonObject *object);

G_END_DECLS
