/* ld-bench-driver.h — what the in-process bench drivers (profile-open.c, operation.c)
 * share: waiting on a condition without a fixed sleep, and keeping an async result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#define TIMEOUT_SECONDS 120

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* iterates the main context until @condition holds; gives up after TIMEOUT_SECONDS */
#define wait_for(condition) \
  G_STMT_START { \
    gint64 _deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC; \
    guint _tick = g_timeout_add (5, tick_cb, NULL); \
    while (!(condition)) \
      { \
        if (g_get_monotonic_time () > _deadline) \
          g_error ("timed out waiting for %s", #condition); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (_tick); \
  } G_STMT_END

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}
