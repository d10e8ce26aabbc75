/* ld-registration-card-page.c — the physical-card step: search the number, show the
 * card's block (where a card with points was first used), stop at a card linked to
 * another member, a virtual card beside it, or go on by phone without a card
 *
 * Next searches while the number typed is not the card found, then posts the card step;
 * the wizard does the requests and gives the answers back (show_found, show_linked).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-registration-pages.h"

struct _LdRegistrationCardPage
{
  AdwBin          parent_instance;

  /* template children */
  AdwEntryRow    *card_entry;
  GtkWidget      *card_group;
  AdwActionRow   *card_number_row;
  AdwActionRow   *card_category_row;
  AdwActionRow   *card_state_row;
  AdwActionRow   *card_balance_row;
  AdwActionRow   *card_pos_row;
  GtkWidget      *card_linked_group;
  AdwActionRow   *card_linked_row;
  GtkWidget      *card_options_group;
  GtkWidget      *card_virtual_row;
  GtkCheckButton *card_virtual_check;
  GtkWidget      *without_card_button;

  LdConfig       *config;
  LdCard         *found_card;      /* the free card the search found */
  char           *linked_number;   /* the number found linked to another member */
  gint64          owner_id;
  gboolean        saved;
};

static void ld_registration_card_page_step_page_init (LdRegistrationStepPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdRegistrationCardPage, ld_registration_card_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_REGISTRATION_STEP_PAGE,
                                                      ld_registration_card_page_step_page_init))

static void
ld_registration_card_page_show_block (LdRegistrationCardPage *self,
                                      const char             *number,
                                      const char             *category,
                                      const char             *state,
                                      gint64                  balance,
                                      const char             *first_purchase_pos)
{
  JsonArray *categories = self->config ? ld_config_get_card_categories (self->config) : NULL;
  g_autofree char *category_text = ld_format_option (categories, category);
  g_autofree char *state_text = ld_format_state (state);
  g_autofree char *balance_text = ld_format_points (balance);

  adw_action_row_set_subtitle (self->card_number_row, number ? number : "");
  adw_action_row_set_subtitle (self->card_category_row, category_text);
  adw_action_row_set_subtitle (self->card_state_row, state_text);
  adw_action_row_set_subtitle (self->card_balance_row, balance_text);
  adw_action_row_set_subtitle (self->card_pos_row,
                               first_purchase_pos ? first_purchase_pos : _("Not known"));
  gtk_widget_set_visible (GTK_WIDGET (self->card_pos_row), balance != 0);

  gtk_widget_set_visible (self->card_group, TRUE);
  gtk_widget_set_visible (self->card_linked_group, FALSE);
}

void
ld_registration_card_page_show_found (LdRegistrationCardPage *self,
                                      LdCard                 *card)
{
  g_return_if_fail (LD_IS_REGISTRATION_CARD_PAGE (self));
  g_return_if_fail (LD_IS_CARD (card));

  g_set_object (&self->found_card, card);
  ld_registration_card_page_show_block (self, ld_card_get_number (card), ld_card_get_category (card),
                                        ld_card_get_state (card), ld_card_get_balance (card),
                                        ld_card_get_first_purchase_pos (card));
  ld_registration_step_page_changed (LD_REGISTRATION_STEP_PAGE (self));
}

void
ld_registration_card_page_hide_card (LdRegistrationCardPage *self)
{
  g_return_if_fail (LD_IS_REGISTRATION_CARD_PAGE (self));

  g_clear_object (&self->found_card);
  gtk_widget_set_visible (self->card_group, FALSE);
  gtk_widget_set_visible (self->card_linked_group, FALSE);
  ld_registration_step_page_changed (LD_REGISTRATION_STEP_PAGE (self));
}

