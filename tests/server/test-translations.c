/* test-translations.c — LdTranslations: catalogs picked by Accept-Language, read safely */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ld-test-server.h"
#include "ld-translations.h"

static char *localedir;
static gboolean have_msgfmt;

#define REQUIRE_MSGFMT() \
  G_STMT_START { \
    if (!have_msgfmt) \
      { \
        g_test_skip ("msgfmt (gettext) is not installed"); \
        return; \
      } \
  } G_STMT_END

static const char po[] =
  "msgid \"\"\n"
  "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
  "\n"
  "msgid \"Hello\"\n"
  "msgstr \"Привет\"\n"
  "\n"
  "#, c-format\n"
  "msgid \"%s has %d cards\"\n"
  "msgstr \"У %s карт: %d\"\n"
  "\n"
  "msgid \"Bad %s\"\n"
  "msgstr \"Плохо %d\"\n"
  "\n"
  "msgid \"Untranslated\"\n"
  "msgstr \"\"\n";

static void
write_catalog (const char *language,
               const char *text)
{
  g_autofree char *dir = g_build_filename (localedir, language, "LC_MESSAGES", NULL);
  g_autofree char *po_path = g_build_filename (localedir, "test.po", NULL);
  g_autofree char *mo_path = g_build_filename (dir, "ld-test.mo", NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "msgfmt", "-o", mo_path, po_path, NULL };
  int status = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (po_path, text, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_translations_pick_by_accept_language (void)
{
  g_autoptr(LdTranslations) translations = ld_translations_new (localedir, "ld-test");

  REQUIRE_MSGFMT ();

  g_assert_cmpstr (ld_translations_lookup (translations, "ru", "Hello"), ==, "Привет");
  /* a region falls back on its language */
  g_assert_cmpstr (ld_translations_lookup (translations, "ru-RU", "Hello"), ==, "Привет");
  /* by quality, not by order */
  g_assert_cmpstr (ld_translations_lookup (translations, "en;q=0.5, ru;q=0.9", "Hello"), ==, "Привет");
  g_assert_cmpstr (ld_translations_lookup (translations, "en, ru;q=0.9", "Hello"), ==, "Hello");
  /* languages without a catalog are passed over */
  g_assert_cmpstr (ld_translations_lookup (translations, "de, fr;q=0.8, ru;q=0.5", "Hello"), ==, "Привет");
  g_assert_cmpstr (ld_translations_lookup (translations, "de", "Hello"), ==, "Hello");
  g_assert_cmpstr (ld_translations_lookup (translations, NULL, "Hello"), ==, "Hello");
  g_assert_cmpstr (ld_translations_lookup (translations, "ru;q=0", "Hello"), ==, "Hello");
  /* unknown or untranslated strings stay as they are */
  g_assert_cmpstr (ld_translations_lookup (translations, "ru", "Goodbye"), ==, "Goodbye");
  g_assert_cmpstr (ld_translations_lookup (translations, "ru", "Untranslated"), ==, "Untranslated");
  g_assert_cmpstr (ld_translations_pick_language (translations, "ru-RU"), ==, "ru");
}

static void
test_translations_keep_tags_out_of_paths (void)
{
  g_autoptr(LdTranslations) translations = ld_translations_new (localedir, "ld-test");

  REQUIRE_MSGFMT ();

  g_assert_cmpstr (ld_translations_lookup (translations, "../ru", "Hello"), ==, "Hello");
  g_assert_cmpstr (ld_translations_lookup (translations, "ru/../ru", "Hello"), ==, "Hello");
  g_assert_cmpstr (ld_translations_lookup (translations, "r", "Hello"), ==, "Hello");
  g_assert_null (ld_translations_pick_language (translations, "*, ru"));

  /* many made-up languages are not all remembered, and do not break the real one */
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *tag = g_strdup_printf ("x%c%c", 'a' + i % 26, 'a' + (i / 26) % 26);

      g_assert_cmpstr (ld_translations_lookup (translations, tag, "Hello"), ==, "Hello");
    }
  g_assert_cmpstr (ld_translations_lookup (translations, "ru", "Hello"), ==, "Привет");
}

static void
test_translations_check_formats (void)
{
  g_autoptr(LdTranslations) translations = ld_translations_new (localedir, "ld-test");

  REQUIRE_MSGFMT ();

  g_assert_cmpstr (ld_translations_lookup_format (translations, "ru", "%s has %d cards"), ==, "У %s карт: %d");
  /* a translation with other conversions would crash printf: the original is used */
  g_assert_cmpstr (ld_translations_lookup_format (translations, "ru", "Bad %s"), ==, "Bad %s");
}

static void
test_translations_ignore_damaged_catalogs (void)
{
  g_autoptr(LdTranslations) translations = NULL;
  g_autofree char *dir = g_build_filename (localedir, "uk", "LC_MESSAGES", NULL);
  g_autofree char *path = g_build_filename (dir, "ld-test.mo", NULL);
  g_autofree char *good = g_build_filename (localedir, "ru", "LC_MESSAGES", "ld-test.mo", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  REQUIRE_MSGFMT ();

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  /* a real catalog cut short: its tables point past the end */
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length / 2, NULL));
  translations = ld_translations_new (localedir, "ld-test");
  g_assert_cmpstr (ld_translations_lookup (translations, "uk", "Hello"), ==, "Hello");
  g_clear_object (&translations);

  g_assert_true (g_file_set_contents (path, "not a catalog at all", -1, NULL));
  translations = ld_translations_new (localedir, "ld-test");
  g_assert_cmpstr (ld_translations_lookup (translations, "uk", "Hello"), ==, "Hello");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  int result;

  g_test_init (&argc, &argv, NULL);

  localedir = g_dir_make_tmp ("ld-test-locale-XXXXXX", NULL);
  g_assert_nonnull (localedir);
  have_msgfmt = msgfmt != NULL;
  if (have_msgfmt)
    write_catalog ("ru", po);

  g_test_add_func ("/server/i18n/unit/pick-by-accept-language", test_translations_pick_by_accept_language);
  g_test_add_func ("/server/i18n/unit/keep-tags-out-of-paths", test_translations_keep_tags_out_of_paths);
  g_test_add_func ("/server/i18n/unit/check-formats", test_translations_check_formats);
  g_test_add_func ("/server/i18n/unit/ignore-damaged-catalogs", test_translations_ignore_damaged_catalogs);

  result = g_test_run ();

  ld_test_remove_directory (localedir);
  g_clear_pointer (&localedir, g_free);
  return result;
}
