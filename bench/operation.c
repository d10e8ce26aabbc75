/* operation.c — the in-process driver of bench/operation.sh
 *
 *   bench-operation SERVER_URL MEMBER_ID [CARD_NUMBER]
 *
 * Logs in as the demo supervisor, opens MEMBER_ID's profile in a window as the app does
 * (LdMemberPage, the real widgets and requests), waits until it is shown, switches to the
 * Cards tab and waits for its rows. Then, through the app's own operation dialog opened by
 * the row's action ("card.block" with the card's number, as the row menu's item does), it
 * blocks the card (default: the member's active main card) with the reason "lost", and
 * unblocks it ("card.unblock", reason "found"). For each of the two it measures from the
 * dialog's submit to:
 *   - answered: the dialog's "done" (the server's answer parsed; the dialog closes and the
 *     Cards tab asks the page to fetch the profile again: "member.reload")
 *   - reloaded: the page's "member" holding the card in its new state (the profile fetched
 *     again, with the configuration)
 *   - shown: the first frame painted with the card's row showing the new state (the end
 *     to end figure)
 * and, before it, from activating the row's action to the dialog mapped and ready.
 * Prints one line of JSON on stdout. One process per measurement, so every run starts from
 * the same empty process. Nothing waits a fixed time: every wait is on a state.
 *
 * Built only when asked: `ninja -C BUILD tests/app/bench-operation`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-bench"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "ld-card-operation-dialog.h"
#include "ld-format.h"
#include "ld-loadable-view.h"
#include "ld-member-cards-tab.h"
#include "ld-member-page.h"
#include "ld-operation-dialog.h"

#include "ld-bench-driver.h"

static GtkWidget *
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (child == NULL)
    g_error ("no template child “%s”", name);

  return GTK_WIDGET (child);
}

/* whether @widget or a descendant is a label reading @text */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;

  return FALSE;
}

/* whether the column view shows, mapped, a row with the card @number in @state (the
 * translated word its State column shows) */
