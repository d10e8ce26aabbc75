/* ld-member-answers.c — the application form's answers of a member, as the profile reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Profile tab shows and its editor (ld-answer-editor.c) both read: the answers
 * in the form's order, then those to questions it does not ask (any more); an answer
 * formatted by the type of the form's field; the member's own fields that stand in for
 * the answers the form keeps on the member itself.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-answers.h"

/**
 * ld_member_answers_get_member_field:
 * @key: a field of the form, e.g. "last_name"
 *
 * Returns: (nullable): the member's own field that stands in for the answer to @key
 *   (the form keeps names, birth date and contacts on the member itself), else %NULL
 */
const char *
ld_member_answers_get_member_field (LdMember   *member,
                                    const char *key)
{
  g_return_val_if_fail (LD_IS_MEMBER (member), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (g_str_equal (key, "last_name"))
    return ld_member_get_last_name (member);
  if (g_str_equal (key, "first_name"))
    return ld_member_get_first_name (member);
  if (g_str_equal (key, "middle_name"))
    return ld_member_get_middle_name (member);
  if (g_str_equal (key, "birth_date"))
    return ld_member_get_birth_date (member);
  if (g_str_equal (key, "email"))
    return ld_member_get_email (member);
  if (g_str_equal (key, "phone"))
    return ld_member_get_phone (member);
  return NULL;
}

/**
 * ld_member_answers_format:
 * @answer: (nullable): an answer, as the server sent it
 * @field: (nullable): the form's field it answers, for its type and options
 *
 * Returns: (transfer full): the answer as the agent reads it: a date the locale's way, a
 *   choice by its label, "Not given" for none
 */
char *
ld_member_answers_format (JsonNode   *answer,
                          JsonObject *field)
{
  const char *type = "text";
  JsonArray *options = NULL;

  if (field != NULL)
    {
      ld_json_get_string (field, "type", "text", &type);
      ld_json_get_array (field, "options", NULL, &options);
    }

  if (answer == NULL || JSON_NODE_HOLDS_NULL (answer))
    return g_strdup (_("Not given"));

  if (!JSON_NODE_HOLDS_VALUE (answer))
    return g_strdup (_("(not readable)"));

  switch (json_node_get_value_type (answer))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (answer) ? _("Yes") : _("No"));

    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (answer));

    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (answer));

    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (answer);

        if (text == NULL || *text == '\0')
          return g_strdup (_("Not given"));
        if (g_strcmp0 (type, "date") == 0)
          return ld_format_date (text);
        if (g_strcmp0 (type, "choice") == 0)
          return ld_format_option (options, text);
        return g_strdup (text);
      }

    default:
      return g_strdup (_("(not readable)"));
    }
}

/**
 * ld_member_answers_foreach:
 * @form: (nullable): the application form (the configuration's)
 * @answers: (nullable): the member's answers
 * @func: called for each question of @form in its order (a field without a key is
 *   passed over), then for each answer to a question @form does not ask
 *
 * Walks the answers as the profile shows them.
 */
void
ld_member_answers_foreach (JsonArray           *form,
                           JsonObject          *answers,
                           LdMemberAnswersFunc  func,
                           gpointer             user_data)
{
  g_autoptr(GHashTable) asked = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) keys = NULL;
  guint n_fields = form != NULL ? json_array_get_length (form) : 0;

  g_return_if_fail (func != NULL);

  for (guint i = 0; i < n_fields; i++)
    {
      JsonNode *node = json_array_get_element (form, i);
      JsonObject *field;
      const char *key = NULL;
      const char *label = NULL;
      JsonNode *answer = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      field = json_node_get_object (node);
      if (!ld_json_get_string (field, "key", NULL, &key) || key == NULL)
        continue;
      ld_json_get_string (field, "label", key, &label);
      g_hash_table_add (asked, (char *) key);

      if (answers != NULL && json_object_has_member (answers, key))
        answer = json_object_get_member (answers, key);
      func (field, key, label, answer, user_data);
    }

  keys = answers != NULL ? json_object_get_members (answers) : NULL;
  for (const GList *iter = keys; iter != NULL; iter = iter->next)
    if (!g_hash_table_contains (asked, iter->data))
      func (NULL, iter->data, iter->data, json_object_get_member (answers, iter->data), user_data);
}
