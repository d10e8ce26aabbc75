/* ld-server-cards.c — cards: one by its number, the free pool, and linking one to a member
 *
 * Linking (POST /members/{id}/cards) normalises the number, reads an optional If-Match
 * (the member's version) and leaves every rule to one storage transaction: the card must
 * be a free physical one, the member under the configured maximum of cards and the
 * account not blocked. Each refusal has its own code and a message for the agent; the
 * answer is the member's profile with the card in it (201).
 *
 * The operations on one card (block, unblock, replace, category, delete, restore) check
 * their body against the configuration (reasons and categories by key), read an optional
 * If-Match (the card's version) and leave the card's rules to one storage transaction,
 * whose refusal codes this file turns into messages for the agent. The answer is the card
 * after the change (a replacement: the new card).
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-server-private.h"
#include "ld-storage.h"
#include "ld-validate.h"


static JsonObject *
number_details (void)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "field", "number");
  return details;
}

/* ---- GET /cards/{number}, GET /cards */

void
ld_server_handle_get_card (LdServer  *self,
                           LdRequest *request)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = ld_storage_get_card (ld_server_get_storage (self), request->number, &error);
  ld_request_respond_answer (request, 200, answer, error);
}

void
ld_server_handle_list_cards (LdServer  *self,
                             LdRequest *request)
{
  /* only the free pool: activated cards are reached through their members */
  static const char * const states[] = { "issued", NULL };
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  LdPageRequest page;
  const char *state;

  if (!ld_request_get_page (request, &page) ||
      !ld_request_get_choice (request, "state", states, "issued", &state))
    return;

  answer = ld_storage_list_cards (ld_server_get_storage (self), state, &page, &error);
  ld_request_respond_answer (request, 200, answer, error);
}

/* ---- POST /members/{id}/cards {number} */

void
ld_server_handle_link_card (LdServer  *self,
                            LdRequest *request)
{
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  LdCardLinkOutcome outcome = { 0 };
  gint64 version = 0;

  g_assert (LD_IS_SERVER (self));
  g_assert (request != NULL);

  number = ld_request_get_body_normalized (request, "number", ld_card_number_normalize_full,
                                           N_("Give the number of the card to link."));
  if (number == NULL)
    return;
  if (!ld_request_get_if_match (request, N_("If-Match is the member's version: a whole number."), &version))
    return;

  profile = ld_storage_link_card (ld_server_get_storage (self), request->id, number, version,
                                  request->op->id, &outcome, &error);
  if (profile != NULL)
    {
      ld_request_respond_object (request, 201, profile);
      return;
    }

  switch (outcome.refusal)
    {
    case LD_CARD_LINK_CARD_NOT_FOUND:
      ld_request_respond_problem (request, 404, "card_not_found", number_details (),
                                  N_("There is no card with this number. Check the number with the customer."));
      break;

    case LD_CARD_LINK_ALREADY_LINKED:
      ld_request_respond_problem (request, 409, "card_already_linked", number_details (),
                                  N_("This card is linked to this member already."));
      break;

    case LD_CARD_LINK_LINKED_TO_OTHER:
      {
        JsonObject *details = number_details ();

        json_object_set_int_member (details, "member_id", outcome.owner_id);
        ld_request_respond_problem (request, 409, "card_linked_to_other_member", details,
                                    N_("This card belongs to another member of the program."));
      }
      break;

    case LD_CARD_LINK_NOT_AVAILABLE:
      {
        JsonObject *details = number_details ();

        json_object_set_string_member (details, "state", outcome.card_state ? outcome.card_state : "");
        ld_request_respond_problem (request, 409, "card_not_available", details,
                                    N_("This card cannot be linked: only a free physical card from the pool can."));
      }
      break;

    case LD_CARD_LINK_MAX_CARDS:
      {
        JsonObject *details = json_object_new ();
        g_autofree char *message = NULL;

        json_object_set_int_member (details, "max_cards", outcome.max_cards);
        json_object_set_int_member (details, "cards", outcome.n_cards);
        /* Translators: %d is the configured maximum number of cards of one member */
        message = g_strdup_printf (ld_request_translate_format (request, N_("The member has reached the maximum number of cards (%d): no card can be linked.")),
                                   (int) outcome.max_cards);
        ld_request_respond_problem (request, 409, "max_cards_reached", details, message);
      }
      break;

    case LD_CARD_LINK_ACCOUNT_BLOCKED:
      ld_request_respond_problem (request, 409, "account_blocked", NULL,
                                  N_("The member's bonus account is blocked: unblock it before linking a card."));
      break;

    case LD_CARD_LINK_MEMBER_NOT_FOUND:
    case LD_CARD_LINK_VERSION_CONFLICT:
    case LD_CARD_LINK_OK:
    default:
      /* 404 not_found, 409 version_conflict, or the storage's failure (500) */
      ld_request_respond_gerror (request, error, NULL);
      break;
    }
}

