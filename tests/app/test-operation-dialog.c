/* test-operation-dialog.c — LdOperationDialog, with a stand-in request driven by the test
 *
 * The stand-in operation ends call 7 on a SoupServer of the test's own through a real
 * LdClient (a typed write taking the dialog's Idempotency-Key);
 * the server holds each request until the test answers it: success, a refusal in the
 * server's words, or no answer at all (the connection dropped). Keys are real ones
 * through the X server (xdotool), so Enter and Escape are what the agent presses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <libsoup/soup.h>

#include "ld-core.h"
#include "ld-operation-dialog.h"
#include "ld-test-ui.h"

/* ---- the stand-in server: holds each request until the test answers it */

typedef struct
{
  SoupServer        *server;
  char              *url;
  GPtrArray         *held;      /* of SoupServerMessage, not answered yet */
  GPtrArray         *keys;      /* the Idempotency-Key of each request, in order */
  GPtrArray         *bodies;    /* and its body */
} StandIn;

static StandIn stand_in;

static void
held_finished_cb (SoupServerMessage *msg,
                  gpointer           user_data)
{
  g_ptr_array_remove (stand_in.held, msg);
}

static void
stand_in_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");

  g_ptr_array_add (stand_in.keys, g_strdup (key));
  g_ptr_array_add (stand_in.bodies, g_strndup (body->data, body->length));
  g_ptr_array_add (stand_in.held, msg);
  g_signal_connect (msg, "finished", G_CALLBACK (held_finished_cb), NULL);
  soup_server_message_pause (msg);
}

/* answers the request held first with @status and the JSON @json */
static void
stand_in_answer (guint       status,
                 const char *json)
{
  SoupServerMessage *msg;

  g_assert_cmpuint (stand_in.held->len, >, 0);
  msg = g_ptr_array_index (stand_in.held, 0);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
  soup_server_message_unpause (msg);
}

/* the answer to the request held first is lost: its connection goes without one */
static void
stand_in_drop (void)
{
  g_autoptr(GIOStream) stream = NULL;
  SoupServerMessage *msg;

  g_assert_cmpuint (stand_in.held->len, >, 0);
  msg = g_ptr_array_steal_index (stand_in.held, 0);
  g_signal_handlers_disconnect_by_func (msg, held_finished_cb, NULL);
  stream = soup_server_message_steal_connection (msg);
  g_io_stream_close (stream, NULL, NULL);
}

