/* ld-member-page.c — the member profile: header, then one tab per kind of history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page fetches the profile (GET /members/{id}) and the configuration (for the labels
 * of the application form, statuses, categories, channels) together; the header follows
 * the "member" property through bindings. Each tab is its own widget that loads when the
 * agent first opens it and keeps its own error, so a failing tab never takes the page
 * down. Alt+1…8 and Ctrl+Page Up/Down switch tabs.
 *
 * The header's menu (Ctrl+M) offers the operations on the member and their account
 * (operations/members/): only those that apply to the member as they are, each
 * insensitive with a tooltip naming the right when the operator lacks it. After one
 * succeeded the page fetches the profile again, so the header and the tabs show it; a
 * merge also emits #LdMemberPage::merged (the other member's page shows the merged
 * account), a removal #LdMemberPage::removed (the page has nothing left to show).
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-contact-operations.h"
#include "ld-format.h"
#include "ld-loadable-view.h"
#include "ld-member-actions-tab.h"
#include "ld-member-cards-tab.h"
#include "ld-member-favorites-tab.h"
#include "ld-member-messages-tab.h"
#include "ld-member-operations.h"
#include "ld-member-operations-tab.h"
#include "ld-member-page.h"
#include "ld-member-profile-tab.h"
#include "ld-member-purchases-tab.h"
#include "ld-member-subscriptions-tab.h"
#include "ld-operation-dialog.h"
#include "ld-properties.h"
#include "ld-weak-ref.h"

struct _LdMemberPage
{
  AdwBin          parent_instance;

  LdLoadableView *page_view;
  AdwViewStack   *stack;
  GtkMenuButton  *operations_button;
  GtkWidget      *operation_buttons[LD_MEMBER_OPERATION_N_KINDS];

  LdClient       *client;
  LdMember       *member;
  LdConfig       *config;
  char           *title;
  GCancellable   *cancellable;
  gint64          member_id;

  /* what the load in flight has brought so far */
  LdMember       *pending_member;
  LdConfig       *pending_config;
  guint           n_pending;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MEMBER_ID,
  PROP_MEMBER,
  PROP_CONFIG,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REMOVED,
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LdMemberPage, ld_member_page, ADW_TYPE_BIN)

/* the menu's buttons, in the order of LdMemberOperationKind */
static const char * const operation_button_names[LD_MEMBER_OPERATION_N_KINDS] = {
  "block_button", "unblock_button", "change_status_button", "merge_button", "remove_button",
};

static const char * const tab_names[] = {
  "profile", "cards", "purchases", "operations",
  "favorites", "messages", "subscriptions", "actions",
};

/* the operations follow the member, the configuration and the operator's rights: one
 * that does not apply is not offered, one without the right is insensitive and says why */
static void
ld_member_page_update_operations (LdMemberPage *self)
{
  g_assert (LD_IS_MEMBER_PAGE (self));

  for (guint kind = 0; kind < LD_MEMBER_OPERATION_N_KINDS; kind++)
    {
      GtkWidget *button = self->operation_buttons[kind];
      g_autofree char *tooltip = ld_member_operation_dup_tooltip (kind, self->client);
      gboolean applies = ld_member_operation_applies (kind, self->member, self->config);

      gtk_widget_set_visible (button, applies);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), ld_member_operation_get_action_name (kind),
                                     applies && tooltip == NULL);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip != NULL ? tooltip : "",
                                      -1);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.operations", self->member != NULL);
  ld_contact_operations_update (GTK_WIDGET (self), self->client, self->member);
}

static void
ld_member_page_set_member (LdMemberPage *self,
                           LdMember     *member,
                           LdConfig     *config)
{
  g_autofree char *title = NULL;

  g_assert (LD_IS_MEMBER_PAGE (self));

  g_object_freeze_notify (G_OBJECT (self));

  /* the config first: the header's closures read both */
  if (g_set_object (&self->config, config))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG]);

  if (g_set_object (&self->member, member))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);

  title = member != NULL ? ld_format_member_name (member) : NULL;
  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }

  ld_member_page_update_operations (self);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
