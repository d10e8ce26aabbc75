/* ld-json-writer.c — JSON text written straight into a GString, for the hot answers */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-json-writer.h"

void
ld_json_write_string (GString    *out,
                      const char *value)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = value;
  const char *p;

  g_assert (out != NULL);
  g_assert (value != NULL);

  g_string_append_c (out, '"');
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          LD_JSON_WRITE_LITERAL (out, "\\\"");
          break;
        case '\\':
          LD_JSON_WRITE_LITERAL (out, "\\\\");
          break;
        case '\b':
          LD_JSON_WRITE_LITERAL (out, "\\b");
          break;
        case '\f':
          LD_JSON_WRITE_LITERAL (out, "\\f");
          break;
        case '\n':
          LD_JSON_WRITE_LITERAL (out, "\\n");
          break;
        case '\r':
          LD_JSON_WRITE_LITERAL (out, "\\r");
          break;
        case '\t':
          LD_JSON_WRITE_LITERAL (out, "\\t");
          break;
        default:
          {
            const char escaped[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

            g_string_append_len (out, escaped, sizeof escaped);
          }
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

void
ld_json_write_text (GString    *out,
                    const char *value,
                    gboolean    empty_is_null)
{
  if (value == NULL || (empty_is_null && *value == '\0'))
    LD_JSON_WRITE_LITERAL (out, "null");
  else
    ld_json_write_string (out, value);
}

void
ld_json_write_int (GString *out,
                   gint64   value)
{
  char digits[24];
  char *end = digits + sizeof digits;
  char *p = end;
  /* the magnitude as unsigned, so that G_MININT64 has one too */
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  g_assert (out != NULL);

  do
    {
      *--p = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, end - p);
}

void
ld_json_write_bool (GString  *out,
                    gboolean  value)
{
  if (value)
    LD_JSON_WRITE_LITERAL (out, "true");
  else
    LD_JSON_WRITE_LITERAL (out, "false");
}
