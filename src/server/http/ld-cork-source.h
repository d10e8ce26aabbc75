/* ld-cork-source.h — answers leave when the main loop is about to sleep
 *
 * libsoup writes an answer's headers and its body with two send() calls. Each connection
 * is corked (TCP_CORK) while its request is handled, so the answer leaves as one segment,
 * and it is uncorked only when the main loop has handled every request that was ready
 * and is about to wait again, as Redis writes its replies before it sleeps: a peer
 * waiting for several answers is woken once for them, not once per send. No answer
 * waits longer than the rest of the current loop iteration.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* called each time the loop is about to poll, after the sockets are uncorked */
typedef void (*LdCorkSourceFunc) (gpointer user_data);

/* a source to attach to the loop that serves the connections; @before_poll (nullable)
 * runs each time it flushes, with @user_data (unowned: the caller outlives the source) */
GSource  *ld_cork_source_new           (LdCorkSourceFunc  before_poll,
                                        gpointer          user_data);
/* holds back what is written to @socket (a TCP one; others are left as they are) */
void      ld_cork_source_cork          (GSource          *source,
                                        GSocket          *socket);
/* @socket's answer is written: it leaves before the loop next sleeps */
void      ld_cork_source_uncork_later  (GSource          *source,
                                        GSocket          *socket);

/* whether @socket is corked now, for the tests */
gboolean  ld_cork_source_is_corked     (GSocket          *socket);

G_END_DECLS
