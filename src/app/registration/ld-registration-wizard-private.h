/* ld-registration-wizard-private.h — the wizard's insides, shared with its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-registration-form.h"
#include "ld-registration-wizard.h"

G_BEGIN_DECLS

struct _LdRegistrationWizard
{
  AdwBin               parent_instance;

  /* template children */
  GtkWidget           *progress_box;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  GtkStack            *stack;
  AdwStatusPage       *landline_page;
  AdwStatusPage       *failed_page;
  GtkWidget           *open_existing_button;
  GtkWidget           *card_page;
  AdwEntryRow         *card_entry;
  GtkWidget           *card_group;
  AdwActionRow        *card_number_row;
  AdwActionRow        *card_category_row;
  AdwActionRow        *card_state_row;
  AdwActionRow        *card_balance_row;
  AdwActionRow        *card_pos_row;
  GtkWidget           *card_linked_group;
  AdwActionRow        *card_linked_row;
  GtkWidget           *open_owner_button;
  GtkWidget           *card_options_group;
  GtkWidget           *card_virtual_row;
  GtkCheckButton      *card_virtual_check;
  GtkWidget           *without_card_button;
  AdwStatusPage       *phone_link_page;
  GtkWidget           *phone_page;
  AdwPreferencesGroup *phone_group;
  AdwActionRow        *code_send_row;
  GtkButton           *send_code_button;
  AdwEntryRow         *code_entry;
  GtkWidget           *skip_button;
  GtkWidget           *virtual_card_page;
  GtkCheckButton      *virtual_check;
  GtkWidget           *email_page;
  AdwEntryRow         *email_entry;
  GtkWidget           *consent_page;
  GtkCheckButton      *offer_check;
  GtkCheckButton      *personal_data_check;
  AdwStatusPage       *password_page;
  GtkWidget           *form_page;
  LdRegistrationForm  *form;
  AdwStatusPage       *done_page;
  GtkWidget           *open_member_button;
  AdwStatusPage       *ended_page;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkWidget           *back_button;
  GtkWidget           *cancel_button;
  GtkButton           *next_button;
  GtkSpinner          *spinner;

  LdClient            *client;
  char                *phone;
  gint64               call_id;
  char                *title;
  GCancellable        *cancellable;

  LdConfig            *config;
  JsonObject          *draft;
  char               **steps;
  char                *page;
  char                *progress;
  char                *error;
  char                *error_base;    /* the server's message, before "n tries left" */
  guint                n_busy;
  gboolean             landline_confirmed;
  gboolean             phone_link_seen;
  gboolean             landed;
  gboolean             code_expired;  /* the last confirmation said so; focus Send Again */

  LdCard              *found_card;    /* the free card the search found */
  char                *linked_number;
  gint64               owner_id;
  gint64               member_id;

  guint                countdown_id;
  gint64               resend_at;     /* monotonic µs when the code may be sent again */

  char                *idempotency_key;
  char                *idempotency_request;
};

/* ld-registration-wizard.c: the draft, the pages, the requests */
gboolean    _ld_registration_wizard_page_is_saved        (LdRegistrationWizard *self,
                                                          const char           *page);
const char *_ld_registration_wizard_neighbour            (LdRegistrationWizard *self,
                                                          const char           *page,
                                                          int                   direction);
guint       _ld_registration_wizard_step_index           (LdRegistrationWizard *self,
                                                          const char           *step);
const char *_ld_registration_wizard_page_step            (const char           *page);
const char *_ld_registration_wizard_server_step          (LdRegistrationWizard *self);
const char *_ld_registration_wizard_draft_string         (JsonObject           *object,
                                                          const char           *member);
gboolean    _ld_registration_wizard_draft_is_open        (LdRegistrationWizard *self);
void        _ld_registration_wizard_show_page            (LdRegistrationWizard *self,
                                                          const char           *page);
void        _ld_registration_wizard_land                 (LdRegistrationWizard *self);
void        _ld_registration_wizard_start                (LdRegistrationWizard *self);
void        _ld_registration_wizard_search_card          (LdRegistrationWizard *self);
void        _ld_registration_wizard_set_error            (LdRegistrationWizard *self,
                                                          const char           *message,
                                                          const char           *field);
const char *_ld_registration_wizard_begin                (LdRegistrationWizard *self,
                                                          const char           *request);
gint64      _ld_registration_wizard_draft_id             (LdRegistrationWizard *self);
void        _ld_registration_wizard_set_busy             (LdRegistrationWizard *self,
                                                          gboolean              busy);
void        _ld_registration_wizard_step_cb              (GObject              *object,
                                                          GAsyncResult         *result,
                                                          gpointer              user_data);
void        _ld_registration_wizard_complete_cb          (GObject              *object,
                                                          GAsyncResult         *result,
                                                          gpointer              user_data);
void        _ld_registration_wizard_cancel_cb            (GObject              *object,
                                                          GAsyncResult         *result,
                                                          gpointer              user_data);
void        _ld_registration_wizard_send_code_cb         (GObject              *object,
                                                          GAsyncResult         *result,
                                                          gpointer              user_data);
void        _ld_registration_wizard_emit_open_member     (LdRegistrationWizard *self,
                                                          gint64                member_id);
void        _ld_registration_wizard_emit_closed          (LdRegistrationWizard *self);

/* ld-registration-wizard-actions.c: Next, Back, Cancel and the buttons of the pages */
void        _ld_registration_wizard_class_init_actions   (GtkWidgetClass       *widget_class);

G_END_DECLS
