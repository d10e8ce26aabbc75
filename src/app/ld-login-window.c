/* ld-login-window.c — server address, login, password, "Remember me"
 *
 * The window opens at once; a remembered password is looked up in the keyring
 * meanwhile and, when there is one, the window logs in by itself. Every failure is
 * told in the window, and the typed login stays where it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-login-window.h"

struct _LdLoginWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwEntryRow          *server_row;
  AdwEntryRow          *login_row;
  AdwEntryRow          *password_row;
  GtkSwitch            *remember_switch;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;

  /* the session being opened, handed to the application once logged in */
  LdClient             *client;
  GCancellable         *cancellable;
  char                 *error;

  guint                 busy : 1;
  guint                 auto_login : 1;
  guint                 remember : 1;
};

G_DEFINE_FINAL_TYPE (LdLoginWindow, ld_login_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_AUTO_LOGIN,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static LdApplication *
ld_login_window_get_app (LdLoginWindow *self)
{
  g_assert (LD_IS_LOGIN_WINDOW (self));

  return LD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
ld_login_window_set_busy (LdLoginWindow *self,
                          gboolean       busy)
{
  g_assert (LD_IS_LOGIN_WINDOW (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.submit", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
ld_login_window_set_error (LdLoginWindow *self,
                           const char    *message)
{
  g_assert (LD_IS_LOGIN_WINDOW (self));

  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);

  if (message != NULL)
    gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static char *
ld_login_window_describe_error (const GError *error,
                                const char   *server_url)
{
  g_assert (error != NULL);

  if (error->domain == LD_ERROR)
    {
      switch ((LdError)error->code)
        {
        case LD_ERROR_INVALID_RESPONSE:
          return g_strdup_printf (_("The server at %s did not answer as a Loyalty Desk server: %s"),
                                  server_url, error->message);

        case LD_ERROR_NETWORK:
        case LD_ERROR_TLS:
          /* the client's message names the server and what went wrong */
        case LD_ERROR_INVALID_CREDENTIALS:
        case LD_ERROR_TOO_MANY_ATTEMPTS:
        default:
          /* the server's own words, in the agent's language */
          return g_strdup (error->message);
        }
    }

  return g_strdup (error->message);
}

static void
ld_login_window_finish (LdLoginWindow *self)
{
  g_autoptr(LdClient) client = NULL;
  LdApplication *app;

  g_assert (LD_IS_LOGIN_WINDOW (self));

  client = g_steal_pointer (&self->client);
  app = ld_login_window_get_app (self);

  /* this destroys the window */
  if (app != NULL)
    ld_application_set_client (app, client);
}

/* an attempt carried from one callback to the next: the keyring reads the strings
 * after the call that was given them returned */
typedef struct
{
  LdLoginWindow *self;
  LdClient      *client;
  char          *server_url;
  char          *login;
  char          *password;
} LoginData;

static LoginData *
login_data_new (LdLoginWindow *self,
                LdClient      *client,
                const char    *server_url,
                const char    *login,
                const char    *password)
{
  LoginData *data = g_new0 (LoginData, 1);

  data->self = g_object_ref (self);
  data->client = client ? g_object_ref (client) : NULL;
  data->server_url = g_strdup (server_url);
  data->login = g_strdup (login);
  data->password = g_strdup (password);

  return data;
}

static void
login_data_free (LoginData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->client);
  g_clear_pointer (&data->server_url, g_free);
  g_clear_pointer (&data->login, g_free);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_clear_pointer (&data->password, g_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoginData, login_data_free)

static void
ld_login_window_store_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(LoginData) data = user_data;
  g_autoptr(GError) error = NULL;

  g_assert (LD_IS_LOGIN_WINDOW (data->self));

  if (!ld_credential_store_store_finish (LD_CREDENTIAL_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* not being remembered is no reason to keep the agent out */
      g_debug ("Could not remember the password: %s", error->message);
    }

  ld_login_window_finish (data->self);
}

static void
ld_login_window_forget_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  /* only freed here: the sign-in it was for is over */
  g_autoptr(LoginData) data G_GNUC_UNUSED = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_credential_store_clear_finish (LD_CREDENTIAL_STORE (object), result, &error))
    g_debug ("Could not forget the password: %s", error->message);
}

static void
ld_login_window_login_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  LdClient *client = (LdClient *)object;
  g_autoptr(LoginData) data = user_data;
  LdLoginWindow *self = data->self;
  g_autoptr(LdOperator) operator = NULL;
  g_autoptr(GError) error = NULL;
  LdCredentialStore *store;
  LdApplication *app;
  GSettings *settings;

  g_assert (LD_IS_CLIENT (client));
  g_assert (LD_IS_LOGIN_WINDOW (self));

  if (!(operator = ld_client_login_finish (client, result, &error)))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (client == self->client)
        {
          g_clear_object (&self->client);
          message = ld_login_window_describe_error (error, data->server_url);
          ld_login_window_set_busy (self, FALSE);
          ld_login_window_set_error (self, message);
          gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      return;
    }

  if (client != self->client)
    return;

  app = ld_login_window_get_app (self);
  store = ld_application_get_credential_store (app);
  settings = ld_application_get_settings (app);
  g_settings_set_string (settings, "server-url", data->server_url);
  g_settings_set_string (settings, "last-login", data->login);
  g_settings_set_boolean (settings, "remember-me", self->remember);

  if (self->remember)
    {
      LoginData *pending = g_steal_pointer (&data);

      ld_credential_store_store_async (store,
                                       pending->server_url,
                                       pending->login,
                                       pending->password,
                                       self->cancellable,
                                       ld_login_window_store_cb,
                                       pending);
      return;
    }

  /* g_object_ref: the window is destroyed below, the forgetting goes on */
  g_object_ref (self);
  {
    LoginData *pending = g_steal_pointer (&data);

    ld_credential_store_clear_async (store,
                                     pending->server_url,
                                     pending->login,
                                     NULL,
                                     ld_login_window_forget_cb,
                                     pending);
  }
  ld_login_window_finish (self);
  g_object_unref (self);
}

static char *
ld_login_window_normalize_url (const char *text)
{
  g_autofree char *url = g_strstrip (g_strdup (text));
  gsize len;

  if (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    return NULL;

  if (!g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    return NULL;

  /* LdClient appends /api/v1 itself */
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  return g_steal_pointer (&url);
}

/**
 * ld_login_window_log_in:
 * @server_url: the server's base address, e.g. `https://loyalty.example`
 * @login: the operator's login
 * @password: the password
 * @remember: whether to keep the password in the keyring
 *
 * Fills the window and logs in, as the "Log In" button does.
 */
void
ld_login_window_log_in (LdLoginWindow *self,
                        const char    *server_url,
                        const char    *login,
                        const char    *password,
                        gboolean       remember)
{
  g_autofree char *url = NULL;
  g_autofree char *clean_login = NULL;
  g_autofree char *server_copy = NULL;
  g_autofree char *login_copy = NULL;
  g_autofree char *password_copy = NULL;

  g_return_if_fail (LD_IS_LOGIN_WINDOW (self));
  g_return_if_fail (server_url != NULL);
  g_return_if_fail (login != NULL);
  g_return_if_fail (password != NULL);

  /* the arguments may be the rows' own text, which setting the rows frees */
  server_copy = g_strdup (server_url);
  login_copy = g_strdup (login);
  password_copy = g_strdup (password);
  server_url = server_copy;
  login = login_copy;
  password = password_copy;

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  gtk_switch_set_active (self->remember_switch, remember);

  if (!(url = ld_login_window_normalize_url (server_url)))
    {
      ld_login_window_set_error (self, _("Enter the server address, for example https://loyalty.example"));
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  clean_login = g_strstrip (g_strdup (login));
  if (clean_login[0] == '\0')
    {
      ld_login_window_set_error (self, _("Enter your login"));
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      return;
    }

  if (password[0] == '\0')
    {
      ld_login_window_set_error (self, _("Enter your password"));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  /* a new attempt replaces one still running */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  ld_login_window_set_error (self, NULL);
  ld_login_window_set_busy (self, TRUE);
  self->remember = !!remember;

  g_set_object (&self->client, NULL);
  self->client = ld_client_new (url);
  ld_client_login_async (self->client,
                         clean_login,
                         password,
                         self->cancellable,
                         ld_login_window_login_cb,
                         login_data_new (self, self->client, url, clean_login, password));
  memset (password_copy, 0, strlen (password_copy));
}

static void
ld_login_window_submit_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  LdLoginWindow *self = (LdLoginWindow *)widget;

  g_assert (LD_IS_LOGIN_WINDOW (self));

  ld_login_window_log_in (self,
                          gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->login_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                          gtk_switch_get_active (self->remember_switch));
}

static void
ld_login_window_lookup_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(LoginData) data = user_data;
  LdLoginWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL;
  g_autofree char *password = NULL;

  g_assert (LD_IS_LOGIN_WINDOW (self));

  password = ld_credential_store_lookup_finish (LD_CREDENTIAL_STORE (object), result, &login, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No remembered password: %s", error->message);
      if (!g_cancellable_is_cancelled (self->cancellable))
        ld_login_window_set_busy (self, FALSE);
      return;
    }

  if (password == NULL || login == NULL)
    {
      ld_login_window_set_busy (self, FALSE);
      return;
    }

  /* the agent started typing meanwhile: leave it to them */
  if (!self->busy)
    return;

  ld_login_window_set_busy (self, FALSE);
  ld_login_window_log_in (self,
                          gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                          login, password, TRUE);
  memset (password, 0, strlen (password));
}

static void
ld_login_window_load (LdLoginWindow *self)
{
  g_autofree char *server_url = NULL;
  g_autofree char *last_login = NULL;
  LdApplication *app;
  GSettings *settings;

  g_assert (LD_IS_LOGIN_WINDOW (self));

  app = ld_login_window_get_app (self);

  settings = ld_application_get_settings (app);
  server_url = g_settings_get_string (settings, "server-url");
  last_login = g_settings_get_string (settings, "last-login");

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), last_login);
  gtk_switch_set_active (self->remember_switch, g_settings_get_boolean (settings, "remember-me"));

  if (last_login[0] != '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->login_row));

  if (self->auto_login && server_url[0] != '\0')
    {
      /* busy until the keyring answered: nothing blocks, the window is already up */
      LoginData *data = login_data_new (self, NULL, server_url,
                                        last_login[0] != '\0' ? last_login : NULL, NULL);

      ld_login_window_set_busy (self, TRUE);
      ld_credential_store_lookup_async (ld_application_get_credential_store (app),
                                        data->server_url,
                                        data->login,
                                        self->cancellable,
                                        ld_login_window_lookup_cb,
                                        data);
    }
}

static void
ld_login_window_dispose (GObject *object)
{
  LdLoginWindow *self = (LdLoginWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->error, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_LOGIN_WINDOW);

  G_OBJECT_CLASS (ld_login_window_parent_class)->dispose (object);
}

static void
ld_login_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdLoginWindow *self = LD_LOGIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_AUTO_LOGIN:
      g_value_set_boolean (value, self->auto_login);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_login_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LdLoginWindow *self = LD_LOGIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_AUTO_LOGIN:
      self->auto_login = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_login_window_class_init (LdLoginWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_login_window_dispose;
  object_class->get_property = ld_login_window_get_property;
  object_class->set_property = ld_login_window_set_property;

  properties[PROP_AUTO_LOGIN] =
    g_param_spec_boolean ("auto-login", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/ld-login-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdLoginWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, LdLoginWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, LdLoginWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, LdLoginWindow, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, LdLoginWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LdLoginWindow, error_label);

  gtk_widget_class_install_action (widget_class, "login.submit", NULL, ld_login_window_submit_cb);
}

/* libadwaita 1.2 leaves the eye button of AdwPasswordEntryRow without a name for
 * screen readers: give it one */
static void
ld_login_window_name_peek_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show password"),
                                        -1);
      else
        ld_login_window_name_peek_button (child);
    }
}

