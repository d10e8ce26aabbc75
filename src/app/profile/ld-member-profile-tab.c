/* ld-member-profile-tab.c — application-form answers, contacts, consents, family account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers are shown with the questions of the configured application form (GET
 * /config), in the form's order; answers to questions the form no longer has follow with
 * their keys. Everything comes with the profile the page fetched.
 *
 * Edit (Ctrl+E) turns the editable answers into rows of their type (ld-answer-editor.c):
 * Save (Ctrl+S) sends only what changed, with the member's version as If-Match; Escape
 * cancels. A refusal of one field marks its row and keeps everything typed. A version
 * conflict shows, field by field, the agent's value and the one saved meanwhile, and
 * Save stays off until the agent picked one for each. A Save whose answer was lost, pressed
 * again with nothing changed, goes under the same Idempotency-Key (LdRetryKey): the server
 * answers the save it made instead of a conflict with it.
 * The contact rows' Change… buttons identify the caller first (operations/contacts/).
 * After every change the page fetches the profile again ("member.reload").
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ld-answer-editor.h"
#include "ld-contact-operations.h"
#include "ld-format.h"
#include "ld-member-answers.h"
#include "ld-member-profile-tab.h"
#include "ld-member-tab-private.h"
#include "ld-operation-dialog.h"
#include "ld-retry-key.h"
#include "ld-weak-ref.h"

struct _LdMemberProfileTab
{
  LdMemberTab          parent_instance;

  LdLoadableView      *view;
  AdwPreferencesGroup *form_group;
  AdwPreferencesGroup *consents_group;
  AdwPreferencesGroup *merged_group;
  AdwPreferencesGroup *conflict_group;
  AdwPreferencesGroup *edit_group;
  GtkWidget           *edit_button;
  GtkWidget           *change_phone_button;
  GtkWidget           *change_email_button;
  GtkWidget           *save_button;
  GtkSpinner          *save_spinner;
  GtkLabel            *edit_error_label;

  LdAnswerEditor      *editor;         /* while editing */
  GCancellable        *save_cancellable;
  LdRetryKey           save_key;       /* a Save whose answer was lost goes again under it */
  gint64               edit_member_id;
  gint64               edit_version;   /* the member's version the editor started from */
  gboolean             editing;
  gboolean             saving;
};

G_DEFINE_FINAL_TYPE (LdMemberProfileTab, ld_member_profile_tab, LD_TYPE_MEMBER_TAB)

enum {
  PROP_0,
  PROP_EDITING,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ld_member_profile_tab_update_actions (LdMemberProfileTab *self);

static char *
ld_member_profile_tab_format_contact_cb (gpointer    this_object,
                                         const char *contact)
{
  if (contact == NULL || *contact == '\0')
    return g_strdup (_("Not given"));

  return g_strdup (contact);
}

static void
ld_member_profile_tab_add_answer_cb (JsonObject *field,
                                     const char *key,
                                     const char *label,
                                     JsonNode   *answer,
                                     gpointer    user_data)
{
  LdMemberProfileTab *self = user_data;
  LdMember *member = ld_member_tab_get_member (LD_MEMBER_TAB (self));
  g_autoptr(JsonNode) fallback = NULL;
  g_autofree char *value = NULL;

  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  if (field != NULL && (answer == NULL || JSON_NODE_HOLDS_NULL (answer)))
    {
      const char *from_member = ld_member_answers_get_member_field (member, key);

      if (from_member != NULL && *from_member != '\0')
        {
          fallback = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (fallback, from_member);
          answer = fallback;
        }
    }

  value = ld_member_answers_format (answer, field);
  ld_member_tab_add_row (LD_MEMBER_TAB (self), self->form_group, label, value);
}

/* the answers with the form's questions, then those to questions it does not ask (any more) */
static void
ld_member_profile_tab_fill_form (LdMemberProfileTab *self,
                                 LdMember           *member)
{
  LdConfig *config = ld_member_tab_get_config (LD_MEMBER_TAB (self));

  ld_member_answers_foreach (config != NULL ? ld_config_get_application_form (config) : NULL,
                             ld_member_get_answers (member),
                             ld_member_profile_tab_add_answer_cb, self);
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

      value = ld_member_answers_format (json_object_get_member (consents, key), NULL);
      if (ld_json_node_holds (json_object_get_member (consents, key), G_TYPE_BOOLEAN))
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

/* ---- the editing */

static void
ld_member_profile_tab_set_edit_error (LdMemberProfileTab *self,
                                      const char         *message)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  gtk_label_set_label (self->edit_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->edit_error_label), message != NULL);
}

