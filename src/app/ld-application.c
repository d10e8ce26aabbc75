/* ld-application.c — the agent application: one session, its windows, the screen pop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-application.h"
#include "ld-login-window.h"
#include "ld-window.h"

#define SETTINGS_SCHEMA_ID "org.loyaltydesk.Agent"
#define RESOURCE_BASE_PATH "/org/loyaltydesk/Agent"

struct _LdApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  LdCredentialStore *credential_store;
  LdClient          *client;

  /* a number that rang before anyone was logged in; handled right after the login */
  char              *pending_call;
};

G_DEFINE_FINAL_TYPE (LdApplication, ld_application, ADW_TYPE_APPLICATION)

/* a session on its way out, carried to a callback */
typedef struct
{
  LdApplication *self;
  LdClient      *client;
  char          *login;
} SessionData;

static SessionData *
session_data_new (LdApplication *self,
                  LdClient      *client,
                  const char    *login)
{
  SessionData *data = g_new0 (SessionData, 1);

  data->self = g_object_ref (self);
  data->client = g_object_ref (client);
  data->login = g_strdup (login);

  return data;
}

static void
session_data_free (SessionData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->client);
  g_clear_pointer (&data->login, g_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessionData, session_data_free)

static void ld_application_session_expired_cb (LdApplication *self,
                                               LdClient      *client);

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry ld_application_options[] = {
  { "call", 'c', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Open the screen pop of an incoming call from NUMBER"), N_("NUMBER") },
  { "server", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Log in to the server at URL (with --login)"), N_("URL") },
  { "login", 'l', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Log in as LOGIN; the password is read from LOYALTY_DESK_PASSWORD"), N_("LOGIN") },
  { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, NULL,
    NULL, N_("[tel:NUMBER…]") },
  { NULL }
};

static GtkWindow *
ld_application_find_window (LdApplication *self,
                            GType          type)
{
  g_assert (LD_IS_APPLICATION (self));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return GTK_WINDOW (l->data);
    }

  return NULL;
}

static void
ld_application_destroy_windows (LdApplication *self,
                                GType          type)
{
  GtkWindow *window;

  g_assert (LD_IS_APPLICATION (self));

  while ((window = ld_application_find_window (self, type)))
    gtk_window_destroy (window);
}

static GtkWindow *
ld_application_ensure_login_window (LdApplication *self,
                                    gboolean       auto_login)
{
  GtkWindow *window;

  g_assert (LD_IS_APPLICATION (self));

  if (!(window = ld_application_find_window (self, LD_TYPE_LOGIN_WINDOW)))
    window = GTK_WINDOW (ld_login_window_new (self, auto_login));

  return window;
}

static void
ld_application_ring (LdApplication *self,
                     const char    *number)
{
  GtkWindow *window;

  g_assert (LD_IS_APPLICATION (self));
  g_assert (number != NULL);

  if (self->client == NULL ||
      !(window = ld_application_find_window (self, LD_TYPE_WINDOW)))
    {
      /* nobody is logged in yet: take the call as soon as someone is */
      g_free (self->pending_call);
      self->pending_call = g_strdup (number);
      g_application_activate (G_APPLICATION (self));
      return;
    }

  gtk_window_present (window);
  ld_window_incoming_call (LD_WINDOW (window), number);
}

static void
ld_application_activate (GApplication *app)
{
  LdApplication *self = (LdApplication *)app;
  GtkWindow *window;

  g_assert (LD_IS_APPLICATION (self));

  if (self->client != NULL)
    {
      if (!(window = ld_application_find_window (self, LD_TYPE_WINDOW)))
        window = GTK_WINDOW (ld_window_new (self, self->client));
    }
  else
    {
      window = ld_application_ensure_login_window (self, TRUE);
    }

  gtk_window_present (window);
}

static void
ld_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  LdApplication *self = (LdApplication *)app;

  g_assert (LD_IS_APPLICATION (self));

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);
      g_autofree char *number = ld_application_phone_from_uri (uri);

      if (number != NULL)
        ld_application_ring (self, number);
      else
        g_debug ("Ignoring %s: not a tel: URI", uri);
    }
}

