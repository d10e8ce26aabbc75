/* ld-server-system.c — health, metrics, the API description, the product catalogue and
 * the outbox */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-metrics.h"
#include "ld-server-private.h"
#include "ld-server-resources.h"
#include "ld-storage.h"
#include "ld-validate.h"

#define MAX_QUERY_TEXT 100

void
ld_server_handle_healthz (LdServer  *self,
                          LdRequest *request)
{
  /* kept cheap on purpose: it is the benchmark's baseline */
  ld_request_respond_static (request, 200, "application/json", "{\"status\":\"ok\"}");
}

void
ld_server_handle_metrics (LdServer  *self,
                          LdRequest *request)
{
  g_autofree char *requests = ld_metrics_to_prometheus (ld_server_get_metrics (self));
  LdStoragePool *pool = ld_server_get_read_pool (self);
  guint reads_running = 0, reads_waiting = 0;
  guint in_memory;
  guint64 answered;

  ld_storage_get_search_cache_stats (ld_server_get_storage (self), &in_memory, &answered);
  if (pool != NULL)
    ld_storage_pool_get_load (pool, &reads_running, &reads_waiting);
  ld_request_respond_text (request, 200, "text/plain; version=0.0.4; charset=utf-8",
                           g_strdup_printf ("%s"
                                            "# HELP ld_read_connections Connections of the read pool (--read-connections).\n"
                                            "# TYPE ld_read_connections gauge\n"
                                            "ld_read_connections %u\n"
                                            "# HELP ld_reads_running Reads running on the read pool now.\n"
                                            "# TYPE ld_reads_running gauge\n"
                                            "ld_reads_running %u\n"
                                            "# HELP ld_reads_waiting Reads waiting for a connection of the read pool.\n"
                                            "# TYPE ld_reads_waiting gauge\n"
                                            "ld_reads_waiting %u\n"
                                            "# HELP ld_search_summaries_in_memory Members whose search summary is kept in memory.\n"
                                            "# TYPE ld_search_summaries_in_memory gauge\n"
                                            "ld_search_summaries_in_memory %u\n"
                                            "# HELP ld_search_answers_from_memory_total Searches by phone or card answered from memory.\n"
                                            "# TYPE ld_search_answers_from_memory_total counter\n"
                                            "ld_search_answers_from_memory_total %" G_GUINT64_FORMAT "\n",
                                            requests, pool != NULL ? ld_storage_pool_get_size (pool) : 0,
                                            reads_running, reads_waiting, in_memory, answered));
}

void
ld_server_handle_openapi (LdServer  *self,
                          LdRequest *request)
{
  static GBytes *document;

  /* resource data is NUL-terminated and lives as long as the program */
  if (document == NULL)
    document = g_resource_lookup_data (ld_server_resources_get_resource (),
                                       "/org/loyaltydesk/Server/openapi.json",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (document == NULL)
    {
      ld_request_respond_error (request, 404, "not_found", NULL, N_("This server has no API description."));
      return;
    }
  ld_request_respond_static (request, 200, "application/json", g_bytes_get_data (document, NULL));
}

void
ld_server_handle_products (LdServer  *self,
                           LdRequest *request)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  LdPageRequest page;
  const char *q;

  if (!ld_request_get_page (request, &page))
    return;

  q = ld_request_get_query (request, "q");
  if (q != NULL && g_utf8_strlen (q, -1) > MAX_QUERY_TEXT)
    {
      ld_request_respond_error (request, 400, "malformed", "q",
                                N_("The search text is longer than %d characters."), MAX_QUERY_TEXT);
      return;
    }
  if (q != NULL && q[0] == '\0')
    q = NULL;

  answer = ld_storage_list_products (ld_server_get_storage (self), q, &page, &error);
  ld_request_respond_answer (request, 200, answer, error);
}

void
ld_server_handle_outbox (LdServer  *self,
                         LdRequest *request)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  LdPageRequest page;

  if (!ld_request_get_page (request, &page))
    return;

  if (!ld_request_get_query_normalized (request, "phone", ld_phone_normalize_full, &phone))
    return;

  answer = ld_storage_list_outbox (ld_server_get_storage (self), phone, &page, &error);
  ld_request_respond_answer (request, 200, answer, error);
}