static gboolean
shows_card (GtkWidget  *column_view,
            const char *number,
            const char *state)
{
  for (GtkWidget *child = gtk_widget_get_first_child (column_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* the header is the first child; the list view holding the rows the next */
      if (!GTK_IS_LIST_VIEW (child) && !g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkColumnListView"))
        continue;

      for (GtkWidget *row = gtk_widget_get_first_child (child);
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (gtk_widget_get_mapped (row) && gtk_widget_get_height (row) > 0 &&
            has_label (row, number) && has_label (row, state))
          return TRUE;
    }

  return FALSE;
}

/* the card @number as the page's member has it, or NULL */
static LdCard *
member_card (LdMemberPage *page,
             const char   *number)
{
  LdMember *member = ld_member_page_get_member (page);
  GListModel *cards = member != NULL ? ld_member_get_cards (member) : NULL;

  for (guint i = 0; cards != NULL && i < g_list_model_get_n_items (cards); i++)
    {
      g_autoptr(LdCard) card = g_list_model_get_item (cards, i);

      if (g_strcmp0 (ld_card_get_number (card), number) == 0)
        return card;
    }

  return NULL;
}

static gboolean
card_in_state (LdMemberPage *page,
               const char   *number,
               const char   *state)
{
  LdCard *card = member_card (page, number);

  return card != NULL && g_strcmp0 (ld_card_get_state (card), state) == 0;
}

/* the operation dialog shown, if any */
static LdOperationDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  LdOperationDialog *found = NULL;

  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LD_IS_OPERATION_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        found = LD_OPERATION_DIALOG (window);
    }

  return found;
}

/* what one operation measured, in µs from the dialog's submit */
typedef struct
{
  LdMemberPage *page;
  GtkWidget    *column_view;
  const char   *number;
  const char   *state;        /* the card's state after it, as the server names it */
  char         *state_text;   /* the word the State column shows for it */

  gint64        submitted;
  gint64        answered;
  gint64        reloaded;
  gint64        shown;
  gint64        dialog_ms;    /* from the action to the dialog ready to submit */
  gint64        dialog_gone;
} Measure;

static void
done_cb (LdOperationDialog *dialog,
         GObject           *answer,
         Measure           *m)
{
  if (m->answered == 0)
    m->answered = g_get_monotonic_time ();
}

static void
member_cb (LdMemberPage *page,
           GParamSpec   *pspec,
           Measure      *m)
{
  if (m->submitted != 0 && m->reloaded == 0 && card_in_state (page, m->number, m->state))
    m->reloaded = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Measure       *m)
{
  if (m->reloaded != 0 && m->shown == 0 && shows_card (m->column_view, m->number, m->state_text))
    m->shown = g_get_monotonic_time ();
}

/* opens the dialog of @action on the card, picks @reason, submits it and waits until the
 * page shows the card in @state */
static void
run_operation (Measure    *m,
               GtkWidget  *cards_tab,
               const char *action,
               const char *reason,
               const char *state)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (m->page));
  LdOperationDialog *dialog = NULL;
  gulong member_handler, paint_handler;
  gint64 started;

  m->state = state;
  m->state_text = ld_format_state (state);
  m->submitted = m->answered = m->reloaded = m->shown = 0;

  /* the row menu's item: the action with the card's number */
  started = g_get_monotonic_time ();
  if (!gtk_widget_activate_action (cards_tab, action, "s", m->number))
    g_error ("the Cards tab has no action %s", action);
  wait_for ((dialog = find_dialog ()) != NULL);
  ld_reason_picker_set_reason (ld_operation_dialog_get_reason_picker (dialog), reason);
  if (g_strcmp0 (ld_operation_dialog_get_reason (dialog), reason) != 0)
    g_error ("%s: the dialog offers no reason “%s”", action, reason);
  wait_for (ld_operation_dialog_get_can_submit (dialog));
  m->dialog_ms = g_get_monotonic_time () - started;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "done", G_CALLBACK (done_cb), m);
  member_handler = g_signal_connect (m->page, "notify::member", G_CALLBACK (member_cb), m);
  paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), m);

  m->submitted = g_get_monotonic_time ();
  ld_operation_dialog_submit (dialog);
  wait_for (m->shown != 0 ||
            (dialog != NULL && !ld_operation_dialog_get_busy (dialog) &&
             ld_operation_dialog_get_error (dialog) != NULL));
  if (m->shown == 0)
    g_error ("%s refused: %s", action, ld_operation_dialog_get_error (dialog));

  g_signal_handler_disconnect (clock, paint_handler);
  g_signal_handler_disconnect (m->page, member_handler);
  /* the dialog closes itself once done */
  wait_for (dialog == NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LdClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdOperator) operator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *active_text = NULL;
  GtkWindow *window;
  LdMemberPage *page;
  LdLoadableView *page_view;
  LdLoadableView *cards_view;
  GtkWidget *cards_tab;
  GtkWidget *column_view;
  gint64 member_id;
  gint64 opened, shown;
  Measure block = { 0 }, unblock = { 0 };

  if (argc < 3)
    {
      g_printerr ("usage: %s SERVER_URL MEMBER_ID [CARD_NUMBER]\n", argv[0]);
      return 2;
    }
  member_id = g_ascii_strtoll (argv[2], NULL, 10);
  if (argc > 3)
    number = g_strdup (argv[3]);

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  client = ld_client_new (argv[1]);
  ld_client_login_async (client, "supervisor", "demo", NULL, store_result_cb, &result);
  wait_for (result != NULL);
  operator = ld_client_login_finish (client, result, &error);
  if (operator == NULL)
    g_error ("log in: %s", error->message);

  /* the profile, as a tab of the app shows it */
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1180, 720);
  opened = g_get_monotonic_time ();
  page = LD_MEMBER_PAGE (ld_member_page_new (client, member_id));
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);

  page_view = LD_LOADABLE_VIEW (template_child (page, LD_TYPE_MEMBER_PAGE, "page_view"));
  wait_for (ld_loadable_view_get_state (page_view) == LD_LOADABLE_STATE_READY ||
            ld_loadable_view_get_state (page_view) == LD_LOADABLE_STATE_ERROR);
  if (ld_loadable_view_get_state (page_view) != LD_LOADABLE_STATE_READY)
    g_error ("the profile did not load: %s", ld_loadable_view_get_error_message (page_view));
  wait_for (gtk_widget_get_mapped (GTK_WIDGET (page)));

  /* the card: the one asked for, or the member's active main card */
  if (number == NULL)
    {
      GListModel *cards = ld_member_get_cards (ld_member_page_get_member (page));

      for (guint i = 0; number == NULL && cards != NULL && i < g_list_model_get_n_items (cards); i++)
        {
          g_autoptr(LdCard) card = g_list_model_get_item (cards, i);

          if (ld_card_get_main (card) && g_strcmp0 (ld_card_get_state (card), "activated") == 0)
            number = g_strdup (ld_card_get_number (card));
        }
      if (number == NULL)
        g_error ("member %" G_GINT64_FORMAT " has no active main card", member_id);
    }
  if (!card_in_state (page, number, "activated"))
    g_error ("card %s is not an active card of member %" G_GINT64_FORMAT, number, member_id);
  if (ld_member_get_blocked (ld_member_page_get_member (page)))
    g_error ("member %" G_GINT64_FORMAT "'s account is blocked", member_id);

  /* the Cards tab, with the card's row on screen */
  cards_tab = template_child (page, LD_TYPE_MEMBER_PAGE, "cards_tab");
  cards_view = LD_LOADABLE_VIEW (template_child (cards_tab, LD_TYPE_MEMBER_CARDS_TAB, "view"));
  column_view = template_child (cards_tab, LD_TYPE_MEMBER_CARDS_TAB, "column_view");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (template_child (page, LD_TYPE_MEMBER_PAGE, "stack")),
                                         "cards");
  wait_for (ld_loadable_view_get_state (cards_view) == LD_LOADABLE_STATE_READY);
  active_text = ld_format_state ("activated");
  wait_for (shows_card (column_view, number, active_text));
  shown = g_get_monotonic_time ();

  block.page = unblock.page = page;
  block.column_view = unblock.column_view = column_view;
  block.number = unblock.number = number;
  run_operation (&block, cards_tab, "card.block", "lost", "blocked");
  if (g_strcmp0 (ld_card_get_blocked_reason (member_card (page, number)), "lost") != 0)
    g_error ("card %s blocked with the reason “%s”, not “lost”", number,
             ld_card_get_blocked_reason (member_card (page, number)));
  run_operation (&unblock, cards_tab, "card.unblock", "found", "activated");

#define MS(m, field) (((m).field - (m).submitted) / 1000.0)
  g_print ("{\"member_id\": %" G_GINT64_FORMAT ", \"card\": \"%s\", \"profile_ms\": %.1f"
           ", \"block_dialog_ms\": %.1f, \"block_answered_ms\": %.1f, \"block_reloaded_ms\": %.1f, \"block_shown_ms\": %.1f"
           ", \"unblock_dialog_ms\": %.1f, \"unblock_answered_ms\": %.1f, \"unblock_reloaded_ms\": %.1f, \"unblock_shown_ms\": %.1f"
           "}\n",
           member_id, number, (shown - opened) / 1000.0,
           block.dialog_ms / 1000.0, MS (block, answered), MS (block, reloaded), MS (block, shown),
           unblock.dialog_ms / 1000.0, MS (unblock, answered), MS (unblock, reloaded), MS (unblock, shown));
#undef MS

  g_free (block.state_text);
  g_free (unblock.state_text);
  gtk_window_destroy (window);

  return EXIT_SUCCESS;
}
