/* test-profile-edit.c — the member's own data changed from the Profile tab, with the keys
 *
 * An LdMemberPage of a demo member in a window under Xvfb against the real server; the
 * keys go through the X server (xdotool), the server is read back over HTTP. The editor
 * of the application form's answers (a refusal kept, a conflict made by a second client
 * resolved field by field, a Save whose answer was lost saved once when pressed again),
 * Change Phone with the code read from the outbox, Change E-mail, Send New Password. Screenshots go to $LD_SCREENSHOT_DIR/profile-edit*.png and
 * contact-*.png (-ru.png with LD_TEST_LOCALEDIR and LANGUAGE=ru).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-loadable-view.h"
#include "ld-member-page.h"
#include "ld-member-profile-tab.h"
#include "ld-operation-dialog.h"
#include "ld-test-proxy.h"
#include "ld-test-server.h"
#include "ld-test-ui.h"

#define N_MEMBERS 30
#define MEMBER_PASSWORD "demo1234"

/* how many Tabs reach any field of the editor at most: more is a focus chain gone wrong */
#define MAX_TAB_PRESSES 60

static LdTestServer *server;
static char *supervisor_token;
static gboolean in_russian;

/* ---- the server, read back over HTTP */

static JsonNode *
server_get_member (gint64 member_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT, member_id);

  return ld_test_server_expect (server, "GET", path, supervisor_token, NULL, NULL, 200);
}

static char *
server_member_text (gint64      member_id,
                    const char *path)
{
  g_autoptr(JsonNode) member = server_get_member (member_id);

  return g_strdup (ld_test_json_string (member, path));
}

/* the members a search by @name finds */
static gint64
server_search_total (const char *name,
                     const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/members?%s=%s", name, escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, supervisor_token, NULL, NULL, 200);

  return ld_test_json_int (page, "total");
}

/* the outbox's texts to @to, newest first */
static GPtrArray *
server_outbox_texts (const char *to)
{
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  g_autofree char *path = strchr (to, '@') != NULL ? g_strdup ("/api/v1/outbox?limit=500")
                          : g_strdup_printf ("/api/v1/outbox?phone=%s&limit=500", escaped);
  g_autoptr(JsonNode) page = ld_test_server_expect (server, "GET", path, supervisor_token, NULL, NULL, 200);
  JsonArray *items = json_node_get_array (ld_test_json_path (page, "items"));
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (item, "to", NULL), to) == 0)
        g_ptr_array_add (texts, g_strdup (json_object_get_string_member_with_default (item, "text", "")));
    }

  return texts;
}

/* the last word of the newest text to @to: the code */
static char *
server_last_word_sent_to (const char *to)
{
  g_autoptr(GPtrArray) texts = server_outbox_texts (to);
  const char *text;
  const char *space;
  g_autofree char *word = NULL;

  g_assert_cmpuint (texts->len, >, 0);
  text = g_ptr_array_index (texts, 0);
  space = strrchr (text, ' ');
  word = g_strdup (space != NULL ? space + 1 : text);

  return g_strdup (g_strstrip (g_strdelimit (word, ".", ' ')));
}

/* ---- the keyboard */

/* without a window manager every window opens at the screen's corner, a dialog over
 * the main window: the keys go to what is under the pointer there */
static void
send_keys (const char *command,
           const char *keys)
{
  ld_test_ui_send_keys (120, 120, command, keys);
}

/* types @text into the focused field @editable, until it holds it */
static void
type_text (GtkEditable *editable,
           const char  *text)
{
  send_keys ("type", text);
  ld_test_ui_wait_for (g_strcmp0 (gtk_editable_get_text (editable), text) == 0);
}

/* replaces the text of the focused field by @text, typed */
static void
retype (GtkEditable *editable,
        const char  *text)
{
  send_keys ("key", "ctrl+a");
  send_keys ("key", "BackSpace");
  ld_test_ui_wait_for (gtk_editable_get_text (editable)[0] == '\0');
  if (*text != '\0')
    type_text (editable, text);
}

/* ---- the page */

typedef struct
{
  GtkWindow    *window;
  LdMemberPage *page;
  LdClient     *client;
  GtkWidget    *tab;
} Fixture;

static void
fixture_open (Fixture  *fixture,
              LdClient *client,
              gint64    member_id)
{
  AdwViewStack *stack;

  fixture->client = client;
  fixture->page = ld_test_ui_member_page_open (client, member_id, 1000, 760, &fixture->window);
  ld_test_ui_wait_for (ld_test_ui_member_page_ready (fixture->page));

  stack = ADW_VIEW_STACK (ld_test_ui_template_child (fixture->page, LD_TYPE_MEMBER_PAGE, "stack"));
  adw_view_stack_set_visible_child_name (stack, "profile");
  fixture->tab = ld_test_ui_member_page_tab (fixture->page, "profile");
  ld_test_ui_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_close (Fixture *fixture)
{
  ld_test_ui_member_page_close (fixture->window, &fixture->page, fixture->client);
}

static GtkWidget *
tab_child (Fixture    *fixture,
           const char *name)
{
  return ld_test_ui_template_child (fixture->tab, LD_TYPE_MEMBER_PROFILE_TAB, name);
}

static gboolean
tab_bool (Fixture    *fixture,
          const char *property)
{
  gboolean value = FALSE;

  g_object_get (fixture->tab, property, &value, NULL);
  return value;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name)) != NULL)
        return found;
    }

  return NULL;
}

