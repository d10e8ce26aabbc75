/* ld-server-main.c — loyalty-desk-server: options, storage, the HTTP server, signals
 *
 *   loyalty-desk-server --listen 127.0.0.1:0 --database FILE [--seed-demo N]
 *   loyalty-desk-server --database FILE --create-operator LOGIN --role ROLE
 *                       [--name NAME] [--grant RIGHT,…] [--deny RIGHT,…] < password
 *
 * Once it accepts requests it prints exactly one line on stdout, e.g.
 * "listening on http://127.0.0.1:41234", which tests and scripts read to find the port.
 * Everything else (the request log, errors) goes to stderr or the journal.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ld-clock.h"
#include "ld-connection-guard.h"
#include "ld-error.h"
#include "ld-rights.h"
#include "ld-server.h"
#include "ld-storage.h"

#define MAX_PASSWORD_LENGTH 1024
#define DEFAULT_DATABASE "loyalty-desk.db"
/* a small pool: enough that one long search does not hold up the rest */
#define DEFAULT_READ_CONNECTIONS 2

#define LOG_BUFFER_SIZE (32 * 1024)
#define LOG_FLUSH_MS 250

/* TLS 1.2 and 1.3 with forward-secret AEAD suites only: GnuTLS's default (through
 * glib-networking) still accepts TLS 1.0, 1.1 and static-RSA CBC suites such as AES128-SHA */
#define TLS_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:" \
                     "+CHACHA20-POLY1305:-KX-ALL:+ECDHE-RSA:+ECDHE-ECDSA:+DHE-RSA"

static gboolean log_requests = TRUE;
/* what stderr is does not change while the server runs: asked once */
static gboolean stderr_is_journald;
static gboolean stderr_has_color;
/* request lines are buffered (flushed every LOG_FLUSH_MS, when full, before any other
 * message and at exit): a write per request would cost more than answering it */
static GString *log_buffer;
static GMutex log_lock;

static void
flush_log_locked (void)
{
  if (log_buffer != NULL && log_buffer->len > 0)
    {
      fwrite (log_buffer->str, 1, log_buffer->len, stderr);
      fflush (stderr);
      g_string_truncate (log_buffer, 0);
    }
}

static gboolean
ld_server_flush_log_cb (gpointer user_data)
{
  g_mutex_lock (&log_lock);
  flush_log_locked ();
  g_mutex_unlock (&log_lock);
  return G_SOURCE_CONTINUE;
}

/* the request log (INFO from this domain) is written unless --quiet, and INFO and DEBUG
 * go to stderr or the journal, never to stdout, which carries only the "listening on"
 * line; warnings and errors take GLib's default path (G_DEBUG=fatal-warnings works) */
