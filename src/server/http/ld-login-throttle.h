/* ld-login-throttle.h — failed sign-ins counted per source address
 *
 * A call center signs in from one address, so the limit is far above what a shift of
 * agents mistypes (LD_SERVER_LOGIN_THROTTLE_FAILURES a minute); past it, sign-ins from
 * that address are refused until its window ends, the right password too. The counts
 * live in this process's memory: they last a minute, and several instances behind one
 * balancer each count their own (the limit then multiplies by the instances, still a
 * limit, with no write to the shared database for every attempt).
 */
#pragma once

#include <gio/gio.h>

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

/* 0 when a sign-in from @key may be tried now, else the seconds until it may */
guint            ld_login_throttle_check      (LdLoginThrottle  *self,
                                               const char       *key,
                                               gint64            now_us);
/* a password is checked for @key: counted as a failure until ld_login_throttle_succeeded()
 * says otherwise, so that checks in flight at once count too */
void             ld_login_throttle_attempt    (LdLoginThrottle  *self,
                                               const char       *key,
                                               gint64            now_us);
void             ld_login_throttle_succeeded  (LdLoginThrottle  *self,
                                               const char       *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLoginThrottle, ld_login_throttle_free)

G_END_DECLS
