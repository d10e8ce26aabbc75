/* ld-member-profile-tab.c — application-form answers, contacts, consents, family account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers are shown with the questions of the configured application form (GET
 * /config), in the form's order; answers to questions the form no longer has follow with
 * their keys. Everything comes with the profile the page fetched: this tab asks nothing
 * of the server itself.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-member-profile-tab.h"
#include "ld-member-tab-private.h"

struct _LdMemberProfileTab
{
  LdMemberTab          parent_instance;

  LdLoadableView      *view;
  AdwPreferencesGroup *form_group;
  AdwPreferencesGroup *consents_group;
  AdwPreferencesGroup *merged_group;
};

G_DEFINE_FINAL_TYPE (LdMemberProfileTab, ld_member_profile_tab, LD_TYPE_MEMBER_TAB)

static char *
ld_member_profile_tab_format_contact_cb (gpointer    this_object,
                                         const char *contact)
{
  if (contact == NULL || *contact == '\0')
    return g_strdup (_("Not given"));

  return g_strdup (contact);
}

/* the member's fields stand in for answers the form keeps on the member itself */
static const char *
ld_member_profile_tab_member_field (LdMember   *member,
                                    const char *key)
{
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

static char *
ld_member_profile_tab_format_answer (JsonNode   *answer,
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

static void
ld_member_profile_tab_fill_form (LdMemberProfileTab *self,
                                 LdMember           *member)
{
  LdConfig *config = ld_member_tab_get_config (LD_MEMBER_TAB (self));
  JsonArray *form = config != NULL ? ld_config_get_application_form (config) : NULL;
  JsonObject *answers = ld_member_get_answers (member);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_fields = form != NULL ? json_array_get_length (form) : 0;

  for (guint i = 0; i < n_fields; i++)
    {
      JsonNode *node = json_array_get_element (form, i);
      g_autoptr(JsonNode) fallback = NULL;
      g_autofree char *value = NULL;
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

      if (answers != NULL && json_object_has_member (answers, key))
        answer = json_object_get_member (answers, key);
      if (answer == NULL || JSON_NODE_HOLDS_NULL (answer))
        {
          const char *from_member = ld_member_profile_tab_member_field (member, key);

          if (from_member != NULL && *from_member != '\0')
            {
              fallback = json_node_new (JSON_NODE_VALUE);
              json_node_set_string (fallback, from_member);
              answer = fallback;
            }
        }

      value = ld_member_profile_tab_format_answer (answer, field);
      ld_member_tab_add_row (LD_MEMBER_TAB (self), self->form_group, label, value);
      g_hash_table_add (shown, (char *)key);
    }

  /* answers to questions the form does not ask (any more) */
  if (answers != NULL)
    {
      g_autoptr(GList) keys = json_object_get_members (answers);

      for (const GList *iter = keys; iter != NULL; iter = iter->next)
        {
          g_autofree char *value = NULL;

          if (g_hash_table_contains (shown, iter->data))
            continue;
          value = ld_member_profile_tab_format_answer (json_object_get_member (answers, iter->data), NULL);
          ld_member_tab_add_row (LD_MEMBER_TAB (self), self->form_group, iter->data, value);
        }
    }
}

static void
ld_member_profile_tab_fill_consents (LdMemberProfileTab *self,
                                     LdMember           *member)
{
  static const struct {
    const char *key;
    const char *title;
  } known[] = {
    { "offer", N_("Offer (the program's rules)") },
    { "personal_data", N_("Processing of personal data") },
    { "marketing", N_("Advertising mailings") },
  };
  JsonObject *consents = ld_member_get_consents (member);
  g_autoptr(GList) keys = consents != NULL ? json_object_get_members (consents) : NULL;

  if (keys == NULL)
    {
      ld_member_tab_add_row (LD_MEMBER_TAB (self), self->consents_group, _("No consent recorded"), NULL);
      return;
    }

  for (const GList *iter = keys; iter != NULL; iter = iter->next)
    {
      const char *key = iter->data;
      const char *title = key;
      g_autofree char *value = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        if (g_str_equal (known[i].key, key))
          title = _(known[i].title);

      value = ld_member_profile_tab_format_answer (json_object_get_member (consents, key), NULL);
      if (JSON_NODE_HOLDS_VALUE (json_object_get_member (consents, key)) &&
          json_node_get_value_type (json_object_get_member (consents, key)) == G_TYPE_BOOLEAN)
        {
          g_free (value);
          value = g_strdup (json_object_get_boolean_member (consents, key) ? _("Given") : _("Not given"));
        }
      else if (g_str_has_suffix (key, "_at"))
        {
          const char *when = json_node_get_string (json_object_get_member (consents, key));

          g_free (value);
          value = ld_format_datetime (when);
        }

      ld_member_tab_add_row (LD_MEMBER_TAB (self), self->consents_group, title, value);
    }
}

static void
ld_member_profile_tab_fill_merged (LdMemberProfileTab *self,
                                   LdMember           *member)
{
  GListModel *merged = ld_member_get_merged_members (member);
  guint n = merged != NULL ? g_list_model_get_n_items (merged) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdMember) other = g_list_model_get_item (merged, i);
      g_autofree char *name = NULL;

      name = g_strjoin (" ",
                        ld_member_get_last_name (other) ? ld_member_get_last_name (other) : "",
                        ld_member_get_first_name (other) ? ld_member_get_first_name (other) : "",
                        NULL);
      ld_member_tab_add_row (LD_MEMBER_TAB (self), self->merged_group, g_strstrip (name),
                                     ld_member_get_phone (other));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->merged_group), n > 0);
}

static void
ld_member_profile_tab_load (LdMemberTab *tab)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (tab);
  LdMember *member = ld_member_tab_get_member (tab);

  ld_member_tab_clear_rows (tab);
  ld_member_profile_tab_fill_form (self, member);
  ld_member_profile_tab_fill_consents (self, member);
  ld_member_profile_tab_fill_merged (self, member);

  ld_loadable_view_set_ready (self->view, FALSE);
}

static void
ld_member_profile_tab_class_init (LdMemberProfileTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  tab_class->load = ld_member_profile_tab_load;
  /* everything here comes with the profile, labelled by the config's form */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_ALWAYS;
  tab_class->config_reloads = TRUE;

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-profile-tab.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "phone_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "email_row", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, form_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, consents_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, merged_group);
  gtk_widget_class_bind_template_callback_full (widget_class, "format_contact",
                                                G_CALLBACK (ld_member_profile_tab_format_contact_cb));
}

static void
ld_member_profile_tab_init (LdMemberProfileTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
