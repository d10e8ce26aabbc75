/* fuzz-json.c — libFuzzer target: a request body as the server reads it
 *
 * The bytes are a body: ld_json_parse_object_full() (the server's entry, its messages
 * through a translate function), then the typed getters on the members handlers read and
 * on every member the body has (the text they give must be UTF-8), then the answer's way
 * back, ld_json_object_to_string(), whose text must be what a strict parser reads: UTF-8,
 * no raw control character, and json-glib reads it back.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ld-error.h"
#include "ld-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *
translate (const char *msgid,
           gpointer    user_data)
{
  return msgid;
}

/* every getter on @member: none may crash or warn, whatever its type */
static void
read_member (JsonObject *object,
             const char *member)
{
  const char *string = NULL;
  gint64 number = 0;
  gboolean flag = FALSE;
  JsonObject *child = NULL;
  JsonArray *array = NULL;
  g_auto(GStrv) strv = NULL;

  /* a handler takes the text as it is: it must be UTF-8 */
  if (ld_json_get_string (object, member, "default", &string))
    g_assert (string != NULL && g_utf8_validate (string, -1, NULL));
  ld_json_get_int (object, member, -1, &number);
  ld_json_get_bool (object, member, FALSE, &flag);
  if (ld_json_get_object (object, member, NULL, &child) && child != NULL)
    read_member (child, member);
  ld_json_get_array (object, member, NULL, &array);
  if (ld_json_get_strv (object, member, &strv))
    {
      g_assert (strv != NULL);
      for (guint i = 0; strv[i] != NULL; i++)
        g_assert (g_utf8_validate (strv[i], -1, NULL));
    }
}

/* the answer's text: what Python's json.loads or Node's JSON.parse accept */
static void
check_output (JsonObject *object)
{
  g_autofree char *text = ld_json_object_to_string (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) again = NULL;

  g_assert (text != NULL);
  g_assert (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p++)
    g_assert ((guchar) *p >= 0x20);
  again = ld_json_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert (JSON_NODE_HOLDS_OBJECT (again));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const members[] = {
    "login", "password", "phone", "email", "name", "card", "rights", "close_ticket",
    "url", "limit", "address", "", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GList) names = NULL;

  object = ld_json_parse_object_full ((const char *) data, size, translate, NULL, &error);
  if (object == NULL)
    {
      /* refused as the server refuses: malformed, with a message for a person */
      g_assert_error (error, LD_ERROR, LD_ERROR_MALFORMED);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);

  for (guint i = 0; members[i] != NULL; i++)
    read_member (object, members[i]);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    read_member (object, l->data);
  check_output (object);
  return 0;
}
