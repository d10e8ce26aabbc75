/* ld-glib-compat.h — what newer GLib has and Debian 12's GLib 2.74 does not
 *
 * Each helper here does what its GLib namesake does; once the project requires that GLib
 * (meson.build's GLIB_VERSION_MIN_REQUIRED), the namesake replaces it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_set_str() (GLib 2.76): *@str_pointer becomes a copy of @new_str; TRUE when it changed */
static inline gboolean
ld_set_str (char       **str_pointer,
            const char  *new_str)
{
  char *copy;

  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  /* copied first: @new_str may point into the old string */
  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

G_END_DECLS