static int
ld_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  LdApplication *self = (LdApplication *)app;
  GVariantDict *options;
  g_autofree char *call = NULL;
  g_autofree char *server = NULL;
  g_autofree char *login = NULL;
  g_autofree char **uris = NULL;
  const char *password;
  int status = EXIT_SUCCESS;

  g_assert (LD_IS_APPLICATION (self));
  g_assert (G_IS_APPLICATION_COMMAND_LINE (cmdline));

  options = g_application_command_line_get_options_dict (cmdline);
  g_variant_dict_lookup (options, "call", "s", &call);
  g_variant_dict_lookup (options, "server", "s", &server);
  g_variant_dict_lookup (options, "login", "s", &login);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &uris);

  password = g_application_command_line_getenv (cmdline, "LOYALTY_DESK_PASSWORD");

  if (self->client == NULL && server != NULL && login != NULL && password != NULL)
    {
      GtkWindow *window = ld_application_ensure_login_window (self, FALSE);

      gtk_window_present (window);
      ld_login_window_log_in (LD_LOGIN_WINDOW (window), server, login, password, FALSE);
    }
  else
    {
      if ((server != NULL || login != NULL) && self->client == NULL)
        g_application_command_line_printerr (cmdline, "%s\n",
                                             _("--server and --login need the password in LOYALTY_DESK_PASSWORD"));
      g_application_activate (app);
    }

  if (call != NULL)
    {
      g_autofree char *number = g_strstrip (g_strdup (call));

      if (number[0] != '\0')
        g_action_group_activate_action (G_ACTION_GROUP (self), "incoming-call",
                                        g_variant_new_string (number));
    }

  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      g_autofree char *number = ld_application_phone_from_uri (uris[i]);

      if (number == NULL)
        {
          g_application_command_line_printerr (cmdline, _("Not a tel: URI: %s\n"), uris[i]);
          status = EXIT_FAILURE;
          continue;
        }

      g_action_group_activate_action (G_ACTION_GROUP (self), "incoming-call",
                                      g_variant_new_string (number));
    }

  return status;
}

static void
ld_application_quit_cb (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  LdApplication *self = user_data;
  GtkWindow *main_window;

  g_assert (LD_IS_APPLICATION (self));

  /* the calls still open are ended first, each with its reason; quit comes again after */
  if ((main_window = ld_application_find_window (self, LD_TYPE_WINDOW)) &&
      !ld_window_end_calls_then (LD_WINDOW (main_window), "app.quit"))
    return;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
ld_application_about_cb (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  LdApplication *self = user_data;
  static const char *developers[] = { "Loyalty Desk contributors", NULL };
  GtkWindow *about;

  g_assert (LD_IS_APPLICATION (self));

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Loyalty Desk"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("The workplace of the loyalty program's contact center"),
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (about);
}

static void
ld_application_shortcuts_cb (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  LdApplication *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  g_assert (LD_IS_APPLICATION (self));

  builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/ui/ld-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (shortcuts, gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_application (shortcuts, GTK_APPLICATION (self));
  gtk_window_present (shortcuts);
}

static void
ld_application_logout_done_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  LdClient *client = (LdClient *)object;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_CLIENT (client));

  if (!ld_client_logout_finish (client, result, &error))
    g_debug ("The server did not end the session: %s", error->message);
}

static void
ld_application_forget_done_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(SessionData) data = user_data;
  LdApplication *self = data->self;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_APPLICATION (self));

  if (!ld_credential_store_clear_finish (LD_CREDENTIAL_STORE (object), result, &error))
    g_debug ("Could not forget the stored password: %s", error->message);

  g_application_unmark_busy (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
}

static void
ld_application_logout_cb (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  LdApplication *self = user_data;
  g_autoptr(LdClient) client = NULL;
  g_autofree char *login = NULL;
  LdOperator *operator;
  GtkWindow *window;

  g_assert (LD_IS_APPLICATION (self));

  if (self->client == NULL)
    return;

  /* the calls still open are ended first, each with its reason; logout comes again after */
  if ((window = ld_application_find_window (self, LD_TYPE_WINDOW)) &&
      !ld_window_end_calls_then (LD_WINDOW (window), "app.logout"))
    return;

  client = g_object_ref (self->client);

  if ((operator = ld_client_get_operator (client)))
    login = g_strdup (ld_operator_get_login (operator));

  /* end the session on the server and forget the stored password; neither blocks
   * the agent, who is back at the login window at once */
  ld_client_logout_async (client, NULL, ld_application_logout_done_cb, NULL);

  if (login != NULL)
    {
      /* the strings go along: the store reads them after this returns */
      SessionData *data = session_data_new (self, client, login);

      /* busy ("is-busy") until the keyring is done: the tests wait for that */
      g_application_hold (G_APPLICATION (self));
      g_application_mark_busy (G_APPLICATION (self));
      ld_credential_store_clear_async (self->credential_store,
                                       ld_client_get_base_url (data->client),
                                       data->login,
                                       NULL,
                                       ld_application_forget_done_cb,
                                       data);
    }

  g_clear_pointer (&self->pending_call, g_free);
  ld_application_set_client (self, NULL);

  window = ld_application_ensure_login_window (self, FALSE);
  if (login != NULL)
    ld_login_window_set_login (LD_LOGIN_WINDOW (window), login);
  gtk_window_present (window);
}

