/* ld-connection-guard.c — LdConnectionGuard: time-outs and closed peers for SoupServer
 *
 * libsoup's public API shows no connection, only each request's GSocket, so the guard
 * keys its table by that socket and follows the request signals:
 *
 *   request-started   the headers are awaited (from the accept for a first request, from
 *                     the first byte for the next ones): the header deadline runs;
 *   request-read      headers and body are in: the idle deadline runs while it is handled
 *                     and answered (a client that never reads its answer is cut too);
 *   request-finished  kept alive: the idle deadline runs and the socket is watched, as
 *                     libsoup 3.2 ignores the end of a connection closed while idle;
 *   request-aborted   libsoup closes it itself.
 *
 * One timer a second acts on what passed its deadline, and only runs while connections
 * are watched. A request libsoup started is ended by closing its socket: libsoup's read
 * fails and it drops the connection. One it waits for but has not started (an idle
 * connection) is shut down instead, so libsoup reads its end first; the end is then
 * released a loop iteration after the watch saw it (see ld_connection_guard_close()).
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "ld-connection-guard.h"

typedef enum
{
  LD_CONNECTION_READING,  /* headers or body on their way */
  LD_CONNECTION_BUSY,     /* handled or answered */
  LD_CONNECTION_IDLE,     /* kept alive between requests */
} LdConnectionState;

typedef struct
{
  LdConnectionGuard *guard;           /* (unowned) */
  GSocket           *socket;
  GSource           *watch;           /* (nullable) the socket's end, while idle or retiring */
  GWeakRef           soup_connection; /* libsoup's SoupServerConnection, once seen */
  gint64             deadline;        /* monotonic µs */
  LdConnectionState  state;
  guint              awaiting_start : 1;  /* bytes came while idle, no request started yet */
  guint              retiring : 1;        /* shut down: libsoup reads its end, then it is reaped */
  guint              reaping : 1;         /* reaped on the next loop iteration */
} LdConnection;

struct _LdConnectionGuard
{
  GObject     parent_instance;

  GHashTable *connections;      /* GSocket → LdConnection */
  GSource    *sweep;            /* (nullable) the deadlines' timer, while any is watched */
  GPtrArray  *reap;             /* GSockets whose end libsoup has read by the next iteration */
  GSource    *reap_source;      /* (nullable) */
  guint       started_signal;   /* SoupServerConnection::request-started, 0: not found */
  gulong      started_hook;
  guint       header_timeout;   /* seconds */
  guint       idle_timeout;
};

G_DEFINE_FINAL_TYPE (LdConnectionGuard, ld_connection_guard, G_TYPE_OBJECT)

static void
ld_connection_stop_watch (LdConnection *conn)
{
  if (conn->watch != NULL)
    {
      g_source_destroy (conn->watch);
      g_clear_pointer (&conn->watch, g_source_unref);
    }
}

static void
ld_connection_free (gpointer data)
{
  LdConnection *conn = data;

  ld_connection_stop_watch (conn);
  g_weak_ref_clear (&conn->soup_connection);
  g_clear_object (&conn->socket);
  g_free (conn);
}

/* closes @conn's socket and forgets it (frees @conn); with @release, also tells libsoup
 * the connection is gone. An idle connection whose end libsoup 3.2 has read stays in its
 * list of clients with nothing left to remove it (about 1.8 KiB each, and its
 * descriptor): its own "disconnected" signal is what removes and frees it. Only then:
 * while libsoup still waits on it, that would free it under its feet. From 3.3 on
 * libsoup closes such a connection itself, and the socket is seen closed first. */
static void
ld_connection_guard_close (LdConnectionGuard *self,
                           LdConnection      *conn,
                           gboolean           release,
                           const char        *why)
{
  g_autoptr(GSocket) socket = g_object_ref (conn->socket);
  g_autoptr(GObject) soup_connection = NULL;

  g_debug ("closing a connection: %s", why);
  if (release && !g_socket_is_closed (socket))
    soup_connection = g_weak_ref_get (&conn->soup_connection);
  g_hash_table_remove (self->connections, socket);
  if (soup_connection != NULL)
    g_signal_emit_by_name (soup_connection, "disconnected");
  if (!g_socket_is_closed (socket))
    g_socket_close (socket, NULL);
}