static void
stand_in_start (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  stand_in.server = soup_server_new (NULL, NULL);
  stand_in.held = g_ptr_array_new ();
  stand_in.keys = g_ptr_array_new_with_free_func (g_free);
  stand_in.bodies = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (stand_in.server, "/api/v1/calls/7/end", stand_in_cb, NULL, NULL);
  soup_server_listen_local (stand_in.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (stand_in.server);
  stand_in.url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

/* ---- the stand-in operation: a typed write of LdClient, POST /calls/7/end {reason},
 * with a field of its own (a note the request does not send) */

typedef struct
{
  LdClient     *client;
  GtkEditable  *note;         /* the operation's own field, in the extra slot */
  GCancellable *cancellable;  /* the one the last submit got */
} StandInOperation;

static void
stand_in_operation_free (gpointer data)
{
  StandInOperation *operation = data;

  g_clear_object (&operation->client);
  g_clear_object (&operation->cancellable);
  g_free (operation);
}

static void
stand_in_operation_submit (LdOperationDialog   *dialog,
                           gpointer             data,
                           const char          *idempotency_key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             callback_data)
{
  StandInOperation *operation = data;

  g_set_object (&operation->cancellable, cancellable);
  ld_client_end_call_async (operation->client, 7, ld_operation_dialog_get_reason (dialog), FALSE,
                            idempotency_key, cancellable, callback, callback_data);
}

static gboolean
stand_in_operation_finish (LdOperationDialog  *dialog,
                           gpointer            data,
                           GAsyncResult       *result,
                           GObject           **object,
                           GError            **error)
{
  StandInOperation *operation = data;

  *object = G_OBJECT (ld_client_end_call_finish (operation->client, result, error));

  return *object != NULL;
}

static const LdOperationRequest stand_in_request = {
  stand_in_operation_submit,
  stand_in_operation_finish,
};

/* ---- the fixture: the dialog of the stand-in operation, shown */

typedef struct
{
  LdOperationDialog *dialog;     /* weak */
  StandInOperation  *operation;  /* the dialog's */
  GtkWidget         *note;
  char              *answer;     /* the end reason of the call "done" brought */
  guint              done;
  guint              cancelled;
  guint              abandoned;
} Fixture;

static void
done_cb (LdOperationDialog *dialog,
         GObject           *object,
         Fixture           *fixture)
{
  g_assert_true (LD_IS_CALL (object));
  fixture->done++;
  g_free (fixture->answer);
  fixture->answer = g_strdup (ld_call_get_end_reason (LD_CALL (object)));
}

static void
cancelled_cb (LdOperationDialog *dialog,
              Fixture           *fixture)
{
  fixture->cancelled++;
}

static void
abandoned_cb (LdOperationDialog *dialog,
              Fixture           *fixture)
{
  fixture->abandoned++;
}

static void
note_changed_cb (GtkEditable       *note,
                 LdOperationDialog *dialog)
{
  ld_operation_dialog_set_ready (dialog, gtk_editable_get_text (note)[0] != '\0');
}

static void
fixture_open (Fixture  *fixture,
              gboolean  with_reasons)
{
  StandInOperation *operation = g_new0 (StandInOperation, 1);
  LdOperationDialog *dialog;

  memset (fixture, 0, sizeof *fixture);

  dialog = LD_OPERATION_DIALOG (ld_operation_dialog_new (NULL));
  ld_operation_dialog_set_heading (dialog, "Change the Thing?");
  ld_operation_dialog_set_body (dialog, "The thing changes for everyone.");
  ld_operation_dialog_set_submit_label (dialog, "_Change");

  if (with_reasons)
    {
      ld_reason_picker_add (ld_operation_dialog_get_reason_picker (dialog), "moved", "The member moved away");
      ld_reason_picker_add (ld_operation_dialog_get_reason_picker (dialog), "asked", "The member asked for it");
      ld_reason_picker_add (ld_operation_dialog_get_reason_picker (dialog), "fraud", "Suspected fraud");
      ld_reason_picker_add (ld_operation_dialog_get_reason_picker (dialog), "other", "Other");
    }

  /* the operation's own field: a note that must not be empty */
  fixture->note = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (fixture->note), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (fixture->note), GTK_ACCESSIBLE_PROPERTY_LABEL, "Note", -1);
  gtk_editable_set_text (GTK_EDITABLE (fixture->note), "first note");
  g_signal_connect_object (fixture->note, "changed", G_CALLBACK (note_changed_cb), dialog, 0);
  ld_operation_dialog_set_extra_child (dialog, fixture->note);

  operation->client = ld_client_new (stand_in.url);
  operation->note = GTK_EDITABLE (fixture->note);
  ld_operation_dialog_set_request (dialog, &stand_in_request, operation, stand_in_operation_free);
  fixture->operation = operation;

  g_signal_connect (dialog, "done", G_CALLBACK (done_cb), fixture);
  g_signal_connect (dialog, "cancelled", G_CALLBACK (cancelled_cb), fixture);
  g_signal_connect (dialog, "abandoned", G_CALLBACK (abandoned_cb), fixture);

  g_set_weak_pointer (&fixture->dialog, dialog);
  g_ptr_array_set_size (stand_in.keys, 0);
  g_ptr_array_set_size (stand_in.bodies, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  ld_test_ui_wait_for (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
}

/* the dialog is gone, and with it what it held (a request cancelled calls back first) */
static void
fixture_close (Fixture *fixture)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  ld_test_ui_wait_for (fixture->dialog == NULL);
  /* nothing the test did not answer is left for the next one */
  while (stand_in.held->len > 0)
    stand_in_drop ();
  g_clear_pointer (&fixture->answer, g_free);
}

static GtkWidget *
part (Fixture    *fixture,
      const char *name)
{
  return ld_test_ui_template_child (fixture->dialog, LD_TYPE_OPERATION_DIALOG, name);
}

static LdReasonPicker *
reasons (Fixture *fixture)
{
  return ld_operation_dialog_get_reason_picker (fixture->dialog);
}

static GtkWidget *
picker_part (Fixture    *fixture,
             const char *name)
{
  return ld_test_ui_template_child (reasons (fixture), LD_TYPE_REASON_PICKER, name);
}

/* real keys through the X server, into the dialog under the pointer (no window manager
 * here: the dialog is at the screen's corner) */
static void
send_keys (const char *command,
           const char *keys)
{
  ld_test_ui_send_keys (120, 120, command, keys);
}

/* whether the keyboard focus is in @widget (an entry's focus is in its text) */
static gboolean
has_focus_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* whether @child lies wholly inside @window as it is allocated now */
static gboolean
fits_in (GtkWidget *child,
         GtkWidget *window)
{
  graphene_rect_t bounds;

  return gtk_widget_get_height (child) > 0 &&
         gtk_widget_compute_bounds (child, window, &bounds) &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (window) &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (window);
}

/* the screenshot of the dialog once what it shows fits in it: a dialog grown for an
 * error is resized a moment later, by the X server's round trip (and, under load, GTK
 * 4.8 may keep an older size until asked again: each second without a fit asks) */
static void
save_screenshot (Fixture    *fixture,
                 GtkWidget  *last,
                 const char *name)
{
  gint64 next_nudge = g_get_monotonic_time () + G_USEC_PER_SEC;

  ld_test_ui_wait_for (fits_in (last, GTK_WIDGET (fixture->dialog)) ||
                       (g_get_monotonic_time () > next_nudge &&
                        (gtk_widget_queue_resize (GTK_WIDGET (fixture->dialog)),
                         next_nudge = g_get_monotonic_time () + G_USEC_PER_SEC,
                         FALSE)));
  ld_test_ui_save_screenshot (GTK_WIDGET (fixture->dialog), name);
}

static gboolean
have_xdotool (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL)
    g_test_skip ("xdotool is not installed: real keys cannot be sent");

  return xdotool != NULL;
}

static const char *
body_member (guint       i,
             const char *member)
{
  static char *value;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (i, <, stand_in.bodies->len);
  node = json_from_string (g_ptr_array_index (stand_in.bodies, i), &error);
  g_assert_no_error (error);
  g_free (value);
  value = g_strdup (json_object_get_string_member (json_node_get_object (node), member));

  return value;
}

static gboolean
body_has_member (guint       i,
                 const char *member)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (i, <, stand_in.bodies->len);
  node = json_from_string (g_ptr_array_index (stand_in.bodies, i), &error);
  g_assert_no_error (error);

  return json_object_has_member (json_node_get_object (node), member);
}