/* ---- the operations on one card */

#define MAX_FREE_REASON_LENGTH 500

/* each refusal of the storage as the agent reads it; @field goes into details.field */
static const struct
{
  LdError     code;
  const char *field;
  const char *message;
} card_refusals[] = {
  { LD_ERROR_CARD_NOT_FOUND, "number",
    N_("There is no card with this number. Check the number with the customer.") },
  { LD_ERROR_VERSION_CONFLICT, NULL,
    N_("Someone changed this card meanwhile. Look at it again and repeat the operation.") },
  { LD_ERROR_CARD_NOT_ACTIVATED, NULL,
    N_("This card was never activated: it is still in the free pool and belongs to nobody.") },
  { LD_ERROR_CARD_REPLACED, NULL,
    N_("This card was replaced by another one: it is no longer in use, nothing can be done with it.") },
  { LD_ERROR_CARD_DELETED, NULL,
    N_("This card is deleted: restore it first.") },
  { LD_ERROR_CARD_BLOCKED, NULL,
    N_("This card is blocked already.") },
  { LD_ERROR_CARD_NOT_BLOCKED, NULL,
    N_("This card is not blocked: only a blocked card can be unblocked or replaced.") },
  { LD_ERROR_CARD_NOT_DELETED, NULL,
    N_("This card is not deleted: only a deleted card can be restored.") },
  { LD_ERROR_ONLY_MAIN_CARD, NULL,
    N_("This is the member's only main card: it can be deleted only while another activated physical card can become the main one.") },
  { LD_ERROR_ACCOUNT_BLOCKED, NULL,
    N_("The member's bonus account is blocked: unblock the account before changing its cards.") },
  { LD_ERROR_CARD_NOT_FREE, "new_number",
    N_("The new card cannot be used: only a free physical card from the pool can replace a card.") },
  { LD_ERROR_INVALID_FIELD, "new_number",
    N_("There is no card with the new number. Check the number on the new card.") },
};

/* the body's @member: one of the keys of the configuration's list (@section.)@list, or 422
 * with @message */
static gboolean
get_configured_key (LdServer    *self,
                    LdRequest   *request,
                    const char  *member,
                    const char  *section,
                    const char  *list,
                    const char  *message,
                    const char **out)
{
  g_autoptr(JsonObject) config = NULL;

  if (!ld_request_get_body_string (request, member, out))
    return FALSE;
  config = ld_server_load_config (self, request);
  if (config == NULL)
    return FALSE;
  if (!ld_config_has_option (config, section, list, *out))
    {
      ld_request_respond_error (request, 422, "invalid_field", member, "%s",
                                ld_request_translate (request, message));
      return FALSE;
    }
  return TRUE;
}

