/* test-cork-source.c — LdCorkSource on its own: a corked connection is uncorked when the
 * loop is about to poll, not before, and never stays corked */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include "ld-cork-source.h"

typedef struct
{
  GSocket      *listener;
  GSocket      *client;
  GSocket      *server;   /* the accepted end, as a SoupServer would hold it */
  GMainContext *context;
  GSource      *source;
  guint         polls;
} Fixture;

static void
count_poll_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->polls++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  fixture->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (fixture->listener, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (fixture->listener, &error));
  bound = g_socket_get_local_address (fixture->listener, &error);
  g_assert_no_error (error);

  fixture->client = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  /* the kernel completes a loopback handshake into the backlog: neither call waits */
  g_assert_true (g_socket_connect (fixture->client, bound, NULL, &error));
  fixture->server = g_socket_accept (fixture->listener, NULL, &error);
  g_assert_no_error (error);

  fixture->context = g_main_context_new ();
  fixture->source = ld_cork_source_new (count_poll_cb, fixture);
  g_source_attach (fixture->source, fixture->context);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->source != NULL)
    {
      g_source_destroy (fixture->source);
      g_clear_pointer (&fixture->source, g_source_unref);
    }
  g_clear_pointer (&fixture->context, g_main_context_unref);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->listener);
}

static void
test_cork_until_poll (Fixture       *fixture,
                      gconstpointer  data)
{
  g_assert_false (ld_cork_source_is_corked (fixture->server));

  ld_cork_source_cork (fixture->source, fixture->server);
  g_assert_true (ld_cork_source_is_corked (fixture->server));

  /* answered: still held back until the loop is about to wait */
  ld_cork_source_uncork_later (fixture->source, fixture->server);
  g_assert_true (ld_cork_source_is_corked (fixture->server));
  g_assert_cmpuint (fixture->polls, ==, 0);

  g_main_context_iteration (fixture->context, FALSE);
  g_assert_false (ld_cork_source_is_corked (fixture->server));
  g_assert_cmpuint (fixture->polls, ==, 1);

  /* uncorked once: the next iteration has nothing to flush but still reports */
  g_main_context_iteration (fixture->context, FALSE);
  g_assert_false (ld_cork_source_is_corked (fixture->server));
  g_assert_cmpuint (fixture->polls, ==, 2);
}

static void
test_cork_handled_not_answered (Fixture       *fixture,
                                gconstpointer  data)
{
  /* a request still being handled (paused) keeps its connection corked over polls */
  ld_cork_source_cork (fixture->source, fixture->server);
  g_main_context_iteration (fixture->context, FALSE);
  g_assert_true (ld_cork_source_is_corked (fixture->server));

  ld_cork_source_uncork_later (fixture->source, fixture->server);
  g_main_context_iteration (fixture->context, FALSE);
  g_assert_false (ld_cork_source_is_corked (fixture->server));
}

static void
test_cork_destroyed_source_uncorks (Fixture       *fixture,
                                    gconstpointer  data)
{
  ld_cork_source_cork (fixture->source, fixture->server);
  ld_cork_source_uncork_later (fixture->source, fixture->server);

  g_source_destroy (fixture->source);
  g_clear_pointer (&fixture->source, g_source_unref);
  g_assert_false (ld_cork_source_is_corked (fixture->server));
}

static void
test_cork_closed_and_local_sockets (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GSocket) local = NULL;
  g_autoptr(GError) error = NULL;

  /* a Unix socket cannot be corked: left as it is */
  local = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  ld_cork_source_cork (fixture->source, local);
  ld_cork_source_uncork_later (fixture->source, local);
  g_assert_false (ld_cork_source_is_corked (local));

  /* a connection closed before its answer left is not touched again */
  ld_cork_source_cork (fixture->source, fixture->server);
  ld_cork_source_uncork_later (fixture->source, fixture->server);
  g_assert_true (g_socket_close (fixture->server, &error));
  g_main_context_iteration (fixture->context, FALSE);
  g_assert_false (ld_cork_source_is_corked (fixture->server));
  g_assert_cmpuint (fixture->polls, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/cork-source/uncorked-when-the-loop-polls", Fixture, NULL,
              fixture_set_up, test_cork_until_poll, fixture_tear_down);
  g_test_add ("/server/cork-source/unanswered-stays-corked", Fixture, NULL,
              fixture_set_up, test_cork_handled_not_answered, fixture_tear_down);
  g_test_add ("/server/cork-source/destroyed-source-uncorks", Fixture, NULL,
              fixture_set_up, test_cork_destroyed_source_uncorks, fixture_tear_down);
  g_test_add ("/server/cork-source/closed-and-local-sockets", Fixture, NULL,
              fixture_set_up, test_cork_closed_and_local_sockets, fixture_tear_down);

  return g_test_run ();
}
