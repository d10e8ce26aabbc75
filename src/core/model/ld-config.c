/* ld-config.c — LdConfig, the server's configuration document */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-config.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-model-json.h"

struct _LdConfig
{
  GObject parent_instance;

  JsonObject *document;
};

G_DEFINE_FINAL_TYPE (LdConfig, ld_config, G_TYPE_OBJECT)

/* the members the core reads, with the type each must have when present */
typedef enum {
  KIND_STRING,
  KIND_INT,
  KIND_BOOL,
  KIND_OBJECT,
  KIND_ARRAY,
} Kind;

static const struct {
  const char *section;  /* NULL for the top level */
  const char *member;
  Kind        kind;
} known_members[] = {
  { NULL, "registration", KIND_OBJECT },
  { "registration", "mode", KIND_STRING },
  { "registration", "continue_without_card", KIND_BOOL },
  { "registration", "virtual_card", KIND_BOOL },
  { "registration", "email_required", KIND_BOOL },
  { NULL, "application_form", KIND_ARRAY },
  { NULL, "max_cards", KIND_INT },
  { NULL, "max_merge_members", KIND_INT },
  { NULL, "favorites", KIND_OBJECT },
  { "favorites", "enabled", KIND_BOOL },
  { "favorites", "max", KIND_INT },
  { NULL, "status_systems", KIND_ARRAY },
  { NULL, "card_categories", KIND_ARRAY },
  { NULL, "mailing_types", KIND_ARRAY },
  { NULL, "channels", KIND_ARRAY },
  { NULL, "reasons", KIND_OBJECT },
  { "reasons", "card_block", KIND_ARRAY },
  { "reasons", "member_removal", KIND_ARRAY },
  { "reasons", "call_end", KIND_ARRAY },
  { NULL, "tickets", KIND_OBJECT },
  { "tickets", "enabled", KIND_BOOL },
  { "tickets", "url", KIND_STRING },
  { "tickets", "webservice", KIND_STRING },
  { "tickets", "queue", KIND_STRING },
  { "tickets", "user", KIND_STRING },
};

static gboolean
check_member (JsonObject *object,
              const char *member,
              Kind        kind)
{
  switch (kind)
    {
    case KIND_STRING: return ld_json_get_string (object, member, NULL, NULL);
    case KIND_INT:    return ld_json_get_int (object, member, 0, NULL);
    case KIND_BOOL:   return ld_json_get_bool (object, member, FALSE, NULL);
    case KIND_OBJECT: return ld_json_get_object (object, member, NULL, NULL);
    case KIND_ARRAY:  return ld_json_get_array (object, member, NULL, NULL);
    default:          g_assert_not_reached ();
    }
}

static gboolean
ld_config_check (JsonObject  *document,
                 GError     **error)
{
  g_assert (document != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (known_members); i++)
    {
      JsonObject *object = document;

      if (known_members[i].section != NULL)
        {
          /* the section's own type was checked before (it comes first in the table) */
          ld_json_get_object (document, known_members[i].section, NULL, &object);
          if (object == NULL)
            continue;
        }

      if (!check_member (object, known_members[i].member, known_members[i].kind))
        {
          g_autofree char *path = known_members[i].section
            ? g_strconcat (known_members[i].section, ".", known_members[i].member, NULL)
            : g_strdup (known_members[i].member);

          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                       _("The server's configuration could not be read: “%s” has the wrong type"),
                       path);
          return FALSE;
        }
    }

  /* the application form's fields are objects with a string key */
  {
    JsonArray *form = NULL;

    ld_json_get_array (document, "application_form", NULL, &form);
    for (guint i = 0; form != NULL && i < json_array_get_length (form); i++)
      {
        JsonNode *node = json_array_get_element (form, i);
        const char *key = NULL;

        if (!JSON_NODE_HOLDS_OBJECT (node) ||
            !ld_json_get_string (json_node_get_object (node), "key", NULL, &key) ||
            key == NULL)
          {
            g_set_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE,
                         _("The server's configuration could not be read: “%s” has the wrong type"),
                         "application_form");
            return FALSE;
          }
      }
  }

  return TRUE;
}

static void
ld_config_finalize (GObject *object)
{
  LdConfig *self = (LdConfig *)object;

  g_clear_pointer (&self->document, json_object_unref);

  G_OBJECT_CLASS (ld_config_parent_class)->finalize (object);
}

static void
ld_config_class_init (LdConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_config_finalize;
}

static void
ld_config_init (LdConfig *self)
{
}