static GLogWriterOutput
ld_server_log_writer (GLogLevelFlags   level,
                      const GLogField *fields,
                      gsize            n_fields,
                      gpointer         user_data)
{
  const char *domain = NULL;
  g_autofree char *text = NULL;
  gboolean request_line;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
      domain = fields[i].value;

  request_line = log_requests && (level & G_LOG_LEVEL_INFO) && g_strcmp0 (domain, G_LOG_DOMAIN) == 0;

  if (!(level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG)))
    {
      ld_server_flush_log_cb (NULL);
      return g_log_writer_default (level, fields, n_fields, user_data);
    }

  if (!request_line && g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;

  if (stderr_is_journald &&
      g_log_writer_journald (level, fields, n_fields, user_data) == G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;

  if (!request_line)
    text = g_log_writer_format_fields (level, fields, n_fields, stderr_has_color);

  g_mutex_lock (&log_lock);
  if (log_buffer == NULL)
    log_buffer = g_string_sized_new (LOG_BUFFER_SIZE);
  if (request_line)
    {
      /* cheap on purpose (no time-zone lookup, no terminal check, the date and time
       * formatted once a second): one per request */
      static time_t formatted_second = -1;
      static char formatted[32];   /* "2026-11-23T18:00:00." */
      gint64 now = g_get_real_time ();
      time_t seconds = now / G_USEC_PER_SEC;
      int milliseconds = now % G_USEC_PER_SEC / 1000;
      const char digits[] = { '0' + milliseconds / 100, '0' + milliseconds / 10 % 10, '0' + milliseconds % 10 };
      const char *message = "";

      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
          message = fields[i].value;
      if (seconds != formatted_second)
        {
          struct tm tm;

          gmtime_r (&seconds, &tm);
          g_snprintf (formatted, sizeof formatted, "%04d-%02d-%02dT%02d:%02d:%02d.",
                      tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec);
          formatted_second = seconds;
        }
      g_string_append (log_buffer, formatted);
      g_string_append_len (log_buffer, digits, sizeof digits);
      g_string_append (log_buffer, "Z " G_LOG_DOMAIN ": ");
      g_string_append (log_buffer, message);
      g_string_append_c (log_buffer, '\n');
    }
  else
    {
      g_string_append (log_buffer, text);
      g_string_append_c (log_buffer, '\n');
    }
  if (!request_line || log_buffer->len >= LOG_BUFFER_SIZE)
    flush_log_locked ();
  g_mutex_unlock (&log_lock);

  return G_LOG_WRITER_HANDLED;
}

static gboolean
ld_server_quit_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

/* "127.0.0.1:8080", "[::1]:8080", "localhost:0", ":0" (loopback) */
static GSocketAddress *
parse_listen_address (const char  *text,
                      GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *colon = strrchr (text, ':');
  guint64 port = 0;

  if (colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--listen takes ADDRESS:PORT, e.g. 127.0.0.1:8080, not “%s”"), text);
      return NULL;
    }

  host = g_strndup (text, colon - text);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      host[strlen (host) - 1] = '\0';
      memmove (host, host + 1, strlen (host));
    }

  if (host[0] == '\0' || g_str_equal (host, "localhost"))
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);

  if (address == NULL)
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();
      GList *addresses = g_resolver_lookup_by_name (resolver, host, NULL, error);

      if (addresses == NULL)
        return NULL;
      address = g_object_ref (addresses->data);
      g_resolver_free_addresses (addresses);
    }

  return g_inet_socket_address_new (address, port);
}

static char *
read_password (GError **error)
{
  char buffer[MAX_PASSWORD_LENGTH + 2];
  gsize length;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   _("Give the new operator's password on standard input."));
      return NULL;
    }

  length = strcspn (buffer, "\r\n");
  buffer[length] = '\0';
  if (length == 0 || length > MAX_PASSWORD_LENGTH)
    {
      sodium_memzero (buffer, sizeof buffer);
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   _("The password must have 1 to %d characters."), MAX_PASSWORD_LENGTH);
      return NULL;
    }

  {
    char *password = g_strdup (buffer);

    sodium_memzero (buffer, sizeof buffer);
    return password;
  }
}

/* "member.merge,card.block" → its rights (transfer full), or NULL with @error naming
 * @option and the first right that does not exist */
static char **
parse_rights (const char  *option,
              const char  *text,
              GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *right = g_strstrip (parts[i]);

      if (right[0] == '\0')
        continue;
      if (!ld_right_is_known (right))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: there is no right “%s”"), option, right);
          return NULL;
        }
      g_strv_builder_add (builder, right);
    }
  return g_strv_builder_end (builder);
}

