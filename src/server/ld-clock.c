/* ld-clock.c — the server's one clock: the system's time plus an offset a test can move */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ld-clock.h"
#include "ld-error.h"

/* a hundred years either way: more is a mistake in the test, not a time */
#define MAX_OFFSET_SECONDS ((gint64) 100 * 366 * 24 * 60 * 60)

/* set once at start-up (before any request or thread), never changed after */
static char *clock_path;

/* the test clock's state, under clock_lock: the offset and what the file was when read */
static GMutex clock_lock;
static gint64 offset_seconds;
static struct stat read_stat;

static gboolean
parse_offset (const char  *path,
              const char  *text,
              gint64      *out,
              GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_autoptr(GError) local_error = NULL;

  if (!g_ascii_string_to_signed (copy, 10, -MAX_OFFSET_SECONDS, MAX_OFFSET_SECONDS, out, &local_error))
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   "%s: the test clock holds a whole number of seconds: %s", path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* reads the file again when it is not the one read last (a test replaces it whole, so a
 * new inode or time or size says it changed); called with clock_lock held */
static gboolean
refresh_locked (GError **error)
{
  g_autofree char *text = NULL;
  struct stat now;
  gint64 offset;

  if (g_stat (clock_path, &now) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", clock_path, g_strerror (saved_errno));
      return FALSE;
    }
  if (now.st_ino == read_stat.st_ino && now.st_dev == read_stat.st_dev &&
      now.st_size == read_stat.st_size &&
      now.st_mtim.tv_sec == read_stat.st_mtim.tv_sec && now.st_mtim.tv_nsec == read_stat.st_mtim.tv_nsec &&
      now.st_ctim.tv_sec == read_stat.st_ctim.tv_sec && now.st_ctim.tv_nsec == read_stat.st_ctim.tv_nsec)
    return TRUE;

  if (!g_file_get_contents (clock_path, &text, NULL, error) ||
      !parse_offset (clock_path, text, &offset, error))
    return FALSE;

  offset_seconds = offset;
  read_stat = now;
  return TRUE;
}

gint64
ld_clock_get_offset (void)
{
  g_autoptr(GError) error = NULL;
  gint64 offset;

  if (G_LIKELY (clock_path == NULL))
    return 0;

  /* a stat on every reading, not once per main-loop iteration: libsoup may read the next
   * request of a kept-alive connection in the same dispatch that wrote the last answer,
   * after the test has moved the clock in between */
  g_mutex_lock (&clock_lock);
  if (!refresh_locked (&error))
    g_warning ("The test clock keeps its offset of %" G_GINT64_FORMAT " s: %s", offset_seconds, error->message);
  offset = offset_seconds;
  g_mutex_unlock (&clock_lock);

  return offset;
}

gint64
ld_clock_get_real_time (void)
{
  return g_get_real_time () + ld_clock_get_offset () * G_USEC_PER_SEC;
}

gint64
ld_clock_get_monotonic_time (void)
{
  return g_get_monotonic_time () + ld_clock_get_offset () * G_USEC_PER_SEC;
}

gint64
ld_clock_get_unix_seconds (void)
{
  return ld_clock_get_real_time () / G_USEC_PER_SEC;
}

gboolean
ld_clock_follow_file (const char  *path,
                      GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (clock_path == NULL, FALSE);

  clock_path = g_strdup (path);
  g_mutex_lock (&clock_lock);
  ok = refresh_locked (error);
  g_mutex_unlock (&clock_lock);
  if (!ok)
    g_clear_pointer (&clock_path, g_free);
  return ok;
}