/* ---- the tests */

/* Enter (a real one) sends the request with what the agent picked and typed, under a
 * fresh key, with a spinner and the fields insensitive; the answer closes the dialog
 * with "done" */
static void
test_success_with_enter (void)
{
  Fixture fixture;
  g_autofree char *key = NULL;

  if (!have_xdotool ())
    return;

  fixture_open (&fixture, TRUE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture.dialog)), ==, "Change the Thing?");
  g_assert_cmpstr (ld_operation_dialog_get_body (fixture.dialog), ==, "The thing changes for everyone.");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (part (&fixture, "submit_button"))), ==, "_Change");
  g_assert_null (ld_operation_dialog_get_idempotency_key (fixture.dialog));
  g_assert_null (ld_operation_dialog_get_error (fixture.dialog));

  /* the focus starts in the reason filter; a word picks the reason */
  ld_test_ui_wait_for (has_focus_in (picker_part (&fixture, "entry")));
  send_keys ("type", "asked");
  ld_test_ui_wait_for (g_strcmp0 (ld_operation_dialog_get_reason (fixture.dialog), "asked") == 0);
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));

  send_keys ("key", "Return");
  ld_test_ui_wait_for (stand_in.held->len == 1);
  g_assert_true (ld_operation_dialog_get_busy (fixture.dialog));
  g_assert_false (ld_operation_dialog_get_can_submit (fixture.dialog));
  g_assert_false (gtk_widget_is_sensitive (part (&fixture, "submit_button")));
  g_assert_false (gtk_widget_is_sensitive (fixture.note));
  g_assert_false (gtk_widget_is_sensitive (picker_part (&fixture, "entry")));
  g_assert_true (gtk_widget_get_visible (part (&fixture, "spinner")));
  g_assert_true (gtk_widget_is_sensitive (part (&fixture, "cancel_button")));

  key = g_strdup (ld_operation_dialog_get_idempotency_key (fixture.dialog));
  g_assert_nonnull (key);
  g_assert_true (g_uuid_string_is_valid (key));
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 0), ==, key);
  g_assert_cmpstr (body_member (0, "reason"), ==, "asked");
  g_assert_false (body_has_member (0, "note"));   /* the operation's, not the request's */

  stand_in_answer (200, "{\"id\":7,\"phone\":\"+79990001122\",\"end_reason\":\"asked\"}");
  ld_test_ui_wait_for (fixture.dialog == NULL);
  g_assert_cmpuint (fixture.done, ==, 1);
  g_assert_cmpstr (fixture.answer, ==, "asked");
  g_assert_cmpuint (fixture.cancelled, ==, 0);

  fixture_close (&fixture);
}