ld_member_page_load_done (LdMemberPage *self,
                          GError       *error)
{
  g_assert (LD_IS_MEMBER_PAGE (self));

  /* the first failure wins; the other request is cancelled */
  if (error != NULL)
    {
      if (self->n_pending == 0)
        return;

      self->n_pending = 0;
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_object (&self->pending_member);
      g_clear_object (&self->pending_config);
      ld_loadable_view_set_error (self->page_view, error);
      return;
    }

  if (self->n_pending == 0 || --self->n_pending > 0)
    return;

  ld_member_page_set_member (self, self->pending_member, self->pending_config);
  g_clear_object (&self->pending_member);
  g_clear_object (&self->pending_config);
  ld_loadable_view_set_ready (self->page_view, FALSE);
}

static void
ld_member_page_get_member_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(LdMemberPage) self = ld_weak_ref_steal (user_data);
  g_autoptr(LdMember) member = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_CLIENT (object));
  g_assert (self == NULL || LD_IS_MEMBER_PAGE (self));

  member = ld_client_get_member_finish (LD_CLIENT (object), result, &error);

  /* the view is gone: its dispose cancelled the request, nobody wants the answer */
  if (self == NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (member != NULL)
    g_set_object (&self->pending_member, member);

  ld_member_page_load_done (self, error);
}

static void
ld_member_page_get_config_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(LdMemberPage) self = ld_weak_ref_steal (user_data);
  g_autoptr(LdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_CLIENT (object));
  g_assert (self == NULL || LD_IS_MEMBER_PAGE (self));

  config = ld_client_get_config_finish (LD_CLIENT (object), result, &error);

  /* the view is gone: its dispose cancelled the request, nobody wants the answer */
  if (self == NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (config != NULL)
    g_set_object (&self->pending_config, config);

  ld_member_page_load_done (self, error);
}

static void
ld_member_page_load_cb (LdMemberPage *self)
{
  g_assert (LD_IS_MEMBER_PAGE (self));

  if (self->client == NULL || self->member_id <= 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->pending_member);
  g_clear_object (&self->pending_config);
  self->n_pending = 2;

  /* a reload keeps showing the profile it has; only the first load shows a spinner */
  if (self->member == NULL)
    ld_loadable_view_set_loading (self->page_view);

  ld_client_get_member_async (self->client,
                              self->member_id,
                              self->cancellable,
                              ld_member_page_get_member_cb,
                              ld_weak_ref_new (self));
  ld_client_get_config_async (self->client,
                              self->cancellable,
                              ld_member_page_get_config_cb,
                              ld_weak_ref_new (self));
}

static char *
ld_member_page_format_statuses_cb (gpointer  this_object,
                                   LdMember *member,
                                   LdConfig *config)
{
  if (member == NULL)
    return g_strdup ("");

  return ld_format_statuses (config, ld_member_get_statuses (member));
}

static char *
ld_member_page_format_main_card_cb (gpointer  this_object,
                                    LdCard   *card,
                                    LdConfig *config)
{
  g_autofree char *category = NULL;
  g_autofree char *state = NULL;

  if (card == NULL)
    return g_strdup (_("No main card"));

  category = ld_format_option (config != NULL ? ld_config_get_card_categories (config) : NULL,
                               ld_card_get_category (card));
  state = ld_format_state (ld_card_get_state (card));

  /* Translators: the header's main card: number, category, state */
  return g_strdup_printf (_("Main card %s · %s · %s"),
                          ld_card_get_number (card), category, state);
}

static char *
ld_member_page_format_blocked_cb (gpointer    this_object,
                                  const char *reason,
                                  LdConfig   *config)
{
  JsonArray *reasons = config != NULL ? ld_config_get_reasons (config, "member_block") : NULL;
  g_autofree char *label = NULL;

  if (reason == NULL || *reason == '\0')
    return g_strdup (_("Account blocked: no card of the member accrues, deducts or identifies"));

  label = ld_format_option (reasons, reason);
  /* Translators: shown loudly in the member's header; %s is the reason */
  return g_strdup_printf (_("Account blocked: %s"), label);
}