static void
ld_member_profile_tab_set_editing (LdMemberProfileTab *self,
                                   gboolean            editing)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  if (self->editing == editing)
    return;

  self->editing = editing;
  gtk_widget_set_visible (GTK_WIDGET (self->form_group), !editing);
  gtk_widget_set_visible (GTK_WIDGET (self->edit_group), editing);
  ld_member_profile_tab_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING]);
}

static void
ld_member_profile_tab_set_saving (LdMemberProfileTab *self,
                                  gboolean            saving)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  if (self->saving == saving)
    return;

  self->saving = saving;
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), saving);
  gtk_spinner_set_spinning (self->save_spinner, saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_group), TRUE);
  if (self->editor != NULL)
    ld_answer_editor_set_sensitive (self->editor, !saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conflict_group), !saving);
  ld_member_profile_tab_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

/* back to showing: the editor's rows go, and what was typed with them */
static void
ld_member_profile_tab_stop_editing (LdMemberProfileTab *self)
{
  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  ld_member_profile_tab_set_saving (self, FALSE);
  ld_member_profile_tab_set_edit_error (self, NULL);
  /* its rows go with it */
  g_clear_object (&self->editor);

  ld_member_profile_tab_set_editing (self, FALSE);
}

static void
ld_member_profile_tab_edit_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (widget);
  LdMember *member = ld_member_tab_get_member (LD_MEMBER_TAB (self));
  LdConfig *config = ld_member_tab_get_config (LD_MEMBER_TAB (self));
  JsonArray *form = config != NULL ? ld_config_get_application_form (config) : NULL;

  if (self->editing || member == NULL || form == NULL)
    return;

  self->edit_member_id = ld_member_get_id (member);
  self->edit_version = ld_member_get_version (member);
  self->editor = ld_answer_editor_new (self->edit_group, self->conflict_group, form, member);
  g_signal_connect_object (self->editor, "changed",
                           G_CALLBACK (ld_member_profile_tab_update_actions), self, G_CONNECT_SWAPPED);

  ld_member_profile_tab_set_editing (self, TRUE);
  ld_answer_editor_grab_focus (self->editor);
}

static void
ld_member_profile_tab_cancel_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (widget);

  if (!self->editing)
    return;

  ld_member_profile_tab_stop_editing (self);
  gtk_widget_grab_focus (self->edit_button);
}

static void
ld_member_profile_tab_save_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  LdClient *client = LD_CLIENT (object);
  g_autoptr(LdMemberProfileTab) self = ld_weak_ref_steal (user_data);
  g_autoptr(LdMember) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = ld_client_update_member_answers_finish (client, result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ld_member_profile_tab_set_saving (self, FALSE);
  ld_retry_key_answered (&self->save_key, saved == NULL && ld_client_result_outcome_unknown (result, error));

  if (saved != NULL)
    {
      ld_member_profile_tab_stop_editing (self);
      gtk_widget_grab_focus (self->edit_button);
      /* the page fetches the profile again: the header and the Actions tab show it */
      gtk_widget_activate_action (GTK_WIDGET (self), "member.reload", NULL);
      return;
    }

  if (g_error_matches (error, LD_ERROR, LD_ERROR_VERSION_CONFLICT))
    {
      JsonObject *details = ld_client_result_get_error_details (result);
      JsonObject *current = NULL;
      JsonObject *answers = NULL;
      gint64 version = 0;

      if (details != NULL && ld_json_get_object (details, "current", NULL, &current) && current != NULL)
        {
          ld_json_get_object (current, "answers", NULL, &answers);
          ld_json_get_int (current, "version", 0, &version);
        }
      ld_member_profile_tab_set_edit_error (self, error->message);
      if (version > 0)
        self->edit_version = version;
      ld_answer_editor_show_conflict (self->editor, answers);
      return;
    }

  if (g_error_matches (error, LD_ERROR, LD_ERROR_INVALID_FIELD))
    {
      const char *field = ld_client_result_get_error_field (result);
      g_autofree char *refusal = NULL;

      if (field != NULL && g_str_has_prefix (field, "answers."))
        refusal = ld_answer_editor_mark_field (self->editor, field + strlen ("answers."), error->message);
      if (refusal != NULL)
        {
          ld_member_profile_tab_set_edit_error (self, refusal);
          return;
        }
    }

  ld_member_profile_tab_set_edit_error (self, error->message);
}

