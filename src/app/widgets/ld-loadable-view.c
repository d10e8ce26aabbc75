/* ld-loadable-view.c — the one way a profile tab loads, fails and retries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every tab of the member profile wraps its content in this view. The view emits "load"
 * the first time it is mapped (so a tab costs nothing until the agent opens it), shows a
 * spinner while the tab fetches, the server's message with a Retry button when the fetch
 * fails, a status page when there is nothing to show, and the content otherwise. A tab
 * that shows an LdPagedListModel hands it to ld_loadable_view_set_model() and the view
 * follows the model's state by itself; Retry then continues the model from where it failed.
 * A page that shows an LdCursorList (the outbox, the open calls) hands it to
 * ld_loadable_view_set_list(): the view then also fetches its first page when first
 * shown, and again after ld_loadable_view_invalidate(), and, when the content is a
 * GtkScrolledWindow, the next page whenever it is scrolled to its end.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-glib-compat.h"
#include "ld-loadable-view.h"
#include "ld-properties.h"

struct _LdLoadableView
{
  AdwBin            parent_instance;

  GtkStack         *stack;
  GtkSpinner       *spinner;
  AdwBin           *content_bin;

  LdPagedListModel *model;
  LdCursorList     *list;
  char             *error_message;
  char             *empty_title;
  char             *empty_description;
  char             *empty_icon_name;
  LdLoadableState   state;
};

enum {
  PROP_0,
  PROP_CONTENT,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_EMPTY_TITLE,
  PROP_EMPTY_DESCRIPTION,
  PROP_EMPTY_ICON_NAME,
  PROP_MODEL,
  PROP_LIST,
  N_PROPS
};

enum {
  LOAD,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (LdLoadableState, ld_loadable_state,
                    G_DEFINE_ENUM_VALUE (LD_LOADABLE_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (LD_LOADABLE_STATE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (LD_LOADABLE_STATE_ERROR, "error"),
                    G_DEFINE_ENUM_VALUE (LD_LOADABLE_STATE_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (LD_LOADABLE_STATE_READY, "ready"))

G_DEFINE_FINAL_TYPE (LdLoadableView, ld_loadable_view, ADW_TYPE_BIN)

static void
ld_loadable_view_set_state (LdLoadableView  *self,
                            LdLoadableState  state)
{
  static const char * const pages[] = { "loading", "loading", "error", "empty", "content" };

  g_assert (LD_IS_LOADABLE_VIEW (self));
  g_assert (state < G_N_ELEMENTS (pages));

  gtk_stack_set_visible_child_name (self->stack, pages[state]);
  gtk_spinner_set_spinning (self->spinner, state == LD_LOADABLE_STATE_LOADING);

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
ld_loadable_view_set_error_message (LdLoadableView *self,
                                    const char     *message)
{
  g_assert (LD_IS_LOADABLE_VIEW (self));

  if (ld_set_str (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
ld_loadable_view_model_changed_cb (LdLoadableView *self)
{
  const GError *error;
  guint n_items;

  g_assert (LD_IS_LOADABLE_VIEW (self));
  g_assert (LD_IS_PAGED_LIST_MODEL (self->model));

  error = ld_paged_list_model_get_error (self->model);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (error != NULL)
    ld_loadable_view_set_error (self, error);
  else if (n_items == 0 && (ld_paged_list_model_get_loading (self->model) ||
                            !ld_paged_list_model_get_started (self->model)))
    ld_loadable_view_set_loading (self);
  else
    ld_loadable_view_set_ready (self, n_items == 0);
}

static void
ld_loadable_view_list_changed_cb (LdLoadableView *self)
{
  const GError *error;
  guint n_items;

  g_assert (LD_IS_LOADABLE_VIEW (self));
  g_assert (LD_IS_CURSOR_LIST (self->list));

  error = ld_cursor_list_get_error (self->list);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  if (error != NULL)
    ld_loadable_view_set_error (self, error);
  else if (n_items == 0 && ld_cursor_list_get_loading (self->list))
    ld_loadable_view_set_loading (self);
  else if (ld_cursor_list_get_n_pages (self->list) == 0)
    /* nothing asked yet: the first page comes when the view is shown */
    ld_loadable_view_set_state (self, LD_LOADABLE_STATE_IDLE);
  else
    ld_loadable_view_set_ready (self, n_items == 0);
}

