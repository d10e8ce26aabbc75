/* ld-outbox-page.c — the SMS and e-mails the server sent (needs outbox.view)
 *
 * Where a supervisor reads a verification code the caller did not get. The loadable
 * view fetches the pages (the next one as the list is scrolled to its end) and shows the
 * first page's loading, an error with Retry, or that nothing was sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-outbox-page.h"
#include "ld-properties.h"

#define PAGE_SIZE 100

struct _LdOutboxPage
{
  AdwBin          parent_instance;

  /* template children */
  LdLoadableView *view;
  GtkColumnView  *column_view;

  LdClient       *client;
  LdCursorList   *items;
};

G_DEFINE_FINAL_TYPE (LdOutboxPage, ld_outbox_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* an LdCursorListFetchFunc: one page of the messages, newest first */
static void
ld_outbox_page_fetch (gpointer             fetch_data,
                      const char          *cursor,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  LdOutboxPage *self = fetch_data;

  g_assert (LD_IS_OUTBOX_PAGE (self));

  ld_client_list_outbox_async (self->client, NULL, cursor, PAGE_SIZE, cancellable, callback, user_data);
}

static void
ld_outbox_page_constructed (GObject *object)
{
  LdOutboxPage *self = (LdOutboxPage *)object;
  g_autoptr(GtkNoSelection) selection = NULL;

  G_OBJECT_CLASS (ld_outbox_page_parent_class)->constructed (object);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  /* fetched when the page is first shown */
  ld_loadable_view_set_list (self->view, self->items);
}

static void
ld_outbox_page_dispose (GObject *object)
{
  LdOutboxPage *self = (LdOutboxPage *)object;

  /* AdwBin unparents its child itself: let it, before the template drops its own */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_OUTBOX_PAGE);

  /* its request is cancelled with it */
  g_clear_object (&self->items);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ld_outbox_page_parent_class)->dispose (object);
}

static void
ld_outbox_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdOutboxPage *self = LD_OUTBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_TITLE:
      g_value_set_string (value, _("Sent Messages"));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_outbox_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LdOutboxPage *self = LD_OUTBOX_PAGE (object);

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
ld_outbox_page_class_init (LdOutboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_outbox_page_constructed;
  object_class->dispose = ld_outbox_page_dispose;
  object_class->get_property = ld_outbox_page_get_property;
  object_class->set_property = ld_outbox_page_set_property;

  properties[PROP_CLIENT] = ld_param_spec_client ();

  properties[PROP_TITLE] = ld_param_spec_title ();

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LD_TYPE_OUTBOX_ITEM);
  g_type_ensure (LD_TYPE_LOADABLE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/ld-outbox-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdOutboxPage, view);
  gtk_widget_class_bind_template_child (widget_class, LdOutboxPage, column_view);
}

static void
ld_outbox_page_init (LdOutboxPage *self)
{
  self->items = ld_cursor_list_new (LD_TYPE_OUTBOX_ITEM,
                                    ld_outbox_page_fetch,
                                    ld_client_list_outbox_finish,
                                    self);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_outbox_page_new:
 * @client: the logged-in session (with the right outbox.view)
 *
 * Returns: (transfer floating): a new page that loads the messages when first shown
 */
GtkWidget *
ld_outbox_page_new (LdClient *client)
{
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);

  return g_object_new (LD_TYPE_OUTBOX_PAGE,
                       "client", client,
                       NULL);
}

/**
 * ld_outbox_page_get_view:
 *
 * Returns: (transfer none): the view that shows the list, its loading and its errors
 */
LdLoadableView *
ld_outbox_page_get_view (LdOutboxPage *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_PAGE (self), NULL);

  return self->view;
}

/**
 * ld_outbox_page_get_items:
 *
 * Returns: (transfer none): the messages loaded so far (#LdOutboxItem)
 */
GListModel *
ld_outbox_page_get_items (LdOutboxPage *self)
{
  g_return_val_if_fail (LD_IS_OUTBOX_PAGE (self), NULL);

  return G_LIST_MODEL (self->items);
}