void
ld_registration_card_page_show_linked (LdRegistrationCardPage *self,
                                       const char             *number,
                                       const char             *message,
                                       gint64                  owner_id)
{
  g_autofree char *title = NULL;

  g_return_if_fail (LD_IS_REGISTRATION_CARD_PAGE (self));

  g_clear_object (&self->found_card);
  g_free (self->linked_number);
  self->linked_number = g_strdup (number);
  self->owner_id = owner_id;

  title = g_strdup_printf (_("Card %s belongs to another member"), number);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->card_linked_row), title);
  adw_action_row_set_subtitle (self->card_linked_row, message ? message : "");

  gtk_widget_set_visible (self->card_group, FALSE);
  gtk_widget_set_visible (self->card_linked_group, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->card_entry), "error");
  ld_registration_step_page_changed (LD_REGISTRATION_STEP_PAGE (self));
}

/* who owns @number, once looked up: only while that number is the one shown */
void
ld_registration_card_page_set_owner (LdRegistrationCardPage *self,
                                     const char             *number,
                                     gint64                  owner_id)
{
  g_return_if_fail (LD_IS_REGISTRATION_CARD_PAGE (self));

  if (g_strcmp0 (number, self->linked_number) != 0)
    return;

  self->owner_id = owner_id;
  ld_registration_step_page_changed (LD_REGISTRATION_STEP_PAGE (self));
}

gint64
ld_registration_card_page_get_owner_id (LdRegistrationCardPage *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_CARD_PAGE (self), 0);

  return self->owner_id;
}

char *
ld_registration_card_page_dup_number (LdRegistrationCardPage  *self,
                                      GError                 **error)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_CARD_PAGE (self), NULL);

  return ld_card_number_normalize (gtk_editable_get_text (GTK_EDITABLE (self->card_entry)), error);
}

gboolean
ld_registration_card_page_get_without_card_offered (LdRegistrationCardPage *self)
{
  g_return_val_if_fail (LD_IS_REGISTRATION_CARD_PAGE (self), FALSE);

  return self->config != NULL &&
         (ld_config_get_continue_without_card (self->config) ||
          g_strcmp0 (ld_config_get_registration_mode (self->config), "phone") == 0);
}

void
ld_registration_card_page_set_config (LdRegistrationCardPage *self,
                                      LdConfig               *config)
{
  g_return_if_fail (LD_IS_REGISTRATION_CARD_PAGE (self));

  g_set_object (&self->config, config);
  gtk_widget_set_visible (self->without_card_button, ld_registration_card_page_get_without_card_offered (self));
  gtk_widget_set_visible (self->card_options_group, config != NULL && ld_config_get_virtual_card (config));
}

/* another number typed: what was found belongs to the old one */
static void
ld_registration_card_page_changed_cb (LdRegistrationCardPage *self,
                                      GtkEditable            *editable)
{
  g_autofree char *number = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");

  if (self->saved)
    return;

  number = ld_card_number_normalize (gtk_editable_get_text (editable), NULL);
  if (self->found_card != NULL && g_strcmp0 (number, ld_card_get_number (self->found_card)) != 0)
    ld_registration_card_page_hide_card (self);
  if (self->linked_number != NULL && g_strcmp0 (number, self->linked_number) != 0)
    {
      g_clear_pointer (&self->linked_number, g_free);
      self->owner_id = 0;
      ld_registration_card_page_hide_card (self);
    }
}

/* ---- LdRegistrationStepPage */

static LdRegistrationStep
ld_registration_card_page_get_step (LdRegistrationStepPage *page)
{
  return LD_REGISTRATION_STEP_CARD;
}