static void
ld_member_profile_tab_save_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (widget);
  LdMember *member = ld_member_tab_get_member (LD_MEMBER_TAB (self));
  g_autoptr(JsonObject) answers = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *answers_text = NULL;
  g_autofree char *request = NULL;

  if (!self->editing || self->saving || member == NULL)
    return;

  ld_member_profile_tab_set_edit_error (self, NULL);

  answers = ld_answer_editor_dup_changes (self->editor, &refusal);
  if (answers == NULL)
    {
      ld_member_profile_tab_set_edit_error (self, refusal);
      return;
    }
  if (json_object_get_size (answers) == 0)
    return;

  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  /* the same answers from the same version after a lost answer: the same request, which
   * the server may have saved; under its first key it answers that rather than a conflict
   * with itself */
  answers_text = ld_json_object_to_string (answers);
  request = g_strdup_printf ("%" G_GINT64_FORMAT " %s", self->edit_version, answers_text);

  ld_member_profile_tab_set_saving (self, TRUE);
  ld_client_update_member_answers_async (ld_member_tab_get_client (LD_MEMBER_TAB (self)),
                                         ld_member_get_id (member),
                                         self->edit_version,
                                         answers,
                                         ld_retry_key_take (&self->save_key, request, NULL),
                                         self->save_cancellable,
                                         ld_member_profile_tab_save_cb,
                                         ld_weak_ref_new (self));
}

/* ---- the contacts */

static void
ld_member_profile_tab_change_phone_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  LdMemberTab *tab = LD_MEMBER_TAB (widget);

  if (ld_member_tab_get_member (tab) != NULL)
    ld_contact_operations_change_phone (widget, ld_member_tab_get_client (tab), ld_member_tab_get_member (tab));
}

static void
ld_member_profile_tab_change_email_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  LdMemberTab *tab = LD_MEMBER_TAB (widget);

  if (ld_member_tab_get_member (tab) != NULL)
    ld_contact_operations_change_email (widget, ld_member_tab_get_client (tab), ld_member_tab_get_member (tab));
}

static void
ld_member_profile_tab_follow_right (LdMemberProfileTab *self,
                                    GtkWidget          *button,
                                    const char         *right,
                                    const char         *tooltip)
{
  LdClient *client = ld_member_tab_get_client (LD_MEMBER_TAB (self));
  g_autofree char *missing = NULL;

  if (client == NULL || !ld_client_has_right (client, right))
    {
      missing = ld_operation_dup_missing_right (right);
      tooltip = missing;
    }
  ld_operation_set_tooltip (button, tooltip);
}

