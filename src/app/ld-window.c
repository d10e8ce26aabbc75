/* ld-window.c — the main window: search, member tabs, registration, the outbox
 *
 * The search is the first, pinned tab; each member opens in a tab of its own, whose
 * page cancels its requests when the tab closes. The call on the line (the screen pop,
 * the banner, ending every call before the window goes) is calls/ld-window-calls.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-member-page.h"
#include "ld-operation-setup.h"
#include "ld-outbox-page.h"
#include "ld-properties.h"
#include "ld-registration-phone-dialog.h"
#include "ld-registration-wizard.h"
#include "ld-search-page.h"
#include "ld-unknown-caller-page.h"
#include "ld-window-private.h"

#define MEMBER_ID_KEY "ld-member-id"

G_DEFINE_FINAL_TYPE (LdWindow, ld_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CONFIG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
ld_window_toast (LdWindow   *self,
                 const char *message)
{
  AdwToast *toast;

  g_assert (LD_IS_WINDOW (self));
  g_assert (message != NULL);

  g_free (self->last_message);
  self->last_message = g_strdup (message);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
ld_window_operator_to_title (GBinding     *binding,
                             const GValue *from,
                             GValue       *to,
                             gpointer      user_data)
{
  LdOperator *operator = g_value_get_object (from);

  g_value_set_string (to, operator ? ld_operator_get_name (operator) : _("Loyalty Desk"));

  return TRUE;
}

static gboolean
ld_window_operator_to_subtitle (GBinding     *binding,
                                const GValue *from,
                                GValue       *to,
                                gpointer      user_data)
{
  LdOperator *operator = g_value_get_object (from);
  const char *role;

  if (operator == NULL || !(role = ld_operator_get_role (operator)))
    g_value_set_string (to, NULL);
  else if (g_str_equal (role, "agent"))
    g_value_set_string (to, _("Agent"));
  else if (g_str_equal (role, "supervisor"))
    g_value_set_string (to, _("Supervisor"));
  else if (g_str_equal (role, "admin"))
    g_value_set_string (to, _("Administrator"));
  else
    g_value_set_string (to, role);

  return TRUE;
}

static void
ld_window_update_actions (LdWindow *self)
{
  gboolean may_view_outbox;

  g_assert (LD_IS_WINDOW (self));

  may_view_outbox = ld_client_has_right (self->client, LD_RIGHT_OUTBOX_VIEW);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-outbox", may_view_outbox);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.register-call",
                                 ld_client_has_right (self->client, LD_RIGHT_MEMBER_REGISTER));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.register-without-call",
                                 ld_client_has_right (self->client, LD_RIGHT_MEMBER_REGISTER) &&
                                 ld_client_has_right (self->client, LD_RIGHT_MEMBER_REGISTER_WITHOUT_CALL));

  if (may_view_outbox)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->outbox_button), _("Sent Messages"));
    }
  else
    {
      g_autofree char *tooltip = ld_operation_dup_missing_right (LD_RIGHT_OUTBOX_VIEW);
      g_autofree char *text = g_strdup_printf ("%s — %s", _("Sent Messages"), tooltip);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->outbox_button), text);
    }
}

static void
ld_window_operator_changed_cb (LdWindow   *self,
                               GParamSpec *pspec,
                               LdClient   *client)
{
  g_assert (LD_IS_WINDOW (self));

  ld_window_update_actions (self);
  ld_window_calls_update_actions (self);
}

/* libadwaita 1.2 leaves the close buttons of tabs without a name for screen readers */
static void
ld_window_name_close_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        {
          GtkWidget *image = gtk_button_get_child (GTK_BUTTON (child));

          if (GTK_IS_IMAGE (image) &&
              g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), "window-close-symbolic") == 0)
            gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, _("Close tab"),
                                            -1);
        }

      ld_window_name_close_buttons (child);
    }
}

static gboolean
ld_window_name_close_buttons_idle_cb (gpointer user_data)
{
  LdWindow *self = user_data;

  g_assert (LD_IS_WINDOW (self));

  if (self->tab_bar != NULL)
    ld_window_name_close_buttons (GTK_WIDGET (self->tab_bar));

  return G_SOURCE_REMOVE;
}