/* the optional free-text reason of a deletion or a restoration */
static gboolean
get_free_reason (LdRequest   *request,
                 const char **out)
{
  if (!ld_request_get_body_string (request, "reason", out))
    return FALSE;
  if (*out != NULL && g_utf8_strlen (*out, -1) > MAX_FREE_REASON_LENGTH)
    {
      /* Translators: %d is the most characters a reason may have */
      ld_request_respond_error (request, 422, "invalid_field", "reason",
                                N_("The reason is too long: %d characters at most."),
                                MAX_FREE_REASON_LENGTH);
      return FALSE;
    }
  if (*out != NULL && **out == '\0')
    *out = NULL;
  return TRUE;
}

/* runs @change on the card of the path and answers the card, or the refusal */
static void
change_card (LdServer     *self,
             LdRequest    *request,
             LdCardChange *change)
{
  g_autoptr(JsonObject) card = NULL;
  g_autoptr(GError) error = NULL;

  if (!ld_request_get_if_match (request, N_("If-Match is the card's version: a whole number."),
                     &change->expected_version))
    return;
  change->number = request->number;
  change->operator_id = request->op->id;

  card = ld_storage_change_card (ld_server_get_storage (self), change, &error);
  if (card != NULL)
    {
      ld_request_respond_object (request, 200, card);
      return;
    }

  for (guint i = 0; error->domain == LD_ERROR && i < G_N_ELEMENTS (card_refusals); i++)
    if ((gint) card_refusals[i].code == error->code)
      {
        JsonObject *details = NULL;

        if (card_refusals[i].field != NULL)
          {
            details = json_object_new ();
            json_object_set_string_member (details, "field", card_refusals[i].field);
          }
        ld_request_respond_problem (request, ld_error_to_http_status (error->code),
                                    ld_error_to_code (error->code), details, card_refusals[i].message);
        return;
      }
  ld_request_respond_gerror (request, error, NULL);
}

/* ---- POST /cards/{number}/block, /unblock {reason} */

void
ld_server_handle_block_card (LdServer  *self,
                             LdRequest *request)
{
  LdCardChange change = { .operation = LD_CARD_BLOCK };

  if (get_configured_key (self, request, "reason", "reasons", "card_block",
                          N_("Choose the reason the card is blocked from the configured list."),
                          &change.reason))
    change_card (self, request, &change);
}

void
ld_server_handle_unblock_card (LdServer  *self,
                               LdRequest *request)
{
  LdCardChange change = { .operation = LD_CARD_UNBLOCK };

  if (get_configured_key (self, request, "reason", "reasons", "card_unblock",
                          N_("Choose the reason the card is unblocked from the configured list."),
                          &change.reason))
    change_card (self, request, &change);
}

/* ---- POST /cards/{number}/replace {new_number} */

void
ld_server_handle_replace_card (LdServer  *self,
                               LdRequest *request)
{
  LdCardChange change = { .operation = LD_CARD_REPLACE };
  g_autofree char *new_number = NULL;

  new_number = ld_request_get_body_normalized (request, "new_number", ld_card_number_normalize_full,
                                               N_("Give the number of the new card."));
  if (new_number == NULL)
    return;
  change.new_number = new_number;
  change_card (self, request, &change);
}

/* ---- POST /cards/{number}/category {category} */

void
ld_server_handle_change_card_category (LdServer  *self,
                                       LdRequest *request)
{
  LdCardChange change = { .operation = LD_CARD_CHANGE_CATEGORY };

  if (get_configured_key (self, request, "category", NULL, "card_categories",
                          N_("Choose the card's category from the configured list."),
                          &change.category))
    change_card (self, request, &change);
}

/* ---- DELETE /cards/{number}, POST /cards/{number}/restore {reason?} */

void
ld_server_handle_delete_card (LdServer  *self,
                              LdRequest *request)
{
  LdCardChange change = { .operation = LD_CARD_DELETE };

  if (get_free_reason (request, &change.reason))
    change_card (self, request, &change);
}

void
ld_server_handle_restore_card (LdServer  *self,
                               LdRequest *request)
{
  LdCardChange change = { .operation = LD_CARD_RESTORE };

  if (get_free_reason (request, &change.reason))
    change_card (self, request, &change);
}
