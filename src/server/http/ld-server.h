/* ld-server.h — the HTTP side of loyalty-desk-server: routes, sessions, rights, errors */
#pragma once

#include <gio/gio.h>

#include "ld-metrics.h"
#include "ld-storage.h"
#include "ld-storage-pool.h"

G_BEGIN_DECLS

#define LD_TYPE_SERVER (ld_server_get_type ())
G_DECLARE_FINAL_TYPE (LdServer, ld_server, LD, SERVER, GObject)

/* the largest request body the server reads (DESIGN.md: 1 MiB) */
#define LD_SERVER_MAX_BODY_SIZE (1024 * 1024)
/* default lifetime of a session, in seconds */
#define LD_SERVER_DEFAULT_SESSION_TTL (12 * 60 * 60)
/* failed sign-ins one source address may make in a window before its sign-ins are
 * refused (429 with Retry-After) until the window ends */
#define LD_SERVER_LOGIN_THROTTLE_FAILURES 100
#define LD_SERVER_LOGIN_THROTTLE_WINDOW   60   /* seconds */

LdServer   *ld_server_new              (LdStorage        *storage,
                                        GTlsCertificate  *certificate);

LdStorage  *ld_server_get_storage      (LdServer         *self);
/* the searches that scan (all but those by one phone or card) and the reads of one
 * member (profile, histories) run on @pool's connections while the main loop serves
 * other requests; without one (NULL, the default) on the storage's own connection */
LdStoragePool *ld_server_get_read_pool (LdServer         *self);
void        ld_server_set_read_pool    (LdServer         *self,
                                        LdStoragePool    *pool);
LdMetrics  *ld_server_get_metrics      (LdServer         *self);

gint64      ld_server_get_session_ttl  (LdServer         *self);
void        ld_server_set_session_ttl  (LdServer         *self,
                                        gint64            seconds);

/* lowers (or raises) the per-address limit of failed sign-ins: for tests and odd sites */
void        ld_server_set_login_throttle (LdServer       *self,
                                          guint           failures,
                                          guint           window_seconds);

/* the balancers in front of the server (IP literals): their X-Forwarded-For names the
 * client whose failed sign-ins are counted (LdLoginThrottle); FALSE with @error naming a
 * string that is not an address */
gboolean    ld_server_set_trusted_proxies (LdServer            *self,
                                           const char * const  *addresses,
                                           GError             **error);

/* a request's headers and body must arrive within @header_seconds, and a kept-alive
 * connection is closed after @idle_seconds without a request (defaults 30 and 60) */
void        ld_server_set_connection_timeouts (LdServer  *self,
                                               guint      header_seconds,
                                               guint      idle_seconds);

gboolean    ld_server_get_log_requests (LdServer         *self);
void        ld_server_set_log_requests (LdServer         *self,
                                        gboolean          log_requests);

gboolean    ld_server_listen           (LdServer         *self,
                                        GSocketAddress   *address,
                                        GError          **error);
/* "http://127.0.0.1:8080" (https:// with TLS), no trailing slash; NULL before listening */
char       *ld_server_dup_url          (LdServer         *self);
void        ld_server_disconnect       (LdServer         *self);

G_END_DECLS