/* the content scrolled to its end: the followed list's next page */
static void
ld_loadable_view_edge_reached_cb (LdLoadableView    *self,
                                  GtkPositionType    position,
                                  GtkScrolledWindow *scroller)
{
  g_assert (LD_IS_LOADABLE_VIEW (self));

  if (position == GTK_POS_BOTTOM && self->list != NULL)
    ld_cursor_list_load_more (self->list);
}

/* the content from the start: the followed list's first page, or "load" for the owner */
static void
ld_loadable_view_load (LdLoadableView *self)
{
  g_assert (LD_IS_LOADABLE_VIEW (self));

  if (self->list != NULL)
    ld_cursor_list_reload (self->list);
  else
    g_signal_emit (self, signals[LOAD], 0);
}

/* @changed_cb runs now and whenever the followed @list (a paged list model or a cursor
 * list) starts or stops loading, fails, or changes its rows */
static void
ld_loadable_view_follow (LdLoadableView *self,
                         gpointer        list,
                         void          (*changed_cb) (LdLoadableView *self))
{
  static const char * const signals_followed[] = { "notify::loading", "notify::error", "items-changed" };

  for (guint i = 0; i < G_N_ELEMENTS (signals_followed); i++)
    g_signal_connect_object (list, signals_followed[i], G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  changed_cb (self);
}

static void
ld_loadable_view_retry_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  ld_loadable_view_retry (LD_LOADABLE_VIEW (widget));
}

static void
ld_loadable_view_map (GtkWidget *widget)
{
  LdLoadableView *self = (LdLoadableView *)widget;

  g_assert (LD_IS_LOADABLE_VIEW (self));

  GTK_WIDGET_CLASS (ld_loadable_view_parent_class)->map (widget);

  /* lazily: the first time the agent looks at the tab */
  if (self->state == LD_LOADABLE_STATE_IDLE)
    ld_loadable_view_load (self);
}

static void
ld_loadable_view_dispose (GObject *object)
{
  LdLoadableView *self = (LdLoadableView *)object;

  ld_loadable_view_set_model (self, NULL);
  ld_loadable_view_set_list (self, NULL);

  /* AdwBin keeps a pointer to its child: let it go before the template drops its references */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_LOADABLE_VIEW);

  G_OBJECT_CLASS (ld_loadable_view_parent_class)->dispose (object);
}

static void
ld_loadable_view_finalize (GObject *object)
{
  LdLoadableView *self = (LdLoadableView *)object;

  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->empty_title, g_free);
  g_clear_pointer (&self->empty_description, g_free);
  g_clear_pointer (&self->empty_icon_name, g_free);

  G_OBJECT_CLASS (ld_loadable_view_parent_class)->finalize (object);
}

