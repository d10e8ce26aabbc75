/* ld-member-messages-tab.c — messages sent to the member, by channel, date and status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /members/{id}/messages?from=&to=&status=&channel=: the dates are calendar days
 * (inclusive), typed as YYYY-MM-DD; a date that is not one marks its entry and changes
 * nothing. The channels are the configuration's, with its labels.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ld-format.h"
#include "ld-member-messages-tab.h"
#include "ld-member-page.h"
#include "ld-member-tab-private.h"

struct _LdMemberMessagesTab
{
  LdMemberTab     parent_instance;

  LdLoadableView *view;
  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkDropDown    *status_dropdown;
  GtkDropDown    *channel_dropdown;

  GPtrArray      *channel_keys;   /* of the drop-down's items after "Any" */
  gboolean        filling;
  gboolean        follows_page;
};

G_DEFINE_FINAL_TYPE (LdMemberMessagesTab, ld_member_messages_tab, LD_TYPE_MEMBER_TAB)

static const char * const status_keys[] = { NULL, "sent", "delivered", "read", "failed" };

/* "" (no filter) or a real YYYY-MM-DD */
static gboolean
date_is_valid (const char *text)
{
  guint year, month, day;
  char end;

  if (text == NULL || *text == '\0')
    return TRUE;

  return sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) == 3 &&
         strlen (text) == 10 &&
         g_date_valid_dmy (day, month, year);
}

static void
ld_member_messages_tab_add_date (GHashTable *query,
                                 const char *key,
                                 GtkEntry   *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (text != NULL && *text != '\0' && date_is_valid (text))
    g_hash_table_insert (query, (char *)key, (char *)text);
}

static void
ld_member_messages_tab_load (LdMemberTab *tab)
{
  LdMemberMessagesTab *self = LD_MEMBER_MESSAGES_TAB (tab);
  g_autoptr(GHashTable) query = NULL;
  guint status, channel;

  query = g_hash_table_new (g_str_hash, g_str_equal);
  ld_member_messages_tab_add_date (query, "from", self->from_entry);
  ld_member_messages_tab_add_date (query, "to", self->to_entry);
  status = gtk_drop_down_get_selected (self->status_dropdown);
  if (status < G_N_ELEMENTS (status_keys) && status_keys[status] != NULL)
    g_hash_table_insert (query, (char *)"status", (char *)status_keys[status]);
  channel = gtk_drop_down_get_selected (self->channel_dropdown);
  if (channel != GTK_INVALID_LIST_POSITION && channel > 0 && channel <= self->channel_keys->len)
    g_hash_table_insert (query, (char *)"channel", g_ptr_array_index (self->channel_keys, channel - 1));

  ld_member_tab_load_list (tab, self->view, LD_MEMBER_HISTORY_MESSAGES, query);
}

static void
ld_member_messages_tab_query_changed_cb (LdMemberMessagesTab *self)
{
  gboolean valid = TRUE;
  GtkEntry *entries[2];

  g_assert (LD_IS_MEMBER_MESSAGES_TAB (self));

  if (self->filling)
    return;

  entries[0] = self->from_entry;
  entries[1] = self->to_entry;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      if (date_is_valid (gtk_editable_get_text (GTK_EDITABLE (entries[i]))))
        {
          gtk_widget_remove_css_class (GTK_WIDGET (entries[i]), "error");
          gtk_accessible_reset_state (GTK_ACCESSIBLE (entries[i]), GTK_ACCESSIBLE_STATE_INVALID);
        }
      else
        {
          gtk_widget_add_css_class (GTK_WIDGET (entries[i]), "error");
          gtk_accessible_update_state (GTK_ACCESSIBLE (entries[i]),
                                       GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                       -1);
          valid = FALSE;
        }
    }

  /* half-typed dates change nothing */
  if (!valid)
    return;

  ld_member_tab_reload (LD_MEMBER_TAB (self));
}

/* the channel drop-down: "Any", then the configuration's channels; the one chosen stays
 * chosen when the configuration comes again with it */
