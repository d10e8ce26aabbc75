/* ld-registration-step-page.h — what each page of a registration step tells the wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

/**
 * LdRegistrationRequest:
 * @LD_REGISTRATION_REQUEST_NONE: nothing to send: Next goes on to the next page
 * @LD_REGISTRATION_REQUEST_SEARCH_CARD: look the typed card up first (GET /cards/{number})
 * @LD_REGISTRATION_REQUEST_CARD: the card step {number, issue_virtual}
 * @LD_REGISTRATION_REQUEST_SEND_CODE: send the code by SMS {}
 * @LD_REGISTRATION_REQUEST_CONFIRM_PHONE: the code the caller read out {code}
 * @LD_REGISTRATION_REQUEST_SKIP_PHONE: go on without the code (needs the right) {}
 * @LD_REGISTRATION_REQUEST_VIRTUAL_CARD: the virtual-card step {issue_virtual}
 * @LD_REGISTRATION_REQUEST_EMAIL: the e-mail step {email}
 * @LD_REGISTRATION_REQUEST_CONSENT: both consents given {offer, personal_data}
 * @LD_REGISTRATION_REQUEST_REFUSE_CONSENT: a consent missing: ask, then end the registration
 * @LD_REGISTRATION_REQUEST_PASSWORD: the welcome SMS with the password {}
 * @LD_REGISTRATION_REQUEST_COMPLETE: the application form {answers}; makes the member
 *
 * What Next on a page asks the wizard to send.
 */
typedef enum
{
  LD_REGISTRATION_REQUEST_NONE,
  LD_REGISTRATION_REQUEST_SEARCH_CARD,
  LD_REGISTRATION_REQUEST_CARD,
  LD_REGISTRATION_REQUEST_SEND_CODE,
  LD_REGISTRATION_REQUEST_CONFIRM_PHONE,
  LD_REGISTRATION_REQUEST_SKIP_PHONE,
  LD_REGISTRATION_REQUEST_VIRTUAL_CARD,
  LD_REGISTRATION_REQUEST_EMAIL,
  LD_REGISTRATION_REQUEST_CONSENT,
  LD_REGISTRATION_REQUEST_REFUSE_CONSENT,
  LD_REGISTRATION_REQUEST_PASSWORD,
  LD_REGISTRATION_REQUEST_COMPLETE,
} LdRegistrationRequest;

/* the step's name as the progress line shows it (translated), NULL for none */
const char *ld_registration_step_get_title (LdRegistrationStep step);

#define LD_TYPE_REGISTRATION_STEP_PAGE (ld_registration_step_page_get_type ())

G_DECLARE_INTERFACE (LdRegistrationStepPage, ld_registration_step_page, LD, REGISTRATION_STEP_PAGE, GtkWidget)

struct _LdRegistrationStepPageInterface
{
  GTypeInterface parent_iface;

  /* the step the page is */
  LdRegistrationStep  (*get_step)         (LdRegistrationStepPage  *self);
  /* puts what the server holds into the page; @resume (a wizard opened on the draft)
   * also puts back what was typed and not yet taken */
  void                (*load)             (LdRegistrationStepPage  *self,
                                           LdRegistrationDraft     *draft,
                                           gboolean                 resume);
  /* what Next sends: *@request and its *@body (transfer full, nullable); FALSE with
   * @error and the *@field it is about when what was typed cannot be sent */
  gboolean            (*get_body)         (LdRegistrationStepPage  *self,
                                           LdRegistrationRequest   *request,
                                           JsonObject             **body,
                                           char                   **field,
                                           GError                 **error);
  /* the widget that shows an error about the server's @field ("number", "answers.city");
   * NULL: the fields of add_field() */
  GtkWidget          *(*get_field_widget) (LdRegistrationStepPage  *self,
                                           const char              *field);
  /* marks the widget of @field and focuses it, clearing the last mark; NULL only
   * clears (the default marks get_field_widget()'s widget) */
  void                (*mark_error)       (LdRegistrationStepPage  *self,
                                           const char              *field);
  /* the server's @message about @field as the page shows it (transfer full); NULL: as it is */
  char               *(*format_error)     (LdRegistrationStepPage  *self,
                                           const char              *field,
                                           const char              *message);
  /* puts the focus where typing starts on the page; FALSE: nowhere, Next takes it;
   * NULL: the first field of add_field() */
  gboolean            (*focus_first)      (LdRegistrationStepPage  *self);
  /* what Next says on the page, e.g. "_Search" before a card was found; NULL: "_Next" */
  const char         *(*get_next_label)   (LdRegistrationStepPage  *self);
  /* whether Next can go on from what the page shows */
  gboolean            (*can_go_on)        (LdRegistrationStepPage  *self);
};

LdRegistrationStep  ld_registration_step_page_get_step         (LdRegistrationStepPage  *self);
void                ld_registration_step_page_load             (LdRegistrationStepPage  *self,
                                                                LdRegistrationDraft     *draft,
                                                                gboolean                 resume);
gboolean            ld_registration_step_page_get_body         (LdRegistrationStepPage  *self,
                                                                LdRegistrationRequest   *request,
                                                                JsonObject             **body,
                                                                char                   **field,
                                                                GError                 **error);
GtkWidget          *ld_registration_step_page_get_field_widget (LdRegistrationStepPage  *self,
                                                                const char              *field);
gboolean            ld_registration_step_page_focus_first      (LdRegistrationStepPage  *self);
char               *ld_registration_step_page_format_error     (LdRegistrationStepPage  *self,
                                                                const char              *field,
                                                                const char              *message);
const char         *ld_registration_step_page_get_next_label   (LdRegistrationStepPage  *self);
gboolean            ld_registration_step_page_can_go_on        (LdRegistrationStepPage  *self);

/* marks the widget of @field (and focuses it), clearing the mark before; @field NULL
 * only clears */
void                ld_registration_step_page_mark_error       (LdRegistrationStepPage  *self,
                                                                const char              *field);
/* for a page of fixed fields, in its init: the default get_field_widget() answers
 * @widget for @field, the default focus_first() focuses the first field added */
void                ld_registration_step_page_add_field        (LdRegistrationStepPage  *self,
                                                                const char              *field,
                                                                GtkWidget               *widget);
/* the page's next label or can-go-on changed: the wizard's buttons follow ("changed") */
void                ld_registration_step_page_changed          (LdRegistrationStepPage  *self);

/* template callbacks of the pages: an editable's error mark goes once it is typed in;
 * Enter in a field is Next */
void                ld_registration_step_page_clear_mark_cb    (GtkEditable             *editable,
                                                                gpointer                 user_data);
void                ld_registration_step_page_next_cb          (GtkWidget               *widget,
                                                                gpointer                 user_data);

G_END_DECLS
