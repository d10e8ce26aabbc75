/* ld-open-calls-page.c — the calls of the shift that nobody ended
 *
 * A call stays open on the server until someone ends it: the agent's desk crashed, or the
 * agent left without ending it. This page lists the open calls the operator may end
 * (GET /calls?state=open): its own, or, with call.end_any, every operator's, newest
 * first, with who took each. End Call (Enter, a double click, or the button) asks the
 * window to end the selected call, with the same dialog as the banner's; the list is
 * fetched again once a call has ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-open-calls-page.h"
#include "ld-operation-setup.h"
#include "ld-properties.h"

#define PAGE_SIZE 100

struct _LdOpenCallsPage
{
  AdwBin              parent_instance;

  /* template children */
  LdLoadableView     *view;
  GtkColumnView      *column_view;
  GtkButton          *end_button;

  LdClient           *client;
  LdCursorList       *calls;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (LdOpenCallsPage, ld_open_calls_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_TITLE,
  N_PROPS
};

enum {
  CALL_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* an LdCursorListFetchFunc: one page of the open calls the operator may see */
static void
ld_open_calls_page_fetch (gpointer             fetch_data,
                          const char          *cursor,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  LdOpenCallsPage *self = fetch_data;

  g_assert (LD_IS_OPEN_CALLS_PAGE (self));

  /* every operator's: the server answers only the operator's own without call.end_any */
  ld_client_list_calls_async (self->client, "open", 0, cursor, PAGE_SIZE, cancellable, callback, user_data);
}

static void
ld_open_calls_page_update_actions (LdOpenCallsPage *self)
{
  gboolean may_end = ld_client_has_right (self->client, LD_RIGHT_CALL_END);

  g_assert (LD_IS_OPEN_CALLS_PAGE (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "open-calls.end",
                                 may_end && gtk_single_selection_get_selected_item (self->selection) != NULL);
  if (!may_end)
    {
      g_autofree char *tooltip = ld_operation_dup_missing_right (LD_RIGHT_CALL_END);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->end_button), tooltip);
    }
}

static void
ld_open_calls_page_selection_cb (LdOpenCallsPage    *self,
                                 GParamSpec         *pspec,
                                 GtkSingleSelection *selection)
{
  ld_open_calls_page_update_actions (self);
}

/* the window ends @position's call, as it ends the call on the banner */
static void
ld_open_calls_page_activate_cb (LdOpenCallsPage *self,
                                guint            position,
                                GtkColumnView   *column_view)
{
  g_autoptr(LdCall) call = NULL;

  g_assert (LD_IS_OPEN_CALLS_PAGE (self));

  if (!ld_client_has_right (self->client, LD_RIGHT_CALL_END))
    return;

  call = g_list_model_get_item (G_LIST_MODEL (self->calls), position);
  if (call != NULL)
    g_signal_emit (self, signals[CALL_ACTIVATED], 0, call);
}

static void
ld_open_calls_page_end_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  LdOpenCallsPage *self = LD_OPEN_CALLS_PAGE (widget);
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position != GTK_INVALID_LIST_POSITION)
    ld_open_calls_page_activate_cb (self, position, self->column_view);
}

static void
ld_open_calls_page_refresh_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  ld_open_calls_page_reload (LD_OPEN_CALLS_PAGE (widget));
}

/* who took the call, for the operator column */
static char *
ld_open_calls_page_format_operator (gpointer    instance,
                                    const char *name)
{
  return g_strdup (name != NULL && name[0] != '\0' ? name : C_("operator", "Unknown"));
}

static void
ld_open_calls_page_constructed (GObject *object)
{
  LdOpenCallsPage *self = (LdOpenCallsPage *)object;

  G_OBJECT_CLASS (ld_open_calls_page_parent_class)->constructed (object);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->calls)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (ld_open_calls_page_selection_cb), self, G_CONNECT_SWAPPED);
  ld_open_calls_page_update_actions (self);

  /* fetched when the page is first shown */
  ld_loadable_view_set_list (self->view, self->calls);
}

