/* ld-server-system.c — health, metrics, configuration, calls, catalogue and outbox */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ld-error.h"
#include "ld-json.h"
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
  guint in_memory;
  guint64 answered;

  ld_storage_get_search_cache_stats (ld_server_get_storage (self), &in_memory, &answered);
  ld_request_respond_text (request, 200, "text/plain; version=0.0.4; charset=utf-8",
                           g_strdup_printf ("%s"
                                            "# HELP ld_search_summaries_in_memory Members whose search summary is kept in memory.\n"
                                            "# TYPE ld_search_summaries_in_memory gauge\n"
                                            "ld_search_summaries_in_memory %u\n"
                                            "# HELP ld_search_answers_from_memory_total Searches by phone or card answered from memory.\n"
                                            "# TYPE ld_search_answers_from_memory_total counter\n"
                                            "ld_search_answers_from_memory_total %" G_GUINT64_FORMAT "\n",
                                            requests, in_memory, answered));
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
ld_server_handle_get_config (LdServer  *self,
                             LdRequest *request)
{
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GError) error = NULL;

  config = ld_storage_get_config (ld_server_get_storage (self), &error);
  ld_request_respond_answer (request, 200, config, error);
}

/* ---- the shape of the configuration document */

typedef struct
{
  LdRequest *request;
  char      *field;
  char      *message;
} ConfigProblem;

/* @message is a msgid (N_), or already translated text when @translated */
static gboolean
config_fail_full (ConfigProblem *problem,
                  const char    *field,
                  const char    *message,
                  gboolean       translated)
{
  if (problem->field == NULL)
    {
      problem->field = g_strdup (field);
      problem->message = g_strdup (translated ? message : ld_request_translate (problem->request, message));
    }
  return FALSE;
}

static gboolean
config_fail (ConfigProblem *problem,
             const char    *field,
             const char    *message)
{
  return config_fail_full (problem, field, message, FALSE);
}

static gboolean
check_bool (JsonObject    *object,
            const char    *parent,
            const char    *member,
            ConfigProblem *problem)
{
  g_autofree char *field = g_strdup_printf ("%s.%s", parent, member);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return config_fail (problem, field, N_("Must be true or false."));
  return TRUE;
}

static gboolean
check_int (JsonObject    *object,
           const char    *parent,
           const char    *member,
           gint64         min,
           gint64         max,
           ConfigProblem *problem)
{
  g_autofree char *field = parent ? g_strdup_printf ("%s.%s", parent, member) : g_strdup (member);
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return config_fail (problem, field, N_("Must be a whole number."));
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *lowest = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *highest = g_strdup_printf ("%" G_GINT64_FORMAT, max);
      g_autofree char *message = NULL;

      /* the numbers go in as text: LdTranslations reads plain .mo entries, and a
       * "%" PRId64 format would be a system-dependent entry it cannot match */
      message = g_strdup_printf (ld_request_translate_format (problem->request,
                                                              N_("Must be from %s to %s.")),
                                 lowest, highest);
      return config_fail_full (problem, field, message, TRUE);
    }
  return TRUE;
}

static gboolean
check_string (JsonObject    *object,
              const char    *parent,
              const char    *member,
              gboolean       required,
              ConfigProblem *problem)
{
  g_autofree char *field = g_strdup_printf ("%s.%s", parent, member);
  JsonNode *node = json_object_get_member (object, member);
  const char *value = NULL;

  /* PUT takes the whole document as GET gives it: a text member is there even when it
   * may be empty (the ticket system's, while it is off) */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return config_fail (problem, field, N_("Required, and cannot be null."));
  if (!ld_json_get_string (object, member, NULL, &value))
    return config_fail (problem, field, N_("Must be text."));
  if (required && (value == NULL || value[0] == '\0'))
    return config_fail (problem, field, N_("Must not be empty."));
  return TRUE;
}

static JsonObject *
check_object (JsonObject    *object,
              const char    *member,
              ConfigProblem *problem)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      config_fail (problem, member, N_("Must be an object."));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
check_array (JsonObject    *object,
             const char    *parent,
             const char    *member,
             ConfigProblem *problem)
{
  g_autofree char *field = parent ? g_strdup_printf ("%s.%s", parent, member) : g_strdup (member);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      config_fail (problem, field, N_("Must be a list."));
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
check_application_form (JsonArray     *form,
                        ConfigProblem *problem)
{
  static const char * const types[] = {
    "text", "date", "email", "phone", "number", "choice", "bool", NULL
  };
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (form); i++)
    {
      JsonNode *node = json_array_get_element (form, i);
      g_autofree char *field = g_strdup_printf ("application_form[%u]", i);
      JsonObject *item;
      const char *key = NULL;
      const char *type = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return config_fail (problem, field, N_("Each field of the application form must be an object."));
      item = json_node_get_object (node);

      if (!ld_json_get_string (item, "key", NULL, &key) || key == NULL || key[0] == '\0')
        {
          g_autofree char *f = g_strdup_printf ("%s.key", field);
          return config_fail (problem, f, N_("Each field needs a key."));
        }
      if (g_hash_table_contains (keys, key))
        {
          g_autofree char *f = g_strdup_printf ("%s.key", field);
          return config_fail (problem, f, N_("Two fields have the same key."));
        }
      g_hash_table_add (keys, (gpointer) key);

      if (!check_string (item, field, "label", TRUE, problem))
        return FALSE;

      if (!ld_json_get_string (item, "type", NULL, &type) || type == NULL ||
          !g_strv_contains (types, type))
        {
          g_autofree char *f = g_strdup_printf ("%s.type", field);
          return config_fail (problem, f, N_("The type must be text, date, email, phone, number, choice or bool."));
        }

      if (!check_bool (item, field, "required", problem) ||
          !check_bool (item, field, "editable", problem))
        return FALSE;

      if (json_object_has_member (item, "options") &&
          !JSON_NODE_HOLDS_NULL (json_object_get_member (item, "options")) &&
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (item, "options")))
        {
          g_autofree char *f = g_strdup_printf ("%s.options", field);
          return config_fail (problem, f, N_("Must be a list."));
        }
      if (g_str_equal (type, "choice"))
        {
          JsonArray *options = NULL;

          if (!ld_json_get_array (item, "options", NULL, &options) ||
              options == NULL || json_array_get_length (options) == 0)
            {
              g_autofree char *f = g_strdup_printf ("%s.options", field);
              return config_fail (problem, f, N_("A choice needs at least one option."));
            }
        }
    }

  return TRUE;
}