/* the editor's row of the answer @key */
static GtkWidget *
edit_row (Fixture    *fixture,
          const char *key)
{
  GtkWidget *row = find_named (tab_child (fixture, "edit_group"), key);

  g_assert_nonnull (row);
  return row;
}

/* the focus in the tab, then Ctrl+E: the editor */
static void
open_editor (Fixture *fixture)
{
  GtkWidget *edit_button = tab_child (fixture, "edit_button");

  gtk_window_present (fixture->window);
  ld_test_ui_wait_for (gtk_widget_grab_focus (edit_button) && ld_test_ui_focus_is_in (edit_button));
  send_keys ("key", "ctrl+e");
  ld_test_ui_wait_for (tab_bool (fixture, "editing"));
  ld_test_ui_wait_for_frame (GTK_WIDGET (fixture->window));
}

/* Ctrl+S and the answer */
static void
press_save (Fixture *fixture)
{
  send_keys ("key", "ctrl+s");
  ld_test_ui_wait_for (tab_bool (fixture, "saving") || !tab_bool (fixture, "editing"));
  ld_test_ui_wait_for (!tab_bool (fixture, "saving"));
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, in_russian ? "-ru" : "");

  ld_test_ui_wait_for_frame (widget);
  ld_test_ui_save_screenshot (widget, file);
}