static void
ld_member_page_show_tab_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  LdMemberPage *self = (LdMemberPage *)widget;
  gint32 index = g_variant_get_int32 (param);

  g_assert (LD_IS_MEMBER_PAGE (self));

  if (index >= 0 && (guint)index < G_N_ELEMENTS (tab_names))
    adw_view_stack_set_visible_child_name (self->stack, tab_names[index]);
}

static guint
ld_member_page_get_tab_index (LdMemberPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  for (guint i = 0; i < G_N_ELEMENTS (tab_names); i++)
    if (g_strcmp0 (name, tab_names[i]) == 0)
      return i;

  return 0;
}

static void
ld_member_page_next_tab_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  LdMemberPage *self = (LdMemberPage *)widget;
  guint index;

  g_assert (LD_IS_MEMBER_PAGE (self));

  index = (ld_member_page_get_tab_index (self) + 1) % G_N_ELEMENTS (tab_names);
  adw_view_stack_set_visible_child_name (self->stack, tab_names[index]);
}

static void
ld_member_page_previous_tab_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  LdMemberPage *self = (LdMemberPage *)widget;
  guint index;

  g_assert (LD_IS_MEMBER_PAGE (self));

  index = (ld_member_page_get_tab_index (self) + G_N_ELEMENTS (tab_names) - 1) % G_N_ELEMENTS (tab_names);
  adw_view_stack_set_visible_child_name (self->stack, tab_names[index]);
}

static void
ld_member_page_operation_done_cb (LdMemberPage      *self,
                                  GObject           *answer,
                                  LdOperationDialog *dialog)
{
  LdMemberOperationKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "ld-operation"));
  gint64 other_id = 0;

  g_assert (LD_IS_MEMBER_PAGE (self));

  if (kind == LD_MEMBER_OPERATION_REMOVE)
    {
      /* nothing is left to show; the window closes the page */
      g_signal_emit (self, signals[REMOVED], 0);
      return;
    }

  if (kind == LD_MEMBER_OPERATION_MERGE)
    {
      LdMember *other = ld_member_merge_dialog_get_other (dialog);

      other_id = other != NULL ? ld_member_get_id (other) : 0;
    }

  /* the header, the tabs and the Actions tab show the change */
  ld_member_page_reload (self);

  if (other_id > 0)
    g_signal_emit (self, signals[MERGED], 0, other_id);
}

static void
ld_member_page_operation_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  LdMemberPage *self = (LdMemberPage *)widget;
  LdOperationDialog *dialog;
  GtkRoot *root;
  guint kind;

  g_assert (LD_IS_MEMBER_PAGE (self));

  for (kind = 0; kind < LD_MEMBER_OPERATION_N_KINDS; kind++)
    if (g_str_equal (action_name, ld_member_operation_get_action_name (kind)))
      break;

  if (kind == LD_MEMBER_OPERATION_N_KINDS || self->member == NULL)
    return;

  gtk_menu_button_popdown (self->operations_button);

  root = gtk_widget_get_root (widget);
  dialog = ld_member_operation_dialog_new (kind, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           self->client, self->member, self->config);
  g_object_set_data (G_OBJECT (dialog), "ld-operation", GUINT_TO_POINTER (kind));
  g_signal_connect_object (dialog, "done",
                           G_CALLBACK (ld_member_page_operation_done_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ld_member_page_operations_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  LdMemberPage *self = (LdMemberPage *)widget;

  g_assert (LD_IS_MEMBER_PAGE (self));

  gtk_menu_button_popup (self->operations_button);
}

static void
ld_member_page_reload_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  ld_member_page_reload (LD_MEMBER_PAGE (widget));
}

static void
ld_member_page_dispose (GObject *object)
{
  LdMemberPage *self = (LdMemberPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* AdwBin keeps a pointer to its child: let it go before the template drops its references */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_MEMBER_PAGE);

  g_clear_object (&self->pending_member);
  g_clear_object (&self->pending_config);
  g_clear_object (&self->member);
  g_clear_object (&self->config);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ld_member_page_parent_class)->dispose (object);
}

static void
ld_member_page_finalize (GObject *object)
{
  LdMemberPage *self = (LdMemberPage *)object;

  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (ld_member_page_parent_class)->finalize (object);
}