static gboolean
validate_config (JsonObject    *config,
                 ConfigProblem *problem)
{
  JsonObject *registration;
  JsonObject *favorites;
  JsonObject *reasons;
  JsonObject *tickets;
  JsonArray *form;
  const char *mode = NULL;
  gboolean enabled = FALSE;

  if (!(registration = check_object (config, "registration", problem)))
    return FALSE;
  if (!ld_json_get_string (registration, "mode", NULL, &mode) || mode == NULL ||
      !(g_str_equal (mode, "card") || g_str_equal (mode, "phone")))
    return config_fail (problem, "registration.mode", N_("The registration mode must be “card” or “phone”."));
  if (!check_bool (registration, "registration", "continue_without_card", problem) ||
      !check_bool (registration, "registration", "virtual_card", problem) ||
      !check_bool (registration, "registration", "email_required", problem))
    return FALSE;
  /* optional: a document without it keeps the 10-minute default */
  if (json_object_has_member (registration, "code_lifetime_minutes") &&
      !check_int (registration, "registration", "code_lifetime_minutes", 1, 1440, problem))
    return FALSE;

  if (!(form = check_array (config, NULL, "application_form", problem)) ||
      !check_application_form (form, problem))
    return FALSE;

  if (!check_int (config, NULL, "max_cards", 1, 100, problem) ||
      !check_int (config, NULL, "max_merge_members", 1, 100, problem))
    return FALSE;

  if (!(favorites = check_object (config, "favorites", problem)) ||
      !check_bool (favorites, "favorites", "enabled", problem) ||
      !check_int (favorites, "favorites", "max", 0, 1000, problem))
    return FALSE;

  if (!check_array (config, NULL, "status_systems", problem) ||
      !check_array (config, NULL, "card_categories", problem) ||
      !check_array (config, NULL, "mailing_types", problem) ||
      !check_array (config, NULL, "channels", problem))
    return FALSE;

  if (!(reasons = check_object (config, "reasons", problem)) ||
      !check_array (reasons, "reasons", "card_block", problem) ||
      !check_array (reasons, "reasons", "member_removal", problem) ||
      !check_array (reasons, "reasons", "call_end", problem))
    return FALSE;

  if (!(tickets = check_object (config, "tickets", problem)) ||
      !check_bool (tickets, "tickets", "enabled", problem))
    return FALSE;
  enabled = json_object_get_boolean_member (tickets, "enabled");
  if (!check_string (tickets, "tickets", "url", enabled, problem) ||
      !check_string (tickets, "tickets", "webservice", FALSE, problem) ||
      !check_string (tickets, "tickets", "queue", enabled, problem) ||
      !check_string (tickets, "tickets", "user", enabled, problem))
    return FALSE;
  if (json_object_has_member (tickets, "password"))
    return config_fail (problem, "tickets.password",
                        N_("The ticket system's password lives only in the server's configuration file."));

  return TRUE;
}

void
ld_server_handle_put_config (LdServer  *self,
                             LdRequest *request)
{
  LdStorage *storage = ld_server_get_storage (self);
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GError) error = NULL;
  ConfigProblem problem = { request, NULL, NULL };

  if (!validate_config (request->body, &problem))
    {
      ld_request_respond_error (request, 422, "invalid_field", problem.field,
                                "%s: %s", problem.field, problem.message);
      g_free (problem.field);
      g_free (problem.message);
      return;
    }

  if (!ld_storage_put_config (storage, request->body, request->op->id, &error))
    {
      ld_request_respond_gerror (request, error, NULL);
      return;
    }

  config = ld_storage_get_config (storage, &error);
  ld_request_respond_answer (request, 200, config, error);
}

void
ld_server_handle_start_call (LdServer  *self,
                             LdRequest *request)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;

  phone = ld_request_get_body_normalized (request, "phone", ld_phone_normalize_full,
                                          N_("Give the caller's phone number."));
  if (phone == NULL)
    return;

  answer = ld_storage_create_call (ld_server_get_storage (self), phone, request->op->id, &error);
  ld_request_respond_answer (request, 201, answer, error);
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