static void
ld_loadable_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LdLoadableView *self = LD_LOADABLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      g_value_set_object (value, ld_loadable_view_get_content (self));
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_EMPTY_TITLE:
      g_value_set_string (value, self->empty_title);
      break;

    case PROP_EMPTY_DESCRIPTION:
      g_value_set_string (value, self->empty_description);
      break;

    case PROP_EMPTY_ICON_NAME:
      g_value_set_string (value, self->empty_icon_name);
      break;

    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_loadable_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LdLoadableView *self = LD_LOADABLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTENT:
      ld_loadable_view_set_content (self, g_value_get_object (value));
      break;

    case PROP_EMPTY_TITLE:
      if (ld_set_str (&self->empty_title, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_EMPTY_DESCRIPTION:
      if (ld_set_str (&self->empty_description, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_EMPTY_ICON_NAME:
      if (ld_set_str (&self->empty_icon_name, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_MODEL:
      ld_loadable_view_set_model (self, g_value_get_object (value));
      break;

    case PROP_LIST:
      ld_loadable_view_set_list (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_loadable_view_class_init (LdLoadableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_loadable_view_dispose;
  object_class->finalize = ld_loadable_view_finalize;
  object_class->get_property = ld_loadable_view_get_property;
  object_class->set_property = ld_loadable_view_set_property;

  widget_class->map = ld_loadable_view_map;

  properties[PROP_CONTENT] =
    g_param_spec_object ("content", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       LD_TYPE_LOADABLE_STATE,
                       LD_LOADABLE_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_EMPTY_TITLE] =
    g_param_spec_string ("empty-title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EMPTY_DESCRIPTION] =
    g_param_spec_string ("empty-description", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EMPTY_ICON_NAME] =
    g_param_spec_string ("empty-icon-name", NULL, NULL,
                         "edit-find-symbolic",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         LD_TYPE_PAGED_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL,
                         LD_TYPE_CURSOR_LIST,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdLoadableView::load:
   *
   * Fetch the content now: emitted when the view is first shown, after
   * ld_loadable_view_invalidate(), and on Retry when no list is followed.
   * The handler calls ld_loadable_view_set_loading() and later set_ready() or
   * set_error(), or hands a model to ld_loadable_view_set_model().
   */
  signals[LOAD] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "load", G_TYPE_NONE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/ui/widgets/ld-loadable-view.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "retry_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LdLoadableView, stack);
  gtk_widget_class_bind_template_child (widget_class, LdLoadableView, spinner);
  gtk_widget_class_bind_template_child (widget_class, LdLoadableView, content_bin);

  gtk_widget_class_install_action (widget_class, "loadable.retry", NULL,
                                   ld_loadable_view_retry_action);
}

static void
ld_loadable_view_init (LdLoadableView *self)
{
  self->empty_icon_name = g_strdup ("edit-find-symbolic");
  self->state = LD_LOADABLE_STATE_IDLE;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->stack, "loading");
}

GtkWidget *
ld_loadable_view_new (void)
{
  return g_object_new (LD_TYPE_LOADABLE_VIEW, NULL);
}

/**
 * ld_loadable_view_get_content:
 *
 * Returns: (transfer none) (nullable): the widget shown once loaded
 */
GtkWidget *
ld_loadable_view_get_content (LdLoadableView *self)
{
  g_return_val_if_fail (LD_IS_LOADABLE_VIEW (self), NULL);

  return adw_bin_get_child (self->content_bin);
}

void
ld_loadable_view_set_content (LdLoadableView *self,
                              GtkWidget      *content)
{
  GtkWidget *old;

  g_return_if_fail (LD_IS_LOADABLE_VIEW (self));
  g_return_if_fail (!content || GTK_IS_WIDGET (content));

  old = adw_bin_get_child (self->content_bin);
  if (old == content)
    return;

  if (GTK_IS_SCROLLED_WINDOW (old))
    g_signal_handlers_disconnect_by_func (old, ld_loadable_view_edge_reached_cb, self);
  if (GTK_IS_SCROLLED_WINDOW (content))
    g_signal_connect_object (content, "edge-reached",
                             G_CALLBACK (ld_loadable_view_edge_reached_cb),
                             self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->content_bin, content);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

LdLoadableState
ld_loadable_view_get_state (LdLoadableView *self)
{
  g_return_val_if_fail (LD_IS_LOADABLE_VIEW (self), LD_LOADABLE_STATE_IDLE);

  return self->state;
}

/**
 * ld_loadable_view_get_error_message:
 *
 * Returns: (nullable): the message shown with the error, as the server wrote it
 */
const char *
ld_loadable_view_get_error_message (LdLoadableView *self)
{
  g_return_val_if_fail (LD_IS_LOADABLE_VIEW (self), NULL);

  return self->error_message;
}

/**
 * ld_loadable_view_get_model:
 *
 * Returns: (transfer none) (nullable): the list model the view follows
 */
LdPagedListModel *
ld_loadable_view_get_model (LdLoadableView *self)
{
  g_return_val_if_fail (LD_IS_LOADABLE_VIEW (self), NULL);

  return self->model;
}

/**
 * ld_loadable_view_set_model:
 * @model: (nullable): the list the content shows
 *
 * Follows @model: spinner until its first page, the status page when it is empty, its
 * error with Retry (which continues from the failed page), the content otherwise.
 */
void
ld_loadable_view_set_model (LdLoadableView   *self,
                            LdPagedListModel *model)
{
  g_return_if_fail (LD_IS_LOADABLE_VIEW (self));
  g_return_if_fail (!model || LD_IS_PAGED_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  g_set_object (&self->model, model);

  if (model != NULL)
    {
      ld_loadable_view_follow (self, model, ld_loadable_view_model_changed_cb);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * ld_loadable_view_set_list:
 * @list: (nullable): the list the content shows
 *
 * Follows @list as ld_loadable_view_set_model() follows a model, and fetches its first
 * page when the view is first shown or invalidated; Retry asks again for the page that
 * failed.
 */
void
ld_loadable_view_set_list (LdLoadableView *self,
                           LdCursorList   *list)
{
  g_return_if_fail (LD_IS_LOADABLE_VIEW (self));
  g_return_if_fail (!list || LD_IS_CURSOR_LIST (list));

  if (self->list == list)
    return;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);

  g_set_object (&self->list, list);

  if (list != NULL)
    {
      ld_loadable_view_follow (self, list, ld_loadable_view_list_changed_cb);
      if (self->state == LD_LOADABLE_STATE_IDLE && gtk_widget_get_mapped (GTK_WIDGET (self)))
        ld_loadable_view_load (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

LdCursorList *
ld_loadable_view_get_list (LdLoadableView *self)
{
  g_return_val_if_fail (LD_IS_LOADABLE_VIEW (self), NULL);

  return self->list;
}

void
ld_loadable_view_set_loading (LdLoadableView *self)
{
  g_return_if_fail (LD_IS_LOADABLE_VIEW (self));

  ld_loadable_view_set_state (self, LD_LOADABLE_STATE_LOADING);
}

/**
 * ld_loadable_view_set_error:
 * @error: why the content could not be fetched; its message is shown as it is
 */
void
ld_loadable_view_set_error (LdLoadableView *self,
                            const GError   *error)
{
  g_return_if_fail (LD_IS_LOADABLE_VIEW (self));
  g_return_if_fail (error != NULL);

  ld_loadable_view_set_error_message (self, error->message);
  ld_loadable_view_set_state (self, LD_LOADABLE_STATE_ERROR);
}

/**
 * ld_loadable_view_set_ready:
 * @empty: %TRUE shows the empty status page instead of the content
 */
void
ld_loadable_view_set_ready (LdLoadableView *self,
                            gboolean        empty)
{
  g_return_if_fail (LD_IS_LOADABLE_VIEW (self));

  ld_loadable_view_set_state (self, empty ? LD_LOADABLE_STATE_EMPTY : LD_LOADABLE_STATE_READY);
}

/**
 * ld_loadable_view_invalidate:
 *
 * Forgets that the content was loaded: loads again now if the view is shown, else the
 * next time it is.
 */
void
ld_loadable_view_invalidate (LdLoadableView *self)
{
  g_return_if_fail (LD_IS_LOADABLE_VIEW (self));

  ld_loadable_view_set_state (self, LD_LOADABLE_STATE_IDLE);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ld_loadable_view_load (self);
}

/**
 * ld_loadable_view_retry:
 *
 * What the Retry button does: continues the followed model or list from the page that
 * failed, or loads the whole content again.
 */
void
ld_loadable_view_retry (LdLoadableView *self)
{
  g_return_if_fail (LD_IS_LOADABLE_VIEW (self));

  if (self->model != NULL && ld_paged_list_model_get_error (self->model) != NULL)
    ld_paged_list_model_load_more (self->model);
  else if (self->list != NULL && ld_cursor_list_get_error (self->list) != NULL)
    ld_cursor_list_retry (self->list);
  else
    ld_loadable_view_invalidate (self);
}