static gboolean
ld_connection_guard_reap_cb (gpointer user_data)
{
  LdConnectionGuard *self = user_data;
  g_autoptr(GPtrArray) reap = g_steal_pointer (&self->reap);

  g_assert (LD_IS_CONNECTION_GUARD (self));

  self->reap = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_pointer (&self->reap_source, g_source_unref);
  for (guint i = 0; i < reap->len; i++)
    {
      LdConnection *conn = g_hash_table_lookup (self->connections, reap->pdata[i]);

      if (conn != NULL && conn->reaping)
        ld_connection_guard_close (self, conn, TRUE, "the client closed it");
    }
  return G_SOURCE_REMOVE;
}

/* the watch saw @conn's end in the same iteration as libsoup's own source, which reads
 * it: the next iteration releases it */
static void
ld_connection_guard_schedule_reap (LdConnectionGuard *self,
                                   LdConnection      *conn)
{
  conn->reaping = TRUE;
  g_ptr_array_add (self->reap, g_object_ref (conn->socket));
  if (self->reap_source != NULL)
    return;
  self->reap_source = g_timeout_source_new (0);
  g_source_set_name (self->reap_source, "[ld-server] closed connections");
  g_source_set_callback (self->reap_source, ld_connection_guard_reap_cb, self, NULL);
  g_source_attach (self->reap_source, g_main_context_get_thread_default ());
}

static void
ld_connection_set_state (LdConnection      *conn,
                         LdConnectionState  state)
{
  LdConnectionGuard *self = conn->guard;
  guint seconds = state == LD_CONNECTION_READING ? self->header_timeout : self->idle_timeout;

  if (state != LD_CONNECTION_IDLE)
    ld_connection_stop_watch (conn);
  conn->state = state;
  conn->deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
}

/* the idle socket became readable: a new request, or the client's end */
static gboolean
ld_connection_watch_cb (GSocket      *socket,
                        GIOCondition  condition,
                        gpointer      user_data)
{
  LdConnection *conn = user_data;
  LdConnectionGuard *self = conn->guard;
  char byte;
  gssize n;

  g_assert (G_IS_SOCKET (socket));
  g_assert (LD_IS_CONNECTION_GUARD (self));

  if (g_socket_is_closed (socket))
    {
      g_hash_table_remove (self->connections, socket);
      return G_SOURCE_REMOVE;
    }

  n = conn->retiring ? 0 : recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&conn->watch, g_source_unref);
  if (n <= 0)
    {
      ld_connection_guard_schedule_reap (self, conn);
      return G_SOURCE_REMOVE;
    }

  /* the first bytes of a request (over TLS, possibly only the client's close_notify:
   * then the header deadline retires it) */
  conn->awaiting_start = TRUE;
  ld_connection_set_state (conn, LD_CONNECTION_READING);
  return G_SOURCE_REMOVE;
}

static void
ld_connection_start_watch (LdConnection *conn)
{
  if (conn->watch != NULL)
    return;
  /* the default priority, as libsoup's source on the same socket: both run in the same
   * iteration, so when the watch sees the end libsoup has read it by the next one */
  conn->watch = g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_name (conn->watch, "[ld-server] idle connection");
  g_source_set_callback (conn->watch, G_SOURCE_FUNC (ld_connection_watch_cb), conn, NULL);
  g_source_attach (conn->watch, g_main_context_get_thread_default ());
}

/* shuts @conn down: libsoup reads the end and gives up the request it waits for, then
 * the watch sees the end and it is reaped */
static void
ld_connection_retire (LdConnection *conn)
{
  g_debug ("closing a connection: %s", conn->state == LD_CONNECTION_IDLE ? "idle too long" : "its request stalled");
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  conn->retiring = TRUE;
  conn->deadline = g_get_monotonic_time () + (gint64) conn->guard->header_timeout * G_USEC_PER_SEC;
  ld_connection_start_watch (conn);
}

