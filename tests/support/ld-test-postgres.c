/* ld-test-postgres.c — one private PostgreSQL cluster for a whole run of the tests
 *
 * Each test process of the server-postgresql suites would otherwise initdb, start and
 * stop a cluster of its own (seconds each, on every run). tools/test.sh starts this before
 * `meson test`, reads the two lines it prints (the cluster's socket folder, then its port)
 * into LD_TEST_POSTGRES_HOST and LD_TEST_POSTGRES_PORT, and every test process then makes
 * its databases in this cluster (tests/support/ld-test-server.c). The cluster is stopped
 * and its folder removed when this process's standard input closes, or when it dies.
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <stdio.h>

#include "ld-test-server.h"

int
main (int    argc,
      char **argv)
{
  const char *host = NULL;
  const char *port = NULL;
  char buffer[64];

  g_setenv ("LD_TEST_DATABASE", "postgresql", TRUE);
  g_unsetenv ("LD_TEST_POSTGRES_HOST");
  ld_test_postgres_start (&host, &port);
  printf ("%s\n%s\n", host, port);
  fflush (stdout);

  /* until the caller closes our standard input: then exit() stops the cluster */
  while (fread (buffer, 1, sizeof buffer, stdin) > 0)
    ;
  return 0;
}