/* the next dialog of a flow, once shown and not @previous */
static LdOperationDialog *
wait_dialog (gpointer previous)
{
  LdOperationDialog *dialog;

  ld_test_ui_wait_for ((dialog = ld_test_ui_find_operation_dialog ()) != NULL && (gpointer) dialog != previous &&
                       gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  ld_test_ui_wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

/* the field of @type (an entry, a password entry) in @dialog's own part, once it has the
 * focus, as the dialog gives it on opening */
static GtkEditable *
dialog_entry (LdOperationDialog *dialog,
              GType              type)
{
  GtkWidget *entry = ld_test_ui_find_descendant (ld_operation_dialog_get_extra_child (dialog), type);

  g_assert_nonnull (entry);
  ld_test_ui_wait_for (ld_test_ui_focus_is_in (entry));
  return GTK_EDITABLE (entry);
}

/* the agent's way to a tab's button: focus it, press Enter; the dialog it opens */
static LdOperationDialog *
press_tab_button (Fixture    *fixture,
                  const char *name)
{
  GtkWidget *button = tab_child (fixture, name);

  gtk_window_present (fixture->window);
  ld_test_ui_wait_for (gtk_widget_grab_focus (button) && ld_test_ui_focus_is_in (button));
  send_keys ("key", "Return");
  return wait_dialog (NULL);
}

/* Enter in @dialog and its answer: an error kept in it */
static void
submit_refused (LdOperationDialog *dialog)
{
  g_assert_true (ld_operation_dialog_get_can_submit (dialog));
  send_keys ("key", "Return");
  ld_test_ui_wait_for (ld_operation_dialog_get_busy (dialog));
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (dialog));
  g_assert_nonnull (ld_operation_dialog_get_error (dialog));
}

/* Enter in @dialog and its answer: the dialog closed */
static void
submit_done (LdOperationDialog *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (ld_operation_dialog_get_can_submit (dialog));
  send_keys ("key", "Return");
  /* an error of an earlier submit is there until this one starts */
  ld_test_ui_wait_for (dialog == NULL || ld_operation_dialog_get_busy (dialog));
  ld_test_ui_wait_for (dialog == NULL || (!ld_operation_dialog_get_busy (dialog) &&
                                          ld_operation_dialog_get_error (dialog) != NULL));
  if (dialog != NULL)
    g_error ("the server refused: %s", ld_operation_dialog_get_error (dialog));
}

/* the page fetched the profile again after a change */
static void
wait_reloaded (Fixture  *fixture,
               LdMember *before)
{
  ld_test_ui_wait_for (ld_member_page_get_member (fixture->page) != before && ld_test_ui_member_page_ready (fixture->page));
}

/* ---- the tests */

/* Ctrl+E, a few answers typed, a required one emptied: the refusal marks its row and
 * keeps what was typed; typed again, Ctrl+S saves only what changed */
static void
test_edit_answers (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  GtkWidget *city, *last_name, *children, *spin, *fixed;
  gint64 member_id = in_russian ? 12 : 2;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  before = server_get_member (member_id);
  fixture_open (&fixture, client, member_id);
  open_editor (&fixture);

  /* what cannot change says why; the contacts are changed elsewhere */
  fixed = ld_test_ui_find_descendant (tab_child (&fixture, "edit_group"), ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (fixed);
  g_assert_null (find_named (tab_child (&fixture, "edit_group"), "birth_date"));
  g_assert_null (find_named (tab_child (&fixture, "edit_group"), "email"));
  g_assert_false (gtk_widget_get_visible (tab_child (&fixture, "form_group")));

  city = edit_row (&fixture, "city");
  ld_test_ui_tab_to (city, MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (city), "Tver");

  children = edit_row (&fixture, "children");
  spin = ld_test_ui_find_descendant (children, GTK_TYPE_SPIN_BUTTON);
  ld_test_ui_tab_to (spin, MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (spin), "3");
  send_keys ("key", "Tab");
  ld_test_ui_wait_for (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)) == 3);

  /* a required answer emptied: refused, its row marked, everything typed kept */
  last_name = edit_row (&fixture, "last_name");
  ld_test_ui_tab_to (last_name, MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (last_name), "");
  screenshot (GTK_WIDGET (fixture.window), "profile-edit");
  press_save (&fixture);
  g_assert_true (tab_bool (&fixture, "editing"));
  g_assert_true (gtk_widget_has_css_class (last_name, "error"));
  g_assert_true (gtk_widget_get_visible (tab_child (&fixture, "edit_error_label")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (city)), ==, "Tver");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 3);
  after = server_get_member (member_id);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version"));
  screenshot (GTK_WIDGET (fixture.window), "profile-edit-refused");
  g_clear_pointer (&after, json_node_unref);

  /* typed again: the mark goes, and Ctrl+S saves */
  ld_test_ui_tab_to (last_name, MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (last_name), "Smirnova");
  g_assert_false (gtk_widget_has_css_class (last_name, "error"));
  press_save (&fixture);
  ld_test_ui_wait_for (!tab_bool (&fixture, "editing"));
  g_assert_true (gtk_widget_get_visible (tab_child (&fixture, "form_group")));

  after = server_get_member (member_id);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version") + 1);
  g_assert_cmpstr (ld_test_json_string (after, "answers.city"), ==, "Tver");
  g_assert_cmpint (ld_test_json_int (after, "answers.children"), ==, 3);
  g_assert_cmpstr (ld_test_json_string (after, "answers.last_name"), ==, "Smirnova");
  /* what the agent did not touch stays as it was */
  g_assert_cmpstr (ld_test_json_string (after, "answers.first_name"), ==, ld_test_json_string (before, "answers.first_name"));
  g_assert_cmpstr (ld_test_json_string (after, "birth_date"), ==, ld_test_json_string (before, "birth_date"));

  /* the page fetched the profile again */
  ld_test_ui_wait_for (ld_member_get_version (ld_member_page_get_member (fixture.page)) ==
                       ld_test_json_int (after, "version"));

  /* Escape leaves the editor without sending anything */
  open_editor (&fixture);
  ld_test_ui_tab_to (edit_row (&fixture, "city"), MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (edit_row (&fixture, "city")), "Nowhere");
  send_keys ("key", "Escape");
  ld_test_ui_wait_for (!tab_bool (&fixture, "editing"));
  g_clear_pointer (&after, json_node_unref);
  after = server_get_member (member_id);
  g_assert_cmpstr (ld_test_json_string (after, "answers.city"), ==, "Tver");

  fixture_close (&fixture);
}

/* Save reaches the server, its answer does not come back (the connection breaks): the
 * editor stays with what was typed and says why; Save again sends the same answers
 * under the same key, and the server answers the save it made (not a version conflict
 * with it): saved once. Through the save action, no keys needed. */
static void
test_edit_lost_answer (void)
{
  g_autoptr(LdTestProxy) proxy = ld_test_proxy_new (ld_test_server_get_url (server));
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_proxy_get_url (proxy), "agent");
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *path = NULL;
  gint64 member_id = in_russian ? 19 : 9;
  GtkWidget *city;
  Fixture fixture;

  before = server_get_member (member_id);
  fixture_open (&fixture, client, member_id);
  gtk_widget_activate_action (fixture.tab, "profile.edit", NULL);
  ld_test_ui_wait_for (tab_bool (&fixture, "editing"));
  city = edit_row (&fixture, "city");
  gtk_editable_set_text (GTK_EDITABLE (city), "Pskov");

  path = g_strdup_printf ("/members/%" G_GINT64_FORMAT, member_id);
  ld_test_proxy_lose_next_answer (proxy, path, 0);
  gtk_widget_activate_action (fixture.tab, "profile.save", NULL);
  ld_test_ui_wait_for (tab_bool (&fixture, "saving"));
  ld_test_ui_wait_for (!tab_bool (&fixture, "saving"));
  g_assert_true (tab_bool (&fixture, "editing"));
  g_assert_true (gtk_widget_get_visible (tab_child (&fixture, "edit_error_label")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (city)), ==, "Pskov");
  /* the server did save it */
  after = server_get_member (member_id);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version") + 1);
  g_clear_pointer (&after, json_node_unref);

  gtk_widget_activate_action (fixture.tab, "profile.save", NULL);
  ld_test_ui_wait_for (!tab_bool (&fixture, "saving") && !tab_bool (&fixture, "editing"));
  ld_test_proxy_assert_retried_with_same_key (proxy, path);
  after = server_get_member (member_id);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version") + 1);
  g_assert_cmpstr (ld_test_json_string (after, "answers.city"), ==, "Pskov");

  fixture_close (&fixture);
}