static gboolean
create_operator (LdStorage   *storage,
                 const char  *login,
                 const char  *name,
                 const char  *role,
                 const char  *grant,
                 const char  *deny,
                 GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  g_auto(GStrv) granted = NULL;
  g_auto(GStrv) denied = NULL;
  char *password;
  gint64 id;
  int rc;

  if (role == NULL || !ld_role_is_known (role))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--create-operator needs --role agent, supervisor or admin"));
      return FALSE;
    }
  granted = parse_rights ("--grant", grant, error);
  if (granted == NULL)
    return FALSE;
  denied = parse_rights ("--deny", deny, error);
  if (denied == NULL)
    return FALSE;

  password = read_password (error);
  if (password == NULL)
    return FALSE;

  rc = crypto_pwhash_str (hash, password, strlen (password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE);
  sodium_memzero (password, strlen (password));
  g_free (password);
  if (rc != 0)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_FAILED, _("Not enough memory to hash the password."));
      return FALSE;
    }

  id = ld_storage_create_operator_full (storage, login, name ? name : login, role, hash,
                                        (const char * const *) granted, (const char * const *) denied, error);
  if (id <= 0)
    return FALSE;

  g_printerr (_("Created operator “%s” (id %" PRId64 ", role %s).\n"), login, (int64_t) id, role);
  return TRUE;
}

/* every descriptor the system allows, not the shell's soft limit (often 1024): libsoup 3.2
 * stops accepting connections for good once accept() fails for want of one */