static void
ld_application_incoming_call_cb (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  LdApplication *self = user_data;
  g_autofree char *number = NULL;

  g_assert (LD_IS_APPLICATION (self));
  g_assert (g_variant_is_of_type (param, G_VARIANT_TYPE_STRING));

  number = g_strstrip (g_strdup (g_variant_get_string (param, NULL)));
  if (number[0] == '\0')
    return;

  ld_application_ring (self, number);
}

static void
ld_application_training_call_cb (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  LdApplication *self = user_data;
  GtkWindow *window;

  g_assert (LD_IS_APPLICATION (self));

  if (!(window = ld_application_find_window (self, LD_TYPE_WINDOW)))
    return;

  gtk_window_present (window);
  ld_window_show_training_dialog (LD_WINDOW (window));
}

static gboolean
ld_application_client_to_enabled (GBinding     *binding,
                                  const GValue *from,
                                  GValue       *to,
                                  gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_object (from) != NULL);

  return TRUE;
}

static void
ld_application_startup (GApplication *app)
{
  LdApplication *self = (LdApplication *)app;
  static const GActionEntry actions[] = {
    { "quit", ld_application_quit_cb },
    { "about", ld_application_about_cb },
    { "shortcuts", ld_application_shortcuts_cb },
    { "logout", ld_application_logout_cb },
    { "incoming-call", ld_application_incoming_call_cb, "s" },
    { "training-call", ld_application_training_call_cb },
  };

  g_assert (LD_IS_APPLICATION (self));

  G_APPLICATION_CLASS (ld_application_parent_class)->startup (app);

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts",
                                         (const char *[]) { "<Control>question", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.training-call",
                                         (const char *[]) { "<Control><Shift>t", NULL });

  /* logging out and training need someone logged in */
  g_object_bind_property_full (self, "client",
                               g_action_map_lookup_action (G_ACTION_MAP (self), "logout"), "enabled",
                               G_BINDING_SYNC_CREATE,
                               ld_application_client_to_enabled, NULL, NULL, NULL);
  g_object_bind_property_full (self, "client",
                               g_action_map_lookup_action (G_ACTION_MAP (self), "training-call"), "enabled",
                               G_BINDING_SYNC_CREATE,
                               ld_application_client_to_enabled, NULL, NULL, NULL);
}

static void
ld_application_dispose (GObject *object)
{
  LdApplication *self = (LdApplication *)object;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, ld_application_session_expired_cb, self);

  g_clear_object (&self->client);
  g_clear_object (&self->credential_store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_call, g_free);

  G_OBJECT_CLASS (ld_application_parent_class)->dispose (object);
}