/* a second client saves while the editor is open: Save shows both values of every field
 * both changed, sends nothing until the agent picked each, then saves against the new
 * version exactly what was picked */
static void
test_edit_conflict (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *path = NULL;
  g_autofree char *if_match = NULL;
  gint64 member_id = in_russian ? 13 : 3;
  GtkWidget *city, *middle, *mine, *theirs;
  GtkWidget *conflict_group;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  before = server_get_member (member_id);
  fixture_open (&fixture, client, member_id);
  open_editor (&fixture);

  city = edit_row (&fixture, "city");
  ld_test_ui_tab_to (city, MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (city), "Omsk");
  middle = edit_row (&fixture, "middle_name");
  ld_test_ui_tab_to (middle, MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (middle), "Mine");
  ld_test_ui_tab_to (edit_row (&fixture, "first_name"), MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (edit_row (&fixture, "first_name")), "Anna");

  /* meanwhile a supervisor saves city and middle name (and nothing of the first name) */
  path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT, member_id);
  if_match = g_strdup_printf ("%" G_GINT64_FORMAT, ld_test_json_int (before, "version"));
  other = ld_test_server_expect (server, "PATCH", path, supervisor_token,
                                 "{\"answers\":{\"city\":\"Kazan\",\"middle_name\":\"Theirs\"}}",
                                 (const char * const[]) { "If-Match", if_match, NULL }, 200);

  press_save (&fixture);
  conflict_group = tab_child (&fixture, "conflict_group");
  g_assert_true (gtk_widget_get_visible (conflict_group));
  g_assert_true (tab_bool (&fixture, "editing"));
  /* nothing is sent before the agent picked for every field */
  g_assert_false (gtk_widget_is_sensitive (tab_child (&fixture, "save_button")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (city)), ==, "Omsk");
  screenshot (GTK_WIDGET (fixture.window), "profile-edit-conflict");

  /* the city: theirs; the middle name: the agent's */
  {
    GtkWidget *checks[4] = { NULL, };
    guint n = 0;
    GtkWidget *listbox = ld_test_ui_find_descendant (conflict_group, GTK_TYPE_LIST_BOX);

    for (GtkWidget *row = gtk_widget_get_first_child (listbox); row != NULL; row = gtk_widget_get_next_sibling (row))
      {
        GtkWidget *check = ld_test_ui_find_descendant (row, GTK_TYPE_CHECK_BUTTON);

        if (check != NULL && n < G_N_ELEMENTS (checks))
          checks[n++] = check;
      }
    /* two fields, each mine then theirs, in the form's order: middle name, then city */
    g_assert_cmpuint (n, ==, 4);
    mine = checks[0];
    theirs = checks[3];
    g_assert_cmpstr (gtk_widget_get_name (mine), ==, "mine");
    g_assert_cmpstr (gtk_widget_get_name (theirs), ==, "theirs");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (theirs, ADW_TYPE_ACTION_ROW))),
                     ==, "Kazan");
  }
  ld_test_ui_tab_to (mine, MAX_TAB_PRESSES);
  send_keys ("key", "space");
  ld_test_ui_wait_for (gtk_check_button_get_active (GTK_CHECK_BUTTON (mine)));
  g_assert_false (gtk_widget_is_sensitive (tab_child (&fixture, "save_button")));
  ld_test_ui_tab_to (theirs, MAX_TAB_PRESSES);
  send_keys ("key", "space");
  ld_test_ui_wait_for (gtk_check_button_get_active (GTK_CHECK_BUTTON (theirs)));
  /* the value saved meanwhile is in the editor now */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (city)), ==, "Kazan");
  ld_test_ui_wait_for (gtk_widget_is_sensitive (tab_child (&fixture, "save_button")));

  press_save (&fixture);
  ld_test_ui_wait_for (!tab_bool (&fixture, "editing"));

  after = server_get_member (member_id);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (other, "version") + 1);
  g_assert_cmpstr (ld_test_json_string (after, "answers.city"), ==, "Kazan");
  g_assert_cmpstr (ld_test_json_string (after, "answers.middle_name"), ==, "Mine");
  g_assert_cmpstr (ld_test_json_string (after, "answers.first_name"), ==, "Anna");

  fixture_close (&fixture);
}