/* a refusal stays in the dialog in the server's words, with everything typed kept and
 * the fields open again; the next submit carries a fresh key (the server keeps the
 * refusal under the first) */
static void
test_refusal_keeps_fields_and_renews_key (void)
{
  Fixture fixture;
  g_autofree char *first_key = NULL;
  GtkWidget *error_label;

  fixture_open (&fixture, TRUE);
  ld_reason_picker_set_reason (reasons (&fixture), "fraud");
  gtk_editable_set_text (GTK_EDITABLE (picker_part (&fixture, "entry")), "fra");
  gtk_editable_set_text (GTK_EDITABLE (fixture.note), "a note typed");

  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "operation.submit", NULL);
  ld_test_ui_wait_for (stand_in.held->len == 1);
  first_key = g_strdup (ld_operation_dialog_get_idempotency_key (fixture.dialog));
  stand_in_answer (422, "{\"error\":{\"code\":\"invalid_field\",\"message\":\"Not this reason.\","
                        "\"details\":{\"field\":\"reason\"}}}");
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (fixture.dialog));

  g_assert_nonnull (fixture.dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture.dialog)));
  g_assert_cmpuint (fixture.done, ==, 0);
  g_assert_cmpstr (ld_operation_dialog_get_error (fixture.dialog), ==, "Not this reason.");
  error_label = part (&fixture, "error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==, "Not this reason.");
  g_assert_true (gtk_widget_has_css_class (error_label, "error"));
  g_assert_false (ld_operation_dialog_get_outcome_unknown (fixture.dialog));
  g_assert_false (gtk_widget_get_visible (part (&fixture, "unknown_label")));
  /* kept, and open to change */
  g_assert_cmpstr (ld_operation_dialog_get_reason (fixture.dialog), ==, "fraud");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (picker_part (&fixture, "entry"))), ==, "fra");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture.note)), ==, "a note typed");
  g_assert_true (gtk_widget_is_sensitive (fixture.note));
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (part (&fixture, "submit_button"))), ==, "_Change");
  save_screenshot (&fixture, part (&fixture, "error_label"), "operation-dialog-refused.png");

  /* corrected, again: a fresh key; the error goes while it runs */
  gtk_editable_set_text (GTK_EDITABLE (picker_part (&fixture, "entry")), "");
  ld_reason_picker_set_reason (reasons (&fixture), "other");
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "operation.submit", NULL);
  ld_test_ui_wait_for (stand_in.held->len == 1);
  g_assert_null (ld_operation_dialog_get_error (fixture.dialog));
  g_assert_false (gtk_widget_get_visible (part (&fixture, "error_label")));
  g_assert_cmpuint (stand_in.keys->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 1), !=, first_key);
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 1), ==, ld_operation_dialog_get_idempotency_key (fixture.dialog));
  g_assert_cmpstr (body_member (1, "reason"), ==, "other");

  stand_in_answer (200, "{\"id\":7,\"phone\":\"+79990001122\",\"end_reason\":\"other\"}");
  ld_test_ui_wait_for (fixture.dialog == NULL);
  g_assert_cmpuint (fixture.done, ==, 1);

  fixture_close (&fixture);
}

/* submits, and the answer is lost: the server may have done it → the key the request
 * went under (transfer full) */
static char *
submit_and_lose (Fixture *fixture)
{
  char *key;

  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "operation.submit", NULL);
  ld_test_ui_wait_for (stand_in.held->len == 1);
  key = g_strdup (ld_operation_dialog_get_idempotency_key (fixture->dialog));
  stand_in_drop ();
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (fixture->dialog));
  return key;
}

/* the answer is lost: the server may have done it, so Try Again sends the same request
 * under the same key, the fields held as they were sent; a 5xx is as unknown; an
 * answered failure after that gives the next submit a fresh key again */