/**
 * ld_config_new_from_json:
 * @json: the configuration document
 * @error: where to put the error
 *
 * Returns: (transfer full) (nullable): the configuration (holding a copy of @json), or
 *   %NULL with %LD_ERROR_INVALID_RESPONSE naming the member of the wrong type
 */
LdConfig *
ld_config_new_from_json (JsonObject  *json,
                         GError     **error)
{
  LdConfig *self;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ld_config_check (json, error))
    return NULL;

  self = g_object_new (LD_TYPE_CONFIG, NULL);
  self->document = ld_model_json_object_copy (json);
  return self;
}

/**
 * ld_config_to_json:
 * @self: a #LdConfig
 *
 * Returns: (transfer full): a copy of the whole document
 */
JsonObject *
ld_config_to_json (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);

  return ld_model_json_object_copy (self->document);
}

/**
 * ld_config_get_document:
 * @self: a #LdConfig
 *
 * Returns: (transfer none): the document; do not change it
 */
JsonObject *
ld_config_get_document (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);

  return self->document;
}

static JsonObject *
section (LdConfig   *self,
         const char *name)
{
  JsonObject *object = NULL;

  ld_json_get_object (self->document, name, NULL, &object);
  return object;
}

static JsonArray *
array (JsonObject *object,
       const char *name)
{
  JsonArray *ret = NULL;

  if (object != NULL)
    ld_json_get_array (object, name, NULL, &ret);
  return ret;
}

static gboolean
boolean (JsonObject *object,
         const char *name)
{
  gboolean ret = FALSE;

  if (object != NULL)
    ld_json_get_bool (object, name, FALSE, &ret);
  return ret;
}

static gint64
integer (JsonObject *object,
         const char *name)
{
  gint64 ret = 0;

  if (object != NULL)
    ld_json_get_int (object, name, 0, &ret);
  return ret;
}

const char *
ld_config_get_registration_mode (LdConfig *self)
{
  const char *mode = "card";

  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);

  ld_json_get_string (section (self, "registration"), "mode", "card", &mode);
  return mode;
}

gboolean
ld_config_get_continue_without_card (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), FALSE);

  return boolean (section (self, "registration"), "continue_without_card");
}

gboolean
ld_config_get_virtual_card (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), FALSE);

  return boolean (section (self, "registration"), "virtual_card");
}

gboolean
ld_config_get_email_required (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), FALSE);

  return boolean (section (self, "registration"), "email_required");
}

gint64
ld_config_get_max_cards (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), 0);

  return integer (self->document, "max_cards");
}

gint64
ld_config_get_max_merge_members (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), 0);

  return integer (self->document, "max_merge_members");
}

gboolean
ld_config_get_favorites_enabled (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), FALSE);

  return boolean (section (self, "favorites"), "enabled");
}

gint64
ld_config_get_favorites_max (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), 0);

  return integer (section (self, "favorites"), "max");
}

gboolean
ld_config_get_tickets_enabled (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), FALSE);

  return boolean (section (self, "tickets"), "enabled");
}

JsonArray *
ld_config_get_application_form (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);

  return array (self->document, "application_form");
}

JsonArray *
ld_config_get_status_systems (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);

  return array (self->document, "status_systems");
}

JsonArray *
ld_config_get_card_categories (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);

  return array (self->document, "card_categories");
}

JsonArray *
ld_config_get_mailing_types (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);

  return array (self->document, "mailing_types");
}

JsonArray *
ld_config_get_channels (LdConfig *self)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);

  return array (self->document, "channels");
}

/**
 * ld_config_get_reasons:
 * @self: a #LdConfig
 * @kind: "card_block", "member_removal" or "call_end"
 *
 * Returns: (transfer none) (nullable): the reasons of @kind
 */
JsonArray *
ld_config_get_reasons (LdConfig   *self,
                       const char *kind)
{
  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  return array (section (self, "reasons"), kind);
}

/**
 * ld_config_get_form_field:
 * @self: a #LdConfig
 * @key: a field key of the application form
 *
 * Returns: (transfer none) (nullable): the field, or %NULL
 */
JsonObject *
ld_config_get_form_field (LdConfig   *self,
                          const char *key)
{
  JsonArray *form;

  g_return_val_if_fail (LD_IS_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  form = ld_config_get_application_form (self);
  for (guint i = 0; form != NULL && i < json_array_get_length (form); i++)
    {
      JsonObject *field = json_array_get_object_element (form, i);
      const char *field_key = NULL;

      if (ld_json_get_string (field, "key", NULL, &field_key) && g_strcmp0 (field_key, key) == 0)
        return field;
    }

  return NULL;
}