/* Change Phone: a wrong password kept in the dialog, the right one, the new number, a
 * wrong code; Send Again refused in the cool-down and then sent, the first code refused
 * after it, the new one from the outbox taken; search finds the new phone and not the
 * old one */
static void
test_change_phone (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autofree char *old_phone = NULL;
  g_autofree char *new_phone = NULL;
  g_autofree char *code = NULL;
  gint64 member_id = in_russian ? 14 : 4;
  const char *typed_phone = in_russian ? "+7 999 000-14-14" : "+7 999 000-04-04";
  LdOperationDialog *identify, *phone, *confirm;
  GtkEditable *entry;
  LdMember *before;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  old_phone = server_member_text (member_id, "phone");
  fixture_open (&fixture, client, member_id);
  before = ld_member_page_get_member (fixture.page);

  /* the Change… button of the phone row, by Enter */
  identify = press_tab_button (&fixture, "change_phone_button");

  /* the agent has no right to identify by personal data: insensitive, saying why */
  entry = dialog_entry (identify, GTK_TYPE_PASSWORD_ENTRY);
  g_assert_false (gtk_widget_get_sensitive (ld_test_ui_find_descendant (ld_operation_dialog_get_extra_child (identify),
                                                             GTK_TYPE_CHECK_BUTTON)));
  type_text (entry, "wrong-one");
  submit_refused (identify);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "wrong-one");
  screenshot (GTK_WIDGET (identify), "contact-identify");
  ld_test_ui_tab_to (GTK_WIDGET (entry), MAX_TAB_PRESSES);
  retype (entry, MEMBER_PASSWORD);
  submit_done (identify);

  phone = wait_dialog (identify);
  entry = dialog_entry (phone, GTK_TYPE_ENTRY);
  type_text (entry, typed_phone);
  screenshot (GTK_WIDGET (phone), "contact-phone");
  submit_done (phone);

  confirm = wait_dialog (phone);
  entry = dialog_entry (confirm, GTK_TYPE_ENTRY);
  /* a wrong code: refused in the dialog */
  type_text (entry, "000000");
  submit_refused (confirm);
  screenshot (GTK_WIDGET (confirm), "contact-code");

  /* the code sent to the new number */
  {
    g_autofree char *digits = g_strdup (typed_phone);
    char *w = digits;

    for (const char *r = typed_phone; *r != '\0'; r++)
      if (g_ascii_isdigit (*r) || *r == '+')
        *w++ = *r;
    *w = '\0';
    new_phone = g_strdup (digits);
    code = server_last_word_sent_to (new_phone);
  }
  /* Send Again at once: the server's cool-down, said under the button */
  {
    GtkWidget *resend = find_named (GTK_WIDGET (confirm), "send-again");
    GtkWidget *answer = find_named (GTK_WIDGET (confirm), "send-again-answer");
    g_autoptr(GPtrArray) first_texts = server_outbox_texts (new_phone);
    g_autoptr(GPtrArray) again_texts = NULL;
    g_autofree char *old_code = g_steal_pointer (&code);

    g_assert_nonnull (resend);
    g_assert_nonnull (answer);
    g_assert_false (gtk_widget_get_visible (answer));
    ld_test_ui_tab_to (resend, MAX_TAB_PRESSES);
    send_keys ("key", "Return");
    ld_test_ui_wait_for (gtk_widget_get_visible (answer) && gtk_widget_get_sensitive (resend));
    g_assert_true (gtk_widget_has_css_class (answer, "error"));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (answer)), !=, "");
    if (in_russian)
      g_assert_true (ld_test_has_cyrillic (gtk_label_get_text (GTK_LABEL (answer))));
    again_texts = server_outbox_texts (new_phone);
    g_assert_cmpuint (again_texts->len, ==, first_texts->len);
    g_clear_pointer (&again_texts, g_ptr_array_unref);

    /* past the cool-down: another code to the same number, the entry emptied for it */
    ld_test_server_advance_clock (server, 31);
    ld_test_ui_tab_to (resend, MAX_TAB_PRESSES);
    send_keys ("key", "Return");
    ld_test_ui_wait_for (!gtk_widget_has_css_class (answer, "error") && gtk_widget_get_sensitive (resend));
    ld_test_ui_wait_for (ld_test_ui_focus_is_in (GTK_WIDGET (entry)));
    g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
    again_texts = server_outbox_texts (new_phone);
    g_assert_cmpuint (again_texts->len, ==, first_texts->len + 1);
    screenshot (GTK_WIDGET (confirm), "contact-code-again");
    code = server_last_word_sent_to (new_phone);

    /* the first code no longer works (unless the new one is by chance the same) */
    if (g_strcmp0 (old_code, code) != 0)
      {
        type_text (entry, old_code);
        submit_refused (confirm);
      }
  }
  ld_test_ui_tab_to (GTK_WIDGET (entry), MAX_TAB_PRESSES);
  retype (entry, code);
  submit_done (confirm);
  wait_reloaded (&fixture, before);

  g_assert_cmpstr (ld_member_get_phone (ld_member_page_get_member (fixture.page)), ==, new_phone);
  {
    g_autofree char *stored = server_member_text (member_id, "phone");

    g_assert_cmpstr (stored, ==, new_phone);
  }
  g_assert_cmpint (server_search_total ("phone", new_phone), ==, 1);
  g_assert_cmpint (server_search_total ("phone", old_phone), ==, 0);

  fixture_close (&fixture);
}