static void
test_lost_answer_then_try_again (void)
{
  Fixture fixture;
  g_autofree char *key = NULL;

  fixture_open (&fixture, TRUE);
  ld_reason_picker_set_reason (reasons (&fixture), "moved");
  key = submit_and_lose (&fixture);
  g_test_message ("lost: %s", ld_operation_dialog_get_error (fixture.dialog));
  g_assert_nonnull (ld_operation_dialog_get_error (fixture.dialog));
  g_assert_true (ld_operation_dialog_get_outcome_unknown (fixture.dialog));
  g_assert_true (gtk_widget_get_visible (part (&fixture, "error_label")));
  g_assert_true (gtk_widget_get_visible (part (&fixture, "unknown_label")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (part (&fixture, "submit_button"))), ==, "_Try Again");
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));
  /* as sent: kept, and not to be changed under that key */
  g_assert_cmpstr (ld_operation_dialog_get_reason (fixture.dialog), ==, "moved");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture.note)), ==, "first note");
  g_assert_false (gtk_widget_is_sensitive (fixture.note));
  g_assert_false (gtk_widget_is_sensitive (picker_part (&fixture, "list")));
  /* no way out was asked for */
  g_assert_false (gtk_widget_get_visible (part (&fixture, "abandon_button")));
  save_screenshot (&fixture, part (&fixture, "unknown_label"), "operation-dialog-lost.png");

  /* Try Again: the same key, the same request; a 502 from a proxy is no answer either */
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "operation.submit", NULL);
  ld_test_ui_wait_for (stand_in.held->len == 1);
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 1), ==, key);
  g_assert_cmpstr (g_ptr_array_index (stand_in.bodies, 1), ==, g_ptr_array_index (stand_in.bodies, 0));
  stand_in_answer (502, "{}");
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (fixture.dialog));
  g_assert_true (ld_operation_dialog_get_outcome_unknown (fixture.dialog));

  /* again: the server answers this time, a refusal; the fields open */
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "operation.submit", NULL);
  ld_test_ui_wait_for (stand_in.held->len == 1);
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 2), ==, key);
  stand_in_answer (409, "{\"error\":{\"code\":\"conflict\",\"message\":\"Done by someone else.\"}}");
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (fixture.dialog));
  g_assert_false (ld_operation_dialog_get_outcome_unknown (fixture.dialog));
  g_assert_cmpstr (ld_operation_dialog_get_error (fixture.dialog), ==, "Done by someone else.");
  g_assert_true (gtk_widget_is_sensitive (fixture.note));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (part (&fixture, "submit_button"))), ==, "_Change");

  /* an answered failure: the next submit has a key of its own */
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "operation.submit", NULL);
  ld_test_ui_wait_for (stand_in.held->len == 1);
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 3), !=, key);
  stand_in_answer (200, "{\"id\":7,\"phone\":\"+79990001122\",\"end_reason\":\"moved\"}");
  ld_test_ui_wait_for (fixture.dialog == NULL);
  g_assert_cmpuint (fixture.done, ==, 1);

  fixture_close (&fixture);
}

/* a form changed after a lost answer is another request: the fields are held while the
 * outcome is unknown, but the operation's own code may still change one, and the server
 * answers 422 idempotency_key_reused to another body under a key it has seen; so the
 * next submit has a fresh key, and a Try Again of that form keeps the new one */
static void
test_lost_answer_then_changed_form (void)
{
  Fixture fixture;
  g_autofree char *key = NULL;

  fixture_open (&fixture, TRUE);
  ld_reason_picker_set_reason (reasons (&fixture), "moved");
  key = submit_and_lose (&fixture);
  g_assert_true (ld_operation_dialog_get_outcome_unknown (fixture.dialog));

  /* changed while held: another reason goes under a key of its own */
  ld_reason_picker_set_reason (reasons (&fixture), "fraud");
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "operation.submit", NULL);
  ld_test_ui_wait_for (stand_in.held->len == 1);
  g_assert_cmpstr (body_member (1, "reason"), ==, "fraud");
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 1), !=, key);
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 1), ==, ld_operation_dialog_get_idempotency_key (fixture.dialog));
  g_free (key);
  key = g_strdup (g_ptr_array_index (stand_in.keys, 1));

  /* that one lost too, the form as it was sent: Try Again sends it under its key */
  stand_in_drop ();
  ld_test_ui_wait_for (!ld_operation_dialog_get_busy (fixture.dialog));
  g_assert_true (ld_operation_dialog_get_outcome_unknown (fixture.dialog));
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "operation.submit", NULL);
  ld_test_ui_wait_for (stand_in.held->len == 1);
  g_assert_cmpstr (g_ptr_array_index (stand_in.keys, 2), ==, key);
  g_assert_cmpstr (g_ptr_array_index (stand_in.bodies, 2), ==, g_ptr_array_index (stand_in.bodies, 1));

  stand_in_answer (200, "{\"id\":7,\"phone\":\"+79990001122\",\"end_reason\":\"fraud\"}");
  ld_test_ui_wait_for (fixture.dialog == NULL);
  g_assert_cmpuint (fixture.done, ==, 1);
  g_assert_cmpstr (fixture.answer, ==, "fraud");

  fixture_close (&fixture);
}

