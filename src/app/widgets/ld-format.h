/* ld-format.h — how the app writes money, points, dates and statuses
 *
 * Amounts travel as integers in the smallest unit (kopecks); times as RFC 3339 UTC
 * strings. These turn them into what an agent reads: "123,45 ₽", a local date. The
 * member profile, the search results and the registration wizard all write them so.
 */
#pragma once

#include <gtk/gtk.h>

#include "ld-core.h"

G_BEGIN_DECLS

char *ld_format_money    (gint64      kopecks);
char *ld_format_points   (gint64      hundredths);
char *ld_format_datetime (const char *rfc3339);
char *ld_format_date     (const char *iso8601_date);
char *ld_format_parse_date (const char *text);
char *ld_format_state    (const char *key);
char *ld_format_action   (const char *key);
char *ld_format_reason   (LdConfig   *config,
                          const char *key);
char *ld_format_count    (guint       n_fetched,
                          gint64      total);
char *ld_format_option   (JsonArray  *options,
                          const char *key);
GtkStringList *ld_format_choices (JsonObject  *field,
                                  GPtrArray  **keys);
char *ld_format_status   (LdConfig   *config,
                          const char *system,
                          const char *level);
char *ld_format_statuses (LdConfig   *config,
                          GListModel *statuses);
char *ld_format_member_name (LdMember *member);

/* a text as what the agent types is compared with it: normalized, without case */
char *ld_format_fold     (const char *text);

/* binds the formatters above as template callbacks, so that <closure function="…">
 * in a template (and in the list item factories inside it) can call them */
void  ld_format_bind_template_callbacks (GtkWidgetClass *widget_class);

G_END_DECLS