static void
ld_member_page_constructed (GObject *object)
{
  LdMemberPage *self = (LdMemberPage *)object;

  G_OBJECT_CLASS (ld_member_page_parent_class)->constructed (object);

  /* what the operator may do changes with the operator */
  if (self->client != NULL)
    g_signal_connect_object (self->client, "notify::operator",
                             G_CALLBACK (ld_member_page_update_operations),
                             self, G_CONNECT_SWAPPED);
  ld_member_page_update_operations (self);

  /* the header is the reason the page exists: fetch at once, not when mapped */
  ld_member_page_reload (self);
}

static void
ld_member_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdMemberPage *self = LD_MEMBER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_MEMBER_ID:
      g_value_set_int64 (value, self->member_id);
      break;

    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;

    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;

    case PROP_TITLE:
      g_value_set_string (value, ld_member_page_get_title (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_member_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LdMemberPage *self = LD_MEMBER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_MEMBER_ID:
      self->member_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_member_page_class_init (LdMemberPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_member_page_constructed;
  object_class->dispose = ld_member_page_dispose;
  object_class->finalize = ld_member_page_finalize;
  object_class->get_property = ld_member_page_get_property;
  object_class->set_property = ld_member_page_set_property;

  properties[PROP_CLIENT] = ld_param_spec_client ();

  properties[PROP_MEMBER_ID] = ld_param_spec_member_id ();

  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL,
                         LD_TYPE_MEMBER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONFIG] = ld_param_spec_config (G_PARAM_READABLE);

  properties[PROP_TITLE] = ld_param_spec_title ();

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LD_TYPE_ACCOUNT);
  g_type_ensure (LD_TYPE_CARD);
  g_type_ensure (LD_TYPE_LOADABLE_VIEW);
  g_type_ensure (LD_TYPE_MEMBER);
  g_type_ensure (LD_TYPE_MEMBER_ACTIONS_TAB);
  g_type_ensure (LD_TYPE_MEMBER_CARDS_TAB);
  g_type_ensure (LD_TYPE_MEMBER_FAVORITES_TAB);
  g_type_ensure (LD_TYPE_MEMBER_MESSAGES_TAB);
  g_type_ensure (LD_TYPE_MEMBER_OPERATIONS_TAB);
  g_type_ensure (LD_TYPE_MEMBER_PROFILE_TAB);
  g_type_ensure (LD_TYPE_MEMBER_PURCHASES_TAB);
  g_type_ensure (LD_TYPE_MEMBER_SUBSCRIPTIONS_TAB);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/profile/ld-member-page.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "balance_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "statuses_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "main_card_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "blocked_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "blocked_label", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "profile_tab", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "cards_tab", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "purchases_tab", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "operations_tab", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "favorites_tab", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "messages_tab", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "subscriptions_tab", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "actions_tab", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPage, page_view);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LdMemberPage, operations_button);
  for (guint kind = 0; kind < LD_MEMBER_OPERATION_N_KINDS; kind++)
    gtk_widget_class_bind_template_child_full (widget_class, operation_button_names[kind], FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, ld_member_page_load_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "format_statuses",
                                                G_CALLBACK (ld_member_page_format_statuses_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "format_main_card",
                                                G_CALLBACK (ld_member_page_format_main_card_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "format_blocked",
                                                G_CALLBACK (ld_member_page_format_blocked_cb));
  ld_format_bind_template_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "member.show-tab", "i",
                                   ld_member_page_show_tab_action);
  gtk_widget_class_install_action (widget_class, "member.next-tab", NULL,
                                   ld_member_page_next_tab_action);
  gtk_widget_class_install_action (widget_class, "member.previous-tab", NULL,
                                   ld_member_page_previous_tab_action);
  gtk_widget_class_install_action (widget_class, "member.reload", NULL,
                                   ld_member_page_reload_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0,
                                       "member.reload", NULL);

  for (guint kind = 0; kind < LD_MEMBER_OPERATION_N_KINDS; kind++)
    gtk_widget_class_install_action (widget_class, ld_member_operation_get_action_name (kind), NULL,
                                     ld_member_page_operation_action);
  gtk_widget_class_install_action (widget_class, "member.send-password", NULL,
                                   ld_contact_operations_send_password_action);
  gtk_widget_class_install_action (widget_class, "member.operations", NULL,
                                   ld_member_page_operations_action);

  /**
   * LdMemberPage::removed:
   *
   * The member was removed from the program: the page has nothing left to show.
   */
  signals[REMOVED] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "removed", G_TYPE_NONE);

  /**
   * LdMemberPage::merged:
   * @other_id: the member whose account joined this member's
   *
   * The accounts were merged; the page fetches the profile again by itself.
   */
  signals[MERGED] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "merged", G_TYPE_INT64);
}