/* after a lost answer, an operation may offer a way out: it is named only then */
static void
test_lost_answer_offers_abandon (void)
{
  Fixture fixture;

  fixture_open (&fixture, FALSE);
  ld_operation_dialog_set_abandon_label (fixture.dialog, "Close _Without It");
  g_assert_false (gtk_widget_get_visible (part (&fixture, "abandon_button")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (part (&fixture, "abandon_button"))), !=, "Close _Without It");

  g_free (submit_and_lose (&fixture));
  g_assert_true (gtk_widget_get_visible (part (&fixture, "abandon_button")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (part (&fixture, "abandon_button"))), ==, "Close _Without It");

  g_signal_emit_by_name (part (&fixture, "abandon_button"), "clicked");
  ld_test_ui_wait_for (fixture.dialog == NULL);
  g_assert_cmpuint (fixture.abandoned, ==, 1);
  g_assert_cmpuint (fixture.cancelled, ==, 0);
  g_assert_cmpuint (fixture.done, ==, 0);

  fixture_close (&fixture);
}

/* Escape (a real one) while the request runs cancels it, and the dialog; the answer that
 * comes after is nobody's */
static void
test_escape_cancels_request (void)
{
  Fixture fixture;

  if (!have_xdotool ())
    return;

  fixture_open (&fixture, FALSE);
  ld_test_ui_wait_for (has_focus_in (fixture.note));
  send_keys ("key", "Return");
  ld_test_ui_wait_for (stand_in.held->len == 1);
  g_assert_true (ld_operation_dialog_get_busy (fixture.dialog));
  g_assert_false (g_cancellable_is_cancelled (fixture.operation->cancellable));

  send_keys ("key", "Escape");
  ld_test_ui_wait_for (fixture.cancelled == 1);
  g_assert_true (g_cancellable_is_cancelled (fixture.operation->cancellable));
  ld_test_ui_wait_for (fixture.dialog == NULL);
  g_assert_cmpuint (fixture.done, ==, 0);

  fixture_close (&fixture);

  /* and when nothing runs, Escape just cancels */
  fixture_open (&fixture, FALSE);
  ld_test_ui_wait_for (has_focus_in (fixture.note));
  send_keys ("key", "Escape");
  ld_test_ui_wait_for (fixture.dialog == NULL);
  g_assert_cmpuint (fixture.cancelled, ==, 1);
  g_assert_cmpuint (stand_in.keys->len, ==, 0);
  fixture_close (&fixture);
}

/* the submit button waits for the confirmation (the text typed, without case or spaces
 * around it; the switch on), a reason where one is required, and the operation's own
 * fields; in a destructive operation Enter does not press it */
