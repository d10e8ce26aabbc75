/* ld-connection-guard.c — LdConnectionGuard: time-outs and closed peers for SoupServer
 *
 * libsoup's public API shows no connection, only each request's GSocket, so the guard
 * keys its table by that socket's descriptor and follows the request signals:
 *
 *   request-started   the headers are awaited (from the accept for a first request, from
 *                     the first byte for the next ones): the header deadline runs;
 *   request-read      headers and body are in: the idle deadline runs while it is handled
 *                     and answered (a client that never reads its answer is cut too);
 *   request-finished  kept alive: the idle deadline runs;
 *   request-aborted   libsoup closes it itself.
 *
 * Each socket is also in one epoll set, for its end only (EPOLLRDHUP, edge-triggered):
 * a new request wakes nothing, a client's end wakes the guard once. libsoup 3.2 reads the
 * end of an idle connection and then forgets it; the guard releases it once libsoup has
 * (see soup_connection_is_forgotten()).
 *
 * One timer a second acts on what passed its deadline, and only runs while connections
 * are watched. A request libsoup started is ended by closing its socket: libsoup's read
 * fails and it drops the connection. One it waits for but has not started (an idle
 * connection) is shut down instead, so that libsoup reads its end, and released after.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <errno.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

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
  int                fd;              /* the key: GSocket forgets it once closed */
  GSource           *watch;           /* (nullable) the socket's end, once retiring */
  GWeakRef           soup_connection; /* libsoup's SoupServerConnection, once seen */
  gint64             deadline;        /* monotonic µs */
  LdConnectionState  state;
  guint              peer_closed : 1;     /* the client's end came (EPOLLRDHUP) */
  guint              retiring : 1;        /* shut down: libsoup reads its end, then it is reaped */
  guint              reaping : 1;         /* released once libsoup has read its end */
  guint              reap_tries;
} LdConnection;

struct _LdConnectionGuard
{
  GObject     parent_instance;

  GHashTable *connections;      /* descriptor → LdConnection */
  int         epoll_fd;         /* every watched socket, for its end */
  GSource    *epoll_source;
  GSource    *sweep;            /* (nullable) the deadlines' timer, while any is watched */
  GPtrArray  *reap;             /* GSockets closed by their client, to release */
  GSource    *reap_source;      /* (nullable) */
  guint       started_signal;   /* SoupServerConnection::request-started, 0: not found */
  gulong      started_hook;
  guint       header_timeout;   /* seconds */
  guint       idle_timeout;

  SoupServer *soup;             /* (nullable) set with the listening socket */
  GSocket    *listen_socket;    /* (nullable) */
  SoupServerListenOptions listen_options;
  GSource    *listen_watch;     /* (nullable) sees a listener libsoup gave up */
};

G_DEFINE_FINAL_TYPE (LdConnectionGuard, ld_connection_guard, G_TYPE_OBJECT)

/* loop iterations a closed connection waits for libsoup to read its end */
#define MAX_REAP_TRIES 1000

static void ld_connection_guard_schedule_reap (LdConnectionGuard *self,
                                               LdConnection      *conn);

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

/* closes @conn's socket and forgets it (frees @conn), and with @soup_connection (nullable)
 * tells libsoup the connection is gone */
static void
ld_connection_guard_close (LdConnectionGuard *self,
                           LdConnection      *conn,
                           GObject           *soup_connection,
                           const char        *why)
{
  g_autoptr(GSocket) socket = g_object_ref (conn->socket);

  g_debug ("closing a connection: %s", why);
  g_hash_table_remove (self->connections, GINT_TO_POINTER (conn->fd));
  if (soup_connection != NULL)
    g_signal_emit_by_name (soup_connection, "disconnected");
  if (!g_socket_is_closed (socket))
    g_socket_close (socket, NULL);
}

/* An idle connection whose end libsoup 3.2 has read stays in its list of clients with
 * nothing left to remove it (its descriptor, and about 1.8 KiB): the connection's own
 * "disconnected" signal is what removes and frees it. Only once libsoup is done with it,
 * which shows as that list's reference being the last one besides @soup_connection's
 * (the message waiting for a next request holds another): sooner would free it under
 * libsoup's feet. From 3.3 on libsoup closes such a connection itself. */
