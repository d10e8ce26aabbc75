/* ld-login-throttle.h — failed sign-ins counted per source address
 *
 * A call center signs in from one address, so the limit is far above what a shift of
 * agents mistypes (LD_SERVER_LOGIN_THROTTLE_FAILURES a minute); past it, sign-ins from
 * that address are refused until its window ends, the right password too. The counts
 * live in the database (login_throttle), so that several instances behind one balancer
 * allow together what one would: an address cannot multiply its tries by the instances.
 * Windows are in ld-clock's wall time, which every instance shares (and tests move).
 */
#pragma once

#include <gio/gio.h>

#include "ld-storage.h"

G_BEGIN_DECLS

typedef struct _LdLoginThrottle LdLoginThrottle;

LdLoginThrottle *ld_login_throttle_new        (guint             failures,
                                               guint             window_seconds);
void             ld_login_throttle_free       (LdLoginThrottle  *self);
void             ld_login_throttle_set_limits (LdLoginThrottle  *self,
                                               guint             failures,
                                               guint             window_seconds);

/* the key of @address: the IPv4 address, or the /64 an IPv6 address is in (one host
 * holds a whole /64); "unknown" without one (transfer full) */
char            *ld_login_throttle_key        (GSocketAddress   *address);

/* Behind a balancer every request comes from the balancer's address, and the whole site
 * would share one limit: a request from one of @addresses (IP literals; NULL or empty for
 * none) is counted by the address its X-Forwarded-For names (the last one that is not a
 * trusted proxy itself). From any other peer the header is ignored: a client could write
 * any address in it. FALSE with @error naming what is not an address. */
gboolean         ld_login_throttle_set_trusted_proxies (LdLoginThrottle     *self,
                                                        const char * const  *addresses,
                                                        GError             **error);
/* the key of the client behind @peer (@forwarded_for: its X-Forwarded-For, nullable) */
char            *ld_login_throttle_client_key (LdLoginThrottle  *self,
                                               GSocketAddress   *peer,
                                               const char       *forwarded_for);

/* *@retry_after is 0 when a sign-in from @key may be tried at @now (µs since the epoch,
 * ld_clock_get_real_time()), else
 * the seconds until it may; FALSE with @error when the database could not tell */
gboolean         ld_login_throttle_check      (LdLoginThrottle  *self,
                                               LdStorage        *storage,
                                               const char       *key,
                                               gint64            now,
                                               guint            *retry_after,
                                               GError          **error);
/* a password is about to be checked for @key: counted as a failure until
 * ld_login_throttle_succeeded() says otherwise, so that checks in flight at once (on any
 * instance) count too. *@window is the window it was counted in; *@retry_after is not 0
 * when this attempt went past the limit (others got in first): it must be refused. */
gboolean         ld_login_throttle_attempt    (LdLoginThrottle  *self,
                                               LdStorage        *storage,
                                               const char       *key,
                                               gint64            now,
                                               gint64           *window,
                                               guint            *retry_after,
                                               GError          **error);
/* the attempt counted in @window was the right password: no failure of the address */
gboolean         ld_login_throttle_succeeded  (LdLoginThrottle  *self,
                                               LdStorage        *storage,
                                               const char       *key,
                                               gint64            window,
                                               GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLoginThrottle, ld_login_throttle_free)

G_END_DECLS