/* Change E-mail after the password */
static void
test_change_email (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autofree char *stored = NULL;
  gint64 member_id = in_russian ? 15 : 5;
  const char *email = in_russian ? "new.fifteen@example.com" : "new.five@example.com";
  LdOperationDialog *identify, *change;
  GtkEditable *entry;
  LdMember *before;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  fixture_open (&fixture, client, member_id);
  before = ld_member_page_get_member (fixture.page);

  identify = press_tab_button (&fixture, "change_email_button");
  entry = dialog_entry (identify, GTK_TYPE_PASSWORD_ENTRY);
  type_text (entry, MEMBER_PASSWORD);
  submit_done (identify);

  change = wait_dialog (identify);
  entry = dialog_entry (change, GTK_TYPE_ENTRY);
  type_text (entry, email);
  screenshot (GTK_WIDGET (change), "contact-email");
  submit_done (change);
  wait_reloaded (&fixture, before);

  stored = server_member_text (member_id, "email");
  g_assert_cmpstr (stored, ==, email);
  g_assert_cmpstr (ld_member_get_email (ld_member_page_get_member (fixture.page)), ==, email);

  fixture_close (&fixture);
}

/* a supervisor (member.identify_without_password) identifies the caller by personal
 * data: no password typed */
static void
test_identify_by_personal_data (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "supervisor");
  g_autofree char *stored = NULL;
  gint64 member_id = in_russian ? 18 : 8;
  const char *email = in_russian ? "by.data18@example.com" : "by.data8@example.com";
  LdOperationDialog *identify, *change;
  GtkWidget *check;
  GtkEditable *entry;
  LdMember *before;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  fixture_open (&fixture, client, member_id);
  before = ld_member_page_get_member (fixture.page);

  identify = press_tab_button (&fixture, "change_email_button");
  g_assert_false (ld_operation_dialog_get_can_submit (identify));
  check = ld_test_ui_find_descendant (ld_operation_dialog_get_extra_child (identify), GTK_TYPE_CHECK_BUTTON);
  g_assert_true (gtk_widget_get_sensitive (check));
  ld_test_ui_tab_to (check, MAX_TAB_PRESSES);
  send_keys ("key", "space");
  ld_test_ui_wait_for (ld_operation_dialog_get_can_submit (identify));
  /* no password goes with it */
  g_assert_false (gtk_widget_get_sensitive (ld_test_ui_find_descendant (ld_operation_dialog_get_extra_child (identify),
                                                             GTK_TYPE_PASSWORD_ENTRY)));
  ld_test_ui_tab_to (ld_test_ui_template_child (identify, LD_TYPE_OPERATION_DIALOG, "submit_button"), MAX_TAB_PRESSES);
  submit_done (identify);

  change = wait_dialog (identify);
  entry = dialog_entry (change, GTK_TYPE_ENTRY);
  type_text (entry, email);
  submit_done (change);
  wait_reloaded (&fixture, before);

  stored = server_member_text (member_id, "email");
  g_assert_cmpstr (stored, ==, email);

  fixture_close (&fixture);
}

static void
store_key_cb (LdOperationDialog *dialog,
              GParamSpec        *pspec,
              char             **key)
{
  g_free (*key);
  *key = g_strdup (ld_operation_dialog_get_idempotency_key (dialog));
}

/* Send New Password by SMS with Enter on the channel the focus starts on: one message in
 * the outbox; the same request again (its Idempotency-Key) sends none */