static void
raise_descriptor_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static gboolean
seed_demo_if_empty (LdStorage  *storage,
                    guint       n_members,
                    GError    **error)
{
  g_autoptr(LdOperatorRecord) agent = NULL;
  g_autoptr(GError) local_error = NULL;

  /* the demo operators are the mark of a seeded database */
  agent = ld_storage_get_operator_by_login (storage, "agent", &local_error);
  if (agent != NULL)
    return TRUE;
  if (!g_error_matches (local_error, LD_ERROR, LD_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return ld_storage_seed_demo (storage, n_members, error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStorage) storage = NULL;
  g_autoptr(LdStoragePool) read_pool = NULL;
  g_autoptr(LdServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *database = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *operator_login = NULL;
  g_autofree char *operator_role = NULL;
  g_autofree char *operator_name = NULL;
  g_autofree char *operator_grant = NULL;
  g_autofree char *operator_deny = NULL;
  g_autofree char *url = NULL;
  g_autofree char *test_clock = NULL;
  gint seed_demo = 0;
  gint64 session_ttl = LD_SERVER_DEFAULT_SESSION_TTL;
  gint search_cache = LD_STORAGE_SEARCH_CACHE_DEFAULT;
  gint read_connections = DEFAULT_READ_CONNECTIONS;
  g_auto(GStrv) trusted_proxies = NULL;
  gint login_throttle = LD_SERVER_LOGIN_THROTTLE_FAILURES;
  gint login_throttle_window = LD_SERVER_LOGIN_THROTTLE_WINDOW;
  gint header_timeout = LD_CONNECTION_GUARD_DEFAULT_HEADER_TIMEOUT;
  gint idle_timeout = LD_CONNECTION_GUARD_DEFAULT_IDLE_TIMEOUT;
  gboolean quiet = FALSE;
  gboolean version = FALSE;
  guint sigterm_id, sigint_id, flush_id;
  const GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      N_("Listen on ADDRESS:PORT (default 127.0.0.1:8080; port 0 picks a free one)"), N_("ADDRESS:PORT") },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("The SQLite database file (default loyalty-desk.db)"), N_("PATH") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("Serve HTTPS with this PEM certificate"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      N_("The PEM private key of --tls-cert"), N_("FILE") },
    { "seed-demo", 0, 0, G_OPTION_ARG_INT, &seed_demo,
      N_("Fill a new or empty database with N demo members and the demo operators, then serve"), N_("N") },
    { "create-operator", 0, 0, G_OPTION_ARG_STRING, &operator_login,
      N_("Create an operator (password on standard input) and exit"), N_("LOGIN") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &operator_role,
      N_("The role of --create-operator: agent, supervisor or admin"), N_("ROLE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &operator_name,
      N_("The full name of --create-operator"), N_("NAME") },
    { "grant", 0, 0, G_OPTION_ARG_STRING, &operator_grant,
      N_("Single rights --create-operator gives on top of the role, e.g. member.merge,card.block"), N_("RIGHT,…") },
    { "deny", 0, 0, G_OPTION_ARG_STRING, &operator_deny,
      N_("Single rights --create-operator takes away from the role, e.g. call.end"), N_("RIGHT,…") },
    { "session-ttl", 0, 0, G_OPTION_ARG_INT64, &session_ttl,
      N_("Sessions expire after SECONDS (default 43200, 12 hours)"), N_("SECONDS") },
    { "search-cache", 0, 0, G_OPTION_ARG_INT, &search_cache,
      N_("Keep the search results of up to N members found by phone or card in memory (default 500000, about 0.6 KiB each; 0 keeps none)"), N_("N") },
    { "read-connections", 0, 0, G_OPTION_ARG_INT, &read_connections,
      N_("Run searches (but those by one phone or card) and profiles on N connections of their own, in as many threads, while the main one serves everything else; searches take all but one of them at most (default 2; 0 runs them on the main one)"), N_("N") },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &trusted_proxies,
      N_("A balancer in front of the server (an IP address; repeat for several): failed sign-ins are counted by the client address its X-Forwarded-For names"), N_("ADDRESS") },
    /* hidden: tests lower them so as not to wait for 100 failures and a minute */
    { "login-throttle", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &login_throttle,
      "Refuse sign-ins from an address after N failed ones in a window (default 100)", "N" },
    { "login-throttle-window", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &login_throttle_window,
      "The window of --login-throttle (default 60)", "SECONDS" },
    /* hidden: tests shorten them so as not to wait half a minute for each */
    { "header-timeout", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &header_timeout,
      "Close a connection whose request headers and body take longer than SECONDS (default 30)", "SECONDS" },
    { "idle-timeout", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &idle_timeout,
      "Close a kept-alive connection idle for SECONDS (default 60)", "SECONDS" },
    /* hidden, for tests only: they move the server's time instead of sleeping (ld-clock.h) */
    { "test-clock", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &test_clock,
      "For tests only: add to the server's time the seconds FILE holds, read again whenever it changes", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Do not log every request"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  /* glib-networking's GnuTLS backend reads this once, when the first TLS connection is
   * made; an operator's own setting wins */
  g_setenv ("G_TLS_GNUTLS_PRIORITY", TLS_PRIORITY, FALSE);

  setlocale (LC_ALL, "");
  /* the same catalogs as the per-request ones (LdServer reads LD_SERVER_LOCALEDIR too) */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LD_SERVER_LOCALEDIR") ? g_getenv ("LD_SERVER_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  stderr_is_journald = g_log_writer_is_journald (fileno (stderr));
  stderr_has_color = g_log_writer_supports_color (fileno (stderr));
  g_log_set_writer_func (ld_server_log_writer, NULL, NULL);

  context = g_option_context_new (_("— the Loyalty Desk central server"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("loyalty-desk-server: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      printf ("loyalty-desk-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc > 1)
    {
      g_printerr ("loyalty-desk-server: %s “%s”\n", _("unexpected argument"), argv[1]);
      return 2;
    }
  if (seed_demo < 0 || session_ttl < 1 || session_ttl > G_MAXINT32)
    {
      g_printerr ("loyalty-desk-server: %s\n", _("--seed-demo and --session-ttl take positive numbers"));
      return 2;
    }
  if (search_cache < 0)
    {
      g_printerr ("loyalty-desk-server: %s\n", _("--search-cache takes a number of members, 0 or more"));
      return 2;
    }
  if (read_connections < 0 || read_connections > LD_STORAGE_POOL_MAX)
    {
      g_printerr ("loyalty-desk-server: ");
      g_printerr (_("--read-connections takes a number from 0 to %d"), LD_STORAGE_POOL_MAX);
      g_printerr ("\n");
      return 2;
    }
  for (guint i = 0; trusted_proxies != NULL && trusted_proxies[i] != NULL; i++)
    if (!g_hostname_is_ip_address (trusted_proxies[i]))
      {
        g_printerr ("loyalty-desk-server: ");
        g_printerr (_("--trusted-proxy takes an IP address, not “%s”"), trusted_proxies[i]);
        g_printerr ("\n");
        return 2;
      }
  if (login_throttle < 1 || login_throttle_window < 1)
    {
      g_printerr ("loyalty-desk-server: %s\n", "--login-throttle and --login-throttle-window take positive numbers");
      return 2;
    }
  if (header_timeout < 1 || idle_timeout < 1)
    {
      g_printerr ("loyalty-desk-server: %s\n", "--header-timeout and --idle-timeout take positive numbers");
      return 2;
    }
  if ((operator_grant != NULL || operator_deny != NULL) && operator_login == NULL)
    {
      g_printerr ("loyalty-desk-server: %s\n", _("--grant and --deny go with --create-operator"));
      return 2;
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("loyalty-desk-server: %s\n", _("--tls-cert and --tls-key go together"));
      return 2;
    }

  if (operator_login == NULL)
    {
      address = parse_listen_address (listen ? listen : "127.0.0.1:8080", &error);
      if (address == NULL)
        {
          g_printerr ("loyalty-desk-server: %s\n", error->message);
          return 2;
        }
    }

  if (test_clock != NULL && !ld_clock_follow_file (test_clock, &error))
    {
      g_printerr ("loyalty-desk-server: %s\n", error->message);
      return 2;
    }

  if (sodium_init () < 0)
    {
      g_printerr ("loyalty-desk-server: %s\n", _("libsodium could not start"));
      return 1;
    }

  log_requests = !quiet;

  storage = ld_storage_open (database ? database : DEFAULT_DATABASE, &error);
  if (storage == NULL)
    {
      g_printerr ("loyalty-desk-server: %s\n", error->message);
      return 1;
    }
  ld_storage_set_search_cache_size (storage, search_cache);
  ld_storage_scrub_leftovers (storage);

  if (operator_login != NULL)
    {
      if (!create_operator (storage, operator_login, operator_name, operator_role,
                            operator_grant, operator_deny, &error))
        {
          g_printerr ("loyalty-desk-server: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  if (seed_demo > 0 && !seed_demo_if_empty (storage, seed_demo, &error))
    {
      g_printerr ("loyalty-desk-server: %s\n", error->message);
      return 1;
    }

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("loyalty-desk-server: %s\n", error->message);
          return 1;
        }
    }

  /* after the migrations, which the readers expect done */
  if (read_connections > 0)
    {
      read_pool = ld_storage_pool_new (database ? database : DEFAULT_DATABASE, read_connections, &error);
      if (read_pool == NULL)
        {
          g_printerr ("loyalty-desk-server: %s\n", error->message);
          return 1;
        }
    }

  server = ld_server_new (storage, certificate);
  ld_server_set_read_pool (server, read_pool);
  ld_server_set_session_ttl (server, session_ttl);
  ld_server_set_login_throttle (server, login_throttle, login_throttle_window);
  /* each was checked to be an address above */
  ld_server_set_trusted_proxies (server, (const char * const *) trusted_proxies, NULL);
  ld_server_set_log_requests (server, !quiet);
  ld_server_set_connection_timeouts (server, header_timeout, idle_timeout);
  raise_descriptor_limit ();

  if (!ld_server_listen (server, address, &error))
    {
      g_printerr ("loyalty-desk-server: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, ld_server_quit_cb, loop);
  sigint_id = g_unix_signal_add (SIGINT, ld_server_quit_cb, loop);

  flush_id = g_timeout_add (LOG_FLUSH_MS, ld_server_flush_log_cb, NULL);

  url = ld_server_dup_url (server);
  printf ("listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  g_source_remove (flush_id);
  ld_server_disconnect (server);
  g_clear_object (&server);
  g_clear_object (&read_pool);
  g_clear_object (&storage);

  ld_server_flush_log_cb (NULL);
  return 0;
}
