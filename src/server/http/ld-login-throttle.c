/* ld-login-throttle.c — failed sign-ins counted per source address
 *
 * A fixed window per address starts at its first counted attempt; its row in
 * login_throttle holds the start and the count, which one statement moves so that the
 * instances' attempts all count. What this process keeps is the limits and when it last
 * swept: ended windows are removed when an attempt is counted, at most once a window per
 * instance, so the table holds about the addresses of one window.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include "ld-login-throttle.h"

struct _LdLoginThrottle
{
  guint      failures;
  gint64     window_us;
  gint64     swept_at;         /* µs since the epoch */
  GPtrArray *trusted_proxies;  /* GInetAddress: balancers whose X-Forwarded-For is believed */
};

LdLoginThrottle *
ld_login_throttle_new (guint failures,
                       guint window_seconds)
{
  LdLoginThrottle *self = g_new0 (LdLoginThrottle, 1);

  self->trusted_proxies = g_ptr_array_new_with_free_func (g_object_unref);
  ld_login_throttle_set_limits (self, failures, window_seconds);
  return self;
}

void
ld_login_throttle_free (LdLoginThrottle *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->trusted_proxies);
  g_free (self);
}

gboolean
ld_login_throttle_set_trusted_proxies (LdLoginThrottle     *self,
                                       const char * const  *addresses,
                                       GError             **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    {
      GInetAddress *address = g_inet_address_new_from_string (addresses[i]);

      if (address == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "--trusted-proxy takes an IP address, not “%s”", addresses[i]);
          return FALSE;
        }
      g_ptr_array_add (parsed, address);
    }
  g_ptr_array_unref (self->trusted_proxies);
  self->trusted_proxies = g_steal_pointer (&parsed);
  return TRUE;
}

static gboolean
is_trusted_proxy (LdLoginThrottle *self,
                  GInetAddress    *address)
{
  for (guint i = 0; i < self->trusted_proxies->len; i++)
    if (g_inet_address_equal (g_ptr_array_index (self->trusted_proxies, i), address))
      return TRUE;
  /* ::ffff:a.b.c.d on a dual-stack socket is the IPv4 proxy a.b.c.d */
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      const guint8 *bytes = g_inet_address_to_bytes (address);
      static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

      if (memcmp (bytes, mapped, sizeof mapped) == 0)
        {
          g_autoptr(GInetAddress) v4 = g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);

          return is_trusted_proxy (self, v4);
        }
    }
  return FALSE;
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

static char *
inet_key (GInetAddress *inet)
{
  const guint8 *bytes = g_inet_address_to_bytes (inet);

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

char *
ld_login_throttle_key (GSocketAddress *address)
{
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("unknown");
  return inet_key (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

char *
ld_login_throttle_client_key (LdLoginThrottle *self,
                              GSocketAddress  *peer,
                              const char      *forwarded_for)
{
  g_auto(GStrv) hops = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (forwarded_for == NULL || !G_IS_INET_SOCKET_ADDRESS (peer) ||
      !is_trusted_proxy (self, g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (peer))))
    return ld_login_throttle_key (peer);

  /* each proxy appends the address it was reached from: read from the right, past the
   * trusted ones; what is left of that was written by the client and proves nothing */
  hops = g_strsplit (forwarded_for, ",", -1);
  for (guint i = g_strv_length (hops); i > 0; i--)
    {
      g_autoptr(GInetAddress) hop = g_inet_address_new_from_string (g_strstrip (hops[i - 1]));

      if (hop == NULL)
        break;
      if (!is_trusted_proxy (self, hop))
        return inet_key (hop);
    }
  return ld_login_throttle_key (peer);
}

/* the seconds until the window from @window_start is over (rounded up), 0 when it is */
static guint
seconds_left (LdLoginThrottle *self,
              gint64           window_start,
              gint64           now)
{
  gint64 left = MIN (window_start + self->window_us - now, self->window_us);

  if (window_start == 0 || left <= 0)
    return 0;
  return (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

gboolean
ld_login_throttle_check (LdLoginThrottle  *self,
                         LdStorage        *storage,
                         const char       *key,
                         gint64            now,
                         guint            *retry_after,
                         GError          **error)
{
  gint64 window_start = 0;
  gint64 failures = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (LD_IS_STORAGE (storage), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (retry_after != NULL, FALSE);

  *retry_after = 0;
  if (!ld_storage_get_address_window (storage, key, &window_start, &failures, error))
    return FALSE;
  if (failures >= self->failures)
    *retry_after = seconds_left (self, window_start, now);
  return TRUE;
}

gboolean
ld_login_throttle_attempt (LdLoginThrottle  *self,
                           LdStorage        *storage,
                           const char       *key,
                           gint64            now,
                           gint64           *window,
                           guint            *retry_after,
                           GError          **error)
{
  gboolean sweep;
  gint64 failures = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (LD_IS_STORAGE (storage), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (window != NULL && retry_after != NULL, FALSE);

  *retry_after = 0;
  /* the test clock may move back: a sweep then waits no longer than a window */
  sweep = now - self->swept_at >= self->window_us || now < self->swept_at;
  if (!ld_storage_count_address_attempt (storage, key, now, self->window_us, sweep,
                                         window, &failures, error))
    return FALSE;
  if (sweep)
    self->swept_at = now;
  if (failures > self->failures)
    *retry_after = MAX (1, seconds_left (self, *window, now));
  return TRUE;
}

gboolean
ld_login_throttle_succeeded (LdLoginThrottle  *self,
                             LdStorage        *storage,
                             const char       *key,
                             gint64            window,
                             GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (LD_IS_STORAGE (storage), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  /* a window that has ended (and another begun) while the password was checked keeps
   * the new one's count */
  return ld_storage_forgive_address_attempt (storage, key, window, error);
}
