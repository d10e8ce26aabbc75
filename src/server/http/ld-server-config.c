/* ld-server-config.c — the program's configuration: GET and PUT /config, and its reading
 *
 * PUT takes the whole document as GET gives it and checks its shape member by member
 * before storage sees it: the first problem is a 422 naming its field
 * ("application_form[2].key"). The ticket system's password never travels here: it
 * lives only in the server's configuration file. Other handlers read the document
 * through the helpers at the end of this file.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-json.h"
#include "ld-server-private.h"
#include "ld-storage.h"

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

/* a member's name in a problem: "@parent.@member", or @member at the top (@parent NULL) */
static char *
field_path (const char *parent,
            const char *member)
{
  return parent ? g_strdup_printf ("%s.%s", parent, member) : g_strdup (member);
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
  g_autofree char *field = field_path (parent, member);
  JsonNode *node = json_object_get_member (object, member);

  if (!ld_json_node_holds (node, G_TYPE_BOOLEAN))
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
  g_autofree char *field = field_path (parent, member);
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (!ld_json_node_holds (node, G_TYPE_INT64))
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
  g_autofree char *field = field_path (parent, member);
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
  g_autofree char *field = field_path (parent, member);
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

/* ---- the configuration for other handlers */

/**
 * ld_server_load_config:
 *
 * Returns: (transfer full) (nullable): the program's configuration, or NULL after
 * answering the storage's error
 */
JsonObject *
ld_server_load_config (LdServer  *self,
                       LdRequest *request)
{
  g_autoptr(GError) error = NULL;
  JsonObject *config;

  g_return_val_if_fail (LD_IS_SERVER (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  config = ld_storage_get_config (ld_server_get_storage (self), &error);
  if (config == NULL)
    ld_request_respond_gerror (request, error, NULL);
  return config;
}

/**
 * ld_config_option_keys:
 * @options: (nullable): a list of options, {key, label} or plain strings
 *
 * Returns: (transfer container): the options' keys, ended by NULL, valid as long as
 * @options
 */
GPtrArray *
ld_config_option_keys (JsonArray *options)
{
  GPtrArray *keys = g_ptr_array_new ();

  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    {
      const char *key = ld_storage_option_key (json_array_get_element (options, i));

      if (key != NULL)
        g_ptr_array_add (keys, (gpointer) key);
    }
  g_ptr_array_add (keys, NULL);
  return keys;
}

/**
 * ld_config_find_option:
 * @options: (nullable): a list of {key, …} objects: the application form, the status systems
 * @key: (nullable): the key looked for
 *
 * Returns: (transfer none) (nullable): the object of @options whose key is @key, NULL when
 *   none is
 */
JsonObject *
ld_config_find_option (JsonArray  *options,
                       const char *key)
{
  for (guint i = 0; options != NULL && key != NULL && i < json_array_get_length (options); i++)
    {
      JsonNode *node = json_array_get_element (options, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && g_strcmp0 (ld_storage_option_key (node), key) == 0)
        return json_node_get_object (node);
    }
  return NULL;
}

/**
 * ld_config_has_option:
 * @object: (nullable): a part of the configuration
 * @section: (nullable): the object of @object that holds the list, %NULL for @object itself
 * @list: the member of that object that is the list of options
 * @key: (nullable): what a request chose
 *
 * Returns: whether @key is the key of one of the options of the list (@section.)@list
 */
gboolean
ld_config_has_option (JsonObject *object,
                      const char *section,
                      const char *list,
                      const char *key)
{
  g_autoptr(GPtrArray) keys = NULL;

  g_return_val_if_fail (list != NULL, FALSE);

  if (key == NULL)
    return FALSE;
  if (object != NULL && section != NULL && !ld_json_get_object (object, section, NULL, &object))
    object = NULL;
  keys = ld_config_option_keys (ld_config_get_array (object, list));
  return g_strv_contains ((const char * const *) keys->pdata, key);
}

/**
 * ld_config_get_array:
 * @object: (nullable): a part of the configuration
 *
 * Returns: (transfer none) (nullable): the list @member of @object, NULL when it has none
 */
JsonArray *
ld_config_get_array (JsonObject *object,
                     const char *member)
{
  JsonArray *array = NULL;

  g_return_val_if_fail (member != NULL, NULL);

  if (object == NULL || !ld_json_get_array (object, member, NULL, &array))
    return NULL;
  return array;
}