AdwTabPage *
ld_window_add_tab (LdWindow   *self,
                   GtkWidget  *child,
                   const char *icon_name)
{
  g_autoptr(GIcon) icon = NULL;
  AdwTabPage *page;

  g_assert (LD_IS_WINDOW (self));
  g_assert (GTK_IS_WIDGET (child));

  page = adw_tab_view_append (self->tab_view, child);
  g_object_bind_property (child, "title", page, "title", G_BINDING_SYNC_CREATE);

  if (icon_name != NULL)
    {
      icon = g_themed_icon_new (icon_name);
      adw_tab_page_set_icon (page, icon);
    }

  adw_tab_view_set_selected_page (self->tab_view, page);

  /* the tab bar makes the tab's widgets when it gets to it */
  g_idle_add_full (G_PRIORITY_LOW, ld_window_name_close_buttons_idle_cb,
                   g_object_ref (self), g_object_unref);

  return page;
}

AdwTabPage *
ld_window_find_tab_of_type (LdWindow *self,
                            GType     type)
{
  guint n = adw_tab_view_get_n_pages (self->tab_view);

  g_assert (LD_IS_WINDOW (self));

  for (guint i = 0; i < n; i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (adw_tab_page_get_child (page), type))
        return page;
    }

  return NULL;
}

gboolean
ld_window_select_tab_of_type (LdWindow *self,
                              GType     type)
{
  AdwTabPage *page = ld_window_find_tab_of_type (self, type);

  if (page != NULL)
    adw_tab_view_set_selected_page (self->tab_view, page);
  return page != NULL;
}

/* the open member page of @member_id, or NULL */
static AdwTabPage *
ld_window_find_member_tab (LdWindow *self,
                           gint64    member_id)
{
  guint n = adw_tab_view_get_n_pages (self->tab_view);

  for (guint i = 0; i < n; i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);
      gpointer id = g_object_get_data (G_OBJECT (adw_tab_page_get_child (page)), MEMBER_ID_KEY);

      if (id != NULL && *(gint64 *)id == member_id)
        return page;
    }

  return NULL;
}

/* a removed member's page has nothing left to show: it closes, and a toast says why */
static void
ld_window_member_removed_cb (LdWindow     *self,
                             LdMemberPage *member_page)
{
  g_autofree char *message = NULL;
  AdwTabPage *page;

  g_assert (LD_IS_WINDOW (self));
  g_assert (LD_IS_MEMBER_PAGE (member_page));

  /* Translators: a toast; %s is the member's name as their tab showed it */
  message = g_strdup_printf (_("%s was removed from the program"), ld_member_page_get_title (member_page));
  if ((page = adw_tab_view_get_page (self->tab_view, GTK_WIDGET (member_page))))
    adw_tab_view_close_page (self->tab_view, page);
  ld_window_toast (self, message);
}

/* the member whose account joined another's: their open page shows the merged account */
static void
ld_window_members_merged_cb (LdWindow     *self,
                             gint64        other_id,
                             LdMemberPage *member_page)
{
  AdwTabPage *page;

  g_assert (LD_IS_WINDOW (self));

  if ((page = ld_window_find_member_tab (self, other_id)))
    ld_member_page_reload (LD_MEMBER_PAGE (adw_tab_page_get_child (page)));
}

static GtkWidget *
ld_window_create_member_page (LdWindow *self,
                              gint64    member_id)
{
  GtkWidget *page;

  g_assert (LD_IS_WINDOW (self));

  page = ld_member_page_new (self->client, member_id);
  g_signal_connect_object (page, "removed",
                           G_CALLBACK (ld_window_member_removed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "merged",
                           G_CALLBACK (ld_window_members_merged_cb),
                           self, G_CONNECT_SWAPPED);

  return page;
}

/**
 * ld_window_open_member:
 * @member_id: the member to show
 *
 * Shows the member's tab, opening it when it is not open yet.
 */
void
ld_window_open_member (LdWindow *self,
                       gint64    member_id)
{
  GtkWidget *child;
  guint n;

  g_return_if_fail (LD_IS_WINDOW (self));
  g_return_if_fail (member_id > 0);

  if (!ld_client_has_right (self->client, LD_RIGHT_MEMBER_VIEW))
    {
      g_autofree char *message = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_VIEW);

      ld_window_toast (self, message);
      return;
    }

  n = adw_tab_view_get_n_pages (self->tab_view);
  for (guint i = 0; i < n; i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);
      gpointer id = g_object_get_data (G_OBJECT (adw_tab_page_get_child (page)), MEMBER_ID_KEY);

      if (id != NULL && *(gint64 *)id == member_id)
        {
          adw_tab_view_set_selected_page (self->tab_view, page);
          return;
        }
    }

  child = ld_window_create_member_page (self, member_id);
  g_object_set_data_full (G_OBJECT (child), MEMBER_ID_KEY,
                          g_memdup2 (&member_id, sizeof member_id), g_free);
  ld_window_add_tab (self, child, "avatar-default-symbolic");
}

