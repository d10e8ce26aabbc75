/* ld-server-cards.c — cards: one by its number, the free pool, and linking one to a member
 *
 * Linking (POST /members/{id}/cards) normalises the number, reads an optional If-Match
 * (the member's version) and leaves every rule to one storage transaction: the card must
 * be a free physical one, the member under the configured maximum of cards and the
 * account not blocked. Each refusal has its own code and a message for the agent; the
 * answer is the member's profile with the card in it (201).
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

#define MAX_IF_MATCH_LENGTH 24

static JsonObject *
number_details (void)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "field", "number");
  return details;
}

/* If-Match: the member's or the card's version, bare or quoted (W/ accepted); 0 when
 * absent; @malformed (a msgid) answers one that is not a version */
static gboolean
get_if_match (LdRequest  *request,
              const char *malformed,
              gint64     *version)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *value = soup_message_headers_get_one (headers, "If-Match");
  g_autofree char *text = NULL;
  guint64 parsed = 0;
  gsize length;

  *version = 0;
  if (value == NULL)
    return TRUE;

  text = g_strstrip (g_strdup (value));
  if (g_str_has_prefix (text, "W/"))
    memmove (text, text + 2, strlen (text + 2) + 1);
  length = strlen (text);
  if (length >= 2 && text[0] == '"' && text[length - 1] == '"')
    {
      text[length - 1] = '\0';
      memmove (text, text + 1, length - 1);
    }

  if (strlen (text) > MAX_IF_MATCH_LENGTH ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &parsed, NULL))
    {
      ld_request_respond_error (request, 400, "malformed", "If-Match", "%s",
                                ld_request_translate (request, malformed));
      return FALSE;
    }
  *version = (gint64) parsed;
  return TRUE;
}

/**
 * ld_server_get_if_match:
 *
 * The If-Match reading of this file for the other handlers' versions (the member's in
 * ld-server-accounts.c): one parser of the header for the whole server.
 *
 * Returns: FALSE after answering 400 (@malformed, a msgid)
 */
gboolean
ld_server_get_if_match (LdRequest  *request,
                        const char *malformed,
                        gint64     *version)
{
  return get_if_match (request, malformed, version);
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
  if (!get_if_match (request, N_("If-Match is the member's version: a whole number."), &version))
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
