/* ld-login-throttle.c — failed sign-ins counted per source address
 *
 * A fixed window per address starts at its first counted attempt. Used from the main
 * loop only (the handlers run there), so no lock. Windows that have ended are swept
 * when a new address comes, at most once a window, so the table holds about the
 * addresses of one window.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include "ld-login-throttle.h"

typedef struct
{
  gint64 window_start;   /* monotonic µs */
  guint  failures;
} Window;

struct _LdLoginThrottle
{
  GHashTable *windows;   /* key → Window */
  guint       failures;
  gint64      window_us;
  gint64      swept_at;  /* monotonic µs */
};

LdLoginThrottle *
ld_login_throttle_new (guint failures,
                       guint window_seconds)
{
  LdLoginThrottle *self = g_new0 (LdLoginThrottle, 1);

  self->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ld_login_throttle_set_limits (self, failures, window_seconds);
  return self;
}

void
ld_login_throttle_free (LdLoginThrottle *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->windows);
  g_free (self);
}

void
ld_login_throttle_set_limits (LdLoginThrottle *self,
                              guint            failures,
                              guint            window_seconds)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (failures > 0);
  g_return_if_fail (window_seconds > 0);

  self->failures = failures;
  self->window_us = (gint64) window_seconds * G_USEC_PER_SEC;
}

char *
ld_login_throttle_key (GSocketAddress *address)
{
  GInetAddress *inet;
  const guint8 *bytes;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("unknown");
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  bytes = g_inet_address_to_bytes (inet);

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4)
    return g_inet_address_to_string (inet);
  /* ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket */
  if (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0 && bytes[4] == 0 &&
      bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 0 && bytes[8] == 0 && bytes[9] == 0 &&
      bytes[10] == 0xff && bytes[11] == 0xff)
    return g_strdup_printf ("%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
  return g_strdup_printf ("%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64",
                          bytes[0], bytes[1], bytes[2], bytes[3],
                          bytes[4], bytes[5], bytes[6], bytes[7]);
}

/* the window of @key that is still running at @now_us, or NULL */
static Window *
current_window (LdLoginThrottle *self,
                const char      *key,
                gint64           now_us)
{
  Window *window = g_hash_table_lookup (self->windows, key);

  if (window != NULL && now_us - window->window_start >= self->window_us)
    {
      g_hash_table_remove (self->windows, key);
      return NULL;
    }
  return window;
}

guint
ld_login_throttle_check (LdLoginThrottle *self,
                         const char      *key,
                         gint64           now_us)
{
  Window *window;
  gint64 left_us;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL, 0);

  window = current_window (self, key, now_us);
  if (window == NULL || window->failures < self->failures)
    return 0;

  left_us = window->window_start + self->window_us - now_us;
  return MAX (1, (left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static void
sweep (LdLoginThrottle *self,
       gint64           now_us)
{
  GHashTableIter iter;
  Window *window;

  self->swept_at = now_us;
  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &window))
    if (now_us - window->window_start >= self->window_us)
      g_hash_table_iter_remove (&iter);
}

void
ld_login_throttle_attempt (LdLoginThrottle *self,
                           const char      *key,
                           gint64           now_us)
{
  Window *window;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  window = current_window (self, key, now_us);
  if (window == NULL)
    {
      if (now_us - self->swept_at >= self->window_us)
        sweep (self, now_us);
      window = g_new0 (Window, 1);
      window->window_start = now_us;
      g_hash_table_insert (self->windows, g_strdup (key), window);
    }
  window->failures++;
}

void
ld_login_throttle_succeeded (LdLoginThrottle *self,
                             const char      *key)
{
  Window *window;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  /* the window may have ended (and another begun) while the password was checked:
   * then this takes back a count of the new one, which errs on the client's side */
  window = g_hash_table_lookup (self->windows, key);
  if (window != NULL && window->failures > 0)
    window->failures--;
}