static void
test_confirmation_gates_submit (void)
{
  Fixture fixture;
  GtkWidget *submit;

  fixture_open (&fixture, TRUE);
  submit = part (&fixture, "submit_button");
  /* no reason chosen: enough while none is required */
  g_assert_null (ld_operation_dialog_get_reason (fixture.dialog));
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));
  ld_operation_dialog_set_reason_required (fixture.dialog, TRUE);
  g_assert_false (ld_operation_dialog_get_can_submit (fixture.dialog));
  g_assert_false (gtk_widget_is_sensitive (submit));
  ld_reason_picker_set_reason (reasons (&fixture), "asked");
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));

  /* the text to type */
  ld_operation_dialog_set_confirm_text (fixture.dialog, "Petrova");
  g_assert_true (gtk_widget_get_visible (part (&fixture, "confirm_text_box")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (part (&fixture, "confirm_text_label"))), ==, "Type “Petrova” to confirm");
  g_assert_false (ld_operation_dialog_get_can_submit (fixture.dialog));
  gtk_editable_set_text (GTK_EDITABLE (part (&fixture, "confirm_entry")), "Petrov");
  g_assert_false (ld_operation_dialog_get_can_submit (fixture.dialog));
  gtk_editable_set_text (GTK_EDITABLE (part (&fixture, "confirm_entry")), "  petrova ");
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));
  g_assert_true (gtk_widget_is_sensitive (submit));

  /* and the switch */
  ld_operation_dialog_set_confirm_switch (fixture.dialog, "I _understand it cannot be undone");
  g_assert_true (gtk_widget_get_visible (part (&fixture, "confirm_switch_box")));
  g_assert_false (ld_operation_dialog_get_can_submit (fixture.dialog));
  gtk_switch_set_active (GTK_SWITCH (part (&fixture, "confirm_switch")), TRUE);
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));

  /* the operation's own field */
  gtk_editable_set_text (GTK_EDITABLE (fixture.note), "");
  g_assert_false (ld_operation_dialog_get_ready (fixture.dialog));
  g_assert_false (ld_operation_dialog_get_can_submit (fixture.dialog));
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "operation.submit", NULL);
  ld_operation_dialog_submit (fixture.dialog);
  g_assert_false (ld_operation_dialog_get_busy (fixture.dialog));
  gtk_editable_set_text (GTK_EDITABLE (fixture.note), "n");
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));

  /* destructive: red, and Enter is not its default */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (fixture.dialog)) == submit);
  ld_operation_dialog_set_destructive (fixture.dialog, TRUE);
  g_assert_true (gtk_widget_has_css_class (submit, "destructive-action"));
  g_assert_false (gtk_widget_has_css_class (submit, "suggested-action"));
  g_assert_null (gtk_window_get_default_widget (GTK_WINDOW (fixture.dialog)));
  save_screenshot (&fixture, fixture.note, "operation-dialog-confirm.png");

  if (have_xdotool ())
    {
      /* a real Enter in the confirmation's entry, then a letter: once the letter is
       * there, the Enter before it was handled, and sent nothing */
      gtk_widget_grab_focus (part (&fixture, "confirm_entry"));
      send_keys ("key", "Return");
      send_keys ("type", "x");
      ld_test_ui_wait_for (g_str_has_suffix (gtk_editable_get_text (GTK_EDITABLE (part (&fixture, "confirm_entry"))), "x"));
      g_assert_false (ld_operation_dialog_get_busy (fixture.dialog));
      g_assert_cmpuint (stand_in.keys->len, ==, 0);
    }

  /* the confirmation no longer matches: insensitive again */
  g_assert_false (ld_operation_dialog_get_can_submit (fixture.dialog));

  fixture_close (&fixture);

  /* not destructive, but not confirmed: Enter sends nothing either */
  if (have_xdotool ())
    {
      fixture_open (&fixture, FALSE);
      ld_operation_dialog_set_confirm_text (fixture.dialog, "Petrova");
      gtk_widget_grab_focus (part (&fixture, "confirm_entry"));
      send_keys ("key", "Return");
      send_keys ("type", "P");
      ld_test_ui_wait_for (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (part (&fixture, "confirm_entry"))), "P") == 0);
      g_assert_false (ld_operation_dialog_get_busy (fixture.dialog));
      g_assert_cmpuint (stand_in.keys->len, ==, 0);
      g_assert_nonnull (fixture.dialog);
      fixture_close (&fixture);
    }
}

/* the reasons filter as the agent types (every word, any case); the reason chosen is
 * always one shown; Up and Down move it; Escape empties the filter before it cancels */
