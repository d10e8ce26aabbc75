/* ld-test-json.c — what a strict JSON reader would say of a text */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <gio/gio.h>

#include "ld-test-json.h"

void
ld_test_assert_no_raw_controls (const char *text)
{
  gboolean in_string = FALSE;

  g_assert_nonnull (text);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!in_string)
        in_string = *p == '"';
      else if (*p == '\\')
        p++;
      else if (*p == '"')
        in_string = FALSE;
      else if ((guchar) *p < 0x20)
        g_error ("raw control byte 0x%02x inside a string of %s", (guchar) *p, text);
    }
  g_assert_false (in_string);
}

gboolean
ld_test_python_check (const char *text,
                      const char *script)
{
  g_autoptr(GSubprocess) python = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (text);
  g_assert_nonnull (script);

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  python = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                             G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             "/usr/bin/python3", "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (python, text, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (out, "ok") != 0)
    g_error ("python refuses %s: %s", text, err);
  return TRUE;
}
