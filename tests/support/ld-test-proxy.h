/* ld-test-proxy.h — an HTTP proxy in front of the test server, for a network that misbehaves
 *
 * An LdTestProxy listens on a free loopback port and forwards each request to the server
 * at its upstream URL (the method, the query, the body and the headers the server reads)
 * and the server's answer back. A test points an LdClient at ld_test_proxy_get_url() and
 * makes the network fail one path, hold answers until it releases them, or lose the
 * answer to a request the server did. It runs on the thread-default main context of the
 * test that made it; the test's main loop must run for it to answer.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LD_TYPE_TEST_PROXY (ld_test_proxy_get_type ())
G_DECLARE_FINAL_TYPE (LdTestProxy, ld_test_proxy, LD, TEST_PROXY, GObject)

/* a write (POST, PUT, PATCH, DELETE) that went through the proxy, as the server answered it */
typedef struct
{
  char     *path;
  char     *key;       /* the Idempotency-Key sent, or NULL */
  guint     status;    /* what the server answered */
  gboolean  replayed;  /* the server's first answer to that key again (Idempotent-Replayed) */
  gboolean  lost;      /* the answer never reached the client (ld_test_proxy_lose_next_answer) */
} LdTestProxyExchange;

/* starts listening or fails the test; requests go on to @upstream_url ("http://127.0.0.1:PORT") */
LdTestProxy *ld_test_proxy_new              (const char  *upstream_url);
/* "http://127.0.0.1:PORT", the proxy's own */
const char  *ld_test_proxy_get_url          (LdTestProxy *self);

/* requests whose path contains @path_part answer @status with the server's error shape
 * {"error":{"code":@code,"message":@message}} without reaching the server; NULL: none */
void         ld_test_proxy_fail             (LdTestProxy *self,
                                             const char  *path_part,
                                             guint        status,
                                             const char  *code,
                                             const char  *message);

/* the next @n_requests requests with a "cursor" reach the server with a cursor it never
 * gave, which it refuses as one from before an upgrade */
void         ld_test_proxy_spoil_cursors    (LdTestProxy *self,
                                             guint        n_requests);

/* requests whose path contains @path_part wait, unanswered, for ld_test_proxy_release() */
void         ld_test_proxy_hold             (LdTestProxy *self,
                                             const char  *path_part);
/* how many requests are waiting */
guint        ld_test_proxy_get_n_held       (LdTestProxy *self);
/* forwards the requests held so far and answers them, and holds no more */
void         ld_test_proxy_release          (LdTestProxy *self);

/* the next write (POST, PUT, PATCH, DELETE) to a path ending in @suffix reaches the
 * server, its answer does not come back: with @status 0 the connection breaks; else a
 * gateway answers @status with an HTML page of its own */
void         ld_test_proxy_lose_next_answer (LdTestProxy *self,
                                             const char  *suffix,
                                             guint        status);
/* every write forwarded so far, in order (element-type LdTestProxyExchange) (transfer none) */
GPtrArray   *ld_test_proxy_get_exchanges    (LdTestProxy *self);

/* the writes to a path ending in @suffix were two: one whose answer was lost, then its
 * retry under the same key, which the server answered with its first answer */
void         ld_test_proxy_assert_retried_with_same_key (LdTestProxy *proxy,
                                                         const char  *suffix);

G_END_DECLS
