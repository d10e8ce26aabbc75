/* ld-connection-guard.h — closes the connections libsoup 3.2 would keep open forever
 *
 * SoupServer has no header or idle time-out, and libsoup 3.2 (Debian 12) never closes a
 * keep-alive connection that the client closed while it was idle (fixed in 3.3.0): each
 * one kept a descriptor until the server ran out of them. The guard follows every
 * connection through SoupServer's request signals and closes it when the client closed
 * it, when a request's headers (and body) take longer than the header time-out, or when
 * it stays idle, or its answer unread, longer than the idle time-out. It also listens
 * again when libsoup stops accepting connections (it does for good on one failed accept).
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define LD_CONNECTION_GUARD_DEFAULT_HEADER_TIMEOUT 30
#define LD_CONNECTION_GUARD_DEFAULT_IDLE_TIMEOUT   60

#define LD_TYPE_CONNECTION_GUARD (ld_connection_guard_get_type ())
G_DECLARE_FINAL_TYPE (LdConnectionGuard, ld_connection_guard, LD, CONNECTION_GUARD, GObject)

/* watches @soup's connections until the guard is finalized */
LdConnectionGuard *ld_connection_guard_new          (SoupServer        *soup);
/* in seconds, both > 0; they apply from the next deadline set */
void               ld_connection_guard_set_timeouts (LdConnectionGuard *self,
                                                     guint              header_timeout,
                                                     guint              idle_timeout);
/* stops watching @msg's connection: the caller took it over (steal_connection) */
void               ld_connection_guard_forget       (LdConnectionGuard *self,
                                                     SoupServerMessage *msg);
/* listens on @socket again when libsoup stops accepting on it (accept() failed) */
void               ld_connection_guard_add_listener (LdConnectionGuard       *self,
                                                     SoupServer              *soup,
                                                     GSocket                 *socket,
                                                     SoupServerListenOptions  options);
/* connections watched now (for tests and metrics) */
guint              ld_connection_guard_get_n_connections (LdConnectionGuard *self);

G_END_DECLS