static gboolean
soup_connection_is_forgotten (GObject *soup_connection)
{
  return g_atomic_int_get (&soup_connection->ref_count) <= 2;
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
      GSocket *socket = reap->pdata[i];
      LdConnection *conn = g_hash_table_lookup (self->connections, GINT_TO_POINTER (g_socket_get_fd (socket)));
      g_autoptr(GObject) soup_connection = NULL;

      if (conn == NULL || conn->socket != socket || !conn->reaping)
        continue;
      if (g_socket_is_closed (socket))
        {
          g_hash_table_remove (self->connections, GINT_TO_POINTER (conn->fd));
          continue;
        }
      soup_connection = g_weak_ref_get (&conn->soup_connection);
      if (soup_connection == NULL || soup_connection_is_forgotten (soup_connection))
        ld_connection_guard_close (self, conn, soup_connection, "the client closed it");
      else if (++conn->reap_tries < MAX_REAP_TRIES)
        ld_connection_guard_schedule_reap (self, conn);   /* libsoup has yet to read the end */
      else
        ld_connection_guard_close (self, conn, NULL, "the client closed it (libsoup kept it)");
    }
  return G_SOURCE_REMOVE;
}

/* @source (transfer full) named @name, calling @func with @data, on the thread's main
 * context → @source, to keep and destroy */
