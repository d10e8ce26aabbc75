/* ld-registration-wizard-private.h — the wizard's insides, shared by the shell
 * (ld-registration-wizard.c) and its requests (ld-registration-wizard-requests.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-registration-wizard.h"
#include "ld-retry-key.h"
#include "pages/ld-registration-pages.h"

G_BEGIN_DECLS

struct _LdRegistrationWizard
{
  AdwBin                         parent_instance;

  /* template children: the shell's own pages, a page per step, the buttons */
  GtkStack                      *stack;
  GtkWidget                     *starting_page;
  AdwStatusPage                 *landline_page;
  AdwStatusPage                 *failed_page;
  GtkWidget                     *open_existing_button;
  LdRegistrationCardPage        *card_page;
  LdRegistrationNoticePage      *phone_link_page;
  LdRegistrationPhonePage       *phone_page;
  LdRegistrationVirtualCardPage *virtual_card_page;
  LdRegistrationEmailPage       *email_page;
  LdRegistrationConsentPage     *consent_page;
  LdRegistrationNoticePage      *password_page;
  LdRegistrationFormPage        *form_page;
  AdwStatusPage                 *done_page;
  GtkWidget                     *open_member_button;
  AdwStatusPage                 *ended_page;
  GtkRevealer                   *error_revealer;
  GtkLabel                      *error_label;
  GtkButton                     *next_button;

  LdClient                      *client;
  char                          *phone;
  gint64                         call_id;
  char                          *title;
  GCancellable                  *cancellable;

  LdConfig                      *config;
  LdRegistrationDraft           *draft;       /* as the server last answered it */
  GtkWidget                     *page;        /* the page shown */
  LdRegistrationStep             step;        /* its step; NONE for the shell's own pages */
  char                          *error;
  char                          *error_base;  /* the server's message, before "n tries left" */
  guint                          n_busy;
  gboolean                       phone_link_seen;
  gboolean                       landed;
  gboolean                       loading;     /* the pages are taking a new draft */
  gboolean                       code_expired; /* the last confirmation said so; focus Send Again */
  gint64                         member_id;

  /* what the buttons show, bound in the template */
  char                          *progress;
  double                         progress_fraction;
  char                          *next_label;
  gboolean                       next_visible;
  gboolean                       back_visible;
  gboolean                       cancel_visible;

  LdRetryKey                     retry_key;   /* the last write's, kept while its answer is lost */
};

/* ld-registration-wizard.c: the shell */
GtkWidget  *_ld_registration_wizard_step_page     (LdRegistrationWizard  *self,
                                                   LdRegistrationStep     step);
void        _ld_registration_wizard_show_page     (LdRegistrationWizard  *self,
                                                   GtkWidget             *page);
void        _ld_registration_wizard_sync          (LdRegistrationWizard  *self);
void        _ld_registration_wizard_set_error     (LdRegistrationWizard  *self,
                                                   const char            *message,
                                                   const char            *field);
void        _ld_registration_wizard_set_busy      (LdRegistrationWizard  *self,
                                                   gboolean               busy);
void        _ld_registration_wizard_notify_draft_id  (LdRegistrationWizard *self);
void        _ld_registration_wizard_notify_member_id (LdRegistrationWizard *self);
void        _ld_registration_wizard_emit_completed   (LdRegistrationWizard *self);
void        _ld_registration_wizard_emit_closed      (LdRegistrationWizard *self);

/* ld-registration-wizard-requests.c: the draft on the server */
void        _ld_registration_wizard_start         (LdRegistrationWizard  *self);
void        _ld_registration_wizard_land          (LdRegistrationWizard  *self);
void        _ld_registration_wizard_search_card   (LdRegistrationWizard  *self,
                                                   const char            *number);
void        _ld_registration_wizard_send          (LdRegistrationWizard  *self,
                                                   LdRegistrationRequest  request,
                                                   JsonObject            *body);
void        _ld_registration_wizard_cancel_draft  (LdRegistrationWizard  *self);
void        _ld_registration_wizard_open_existing (LdRegistrationWizard  *self);

G_END_DECLS