static void
ld_login_window_init (LdLoginWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  ld_login_window_name_peek_button (GTK_WIDGET (self->password_row));
}

/**
 * ld_login_window_new:
 * @application: the application, which gets the session once logged in
 * @auto_login: whether to log in by itself with a password remembered in the keyring
 *
 * Returns: (transfer floating): a new login window
 */
GtkWidget *
ld_login_window_new (LdApplication *application,
                     gboolean       auto_login)
{
  LdLoginWindow *self;

  g_return_val_if_fail (LD_IS_APPLICATION (application), NULL);

  self = g_object_new (LD_TYPE_LOGIN_WINDOW,
                       "application", application,
                       "auto-login", auto_login,
                       NULL);
  ld_login_window_load (self);

  return GTK_WIDGET (self);
}

gboolean
ld_login_window_get_busy (LdLoginWindow *self)
{
  g_return_val_if_fail (LD_IS_LOGIN_WINDOW (self), FALSE);

  return self->busy;
}

/**
 * ld_login_window_get_error:
 *
 * Returns: (nullable): the message the window shows about the last attempt
 */
const char *
ld_login_window_get_error (LdLoginWindow *self)
{
  g_return_val_if_fail (LD_IS_LOGIN_WINDOW (self), NULL);

  return self->error;
}

void
ld_login_window_set_login (LdLoginWindow *self,
                           const char    *login)
{
  g_return_if_fail (LD_IS_LOGIN_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login ? login : "");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/**
 * ld_login_window_set_message:
 * @message: (nullable): what the window tells the agent, e.g. why they are back here
 */
void
ld_login_window_set_message (LdLoginWindow *self,
                             const char    *message)
{
  g_return_if_fail (LD_IS_LOGIN_WINDOW (self));

  ld_login_window_set_error (self, message);
}