static void
test_reason_filter (void)
{
  Fixture fixture;
  GtkEditable *filter;

  fixture_open (&fixture, TRUE);
  ld_operation_dialog_set_reason_required (fixture.dialog, TRUE);
  filter = GTK_EDITABLE (picker_part (&fixture, "entry"));
  g_assert_cmpuint (ld_reason_picker_get_n_reasons (reasons (&fixture)), ==, 4);
  g_assert_cmpuint (ld_reason_picker_get_n_shown (reasons (&fixture)), ==, 4);
  g_assert_null (ld_operation_dialog_get_reason (fixture.dialog));

  gtk_editable_set_text (filter, "MEMBER");
  g_assert_cmpuint (ld_reason_picker_get_n_shown (reasons (&fixture)), ==, 2);
  g_assert_cmpstr (ld_operation_dialog_get_reason (fixture.dialog), ==, "moved");
  gtk_editable_set_text (filter, "member it");
  g_assert_cmpuint (ld_reason_picker_get_n_shown (reasons (&fixture)), ==, 1);
  g_assert_cmpstr (ld_operation_dialog_get_reason (fixture.dialog), ==, "asked");
  g_assert_true (ld_operation_dialog_get_can_submit (fixture.dialog));

  /* nothing matches: nothing chosen, nothing to send */
  gtk_editable_set_text (filter, "zzz");
  g_assert_cmpuint (ld_reason_picker_get_n_shown (reasons (&fixture)), ==, 0);
  g_assert_null (ld_operation_dialog_get_reason (fixture.dialog));
  g_assert_false (ld_operation_dialog_get_can_submit (fixture.dialog));

  /* a choice still shown stays chosen as the filter widens */
  gtk_editable_set_text (filter, "");
  ld_reason_picker_set_reason (reasons (&fixture), "fraud");
  gtk_editable_set_text (filter, "s");
  g_assert_cmpstr (ld_operation_dialog_get_reason (fixture.dialog), ==, "fraud");

  if (have_xdotool ())
    {
      gtk_editable_set_text (filter, "");
      ld_reason_picker_set_reason (reasons (&fixture), "moved");
      gtk_widget_grab_focus (GTK_WIDGET (filter));
      send_keys ("key", "Down");
      ld_test_ui_wait_for (g_strcmp0 (ld_operation_dialog_get_reason (fixture.dialog), "asked") == 0);
      send_keys ("key", "Down");
      ld_test_ui_wait_for (g_strcmp0 (ld_operation_dialog_get_reason (fixture.dialog), "fraud") == 0);
      send_keys ("key", "Up");
      ld_test_ui_wait_for (g_strcmp0 (ld_operation_dialog_get_reason (fixture.dialog), "asked") == 0);

      /* typed: filtered and chosen; Escape empties the filter, the dialog stays … */
      send_keys ("type", "oth");
      ld_test_ui_wait_for (g_strcmp0 (ld_operation_dialog_get_reason (fixture.dialog), "other") == 0);
      g_assert_cmpuint (ld_reason_picker_get_n_shown (reasons (&fixture)), ==, 1);
      save_screenshot (&fixture, fixture.note, "operation-dialog-reasons.png");
      send_keys ("key", "Escape");
      ld_test_ui_wait_for (gtk_editable_get_text (filter)[0] == '\0');
      g_assert_cmpuint (ld_reason_picker_get_n_shown (reasons (&fixture)), ==, 4);
      g_assert_cmpstr (ld_operation_dialog_get_reason (fixture.dialog), ==, "other");
      g_assert_cmpuint (fixture.cancelled, ==, 0);

      /* … and the next Escape cancels */
      send_keys ("key", "Escape");
      ld_test_ui_wait_for (fixture.dialog == NULL);
      g_assert_cmpuint (fixture.cancelled, ==, 1);
    }

  fixture_close (&fixture);
}

/* the configuration's lists: a key alone, {key, label}, and what has no key is skipped */
static void
test_reasons_from_configuration (void)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  Fixture fixture;

  node = json_from_string ("[\"plain\", {\"key\":\"labelled\",\"label\":\"With a label\"},"
                           " {\"label\":\"no key\"}, 42, {\"id\":\"old\",\"title\":\"Old style\"}]", &error);
  g_assert_no_error (error);

  fixture_open (&fixture, FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (reasons (&fixture))));
  ld_reason_picker_add_from_json (reasons (&fixture), json_node_get_array (node));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (reasons (&fixture))));
  g_assert_cmpuint (ld_reason_picker_get_n_reasons (reasons (&fixture)), ==, 3);
  gtk_editable_set_text (GTK_EDITABLE (picker_part (&fixture, "entry")), "label");
  g_assert_cmpstr (ld_operation_dialog_get_reason (fixture.dialog), ==, "labelled");
  gtk_editable_set_text (GTK_EDITABLE (picker_part (&fixture, "entry")), "old sty");
  g_assert_cmpstr (ld_operation_dialog_get_reason (fixture.dialog), ==, "old");
  gtk_editable_set_text (GTK_EDITABLE (picker_part (&fixture, "entry")), "plain");
  g_assert_cmpstr (ld_operation_dialog_get_reason (fixture.dialog), ==, "plain");

  fixture_close (&fixture);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ld_test_ui_init ();
  stand_in_start ();

  g_test_add_func ("/operation-dialog/success-with-enter", test_success_with_enter);
  g_test_add_func ("/operation-dialog/refusal-keeps-fields-and-renews-key", test_refusal_keeps_fields_and_renews_key);
  g_test_add_func ("/operation-dialog/lost-answer-then-try-again", test_lost_answer_then_try_again);
  g_test_add_func ("/operation-dialog/lost-answer-then-changed-form", test_lost_answer_then_changed_form);
  g_test_add_func ("/operation-dialog/lost-answer-offers-abandon", test_lost_answer_offers_abandon);
  g_test_add_func ("/operation-dialog/escape-cancels-request", test_escape_cancels_request);
  g_test_add_func ("/operation-dialog/confirmation-gates-submit", test_confirmation_gates_submit);
  g_test_add_func ("/operation-dialog/reason-filter", test_reason_filter);
  g_test_add_func ("/operation-dialog/reasons-from-configuration", test_reasons_from_configuration);

  status = g_test_run ();

  g_clear_object (&stand_in.server);
  g_clear_pointer (&stand_in.url, g_free);

  return status;
}
