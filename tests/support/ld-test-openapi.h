/* ld-test-openapi.h — every answer the tests receive checked against openapi.json
 *
 * A small validator of OpenAPI 3.0 schemas, enough for the server's own document: local
 * $ref, type, nullable, enum, properties, required, additionalProperties, items, allOf,
 * anyOf, oneOf, minimum/maximum, minLength/maxLength, pattern, and the formats date-time,
 * date and int64 (loosely). The document is src/server/http/openapi.json of the source
 * tree, read once: the one the server embeds.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* the document (transfer none), or the test fails */
JsonNode  *ld_test_openapi_get_document  (void);

/* TRUE when @value matches @schema (a schema object of the document, or one with $ref);
 * otherwise FALSE and @out_problem (optional, transfer full) says where and why */
gboolean   ld_test_openapi_validate      (JsonNode    *schema,
                                          JsonNode    *value,
                                          char       **out_problem);

/* checks an answer of the server: @path as requested (with its query); NULL when the answer
 * is what the document declares for the operation and status, or the document has no such
 * operation (404 and 405 of unknown routes, /healthz and /metrics outside /api/v1);
 * otherwise what is wrong, naming the method, path and status (transfer full) */
char      *ld_test_openapi_check_answer  (const char  *method,
                                          const char  *path,
                                          guint        status,
                                          const char  *content_type,
                                          const char  *text,
                                          gsize        length);

G_END_DECLS