static void
ld_window_member_activated_cb (LdWindow     *self,
                               LdMember     *member,
                               LdSearchPage *search_page)
{
  g_assert (LD_IS_WINDOW (self));
  g_assert (LD_IS_MEMBER (member));

  ld_window_open_member (self, ld_member_get_id (member));
}

static gboolean
ld_window_close_page_cb (LdWindow   *self,
                         AdwTabPage *page,
                         AdwTabView *tab_view)
{
  g_assert (LD_IS_WINDOW (self));
  g_assert (ADW_IS_TAB_PAGE (page));

  /* the search stays; every other page goes, and its requests with it */
  if (adw_tab_page_get_child (page) == GTK_WIDGET (self->search_page))
    {
      adw_tab_view_close_page_finish (tab_view, page, FALSE);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* ---- registration (the wizard lives in src/app/registration/) */

static void
ld_window_registration_completed_cb (LdWindow             *self,
                                     gint64                member_id,
                                     LdRegistrationWizard *wizard)
{
  AdwTabPage *page;

  g_assert (LD_IS_WINDOW (self));
  g_assert (LD_IS_REGISTRATION_WIZARD (wizard));

  ld_window_toast (self, _("Registration complete"));

  /* registered during the call: the caller is that member for the rest of it */
  ld_window_calls_set_member (self, ld_registration_wizard_get_call_id (wizard), member_id);
  ld_window_open_member (self, member_id);

  /* the new member's profile takes the wizard's place */
  if ((page = adw_tab_view_get_page (self->tab_view, GTK_WIDGET (wizard))))
    adw_tab_view_close_page (self->tab_view, page);
}

static void
ld_window_registration_open_member_cb (LdWindow             *self,
                                       gint64                member_id,
                                       LdRegistrationWizard *wizard)
{
  g_assert (LD_IS_WINDOW (self));

  ld_window_open_member (self, member_id);
}

static void
ld_window_registration_closed_cb (LdWindow             *self,
                                  LdRegistrationWizard *wizard)
{
  AdwTabPage *page;

  g_assert (LD_IS_WINDOW (self));

  if ((page = adw_tab_view_get_page (self->tab_view, GTK_WIDGET (wizard))))
    adw_tab_view_close_page (self->tab_view, page);
}

/**
 * ld_window_register:
 * @phone: the number to register, in E.164
 * @call_id: the call the caller is on; 0 for a registration without a call
 *
 * Opens the registration wizard of @phone in a tab, or shows the one already open
 * for that number. The wizard resumes the number's open draft on the server.
 */
void
ld_window_register (LdWindow   *self,
                    const char *phone,
                    gint64      call_id)
{
  GtkWidget *wizard;
  guint n;

  g_return_if_fail (LD_IS_WINDOW (self));
  g_return_if_fail (phone != NULL);

  n = adw_tab_view_get_n_pages (self->tab_view);
  for (guint i = 0; i < n; i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);
      GtkWidget *child = adw_tab_page_get_child (page);

      if (LD_IS_REGISTRATION_WIZARD (child) &&
          g_strcmp0 (ld_registration_wizard_get_phone (LD_REGISTRATION_WIZARD (child)), phone) == 0)
        {
          adw_tab_view_set_selected_page (self->tab_view, page);
          return;
        }
    }

  wizard = ld_registration_wizard_new (self->client, phone, call_id);
  g_signal_connect_object (wizard, "completed",
                           G_CALLBACK (ld_window_registration_completed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (wizard, "open-member",
                           G_CALLBACK (ld_window_registration_open_member_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (wizard, "closed",
                           G_CALLBACK (ld_window_registration_closed_cb),
                           self, G_CONNECT_SWAPPED);
  ld_window_add_tab (self, wizard, "contact-new-symbolic");
}

/* the Register button of the "not registered" page: the wizard takes the page's place */
static void
ld_window_register_call_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  LdWindow *self = (LdWindow *)widget;
  AdwTabPage *caller_page = NULL;
  AdwTabPage *wizard_page;
  const char *phone = NULL;
  gint64 call_id = 0;
  guint n;

  g_assert (LD_IS_WINDOW (self));

  g_variant_get (param, "(&sx)", &phone, &call_id);

  n = adw_tab_view_get_n_pages (self->tab_view);
  for (guint i = 0; i < n && caller_page == NULL; i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);
      GtkWidget *child = adw_tab_page_get_child (page);

      if (LD_IS_UNKNOWN_CALLER_PAGE (child) &&
          g_strcmp0 (ld_unknown_caller_page_get_phone (LD_UNKNOWN_CALLER_PAGE (child)), phone) == 0)
        caller_page = page;
    }

  ld_window_register (self, phone, call_id);

  wizard_page = adw_tab_view_get_selected_page (self->tab_view);
  if (caller_page != NULL && caller_page != wizard_page)
    {
      int position = adw_tab_view_get_page_position (self->tab_view, caller_page);

      adw_tab_view_close_page (self->tab_view, caller_page);
      adw_tab_view_reorder_page (self->tab_view, wizard_page, position);
    }
}

static void
ld_window_register_phone_chosen_cb (LdWindow                  *self,
                                    const char                *phone,
                                    LdRegistrationPhoneDialog *dialog)
{
  g_assert (LD_IS_WINDOW (self));

  ld_window_register (self, phone, 0);
}

static void
ld_window_register_without_call_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  LdWindow *self = (LdWindow *)widget;
  GtkWidget *dialog;

  g_assert (LD_IS_WINDOW (self));

  dialog = ld_registration_phone_dialog_new (GTK_WINDOW (self));
  g_signal_connect_object (dialog, "phone-chosen",
                           G_CALLBACK (ld_window_register_phone_chosen_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ld_window_focus_search_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  LdWindow *self = (LdWindow *)widget;

  g_assert (LD_IS_WINDOW (self));

  adw_tab_view_set_selected_page (self->tab_view,
                                  adw_tab_view_get_page (self->tab_view, GTK_WIDGET (self->search_page)));
  ld_search_page_focus_entry (self->search_page);
}

static void
ld_window_close_tab_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  LdWindow *self = (LdWindow *)widget;
  AdwTabPage *page;

  g_assert (LD_IS_WINDOW (self));

  if ((page = adw_tab_view_get_selected_page (self->tab_view)))
    adw_tab_view_close_page (self->tab_view, page);
}

static void
ld_window_show_outbox_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  LdWindow *self = (LdWindow *)widget;

  g_assert (LD_IS_WINDOW (self));

  if (!ld_window_select_tab_of_type (self, LD_TYPE_OUTBOX_PAGE))
    ld_window_add_tab (self, ld_outbox_page_new (self->client), "mail-send-symbolic");
}

static void
ld_window_config_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LdWindow) self = user_data;
  g_autoptr(LdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_WINDOW (self));

  if (!(config = ld_client_get_config_finish (LD_CLIENT (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No configuration: %s", error->message);
      return;
    }

  if (g_set_object (&self->config, config))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG]);
}

static void
ld_window_constructed (GObject *object)
{
  LdWindow *self = (LdWindow *)object;
  AdwTabPage *page;

  G_OBJECT_CLASS (ld_window_parent_class)->constructed (object);

  g_object_bind_property_full (self->client, "operator",
                               self->window_title, "title",
                               G_BINDING_SYNC_CREATE,
                               ld_window_operator_to_title, NULL, NULL, NULL);
  g_object_bind_property_full (self->client, "operator",
                               self->window_title, "subtitle",
                               G_BINDING_SYNC_CREATE,
                               ld_window_operator_to_subtitle, NULL, NULL, NULL);
  g_signal_connect_object (self->client, "notify::operator",
                           G_CALLBACK (ld_window_operator_changed_cb),
                           self, G_CONNECT_SWAPPED);
  ld_window_calls_constructed (self);

  self->search_page = LD_SEARCH_PAGE (ld_search_page_new (self->client));
  /* the configuration is fetched once, here; the search's rows read its labels */
  g_object_bind_property (self, "config", self->search_page, "config", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->search_page, "member-activated",
                           G_CALLBACK (ld_window_member_activated_cb),
                           self, G_CONNECT_SWAPPED);
  page = ld_window_add_tab (self, GTK_WIDGET (self->search_page), "system-search-symbolic");
  adw_tab_view_set_page_pinned (self->tab_view, page, TRUE);

  ld_window_update_actions (self);

  ld_client_get_config_async (self->client, self->cancellable,
                              ld_window_config_cb, g_object_ref (self));

  ld_search_page_focus_entry (self->search_page);
}

static gboolean
ld_window_close_request (GtkWindow *window)
{
  LdWindow *self = (LdWindow *)window;

  g_assert (LD_IS_WINDOW (self));

  if (!ld_window_end_calls_then (self, "window.close"))
    return GDK_EVENT_STOP;

  return GTK_WINDOW_CLASS (ld_window_parent_class)->close_request (window);
}

static void
ld_window_dispose (GObject *object)
{
  LdWindow *self = (LdWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  ld_window_calls_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_WINDOW);

  self->search_page = NULL;
  g_clear_object (&self->config);
  g_clear_object (&self->client);
  g_clear_pointer (&self->last_message, g_free);

  G_OBJECT_CLASS (ld_window_parent_class)->dispose (object);
}

static void
ld_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LdWindow *self = LD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LdWindow *self = LD_WINDOW (object);

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
ld_window_class_init (LdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ld_window_constructed;
  object_class->dispose = ld_window_dispose;
  object_class->get_property = ld_window_get_property;
  object_class->set_property = ld_window_set_property;
  window_class->close_request = ld_window_close_request;

  properties[PROP_CLIENT] = ld_param_spec_client ();

  /**
   * LdWindow:config:
   *
   * The server's configuration, once loaded (the reasons of ending a call…).
   */
  properties[PROP_CONFIG] = ld_param_spec_config (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  ld_window_class_init_calls (widget_class);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/ld-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, training_button);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, outbox_button);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, call_banner);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, tab_view);
  gtk_widget_class_bind_template_callback (widget_class, ld_window_close_page_cb);

  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, ld_window_focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.close-tab", NULL, ld_window_close_tab_action);
  gtk_widget_class_install_action (widget_class, "win.show-outbox", NULL, ld_window_show_outbox_action);
  gtk_widget_class_install_action (widget_class, "win.register-call", "(sx)", ld_window_register_call_action);
  gtk_widget_class_install_action (widget_class, "win.register-without-call", NULL, ld_window_register_without_call_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close-tab", NULL);
}