static void
ld_member_messages_tab_update (LdMemberTab *tab)
{
  LdMemberMessagesTab *self = LD_MEMBER_MESSAGES_TAB (tab);
  LdConfig *config = ld_member_tab_get_config (tab);
  JsonArray *channels = config != NULL ? ld_config_get_channels (config) : NULL;
  guint n = channels != NULL ? json_array_get_length (channels) : 0;
  guint selected = gtk_drop_down_get_selected (self->channel_dropdown);
  g_autofree char *chosen = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint new_selected = 0;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->channel_keys->len)
    chosen = g_strdup (g_ptr_array_index (self->channel_keys, selected - 1));

  g_ptr_array_set_size (self->channel_keys, 0);
  gtk_string_list_append (labels, C_("message channel", "Any"));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (channels, i);
      const char *key = NULL;
      g_autofree char *label = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        ld_json_get_string (json_node_get_object (node), "key", NULL, &key);
      else if (ld_json_node_holds (node, G_TYPE_STRING))
        key = json_node_get_string (node);
      if (key == NULL)
        continue;

      label = ld_format_option (channels, key);
      g_ptr_array_add (self->channel_keys, g_strdup (key));
      gtk_string_list_append (labels, label);
      if (g_strcmp0 (chosen, key) == 0)
        new_selected = self->channel_keys->len;
    }

  self->filling = TRUE;
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->channel_dropdown, new_selected);
  self->filling = FALSE;
}

/* the channels come with the configuration: a page that does not hand it to this tab
 * (its template binds only client and member) has it followed here */
static void
ld_member_messages_tab_root (GtkWidget *widget)
{
  LdMemberMessagesTab *self = LD_MEMBER_MESSAGES_TAB (widget);
  GtkWidget *page;

  GTK_WIDGET_CLASS (ld_member_messages_tab_parent_class)->root (widget);

  if (self->follows_page || ld_member_tab_get_config (LD_MEMBER_TAB (self)) != NULL)
    return;

  page = gtk_widget_get_ancestor (widget, LD_TYPE_MEMBER_PAGE);
  if (page == NULL)
    return;

  self->follows_page = TRUE;
  g_object_bind_property (page, "config", self, "config", G_BINDING_SYNC_CREATE);
}

static void
ld_member_messages_tab_finalize (GObject *object)
{
  LdMemberMessagesTab *self = (LdMemberMessagesTab *)object;

  g_clear_pointer (&self->channel_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_member_messages_tab_parent_class)->finalize (object);
}

static void
ld_member_messages_tab_class_init (LdMemberMessagesTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LdMemberTabClass *tab_class = LD_MEMBER_TAB_CLASS (klass);

  object_class->finalize = ld_member_messages_tab_finalize;
  widget_class->root = ld_member_messages_tab_root;

  tab_class->load = ld_member_messages_tab_load;
  tab_class->update = ld_member_messages_tab_update;
  /* a refreshed profile of the same member does not change its messages */
  tab_class->member_reload = LD_MEMBER_TAB_RELOAD_OTHER_MEMBER;

  g_type_ensure (LD_TYPE_MESSAGE);

  ld_member_tab_class_set_template (widget_class, "/org/loyaltydesk/Agent/profile/ld-member-messages-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, LdMemberMessagesTab, view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberMessagesTab, from_entry);
  gtk_widget_class_bind_template_child (widget_class, LdMemberMessagesTab, to_entry);
  gtk_widget_class_bind_template_child (widget_class, LdMemberMessagesTab, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdMemberMessagesTab, channel_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_messages_tab_query_changed_cb);
}

static void
ld_member_messages_tab_init (LdMemberMessagesTab *self)
{
  GtkDropDown *dropdowns[2];

  self->channel_keys = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* a screen reader reaches a drop-down's own button, which has no name of its own */
  dropdowns[0] = self->status_dropdown;
  dropdowns[1] = self->channel_dropdown;
  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdowns[i]));
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_TOGGLE_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        i == 0 ? _("Message status") : _("Message channel"),
                                        -1);
}