static void
ld_member_profile_tab_update_actions (LdMemberProfileTab *self)
{
  LdMemberTab *tab = LD_MEMBER_TAB (self);
  LdClient *client = ld_member_tab_get_client (tab);
  LdMember *member = ld_member_tab_get_member (tab);
  LdConfig *config = ld_member_tab_get_config (tab);
  gboolean has_member = client != NULL && member != NULL;
  gboolean can_contacts = has_member && ld_client_has_right (client, LD_RIGHT_MEMBER_CHANGE_CONTACTS);
  gboolean can_save = FALSE;

  g_assert (LD_IS_MEMBER_PROFILE_TAB (self));

  if (self->editing && !self->saving && self->editor != NULL)
    can_save = ld_answer_editor_get_can_save (self->editor);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.edit",
                                 has_member && !self->editing && config != NULL &&
                                 ld_client_has_right (client, LD_RIGHT_MEMBER_EDIT));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.cancel", self->editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.change-phone", can_contacts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.change-email", can_contacts);

  ld_member_profile_tab_follow_right (self, self->edit_button, LD_RIGHT_MEMBER_EDIT,
                                      _("Edit the application form's answers (Ctrl+E)"));
  ld_member_profile_tab_follow_right (self, self->change_phone_button, LD_RIGHT_MEMBER_CHANGE_CONTACTS,
                                      _("Change the phone after identifying the caller"));
  ld_member_profile_tab_follow_right (self, self->change_email_button, LD_RIGHT_MEMBER_CHANGE_CONTACTS,
                                      _("Change the e-mail after identifying the caller"));
}

static void
ld_member_profile_tab_update (LdMemberTab *tab)
{
  ld_member_profile_tab_update_actions (LD_MEMBER_PROFILE_TAB (tab));
}

static void
ld_member_profile_tab_load (LdMemberTab *tab)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (tab);
  LdMember *member = ld_member_tab_get_member (tab);

  /* what the agent is typing stays; another member's profile ends it */
  if (self->editing && ld_member_get_id (member) != self->edit_member_id)
    ld_member_profile_tab_stop_editing (self);

  ld_member_tab_clear_rows (tab);
  ld_member_profile_tab_fill_form (self, member);
  ld_member_profile_tab_fill_consents (self, member);
  ld_member_profile_tab_fill_merged (self, member);

  ld_loadable_view_set_ready (self->view, FALSE);
}

static void
ld_member_profile_tab_dispose (GObject *object)
{
  LdMemberProfileTab *self = (LdMemberProfileTab *)object;

  g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  ld_retry_key_clear (&self->save_key);
  /* while the groups its rows are in are still there */
  g_clear_object (&self->editor);

  G_OBJECT_CLASS (ld_member_profile_tab_parent_class)->dispose (object);
}

static void
ld_member_profile_tab_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LdMemberProfileTab *self = LD_MEMBER_PROFILE_TAB (object);

  switch (prop_id)
    {
    case PROP_EDITING:
      g_value_set_boolean (value, self->editing);
      break;

    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_member_profile_tab_class_init (LdMemberProfileTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  object_class->dispose = ld_member_profile_tab_dispose;
  object_class->get_property = ld_member_profile_tab_get_property;

  tab_class->load = ld_member_profile_tab_load;
  tab_class->update = ld_member_profile_tab_update;
  /* everything here comes with the profile, labelled by the config's form */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_ALWAYS;
  tab_class->config_reloads = TRUE;

  /* the answers are being edited */
  properties[PROP_EDITING] =
    g_param_spec_boolean ("editing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* a save is on its way to the server */
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-profile-tab.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "phone_row", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "email_row", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, form_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, consents_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, merged_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, conflict_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, edit_group);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, edit_button);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, change_phone_button);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, change_email_button);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, save_button);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, LdMemberProfileTab, edit_error_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "format_contact",
                                                G_CALLBACK (ld_member_profile_tab_format_contact_cb));

  gtk_widget_class_install_action (widget_class, "profile.edit", NULL, ld_member_profile_tab_edit_action);
  gtk_widget_class_install_action (widget_class, "profile.save", NULL, ld_member_profile_tab_save_action);
  gtk_widget_class_install_action (widget_class, "profile.cancel", NULL, ld_member_profile_tab_cancel_action);
  gtk_widget_class_install_action (widget_class, "profile.change-phone", NULL,
                                   ld_member_profile_tab_change_phone_action);
  gtk_widget_class_install_action (widget_class, "profile.change-email", NULL,
                                   ld_member_profile_tab_change_email_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "profile.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "profile.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "profile.cancel", NULL);
}

static void
ld_member_profile_tab_init (LdMemberProfileTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ld_member_profile_tab_update_actions (self);
}
