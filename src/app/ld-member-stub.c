/* ld-member-stub.c — a stand-in for the member page until the profile lands
 *
 * Loads the member's name and shows it; its request is cancelled when the tab closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-member-stub.h"

struct _LdMemberStub
{
  AdwBin         parent_instance;

  AdwStatusPage *status_page;
  LdClient      *client;
  GCancellable  *cancellable;
  char          *title;
  gint64         member_id;
};

G_DEFINE_FINAL_TYPE (LdMemberStub, ld_member_stub, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MEMBER_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ld_member_stub_loaded_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(LdMemberStub) self = user_data;
  g_autoptr(LdMember) member = NULL;
  g_autoptr(GError) error = NULL;

  if (!(member = ld_client_get_member_finish (LD_CLIENT (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_status_page_set_description (self->status_page, error->message);
      return;
    }

  g_free (self->title);
  self->title = g_strdup_printf ("%s %s",
                                 ld_member_get_first_name (member) ? ld_member_get_first_name (member) : "",
                                 ld_member_get_last_name (member) ? ld_member_get_last_name (member) : "");
  g_strstrip (self->title);
  adw_status_page_set_title (self->status_page, self->title);
  adw_status_page_set_description (self->status_page, ld_member_get_phone (member));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
ld_member_stub_constructed (GObject *object)
{
  LdMemberStub *self = (LdMemberStub *)object;

  G_OBJECT_CLASS (ld_member_stub_parent_class)->constructed (object);

  self->title = g_strdup_printf (_("Member %" G_GINT64_FORMAT), self->member_id);
  self->status_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status_page, "avatar-default-symbolic");
  adw_status_page_set_title (self->status_page, self->title);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->status_page));

  ld_client_get_member_async (self->client, self->member_id, self->cancellable,
                              ld_member_stub_loaded_cb, g_object_ref (self));
}

static void
ld_member_stub_dispose (GObject *object)
{
  LdMemberStub *self = (LdMemberStub *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (ld_member_stub_parent_class)->dispose (object);
}

static void
ld_member_stub_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdMemberStub *self = LD_MEMBER_STUB (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_MEMBER_ID:
      g_value_set_int64 (value, self->member_id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_member_stub_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LdMemberStub *self = LD_MEMBER_STUB (object);

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
ld_member_stub_class_init (LdMemberStubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ld_member_stub_constructed;
  object_class->dispose = ld_member_stub_dispose;
  object_class->get_property = ld_member_stub_get_property;
  object_class->set_property = ld_member_stub_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         LD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEMBER_ID] =
    g_param_spec_int64 ("member-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_member_stub_init (LdMemberStub *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
ld_member_stub_new (LdClient *client,
                    gint64    member_id)
{
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);

  return g_object_new (LD_TYPE_MEMBER_STUB,
                       "client", client,
                       "member-id", member_id,
                       NULL);
}
