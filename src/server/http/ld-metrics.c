/* ld-metrics.c — request counters and latency histograms, served as Prometheus text
 *
 * Two families: ld_http_requests_total{method,route,status} (a counter) and
 * ld_http_request_duration_seconds{method,route} (a histogram). The labels are route
 * patterns such as /api/v1/members/{id}, so the number of series stays bounded
 * whatever clients send.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <stdlib.h>

#include "ld-metrics.h"

/* upper bounds in seconds; +Inf is implicit */
static const double buckets[] = {
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
};

typedef struct
{
  char    *method;
  char    *route;
  guint64  counts[G_N_ELEMENTS (buckets)];  /* not cumulative; summed when written */
  guint64  count;
  gint64   sum_usec;
} Histogram;

struct _LdMetrics
{
  GObject     parent_instance;

  GHashTable *requests;    /* "method\nroute\nstatus" → guint64 * */
  GHashTable *histograms;  /* "method\nroute" → Histogram * */
};

G_DEFINE_FINAL_TYPE (LdMetrics, ld_metrics, G_TYPE_OBJECT)

static void
histogram_free (gpointer data)
{
  Histogram *histogram = data;

  g_free (histogram->method);
  g_free (histogram->route);
  g_free (histogram);
}

/* label values escape backslash, double quote and newline */
static void
append_label_value (GString    *out,
                    const char *value)
{
  for (const char *p = value; *p; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '"')
        g_string_append (out, "\\\"");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_labels (GString    *out,
               const char *method,
               const char *route)
{
  g_string_append (out, "method=\"");
  append_label_value (out, method);
  g_string_append (out, "\",route=\"");
  append_label_value (out, route);
  g_string_append_c (out, '"');
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* the keys of @table in order: every series comes out sorted */
static gpointer *
sorted_keys (GHashTable *table,
             guint      *n_keys)
{
  gpointer *keys = g_hash_table_get_keys_as_array (table, n_keys);

  qsort (keys, *n_keys, sizeof (gpointer), compare_strings);
  return keys;
}

static void
ld_metrics_finalize (GObject *object)
{
  LdMetrics *self = (LdMetrics *) object;

  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->histograms, g_hash_table_unref);

  G_OBJECT_CLASS (ld_metrics_parent_class)->finalize (object);
}

static void
ld_metrics_class_init (LdMetricsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_metrics_finalize;
}

static void
ld_metrics_init (LdMetrics *self)
{
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->histograms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, histogram_free);
}

/**
 * ld_metrics_new:
 *
 * Returns: (transfer full): empty metrics
 */
LdMetrics *
ld_metrics_new (void)
{
  return g_object_new (LD_TYPE_METRICS, NULL);
}

void
ld_metrics_record (LdMetrics  *self,
                   const char *method,
                   const char *route,
                   guint       status,
                   gint64      duration_usec)
{
  g_autofree char *request_key = NULL;
  g_autofree char *histogram_key = NULL;
  guint64 *count;
  Histogram *histogram;
  double seconds;

  g_return_if_fail (LD_IS_METRICS (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (route != NULL);

  request_key = g_strdup_printf ("%s\n%s\n%u", method, route, status);
  count = g_hash_table_lookup (self->requests, request_key);
  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (self->requests, g_steal_pointer (&request_key), count);
    }
  (*count)++;

  histogram_key = g_strdup_printf ("%s\n%s", method, route);
  histogram = g_hash_table_lookup (self->histograms, histogram_key);
  if (histogram == NULL)
    {
      histogram = g_new0 (Histogram, 1);
      histogram->method = g_strdup (method);
      histogram->route = g_strdup (route);
      g_hash_table_insert (self->histograms, g_steal_pointer (&histogram_key), histogram);
    }

  duration_usec = MAX (duration_usec, 0);
  seconds = duration_usec / (double) G_USEC_PER_SEC;
  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    if (seconds <= buckets[i])
      {
        histogram->counts[i]++;
        break;
      }
  histogram->count++;
  histogram->sum_usec += duration_usec;
}

/**
 * ld_metrics_to_prometheus:
 *
 * Returns: (transfer full): the metrics as Prometheus text, series sorted
 */
char *
ld_metrics_to_prometheus (LdMetrics *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree gpointer *request_keys = NULL;
  g_autofree gpointer *histogram_keys = NULL;
  guint n_requests, n_histograms;

  g_return_val_if_fail (LD_IS_METRICS (self), NULL);

  request_keys = sorted_keys (self->requests, &n_requests);

  g_string_append (out,
                   "# HELP ld_http_requests_total HTTP requests by method, route pattern and status.\n"
                   "# TYPE ld_http_requests_total counter\n");
  for (guint i = 0; i < n_requests; i++)
    {
      g_auto(GStrv) parts = g_strsplit (request_keys[i], "\n", 3);
      guint64 *count = g_hash_table_lookup (self->requests, request_keys[i]);

      g_string_append (out, "ld_http_requests_total{");
      append_labels (out, parts[0], parts[1]);
      g_string_append_printf (out, ",status=\"%s\"} %" G_GUINT64_FORMAT "\n", parts[2], *count);
    }

  histogram_keys = sorted_keys (self->histograms, &n_histograms);

  g_string_append (out,
                   "# HELP ld_http_request_duration_seconds Time to answer a request, by method and route pattern.\n"
                   "# TYPE ld_http_request_duration_seconds histogram\n");
  for (guint i = 0; i < n_histograms; i++)
    {
      Histogram *histogram = g_hash_table_lookup (self->histograms, histogram_keys[i]);
      guint64 cumulative = 0;
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
        {
          cumulative += histogram->counts[b];
          g_string_append (out, "ld_http_request_duration_seconds_bucket{");
          append_labels (out, histogram->method, histogram->route);
          g_string_append_printf (out, ",le=\"%s\"} %" G_GUINT64_FORMAT "\n",
                                  g_ascii_formatd (number, sizeof number, "%g", buckets[b]),
                                  cumulative);
        }
      g_string_append (out, "ld_http_request_duration_seconds_bucket{");
      append_labels (out, histogram->method, histogram->route);
      g_string_append_printf (out, ",le=\"+Inf\"} %" G_GUINT64_FORMAT "\n", histogram->count);

      g_string_append (out, "ld_http_request_duration_seconds_sum{");
      append_labels (out, histogram->method, histogram->route);
      g_string_append_printf (out, "} %s\n",
                              g_ascii_formatd (number, sizeof number, "%.6f",
                                               histogram->sum_usec / (double) G_USEC_PER_SEC));

      g_string_append (out, "ld_http_request_duration_seconds_count{");
      append_labels (out, histogram->method, histogram->route);
      g_string_append_printf (out, "} %" G_GUINT64_FORMAT "\n", histogram->count);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
