/* ld-config.h — LdConfig, the server's whole configuration document (GET/PUT /config) */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_CONFIG (ld_config_get_type ())

G_DECLARE_FINAL_TYPE (LdConfig, ld_config, LD, CONFIG, GObject)

/* a new configuration (transfer full) from the document; the known members are checked
 * (LD_ERROR_INVALID_RESPONSE naming the member), everything is kept */
LdConfig   *ld_config_new_from_json (JsonObject  *json,
                                     GError     **error);
/* the document, every member (transfer full), ready for PUT /config */
JsonObject *ld_config_to_json       (LdConfig    *self);
/* the document itself (transfer none) */
JsonObject *ld_config_get_document  (LdConfig    *self);

/* registration: "card" or "phone" (default "card") */
const char *ld_config_get_registration_mode      (LdConfig *self);
gboolean    ld_config_get_continue_without_card  (LdConfig *self);
gboolean    ld_config_get_virtual_card           (LdConfig *self);
gboolean    ld_config_get_email_required         (LdConfig *self);
gint64      ld_config_get_max_cards              (LdConfig *self);
gint64      ld_config_get_max_merge_members      (LdConfig *self);
gboolean    ld_config_get_favorites_enabled      (LdConfig *self);
gint64      ld_config_get_favorites_max          (LdConfig *self);
gboolean    ld_config_get_tickets_enabled        (LdConfig *self);

/* arrays of the document (transfer none, NULL when missing): application_form (objects
 * {key,label,type,required,editable,options}), status_systems, card_categories,
 * mailing_types, channels */
JsonArray  *ld_config_get_application_form       (LdConfig *self);
JsonArray  *ld_config_get_status_systems         (LdConfig *self);
JsonArray  *ld_config_get_card_categories        (LdConfig *self);
JsonArray  *ld_config_get_mailing_types          (LdConfig *self);
JsonArray  *ld_config_get_channels               (LdConfig *self);
/* reasons:{card_block, member_removal, call_end}: the list of @kind (transfer none) */
JsonArray  *ld_config_get_reasons                (LdConfig   *self,
                                                  const char *kind);
/* the application-form field with @key (transfer none), or NULL */
JsonObject *ld_config_get_form_field             (LdConfig   *self,
                                                  const char *key);

G_END_DECLS