static void
ld_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdApplication *self = LD_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_application_class_init (LdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ld_application_dispose;
  object_class->get_property = ld_application_get_property;

  app_class->startup = ld_application_startup;
  app_class->activate = ld_application_activate;
  app_class->open = ld_application_open;
  app_class->command_line = ld_application_command_line;

  /**
   * LdApplication:client:
   *
   * The logged-in session, or %NULL while nobody is logged in.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         LD_TYPE_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_application_init (LdApplication *self)
{
  self->credential_store = ld_credential_store_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), ld_application_options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[tel:NUMBER…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The agent's workplace of the Loyalty Desk contact center."));
}

/**
 * ld_application_new:
 *
 * Returns: (transfer full): the application, unique on the session bus
 */
LdApplication *
ld_application_new (void)
{
  return g_object_new (LD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       /* the environment, for LOYALTY_DESK_PASSWORD of a forwarded --login */
                       "flags", (G_APPLICATION_HANDLES_COMMAND_LINE |
                                 G_APPLICATION_HANDLES_OPEN |
                                 G_APPLICATION_SEND_ENVIRONMENT),
                       NULL);
}

/**
 * ld_application_get_settings:
 *
 * Returns: (transfer none): the application's settings (valid after startup)
 */
GSettings *
ld_application_get_settings (LdApplication *self)
{
  g_return_val_if_fail (LD_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * ld_application_get_credential_store:
 *
 * Returns: (transfer none): where remembered passwords live (libsecret)
 */
LdCredentialStore *
ld_application_get_credential_store (LdApplication *self)
{
  g_return_val_if_fail (LD_IS_APPLICATION (self), NULL);

  return self->credential_store;
}

/**
 * ld_application_get_client:
 *
 * Returns: (transfer none) (nullable): the logged-in session
 */
LdClient *
ld_application_get_client (LdApplication *self)
{
  g_return_val_if_fail (LD_IS_APPLICATION (self), NULL);

  return self->client;
}

static gboolean
ld_application_session_expired_idle_cb (gpointer user_data)
{
  g_autoptr(SessionData) data = user_data;
  LdApplication *self = data->self;
  GtkWindow *window;

  g_assert (LD_IS_APPLICATION (self));

  if (data->client != self->client)
    return G_SOURCE_REMOVE;

  /* back to the login window, which logs in again by itself when the password is
   * remembered, and says why otherwise */
  ld_application_set_client (self, NULL);
  window = ld_application_ensure_login_window (self, TRUE);
  ld_login_window_set_message (LD_LOGIN_WINDOW (window),
                               _("Your session has ended. Please log in again."));
  gtk_window_present (window);

  return G_SOURCE_REMOVE;
}

static void
ld_application_session_expired_cb (LdApplication *self,
                                   LdClient      *client)
{
  g_assert (LD_IS_APPLICATION (self));
  g_assert (LD_IS_CLIENT (client));

  /* not from inside the request that found out: its view finishes first */
  if (client == self->client)
    g_idle_add (ld_application_session_expired_idle_cb, session_data_new (self, client, NULL));
}

/**
 * ld_application_set_client:
 * @client: (nullable): a client that has logged in, or %NULL after a logout
 *
 * Switches between the login window and the main window: a new session opens the
 * main window (and takes a call that rang meanwhile), no session closes it.
 */
void
ld_application_set_client (LdApplication *self,
                           LdClient      *client)
{
  g_return_if_fail (LD_IS_APPLICATION (self));
  g_return_if_fail (!client || LD_IS_CLIENT (client));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, ld_application_session_expired_cb, self);

  g_set_object (&self->client, client);

  ld_application_destroy_windows (self, LD_TYPE_WINDOW);

  if (client != NULL)
    {
      g_signal_connect_object (client, "session-expired",
                               G_CALLBACK (ld_application_session_expired_cb),
                               self, G_CONNECT_SWAPPED);

      GtkWindow *window = GTK_WINDOW (ld_window_new (self, client));
      g_autofree char *pending = g_steal_pointer (&self->pending_call);

      gtk_window_present (window);
      ld_application_destroy_windows (self, LD_TYPE_LOGIN_WINDOW);

      if (pending != NULL)
        ld_window_incoming_call (LD_WINDOW (window), pending);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * ld_application_get_main_window:
 *
 * Returns: (transfer none) (nullable): the main window, once someone is logged in
 */
GtkWindow *
ld_application_get_main_window (LdApplication *self)
{
  g_return_val_if_fail (LD_IS_APPLICATION (self), NULL);

  return ld_application_find_window (self, LD_TYPE_WINDOW);
}

/**
 * ld_application_get_login_window:
 *
 * Returns: (transfer none) (nullable): the login window, while it is open
 */
GtkWindow *
ld_application_get_login_window (LdApplication *self)
{
  g_return_val_if_fail (LD_IS_APPLICATION (self), NULL);

  return ld_application_find_window (self, LD_TYPE_LOGIN_WINDOW);
}

/**
 * ld_application_phone_from_uri:
 * @uri: a `tel:` URI (RFC 3966), e.g. `tel:+7-999-123-45-67`
 *
 * Returns: (transfer full) (nullable): the number without visual separators and
 *   parameters, or %NULL when @uri is not a tel: URI with a number
 */
char *
ld_application_phone_from_uri (const char *uri)
{
  g_autofree char *unescaped = NULL;
  GString *number;
  const char *p;

  g_return_val_if_fail (uri != NULL, NULL);

  if (g_ascii_strncasecmp (uri, "tel:", 4) != 0)
    return NULL;

  p = uri + 4;
  while (*p == '/')
    p++;

  if (!(unescaped = g_uri_unescape_segment (p, strchr (p, ';'), NULL)))
    return NULL;

  number = g_string_new (NULL);
  for (p = unescaped; *p; p++)
    {
      if (g_ascii_isdigit (*p) || (*p == '+' && number->len == 0))
        g_string_append_c (number, *p);
      else if (!strchr (" -.()", *p))
        {
          g_string_free (number, TRUE);
          return NULL;
        }
    }

  if (number->len == 0 || (number->len == 1 && number->str[0] == '+'))
    {
      g_string_free (number, TRUE);
      return NULL;
    }

  return g_string_free (number, FALSE);
}