static gboolean
ld_connection_guard_sweep_cb (gpointer user_data)
{
  LdConnectionGuard *self = user_data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  LdConnection *conn;

  g_assert (LD_IS_CONNECTION_GUARD (self));

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      if (g_socket_is_closed (conn->socket))
        {
          /* libsoup (or whoever took it over) closed it */
          g_hash_table_iter_remove (&iter);
        }
      else if (conn->reaping || now < conn->deadline)
        {
          continue;
        }
      else if (!conn->retiring && (conn->state == LD_CONNECTION_IDLE || conn->awaiting_start))
        {
          /* libsoup waits for a request it has not started: no request of its own to end */
          ld_connection_retire (conn);
        }
      else
        {
          /* a request libsoup started sees its socket closed and ends the connection */
          g_debug ("closing a connection: %s",
                   conn->retiring ? "its end was not read" :
                   conn->state == LD_CONNECTION_READING ? "its request stalled" : "its answer is not read");
          g_socket_close (conn->socket, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }

  if (g_hash_table_size (self->connections) > 0)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->sweep, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
ld_connection_guard_start_sweep (LdConnectionGuard *self)
{
  if (self->sweep != NULL)
    return;
  self->sweep = g_timeout_source_new_seconds (1);
  g_source_set_name (self->sweep, "[ld-server] connection deadlines");
  g_source_set_callback (self->sweep, ld_connection_guard_sweep_cb, self, NULL);
  g_source_attach (self->sweep, g_main_context_get_thread_default ());
}

static LdConnection *
ld_connection_guard_lookup (LdConnectionGuard *self,
                            SoupServerMessage *msg,
                            gboolean           create)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  LdConnection *conn;

  if (socket == NULL)
    return NULL;
  conn = g_hash_table_lookup (self->connections, socket);
  if (conn != NULL || !create || g_socket_is_closed (socket))
    return conn;

  conn = g_new0 (LdConnection, 1);
  conn->guard = self;
  conn->socket = g_object_ref (socket);
  g_weak_ref_init (&conn->soup_connection, NULL);
  g_hash_table_insert (self->connections, socket, conn);
  ld_connection_guard_start_sweep (self);
  return conn;
}

/* SoupServerConnection::request-started (an emission hook: the type is private): the only
 * place libsoup's connection object shows */
static gboolean
ld_connection_guard_started_hook (GSignalInvocationHint *hint,
                                  guint                  n_params,
                                  const GValue          *params,
                                  gpointer               user_data)
{
  LdConnectionGuard *self = user_data;
  SoupServerMessage *msg;
  LdConnection *conn;

  if (n_params < 2 || !G_VALUE_HOLDS_OBJECT (&params[0]) || !G_VALUE_HOLDS_OBJECT (&params[1]))
    return TRUE;
  msg = g_value_get_object (&params[1]);
  if (!SOUP_IS_SERVER_MESSAGE (msg))
    return TRUE;
  conn = ld_connection_guard_lookup (self, msg, TRUE);
  if (conn != NULL)
    g_weak_ref_set (&conn->soup_connection, g_value_get_object (&params[0]));
  return TRUE;
}

static void
ld_connection_guard_request_started_cb (SoupServer        *soup,
                                        SoupServerMessage *msg,
                                        gpointer           user_data)
{
  LdConnectionGuard *self = user_data;
  LdConnection *conn;

  g_assert (LD_IS_CONNECTION_GUARD (self));

  /* the type exists once libsoup made a connection (from the second request on) */
  if (self->started_signal == 0)
    {
      GType type = g_type_from_name ("SoupServerConnection");

      if (type != 0)
        self->started_signal = g_signal_lookup ("request-started", type);
      if (self->started_signal != 0)
        self->started_hook = g_signal_add_emission_hook (self->started_signal, 0,
                                                         ld_connection_guard_started_hook,
                                                         self, NULL);
    }

  conn = ld_connection_guard_lookup (self, msg, TRUE);
  if (conn == NULL || conn->retiring || conn->reaping)
    return;
  /* a deadline already running for this request (the watch saw its first bytes) stays */
  if (conn->state != LD_CONNECTION_READING || conn->deadline == 0)
    ld_connection_set_state (conn, LD_CONNECTION_READING);
  conn->awaiting_start = FALSE;
}

static void
ld_connection_guard_request_read_cb (SoupServer        *soup,
                                     SoupServerMessage *msg,
                                     gpointer           user_data)
{
  LdConnectionGuard *self = user_data;
  LdConnection *conn;

  g_assert (LD_IS_CONNECTION_GUARD (self));

  conn = ld_connection_guard_lookup (self, msg, FALSE);
  if (conn != NULL && !conn->retiring && !conn->reaping)
    ld_connection_set_state (conn, LD_CONNECTION_BUSY);
}

/* what libsoup decides from the headers (soup_server_message_is_keepalive() is private in
 * 3.2); a connection it closes all the same is dropped once its socket is seen closed */
static gboolean
message_is_keepalive (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (soup_message_headers_get_encoding (response) == SOUP_ENCODING_EOF ||
      soup_message_headers_header_contains (response, "Connection", "close") ||
      soup_message_headers_header_contains (request, "Connection", "close"))
    return FALSE;
  if (soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0)
    return soup_message_headers_header_contains (request, "Connection", "Keep-Alive");
  return TRUE;
}

static void
ld_connection_guard_request_finished_cb (SoupServer        *soup,
                                         SoupServerMessage *msg,
                                         gpointer           user_data)
{
  LdConnectionGuard *self = user_data;
  LdConnection *conn;

  g_assert (LD_IS_CONNECTION_GUARD (self));

  conn = ld_connection_guard_lookup (self, msg, FALSE);
  if (conn == NULL || conn->retiring || conn->reaping)
    return;

  /* libsoup closes it right after this signal */
  if (g_socket_is_closed (conn->socket) || !message_is_keepalive (msg))
    {
      g_hash_table_remove (self->connections, conn->socket);
      return;
    }

  ld_connection_set_state (conn, LD_CONNECTION_IDLE);
  ld_connection_start_watch (conn);
}

static void
ld_connection_guard_request_aborted_cb (SoupServer        *soup,
                                        SoupServerMessage *msg,
                                        gpointer           user_data)
{
  LdConnectionGuard *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);

  g_assert (LD_IS_CONNECTION_GUARD (self));

  /* libsoup closes it */
  if (socket != NULL)
    g_hash_table_remove (self->connections, socket);
}

