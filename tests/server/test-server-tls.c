/* test-server-tls.c — HTTPS as an attacker's client sees it: only TLS 1.2 and 1.3 with
 * forward-secret AEAD suites
 *
 * The real server is started with the test certificate and `openssl s_client` tries each
 * handshake. The client's own floor (Debian's OpenSSL refuses TLS 1.0 at its default
 * security level) is lowered with @SECLEVEL=0, so that a refusal is the server's.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-test-server.h"

static LdTestServer *server;
static char *openssl;

/* one handshake with `openssl s_client -connect 127.0.0.1:PORT @args…` → TRUE when it
 * succeeded; @out_cipher (optional) gets the cipher s_client reports */
static gboolean
handshake (const char * const  *args,
           char               **out_cipher)
{
  g_autoptr(GUri) uri = g_uri_parse (ld_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  g_autofree char *connect = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *cipher;

  g_assert_nonnull (uri);
  connect = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));

  g_ptr_array_add (argv, g_strdup (openssl));
  g_ptr_array_add (argv, g_strdup ("s_client"));
  g_ptr_array_add (argv, g_strdup ("-connect"));
  g_ptr_array_add (argv, g_strdup (connect));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  /* stdin closed at once: s_client ends after the handshake */
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_MERGE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "", NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  /* "New, TLSv1.2, Cipher is ECDHE-RSA-AES128-GCM-SHA256", "(NONE)" when refused */
  cipher = strstr (out, "Cipher is ");
  if (out_cipher != NULL)
    {
      *out_cipher = NULL;
      if (cipher != NULL)
        *out_cipher = g_strndup (cipher + strlen ("Cipher is "), strcspn (cipher + strlen ("Cipher is "), "\r\n"));
    }
  g_test_message ("s_client %s → exit %d, %.*s", connect, g_subprocess_get_exit_status (process),
                  cipher ? (int) strcspn (cipher, "\r\n") : 0, cipher ? cipher : "");

  return g_subprocess_get_exit_status (process) == 0 &&
         cipher != NULL && !g_str_has_prefix (cipher, "Cipher is (NONE)");
}

static void
test_tls_refuses_tls_1_0 (void)
{
  const char *args[] = { "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0", NULL };

  g_assert_false (handshake (args, NULL));
}

static void
test_tls_refuses_tls_1_1 (void)
{
  const char *args[] = { "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0", NULL };

  g_assert_false (handshake (args, NULL));
}

static void
test_tls_refuses_static_rsa (void)
{
  /* RSA key exchange (no forward secrecy) with CBC (no AEAD) */
  const char *args[] = { "-tls1_2", "-cipher", "AES128-SHA:@SECLEVEL=0", NULL };

  g_assert_false (handshake (args, NULL));
}

static void
test_tls_refuses_cbc_with_ecdhe (void)
{
  /* forward secret but not AEAD */
  const char *args[] = { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-SHA256:@SECLEVEL=0", NULL };

  g_assert_false (handshake (args, NULL));
}

static void
test_tls_accepts_tls_1_2_ecdhe_gcm (void)
{
  const char *args[] = { "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256", NULL };
  g_autofree char *cipher = NULL;

  g_assert_true (handshake (args, &cipher));
  g_assert_cmpstr (cipher, ==, "ECDHE-RSA-AES128-GCM-SHA256");
}

static void
test_tls_accepts_tls_1_3 (void)
{
  const char *args[] = { "-tls1_3", NULL };
  g_autofree char *cipher = NULL;

  g_assert_true (handshake (args, &cipher));
  g_assert_true (g_str_has_prefix (cipher, "TLS_"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  openssl = g_find_program_in_path ("openssl");
  if (openssl == NULL)
    g_error ("openssl (package openssl) is needed to try the server's TLS handshakes");

  cert = g_test_build_filename (G_TEST_DIST, "server", "data", "test-cert.pem", NULL);
  key = g_test_build_filename (G_TEST_DIST, "server", "data", "test-key.pem", NULL);
  server = ld_test_server_new (0, (const char * const[]) { "--tls-cert", cert, "--tls-key", key, NULL });
  g_assert_true (g_str_has_prefix (ld_test_server_get_url (server), "https://"));

  g_test_add_func ("/server/tls/refuses-tls-1.0", test_tls_refuses_tls_1_0);
  g_test_add_func ("/server/tls/refuses-tls-1.1", test_tls_refuses_tls_1_1);
  g_test_add_func ("/server/tls/refuses-static-rsa", test_tls_refuses_static_rsa);
  g_test_add_func ("/server/tls/refuses-cbc-with-ecdhe", test_tls_refuses_cbc_with_ecdhe);
  g_test_add_func ("/server/tls/accepts-tls-1.2-ecdhe-gcm", test_tls_accepts_tls_1_2_ecdhe_gcm);
  g_test_add_func ("/server/tls/accepts-tls-1.3", test_tls_accepts_tls_1_3);

  result = g_test_run ();

  g_assert_true (ld_test_server_stop (server));
  g_assert_finalize_object (server);
  g_free (openssl);
  return result;
}