static void
ld_open_calls_page_dispose (GObject *object)
{
  LdOpenCallsPage *self = (LdOpenCallsPage *)object;

  /* AdwBin unparents its child itself: let it, before the template drops its own */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_OPEN_CALLS_PAGE);

  /* its request is cancelled with it */
  g_clear_object (&self->selection);
  g_clear_object (&self->calls);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ld_open_calls_page_parent_class)->dispose (object);
}

static void
ld_open_calls_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LdOpenCallsPage *self = LD_OPEN_CALLS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_TITLE:
      g_value_set_string (value, _("Open Calls"));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_open_calls_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LdOpenCallsPage *self = LD_OPEN_CALLS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_open_calls_page_class_init (LdOpenCallsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_open_calls_page_constructed;
  object_class->dispose = ld_open_calls_page_dispose;
  object_class->get_property = ld_open_calls_page_get_property;
  object_class->set_property = ld_open_calls_page_set_property;

  properties[PROP_CLIENT] = ld_param_spec_client ();

  properties[PROP_TITLE] = ld_param_spec_title ();

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdOpenCallsPage::call-activated:
   * @call: the open call to end
   *
   * The operator asked to end @call (End Call, Enter or a double click on its row).
   */
  signals[CALL_ACTIVATED] = ld_signal_new (LD_TYPE_OPEN_CALLS_PAGE, "call-activated", LD_TYPE_CALL);

  g_type_ensure (LD_TYPE_CALL);
  g_type_ensure (LD_TYPE_LOADABLE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/calls/ld-open-calls-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdOpenCallsPage, view);
  gtk_widget_class_bind_template_child (widget_class, LdOpenCallsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, LdOpenCallsPage, end_button);
  gtk_widget_class_bind_template_callback (widget_class, ld_open_calls_page_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_open_calls_page_format_operator);
  ld_format_bind_template_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "open-calls.end", NULL, ld_open_calls_page_end_action);
  gtk_widget_class_install_action (widget_class, "open-calls.refresh", NULL, ld_open_calls_page_refresh_action);
}

static void
ld_open_calls_page_init (LdOpenCallsPage *self)
{
  self->calls = ld_cursor_list_new (LD_TYPE_CALL,
                                    ld_open_calls_page_fetch,
                                    ld_client_list_calls_finish,
                                    self);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_open_calls_page_new:
 * @client: the logged-in session
 *
 * Returns: (transfer floating): a new page that loads the open calls when first shown
 */
GtkWidget *
ld_open_calls_page_new (LdClient *client)
{
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);

  return g_object_new (LD_TYPE_OPEN_CALLS_PAGE,
                       "client", client,
                       NULL);
}

/**
 * ld_open_calls_page_get_view:
 *
 * Returns: (transfer none): the view that shows the list, its loading and its errors
 */
LdLoadableView *
ld_open_calls_page_get_view (LdOpenCallsPage *self)
{
  g_return_val_if_fail (LD_IS_OPEN_CALLS_PAGE (self), NULL);

  return self->view;
}

/**
 * ld_open_calls_page_get_calls:
 *
 * Returns: (transfer none): the open calls fetched so far (#LdCall)
 */
GListModel *
ld_open_calls_page_get_calls (LdOpenCallsPage *self)
{
  g_return_val_if_fail (LD_IS_OPEN_CALLS_PAGE (self), NULL);

  return G_LIST_MODEL (self->calls);
}

/**
 * ld_open_calls_page_reload:
 *
 * Fetches the list again: a call was ended, or another came.
 */
void
ld_open_calls_page_reload (LdOpenCallsPage *self)
{
  g_return_if_fail (LD_IS_OPEN_CALLS_PAGE (self));

  ld_loadable_view_invalidate (self->view);
}