static void
ld_registration_card_page_load (LdRegistrationStepPage *page,
                                LdRegistrationDraft    *draft,
                                gboolean                resume)
{
  LdRegistrationCardPage *self = LD_REGISTRATION_CARD_PAGE (page);
  LdCard *card = ld_registration_draft_get_card (draft);

  self->saved = ld_registration_draft_is_saved (draft, LD_REGISTRATION_STEP_CARD);

  if (card != NULL)
    {
      const char *number = ld_card_get_number (card);

      if (number != NULL && (resume || !self->saved ||
                             *gtk_editable_get_text (GTK_EDITABLE (self->card_entry)) == '\0'))
        gtk_editable_set_text (GTK_EDITABLE (self->card_entry), number);

      ld_registration_card_page_show_block (self, number, ld_card_get_category (card), ld_card_get_state (card),
                                            ld_card_get_balance (card), ld_card_get_first_purchase_pos (card));
    }

  if (resume || self->saved)
    gtk_check_button_set_active (self->card_virtual_check, ld_registration_draft_get_issue_virtual (draft));

  ld_registration_step_page_changed (page);
}

static gboolean
ld_registration_card_page_get_body (LdRegistrationStepPage  *page,
                                    LdRegistrationRequest   *request,
                                    JsonObject             **body,
                                    char                   **field,
                                    GError                 **error)
{
  LdRegistrationCardPage *self = LD_REGISTRATION_CARD_PAGE (page);
  g_autofree char *number = NULL;

  if (!(number = ld_card_number_normalize (gtk_editable_get_text (GTK_EDITABLE (self->card_entry)), error)))
    {
      ld_registration_card_page_hide_card (self);
      *field = g_strdup ("number");
      return FALSE;
    }

  *body = json_object_new ();
  json_object_set_string_member (*body, "number", number);

  /* the number typed is looked up first: the agent sees the card before it is taken */
  if (self->found_card == NULL || g_strcmp0 (number, ld_card_get_number (self->found_card)) != 0)
    {
      *request = LD_REGISTRATION_REQUEST_SEARCH_CARD;
      return TRUE;
    }

  *request = LD_REGISTRATION_REQUEST_CARD;
  json_object_set_boolean_member (*body, "issue_virtual",
                                  gtk_widget_get_visible (self->card_options_group) &&
                                  gtk_check_button_get_active (self->card_virtual_check));
  return TRUE;
}

static const char *
ld_registration_card_page_get_next_label (LdRegistrationStepPage *page)
{
  LdRegistrationCardPage *self = LD_REGISTRATION_CARD_PAGE (page);

  return !self->saved && self->found_card == NULL ? _("_Search") : NULL;
}

static void
ld_registration_card_page_step_page_init (LdRegistrationStepPageInterface *iface)
{
  iface->get_step = ld_registration_card_page_get_step;
  iface->load = ld_registration_card_page_load;
  iface->get_body = ld_registration_card_page_get_body;
  iface->get_next_label = ld_registration_card_page_get_next_label;
}

/* ---- the object */

static void
ld_registration_card_page_dispose (GObject *object)
{
  LdRegistrationCardPage *self = (LdRegistrationCardPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_REGISTRATION_CARD_PAGE);
  g_clear_object (&self->config);
  g_clear_object (&self->found_card);
  g_clear_pointer (&self->linked_number, g_free);

  G_OBJECT_CLASS (ld_registration_card_page_parent_class)->dispose (object);
}

static void
ld_registration_card_page_class_init (LdRegistrationCardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_registration_card_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/loyaltydesk/Agent/registration/ld-registration-card-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_entry);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_group);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_number_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_category_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_state_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_balance_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_pos_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_linked_group);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_linked_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_options_group);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_virtual_row);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, card_virtual_check);
  gtk_widget_class_bind_template_child (widget_class, LdRegistrationCardPage, without_card_button);
  /* for the tests, which look for it by name */
  gtk_widget_class_bind_template_child_full (widget_class, "open_owner_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_card_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_registration_step_page_next_cb);
}

static void
ld_registration_card_page_init (LdRegistrationCardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_registration_step_page_add_field (LD_REGISTRATION_STEP_PAGE (self), "number", GTK_WIDGET (self->card_entry));
  ld_registration_step_page_add_field (LD_REGISTRATION_STEP_PAGE (self), "issue_virtual", GTK_WIDGET (self->card_virtual_row));
}
