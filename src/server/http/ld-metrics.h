/* ld-metrics.h — request counters and latency histograms, served as Prometheus text */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LD_TYPE_METRICS (ld_metrics_get_type ())
G_DECLARE_FINAL_TYPE (LdMetrics, ld_metrics, LD, METRICS, GObject)

LdMetrics *ld_metrics_new            (void);

/* @route is the route's pattern (never the raw path, which may hold personal data) */
void       ld_metrics_record         (LdMetrics  *self,
                                      const char *method,
                                      const char *route,
                                      guint       status,
                                      gint64      duration_usec);

/* the Prometheus text exposition format, version 0.0.4; (transfer full) */
char      *ld_metrics_to_prometheus  (LdMetrics  *self);

G_END_DECLS
