/* test-clock.c — LdClock on its own: the system's time until a test clock file moves it
 *
 * One process has one clock, and a clock follows one file for good, so the cases run in
 * this order within the one test below.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <glib/gstdio.h>

#include "ld-clock.h"
#include "ld-error.h"
#include "ld-test-server.h"

/* @reading is @expected_offset seconds away from @system, give or take 2 s of real time */
static void
assert_moved (gint64 reading,
              gint64 system,
              gint64 expected_offset)
{
  g_assert_cmpint (reading - system, >=, (expected_offset - 2) * G_USEC_PER_SEC);
  g_assert_cmpint (reading - system, <=, (expected_offset + 2) * G_USEC_PER_SEC);
}

static void
write_offset (const char *path,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_clock_follows_its_file (void)
{
  g_autofree char *directory = g_dir_make_tmp ("ld-test-clock-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (directory, "clock", NULL);
  g_autoptr(GError) error = NULL;

  /* without a test clock: the system's time */
  g_assert_cmpint (ld_clock_get_offset (), ==, 0);
  assert_moved (ld_clock_get_real_time (), g_get_real_time (), 0);
  assert_moved (ld_clock_get_monotonic_time (), g_get_monotonic_time (), 0);

  /* a file that is missing or holds no whole number is refused, and changes nothing */
  g_assert_false (ld_clock_follow_file (path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  write_offset (path, "15 minutes");
  g_assert_false (ld_clock_follow_file (path, &error));
  g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_cmpint (ld_clock_get_offset (), ==, 0);

  /* followed: every reading moves by what it holds, at once after each change */
  write_offset (path, "900\n");
  g_assert_true (ld_clock_follow_file (path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_clock_get_offset (), ==, 900);
  assert_moved (ld_clock_get_real_time (), g_get_real_time (), 900);
  assert_moved (ld_clock_get_monotonic_time (), g_get_monotonic_time (), 900);
  g_assert_cmpint (ld_clock_get_unix_seconds (), >=, g_get_real_time () / G_USEC_PER_SEC + 899);

  /* rewritten within the same second, to the same length: still seen */
  write_offset (path, "901\n");
  g_assert_cmpint (ld_clock_get_offset (), ==, 901);
  write_offset (path, "-86400");
  g_assert_cmpint (ld_clock_get_offset (), ==, -86400);
  assert_moved (ld_clock_get_real_time (), g_get_real_time (), -86400);

  ld_test_remove_directory (directory);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/follows-its-file", test_clock_follows_its_file);

  return g_test_run ();
}
