/* test-metrics.c — LdMetrics on its own: the Prometheus text it writes */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-metrics.h"

static guint64
value_of (const char *text,
          const char *series)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], series) && lines[i][strlen (series)] == ' ')
      return g_ascii_strtoull (lines[i] + strlen (series) + 1, NULL, 10);
  g_error ("no series %s in:\n%s", series, text);
}

static void
test_metrics_count_by_route_and_status (void)
{
  g_autoptr(LdMetrics) metrics = ld_metrics_new ();
  g_autofree char *text = NULL;

  ld_metrics_record (metrics, "GET", "/api/v1/members/{id}", 200, 300);
  ld_metrics_record (metrics, "GET", "/api/v1/members/{id}", 200, 700);
  ld_metrics_record (metrics, "GET", "/api/v1/members/{id}", 404, 100);
  ld_metrics_record (metrics, "POST", "/api/v1/calls", 201, 2 * G_USEC_PER_SEC);

  text = ld_metrics_to_prometheus (metrics);
  g_assert_true (g_str_has_prefix (text, "# HELP ld_http_requests_total"));
  g_assert_nonnull (strstr (text, "# TYPE ld_http_requests_total counter\n"));
  g_assert_cmpuint (value_of (text, "ld_http_requests_total{method=\"GET\",route=\"/api/v1/members/{id}\",status=\"200\"}"), ==, 2);
  g_assert_cmpuint (value_of (text, "ld_http_requests_total{method=\"GET\",route=\"/api/v1/members/{id}\",status=\"404\"}"), ==, 1);
  g_assert_cmpuint (value_of (text, "ld_http_requests_total{method=\"POST\",route=\"/api/v1/calls\",status=\"201\"}"), ==, 1);
}

static void
test_metrics_histogram_is_cumulative (void)
{
  g_autoptr(LdMetrics) metrics = ld_metrics_new ();
  g_autofree char *text = NULL;
  const char *route = "method=\"GET\",route=\"/healthz\"";
  g_autofree char *le_1ms = g_strdup_printf ("ld_http_request_duration_seconds_bucket{%s,le=\"0.001\"}", route);
  g_autofree char *le_10ms = g_strdup_printf ("ld_http_request_duration_seconds_bucket{%s,le=\"0.01\"}", route);
  g_autofree char *le_inf = g_strdup_printf ("ld_http_request_duration_seconds_bucket{%s,le=\"+Inf\"}", route);
  g_autofree char *count = g_strdup_printf ("ld_http_request_duration_seconds_count{%s}", route);

  ld_metrics_record (metrics, "GET", "/healthz", 200, 400);         /* 0.4 ms */
  ld_metrics_record (metrics, "GET", "/healthz", 200, 4000);        /* 4 ms */
  ld_metrics_record (metrics, "GET", "/healthz", 200, 60 * G_USEC_PER_SEC);

  text = ld_metrics_to_prometheus (metrics);
  g_assert_nonnull (strstr (text, "# TYPE ld_http_request_duration_seconds histogram\n"));
  g_assert_cmpuint (value_of (text, le_1ms), ==, 1);
  g_assert_cmpuint (value_of (text, le_10ms), ==, 2);
  g_assert_cmpuint (value_of (text, le_inf), ==, 3);
  g_assert_cmpuint (value_of (text, count), ==, 3);
}

static void
test_metrics_escape_label_values (void)
{
  g_autoptr(LdMetrics) metrics = ld_metrics_new ();
  g_autofree char *text = NULL;

  ld_metrics_record (metrics, "GET", "/a\"b\\c\nd", 200, 1);
  text = ld_metrics_to_prometheus (metrics);
  g_assert_nonnull (strstr (text, "route=\"/a\\\"b\\\\c\\nd\""));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/metrics/unit/count-by-route-and-status", test_metrics_count_by_route_and_status);
  g_test_add_func ("/server/metrics/unit/histogram-is-cumulative", test_metrics_histogram_is_cumulative);
  g_test_add_func ("/server/metrics/unit/escape-label-values", test_metrics_escape_label_values);

  return g_test_run ();
}
