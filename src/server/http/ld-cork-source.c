/* ld-cork-source.c — uncorks answered connections before the main loop sleeps
 *
 * A GSource whose prepare() does the work and never asks to be dispatched: prepare runs
 * once per loop iteration, right before the poll, that is once every ready request has
 * been handled. A socket that cannot be corked just sends as it would have.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "ld-cork-source.h"

typedef struct
{
  GSource           source;
  GPtrArray        *corked;        /* GSocket, answered, to uncork */
  LdCorkSourceFunc  before_poll;
  gpointer          user_data;
} LdCorkSource;

static gboolean
is_tcp (GSocket *socket)
{
  return !g_socket_is_closed (socket) &&
         g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX;
}

static void
set_cork (GSocket  *socket,
          gboolean  on)
{
  int value = on ? 1 : 0;

  if (!g_socket_is_closed (socket))
    (void) setsockopt (g_socket_get_fd (socket), IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

static void
flush_corked (LdCorkSource *self)
{
  for (guint i = 0; i < self->corked->len; i++)
    set_cork (g_ptr_array_index (self->corked, i), FALSE);
  g_ptr_array_set_size (self->corked, 0);
}

static gboolean
ld_cork_source_prepare (GSource *source,
                        gint    *timeout)
{
  LdCorkSource *self = (LdCorkSource *) source;

  flush_corked (self);
  if (self->before_poll != NULL)
    self->before_poll (self->user_data);
  *timeout = -1;
  return FALSE;
}

static gboolean
ld_cork_source_dispatch (GSource     *source,
                         GSourceFunc  callback,
                         gpointer     user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
ld_cork_source_finalize (GSource *source)
{
  LdCorkSource *self = (LdCorkSource *) source;

  flush_corked (self);
  g_clear_pointer (&self->corked, g_ptr_array_unref);
}

static GSourceFuncs ld_cork_source_funcs = {
  .prepare = ld_cork_source_prepare,
  .dispatch = ld_cork_source_dispatch,
  .finalize = ld_cork_source_finalize,
};

/**
 * ld_cork_source_new:
 *
 * Returns: (transfer full): the source, not attached yet
 */
GSource *
ld_cork_source_new (LdCorkSourceFunc before_poll,
                    gpointer         user_data)
{
  GSource *source = g_source_new (&ld_cork_source_funcs, sizeof (LdCorkSource));
  LdCorkSource *self = (LdCorkSource *) source;

  self->corked = g_ptr_array_new_with_free_func (g_object_unref);
  self->before_poll = before_poll;
  self->user_data = user_data;
  g_source_set_name (source, "[ld-server] send answers");
  return source;
}

void
ld_cork_source_cork (GSource *source,
                     GSocket *socket)
{
  g_return_if_fail (source != NULL);
  g_return_if_fail (G_IS_SOCKET (socket));

  if (is_tcp (socket))
    set_cork (socket, TRUE);
}

void
ld_cork_source_uncork_later (GSource *source,
                             GSocket *socket)
{
  LdCorkSource *self = (LdCorkSource *) source;

  g_return_if_fail (source != NULL);
  g_return_if_fail (G_IS_SOCKET (socket));

  if (is_tcp (socket))
    g_ptr_array_add (self->corked, g_object_ref (socket));
}

gboolean
ld_cork_source_is_corked (GSocket *socket)
{
  int value = 0;
  socklen_t length = sizeof value;

  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);

  if (g_socket_is_closed (socket) ||
      getsockopt (g_socket_get_fd (socket), IPPROTO_TCP, TCP_CORK, &value, &length) != 0)
    return FALSE;
  return value != 0;
}