static void
test_send_password (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autoptr(GPtrArray) before_texts = NULL;
  g_autoptr(GPtrArray) after_texts = NULL;
  g_autoptr(GPtrArray) again_texts = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  gint64 member_id = in_russian ? 16 : 6;
  LdOperationDialog *dialog;
  GtkWidget *sms;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  phone = server_member_text (member_id, "phone");
  before_texts = server_outbox_texts (phone);
  fixture_open (&fixture, client, member_id);

  /* the header's member menu (Ctrl+M), Tab to its item, Enter */
  gtk_window_present (fixture.window);
  ld_test_ui_wait_for (gtk_widget_grab_focus (tab_child (&fixture, "edit_button")) &&
                       ld_test_ui_focus_is_in (tab_child (&fixture, "edit_button")));
  {
    GtkWidget *menu = ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "operations_button");
    GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu));
    GtkWidget *item = find_named (GTK_WIDGET (popover), "send-password");

    g_assert_nonnull (item);
    send_keys ("key", "ctrl+m");
    ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (popover)));
    g_assert_true (gtk_widget_is_sensitive (item));
    ld_test_ui_tab_to (item, MAX_TAB_PRESSES);
    send_keys ("key", "Return");
  }
  dialog = wait_dialog (NULL);
  g_signal_connect (dialog, "notify::idempotency-key", G_CALLBACK (store_key_cb), &key);
  screenshot (GTK_WIDGET (dialog), "contact-send-password");
  /* the focus starts on the channel (SMS), and Enter there sends */
  sms = ld_test_ui_find_descendant (ld_operation_dialog_get_extra_child (dialog), GTK_TYPE_CHECK_BUTTON);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sms)));
  ld_test_ui_wait_for (ld_test_ui_focus_is_in (sms));
  submit_done (dialog);

  after_texts = server_outbox_texts (phone);
  g_assert_cmpuint (after_texts->len, ==, before_texts->len + 1);

  /* the same request again: answered as before, nothing sent */
  g_assert_nonnull (key);
  path = g_strdup_printf ("/api/v1/members/%" G_GINT64_FORMAT "/send-password", member_id);
  {
    g_autofree char *agent = ld_test_server_login (server, "agent", LD_TEST_PASSWORD);

    again = ld_test_server_expect_full (server, "POST", path, agent, "{\"channel\":\"sms\"}", key, 200, NULL);
  }
  again_texts = server_outbox_texts (phone);
  g_assert_cmpuint (again_texts->len, ==, after_texts->len);

  fixture_close (&fixture);
}

/* the configuration makes the birth date editable: it shows with the year in full, a
 * two-digit year is refused before anything is sent, a date typed the locale's way is
 * saved, and the calendar picks a day with the arrows and Enter */
static void
test_edit_date (void)
{
  g_autoptr(LdClient) client = ld_test_client_new_logged_in (ld_test_server_get_url (server), "agent");
  g_autofree char *admin = ld_test_server_login (server, "admin", LD_TEST_PASSWORD);
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GDateTime) picked = NULL;
  g_autofree char *body = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *first_day = NULL;
  g_autofree char *next_day = NULL;
  JsonArray *form;
  GtkWidget *row, *button;
  GtkCalendar *calendar;
  gint64 member_id = in_russian ? 17 : 7;
  Fixture fixture;

  if (!ld_test_ui_have_xdotool ())
    return;

  config = ld_test_server_expect (server, "GET", "/api/v1/config", admin, NULL, NULL, 200);
  form = json_node_get_array (ld_test_json_path (config, "application_form"));
  for (guint i = 0; i < json_array_get_length (form); i++)
    {
      JsonObject *field = json_array_get_object_element (form, i);

      if (g_str_equal (json_object_get_string_member (field, "key"), "birth_date"))
        json_object_set_boolean_member (field, "editable", TRUE);
    }
  body = json_to_string (config, FALSE);
  g_clear_pointer (&config, json_node_unref);
  config = ld_test_server_expect (server, "PUT", "/api/v1/config", admin, body, NULL, 200);

  before = server_get_member (member_id);
  fixture_open (&fixture, client, member_id);
  open_editor (&fixture);

  /* shown in the agent's language, as everywhere in the app, never a two-digit year */
  row = edit_row (&fixture, "birth_date");
  typed = ld_format_date (ld_test_json_string (before, "birth_date"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, typed);
  {
    g_autofree char *year = g_strndup (ld_test_json_string (before, "birth_date"), 4);

    g_assert_nonnull (strstr (typed, year));
  }

  /* a two-digit year: refused here, nothing sent */
  ld_test_ui_tab_to (row, MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (row), "08/01/76");
  send_keys ("key", "ctrl+s");
  ld_test_ui_wait_for (gtk_widget_has_css_class (row, "error"));
  g_assert_false (tab_bool (&fixture, "saving"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "08/01/76");
  g_clear_pointer (&after, json_node_unref);
  after = server_get_member (member_id);
  g_assert_cmpint (ld_test_json_int (after, "version"), ==, ld_test_json_int (before, "version"));

  /* typed in full as the language writes it: 1 August 1976 */
  first_day = ld_format_date ("1976-08-01");
  next_day = ld_format_date ("1976-08-02");
  ld_test_ui_tab_to (row, MAX_TAB_PRESSES);
  retype (GTK_EDITABLE (row), first_day);

  /* Enter on the calendar button opens the calendar on it */
  button = ld_test_ui_find_descendant (row, GTK_TYPE_MENU_BUTTON);
  ld_test_ui_tab_to (button, MAX_TAB_PRESSES);
  send_keys ("key", "Return");
  calendar = GTK_CALENDAR (ld_test_ui_find_descendant (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                                            GTK_TYPE_CALENDAR));
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (calendar)) && ld_test_ui_focus_is_in (GTK_WIDGET (calendar)));
  picked = gtk_calendar_get_date (calendar);
  g_assert_cmpint (g_date_time_get_year (picked), ==, 1976);
  g_assert_cmpint (g_date_time_get_month (picked), ==, 8);
  g_assert_cmpint (g_date_time_get_day_of_month (picked), ==, 1);
  /* a day picked (the popover's keys do not reach it through Xvfb without a window
   * manager: the calendar is told directly) is the row's text at once */
  {
    g_autoptr(GDateTime) next = g_date_time_add_days (picked, 1);

    gtk_calendar_select_day (calendar, next);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, next_day);
  gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  ld_test_ui_wait_for (!gtk_widget_get_mapped (GTK_WIDGET (calendar)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, next_day);

  ld_test_ui_tab_to (row, MAX_TAB_PRESSES);
  /* the focus is back in the row's text, not on the hidden calendar */
  g_assert_false (ld_test_ui_focus_is_in (GTK_WIDGET (calendar)));
  press_save (&fixture);
  ld_test_ui_wait_for (!tab_bool (&fixture, "editing"));
  g_clear_pointer (&after, json_node_unref);
  after = server_get_member (member_id);
  g_assert_cmpstr (ld_test_json_string (after, "answers.birth_date"), ==, "1976-08-02");

  fixture_close (&fixture);
}