static void
ld_member_page_add_shortcut (GtkShortcutController *controller,
                             guint                  keyval,
                             GdkModifierType        modifiers,
                             const char            *action_name,
                             GVariant              *arguments)
{
  GtkShortcut *shortcut;

  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                               gtk_named_action_new (action_name));
  gtk_shortcut_set_arguments (shortcut, arguments);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
ld_member_page_init (LdMemberPage *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The tab shortcuts work wherever the focus is in the page. They are caught on the way
   * down (capture), not as class bindings on the way up: a focused list's scrolled window
   * would take Ctrl+Page Up/Down for scrolling sideways first. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (tab_names); i++)
    ld_member_page_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_1 + i, GDK_ALT_MASK,
                                 "member.show-tab", g_variant_new_int32 ((gint32) i));
  ld_member_page_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                               "member.next-tab", NULL);
  ld_member_page_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                               "member.previous-tab", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* Ctrl+M opens the member menu wherever the focus is in the window (the tab bar, the
   * header bar): managed by the window, and only while the page is shown */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  ld_member_page_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_m, GDK_CONTROL_MASK,
                               "member.operations", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  for (guint kind = 0; kind < LD_MEMBER_OPERATION_N_KINDS; kind++)
    self->operation_buttons[kind] = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), LD_TYPE_MEMBER_PAGE,
                                                                               operation_button_names[kind]));
}

/**
 * ld_member_page_new:
 * @client: a logged-in client
 * @member_id: the member to show
 *
 * Returns: (transfer floating): a new #LdMemberPage, already fetching the profile
 */
GtkWidget *
ld_member_page_new (LdClient *client,
                    gint64    member_id)
{
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (member_id > 0, NULL);

  return g_object_new (LD_TYPE_MEMBER_PAGE,
                       "client", client,
                       "member-id", member_id,
                       NULL);
}

/**
 * ld_member_page_get_client:
 *
 * Returns: (transfer none): the client the page fetches with
 */
LdClient *
ld_member_page_get_client (LdMemberPage *self)
{
  g_return_val_if_fail (LD_IS_MEMBER_PAGE (self), NULL);

  return self->client;
}

gint64
ld_member_page_get_member_id (LdMemberPage *self)
{
  g_return_val_if_fail (LD_IS_MEMBER_PAGE (self), 0);

  return self->member_id;
}

/**
 * ld_member_page_get_member:
 *
 * Returns: (transfer none) (nullable): the profile, once fetched
 */
LdMember *
ld_member_page_get_member (LdMemberPage *self)
{
  g_return_val_if_fail (LD_IS_MEMBER_PAGE (self), NULL);

  return self->member;
}

/**
 * ld_member_page_get_config:
 *
 * Returns: (transfer none) (nullable): the configuration, once fetched
 */
LdConfig *
ld_member_page_get_config (LdMemberPage *self)
{
  g_return_val_if_fail (LD_IS_MEMBER_PAGE (self), NULL);

  return self->config;
}

/**
 * ld_member_page_get_title:
 *
 * Returns: the member's full name for the tab, or "Loading…" before the profile came
 */
const char *
ld_member_page_get_title (LdMemberPage *self)
{
  g_return_val_if_fail (LD_IS_MEMBER_PAGE (self), NULL);

  return self->title != NULL ? self->title : _("Loading…");
}

/**
 * ld_member_page_reload:
 *
 * Fetches the profile again (after an operation changed it); the tabs that depend on it
 * follow.
 */
void
ld_member_page_reload (LdMemberPage *self)
{
  g_return_if_fail (LD_IS_MEMBER_PAGE (self));

  ld_member_page_load_cb (self);
}