static void
ld_window_init (LdWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_window_new:
 * @application: the application
 * @client: the logged-in session
 *
 * Returns: (transfer floating): a new main window
 */
GtkWidget *
ld_window_new (LdApplication *application,
               LdClient      *client)
{
  GSettings *settings;
  GtkWidget *self;

  g_return_val_if_fail (LD_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);

  self = g_object_new (LD_TYPE_WINDOW,
                       "application", application,
                       "client", client,
                       NULL);

  /* the window comes back the size the agent left it */
  settings = ld_application_get_settings (application);
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  return self;
}

/**
 * ld_window_get_client:
 *
 * Returns: (transfer none): the session
 */
LdClient *
ld_window_get_client (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  return self->client;
}

/**
 * ld_window_get_config:
 *
 * Returns: (transfer none) (nullable): the configuration, once loaded
 */
LdConfig *
ld_window_get_config (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  return self->config;
}

/**
 * ld_window_get_search_page:
 *
 * Returns: (transfer none): the search page (the first tab)
 */
LdSearchPage *
ld_window_get_search_page (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  return self->search_page;
}

/**
 * ld_window_get_tab_view:
 *
 * Returns: (transfer none): the tabs
 */
AdwTabView *
ld_window_get_tab_view (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  return self->tab_view;
}

/**
 * ld_window_get_call_banner:
 *
 * Returns: (transfer none): the call banner
 */
LdCallBanner *
ld_window_get_call_banner (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  return self->call_banner;
}

/**
 * ld_window_get_last_message:
 *
 * Returns: (nullable): the text of the last toast the window showed
 */
const char *
ld_window_get_last_message (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  return self->last_message;
}