static GSource *
attach_source (GSource     *source,
               const char  *name,
               GSourceFunc  func,
               gpointer     data)
{
  g_source_set_name (source, name);
  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

/* the guard saw @conn's end: libsoup reads it in this or a coming loop iteration, and it
 * is released after (unless a request came before the end) */
static void
ld_connection_guard_schedule_reap (LdConnectionGuard *self,
                                   LdConnection      *conn)
{
  conn->reaping = TRUE;
  g_ptr_array_add (self->reap, g_object_ref (conn->socket));
  if (self->reap_source != NULL)
    return;
  self->reap_source = attach_source (g_timeout_source_new (0), "[ld-server] closed connections",
                                     G_SOURCE_FUNC (ld_connection_guard_reap_cb), self);
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

/* the retiring socket's end: libsoup reads it in this same iteration */
static gboolean
ld_connection_watch_cb (GSocket      *socket,
                        GIOCondition  condition,
                        gpointer      user_data)
{
  LdConnection *conn = user_data;
  LdConnectionGuard *self = conn->guard;

  g_assert (G_IS_SOCKET (socket));
  g_assert (LD_IS_CONNECTION_GUARD (self));

  g_clear_pointer (&conn->watch, g_source_unref);
  if (g_socket_is_closed (socket))
    g_hash_table_remove (self->connections, GINT_TO_POINTER (conn->fd));
  else if (!conn->reaping)
    ld_connection_guard_schedule_reap (self, conn);
  return G_SOURCE_REMOVE;
}

/* the ends of clients' connections */
static gboolean
ld_connection_guard_epoll_cb (int          fd,
                              GIOCondition condition,
                              gpointer     user_data)
{
  LdConnectionGuard *self = user_data;
  struct epoll_event events[64];
  int n;

  g_assert (LD_IS_CONNECTION_GUARD (self));

  n = epoll_wait (fd, events, G_N_ELEMENTS (events), 0);
  for (int i = 0; i < n; i++)
    {
      LdConnection *conn = g_hash_table_lookup (self->connections, GINT_TO_POINTER (events[i].data.fd));

      if (conn == NULL || conn->reaping || conn->retiring)
        continue;
      conn->peer_closed = TRUE;
      if (g_socket_is_closed (conn->socket))
        g_hash_table_remove (self->connections, GINT_TO_POINTER (events[i].data.fd));
      else if (conn->state == LD_CONNECTION_IDLE)
        ld_connection_guard_schedule_reap (self, conn);
      /* else it ended during a request (sent with a half close): libsoup ends it, or it
       * is reaped once answered */
    }
  return G_SOURCE_CONTINUE;
}

static void
ld_connection_start_watch (LdConnection *conn)
{
  if (conn->watch != NULL)
    return;
  /* the default priority, as libsoup's source on the same socket: both run in the same
   * iteration, so libsoup has read the end by the next one */
  conn->watch = attach_source (g_socket_create_source (conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL),
                               "[ld-server] idle connection", G_SOURCE_FUNC (ld_connection_watch_cb), conn);
}

/* shuts @conn down: libsoup reads the end and gives up the request it waits for, then
 * the watch sees the end and it is reaped */
static void
ld_connection_retire (LdConnection *conn)
{
  g_debug ("closing a connection: idle too long");
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
      else if (!conn->retiring && conn->state == LD_CONNECTION_IDLE)
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
  self->sweep = attach_source (g_timeout_source_new_seconds (1), "[ld-server] connection deadlines",
                               G_SOURCE_FUNC (ld_connection_guard_sweep_cb), self);
}

static LdConnection *
ld_connection_guard_lookup (LdConnectionGuard *self,
                            SoupServerMessage *msg,
                            gboolean           create)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  struct epoll_event event = { .events = EPOLLRDHUP | EPOLLET };
  LdConnection *conn;
  int fd;

  if (socket == NULL || g_socket_is_closed (socket))
    return NULL;
  fd = g_socket_get_fd (socket);
  conn = g_hash_table_lookup (self->connections, GINT_TO_POINTER (fd));
  if (conn != NULL && conn->socket != socket)
    {
      /* a closed socket's descriptor, given to a new connection */
      g_hash_table_remove (self->connections, GINT_TO_POINTER (fd));
      conn = NULL;
    }
  if (conn != NULL || !create)
    return conn;

  conn = g_new0 (LdConnection, 1);
  conn->guard = self;
  conn->socket = g_object_ref (socket);
  conn->fd = fd;
  g_weak_ref_init (&conn->soup_connection, NULL);
  g_hash_table_insert (self->connections, GINT_TO_POINTER (fd), conn);
  event.data.fd = fd;
  if (self->epoll_fd >= 0 && epoll_ctl (self->epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0)
    g_debug ("a connection not watched for its end: %s", g_strerror (errno));
  ld_connection_guard_start_sweep (self);
  return conn;
}

/* the connection of @msg while its requests are followed: not retiring, not being released
 * after its client's end; NULL otherwise */
static LdConnection *
ld_connection_guard_followed (LdConnectionGuard *self,
                              SoupServerMessage *msg)
{
  LdConnection *conn = ld_connection_guard_lookup (self, msg, FALSE);

  if (conn == NULL || conn->retiring || conn->reaping)
    return NULL;
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
  if (conn == NULL || conn->retiring)
    return;
  /* a request came before the client's end: not released after all */
  conn->reaping = FALSE;
  conn->reap_tries = 0;
  if (conn->state != LD_CONNECTION_READING || conn->deadline == 0)
    ld_connection_set_state (conn, LD_CONNECTION_READING);
}

static void
ld_connection_guard_request_read_cb (SoupServer        *soup,
                                     SoupServerMessage *msg,
                                     gpointer           user_data)
{
  LdConnectionGuard *self = user_data;
  LdConnection *conn;

  g_assert (LD_IS_CONNECTION_GUARD (self));

  conn = ld_connection_guard_followed (self, msg);
  if (conn != NULL)
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

  conn = ld_connection_guard_followed (self, msg);
  if (conn == NULL)
    return;

  /* libsoup closes it right after this signal */
  if (g_socket_is_closed (conn->socket) || !message_is_keepalive (msg))
    {
      g_hash_table_remove (self->connections, GINT_TO_POINTER (conn->fd));
      return;
    }

  ld_connection_set_state (conn, LD_CONNECTION_IDLE);
  if (conn->peer_closed && !conn->reaping)
    ld_connection_guard_schedule_reap (self, conn);
}

static void
ld_connection_guard_request_aborted_cb (SoupServer        *soup,
                                        SoupServerMessage *msg,
                                        gpointer           user_data)
{
  LdConnectionGuard *self = user_data;
  LdConnection *conn;

  g_assert (LD_IS_CONNECTION_GUARD (self));

  /* libsoup closes it */
  conn = ld_connection_guard_lookup (self, msg, FALSE);
  if (conn != NULL)
    g_hash_table_remove (self->connections, GINT_TO_POINTER (conn->fd));
}

/* ---- the listening socket
 *
 * libsoup 3.2 stops accepting for good the first time accept() fails (soup-listener.c
 * removes its source): out of descriptors (EMFILE), or a connection reset while it
 * waited (ECONNABORTED). The guard watches the listening socket below libsoup's own
 * priority: when its watch runs while connections wait, libsoup's listener was not ready
 * although the socket was, so it is gone, and the socket is listened on again once a
 * descriptor is free. */

static void ld_connection_guard_watch_listener (LdConnectionGuard *self);

static gboolean
ld_connection_guard_listener_retry_cb (gpointer user_data)
{
  LdConnectionGuard *self = user_data;

  ld_connection_guard_watch_listener (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
ld_connection_guard_unwatch_listener (LdConnectionGuard *self)
{
  if (self->listen_watch != NULL)
    {
      g_source_destroy (self->listen_watch);
      g_clear_pointer (&self->listen_watch, g_source_unref);
    }
}

/* watches again in a second: no busy loop while descriptors stay short */
static void
ld_connection_guard_retry_listener (LdConnectionGuard *self)
{
  ld_connection_guard_unwatch_listener (self);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 1, ld_connection_guard_listener_retry_cb,
                              g_object_ref (self), NULL);
}

static gboolean
ld_connection_guard_listener_cb (GSocket      *socket,
                                 GIOCondition  condition,
                                 gpointer      user_data)
{
  LdConnectionGuard *self = user_data;
  g_autoptr(GError) error = NULL;
  int spare;

  g_assert (LD_IS_CONNECTION_GUARD (self));

  if (g_socket_is_closed (socket) || self->soup == NULL)
    {
      g_clear_pointer (&self->listen_watch, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  /* a descriptor for the next accept(), or libsoup gives up again at once */
  spare = dup (g_socket_get_fd (socket));
  if (spare < 0)
    {
      ld_connection_guard_retry_listener (self);
      return G_SOURCE_REMOVE;
    }
  close (spare);

  if (soup_server_listen_socket (self->soup, socket, self->listen_options, &error))
    g_message ("Accepting connections again (libsoup had stopped)");
  else
    g_message ("Could not accept connections again: %s", error->message);
  ld_connection_guard_retry_listener (self);
  return G_SOURCE_REMOVE;
}

static void
ld_connection_guard_watch_listener (LdConnectionGuard *self)
{
  GSource *source;

  if (self->listen_watch != NULL || self->listen_socket == NULL || g_socket_is_closed (self->listen_socket))
    return;
  source = g_socket_create_source (self->listen_socket, G_IO_IN, NULL);
  g_source_set_priority (source, G_PRIORITY_LOW);
  self->listen_watch = attach_source (source, "[ld-server] listener given up",
                                      G_SOURCE_FUNC (ld_connection_guard_listener_cb), self);
}

static void
ld_connection_guard_dispose (GObject *object)
{
  LdConnectionGuard *self = (LdConnectionGuard *) object;

  ld_connection_guard_unwatch_listener (self);
  g_clear_object (&self->listen_socket);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (ld_connection_guard_parent_class)->dispose (object);
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
  if (self->epoll_source != NULL)
    {
      g_source_destroy (self->epoll_source);
      g_clear_pointer (&self->epoll_source, g_source_unref);
    }
  g_clear_pointer (&self->reap, g_ptr_array_unref);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  if (self->epoll_fd >= 0)
    close (self->epoll_fd);

  G_OBJECT_CLASS (ld_connection_guard_parent_class)->finalize (object);
}

static void
ld_connection_guard_class_init (LdConnectionGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_connection_guard_dispose;
  object_class->finalize = ld_connection_guard_finalize;
}

static void
ld_connection_guard_init (LdConnectionGuard *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, ld_connection_free);
  self->reap = g_ptr_array_new_with_free_func (g_object_unref);
  self->epoll_fd = epoll_create1 (EPOLL_CLOEXEC);
  if (self->epoll_fd < 0)
    g_warning ("Connections closed by clients will not be seen: %s", g_strerror (errno));
  else
    {
      self->epoll_source = attach_source (g_unix_fd_source_new (self->epoll_fd, G_IO_IN),
                                          "[ld-server] ends of connections",
                                          G_SOURCE_FUNC (ld_connection_guard_epoll_cb), self);
    }
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
  if (socket != NULL && !g_socket_is_closed (socket))
    g_hash_table_remove (self->connections, GINT_TO_POINTER (g_socket_get_fd (socket)));
}

guint
ld_connection_guard_get_n_connections (LdConnectionGuard *self)
{
  g_return_val_if_fail (LD_IS_CONNECTION_GUARD (self), 0);

  return g_hash_table_size (self->connections);
}

/**
 * ld_connection_guard_add_listener:
 * @soup: the server listening on @socket
 * @socket: the listening socket
 * @options: as given to soup_server_listen_socket()
 *
 * Listens on @socket again whenever libsoup stops accepting on it (one socket: the last
 * one given).
 */
void
ld_connection_guard_add_listener (LdConnectionGuard       *self,
                                  SoupServer              *soup,
                                  GSocket                 *socket,
                                  SoupServerListenOptions  options)
{
  g_return_if_fail (LD_IS_CONNECTION_GUARD (self));
  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (G_IS_SOCKET (socket));

  ld_connection_guard_unwatch_listener (self);
  g_set_object (&self->soup, soup);
  g_set_object (&self->listen_socket, socket);
  self->listen_options = options;
  ld_connection_guard_watch_listener (self);
}
