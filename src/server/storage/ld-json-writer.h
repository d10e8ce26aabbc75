/* ld-json-writer.h — JSON text written straight into a GString, for the hot answers
 *
 * The member search answers (and the stored search summaries) are written here without a
 * JsonNode tree or a JsonGenerator. Strings are escaped as RFC 8259 asks and as
 * ld_json_to_string() does: quote, backslash, every control character (U+001F too, which
 * json-glib 1.6's generator writes raw) and DEL. The bytes of a string are copied as they
 * are otherwise: the caller hands over UTF-8 (the database's text, which only ever came
 * from parsed JSON).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* appends a string literal (JSON punctuation and keys), its length known when compiled */
#define LD_JSON_WRITE_LITERAL(out, literal) \
  g_string_append_len ((out), "" literal, sizeof (literal) - 1)

/* @value as a JSON string */
void        ld_json_write_string          (GString     *out,
                                           const char  *value);
/* @value as a JSON string, or null for NULL (and, when @empty_is_null, for "") */
void        ld_json_write_text            (GString     *out,
                                           const char  *value,
                                           gboolean     empty_is_null);
void        ld_json_write_int             (GString     *out,
                                           gint64       value);
void        ld_json_write_bool            (GString     *out,
                                           gboolean     value);

G_END_DECLS