static void
ld_connection_guard_finalize (GObject *object)
{
  LdConnectionGuard *self = (LdConnectionGuard *) object;

  if (self->started_hook != 0)
    g_signal_remove_emission_hook (self->started_signal, self->started_hook);

  if (self->sweep != NULL)
    {
      g_source_destroy (self->sweep);
      g_clear_pointer (&self->sweep, g_source_unref);
    }
  if (self->reap_source != NULL)
    {
      g_source_destroy (self->reap_source);
      g_clear_pointer (&self->reap_source, g_source_unref);
    }
  g_clear_pointer (&self->reap, g_ptr_array_unref);
  g_clear_pointer (&self->connections, g_hash_table_unref);

  G_OBJECT_CLASS (ld_connection_guard_parent_class)->finalize (object);
}

static void
ld_connection_guard_class_init (LdConnectionGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_connection_guard_finalize;
}

static void
ld_connection_guard_init (LdConnectionGuard *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, ld_connection_free);
  self->reap = g_ptr_array_new_with_free_func (g_object_unref);
  self->header_timeout = LD_CONNECTION_GUARD_DEFAULT_HEADER_TIMEOUT;
  self->idle_timeout = LD_CONNECTION_GUARD_DEFAULT_IDLE_TIMEOUT;
}

/**
 * ld_connection_guard_new:
 * @soup: the server whose connections are watched
 *
 * Returns: (transfer full): a guard with the default time-outs
 */
LdConnectionGuard *
ld_connection_guard_new (SoupServer *soup)
{
  LdConnectionGuard *self;

  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);

  self = g_object_new (LD_TYPE_CONNECTION_GUARD, NULL);
  g_signal_connect_object (soup, "request-started",
                           G_CALLBACK (ld_connection_guard_request_started_cb), self, 0);
  g_signal_connect_object (soup, "request-read",
                           G_CALLBACK (ld_connection_guard_request_read_cb), self, 0);
  g_signal_connect_object (soup, "request-finished",
                           G_CALLBACK (ld_connection_guard_request_finished_cb), self, 0);
  g_signal_connect_object (soup, "request-aborted",
                           G_CALLBACK (ld_connection_guard_request_aborted_cb), self, 0);
  return self;
}

void
ld_connection_guard_set_timeouts (LdConnectionGuard *self,
                                  guint              header_timeout,
                                  guint              idle_timeout)
{
  g_return_if_fail (LD_IS_CONNECTION_GUARD (self));
  g_return_if_fail (header_timeout > 0);
  g_return_if_fail (idle_timeout > 0);

  self->header_timeout = header_timeout;
  self->idle_timeout = idle_timeout;
}

void
ld_connection_guard_forget (LdConnectionGuard *self,
                            SoupServerMessage *msg)
{
  GSocket *socket;

  g_return_if_fail (LD_IS_CONNECTION_GUARD (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    g_hash_table_remove (self->connections, socket);
}

guint
ld_connection_guard_get_n_connections (LdConnectionGuard *self)
{
  g_return_val_if_fail (LD_IS_CONNECTION_GUARD (self), 0);

  return g_hash_table_size (self->connections);
}