/* an agent denied the rights sees Edit, Change… and Send New Password… insensitive,
 * each naming the right it lacks */
static void
test_rights_insensitive (void)
{
  g_autoptr(LdClient) client = NULL;
  GtkWidget *menu, *item;
  Fixture fixture;

  ld_test_server_create_operator (server, in_russian ? "agent-denied-ru" : "agent-denied", "agent", NULL,
                                  "member.edit,member.change_contacts,member.send_password");
  client = ld_test_client_new_logged_in (ld_test_server_get_url (server), in_russian ? "agent-denied-ru" : "agent-denied");
  fixture_open (&fixture, client, 9);

  g_assert_false (gtk_widget_is_sensitive (tab_child (&fixture, "edit_button")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (tab_child (&fixture, "edit_button")), "member.edit"));
  g_assert_false (gtk_widget_is_sensitive (tab_child (&fixture, "change_phone_button")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (tab_child (&fixture, "change_phone_button")),
                            "member.change_contacts"));
  g_assert_false (gtk_widget_is_sensitive (tab_child (&fixture, "change_email_button")));
  /* Ctrl+E does nothing */
  g_assert_false (gtk_widget_activate_action (fixture.tab, "profile.edit", NULL) && tab_bool (&fixture, "editing"));

  menu = ld_test_ui_template_child (fixture.page, LD_TYPE_MEMBER_PAGE, "operations_button");
  item = find_named (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu))), "send-password");
  g_assert_false (gtk_widget_is_sensitive (item));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (item), "member.send_password"));

  fixture_close (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  in_russian = ld_test_ui_bind_locale_from_env ();

  g_test_init (&argc, &argv, NULL);
  ld_test_ui_init ();

  /* in Russian the server's refusals are too */
  server = ld_test_server_new_full (N_MEMBERS, NULL, in_russian ? LD_TEST_SERVER_FLAGS_RUSSIAN : LD_TEST_SERVER_FLAGS_NONE);
  supervisor_token = ld_test_server_login (server, "supervisor", LD_TEST_PASSWORD);

  g_test_add_func ("/app/profile-edit/answers/refusal-kept-then-saved", test_edit_answers);
  g_test_add_func ("/app/profile-edit/answers/conflict-picked-field-by-field", test_edit_conflict);
  g_test_add_func ("/app/profile-edit/answers/lost-answer-saved-once", test_edit_lost_answer);
  g_test_add_func ("/app/profile-edit/contacts/change-phone-with-code", test_change_phone);
  g_test_add_func ("/app/profile-edit/contacts/change-email", test_change_email);
  g_test_add_func ("/app/profile-edit/contacts/supervisor-identifies-by-personal-data", test_identify_by_personal_data);
  g_test_add_func ("/app/profile-edit/password/sent-once", test_send_password);
  g_test_add_func ("/app/profile-edit/rights/denied-shown-insensitive-naming-the-right", test_rights_insensitive);
  /* after the other answers' tests: it makes the birth date editable */
  g_test_add_func ("/app/profile-edit/answers/date-in-full-typed-or-picked", test_edit_date);

  status = g_test_run ();

  g_clear_pointer (&supervisor_token, g_free);
  g_clear_object (&server);

  return status;
}
