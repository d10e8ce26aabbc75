/* ld-error.c — mapping between the server's error codes and LdError */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-error.h"

G_DEFINE_QUARK (ld-error-quark, ld_error)

static const struct {
  LdError     error;
  const char *code;
  guint       status;
} error_table[] = {
  { LD_ERROR_FAILED,              "internal",            500 },
  { LD_ERROR_MALFORMED,           "malformed",           400 },
  { LD_ERROR_UNAUTHORIZED,        "unauthorized",        401 },
  { LD_ERROR_INVALID_CREDENTIALS, "invalid_credentials", 401 },
  { LD_ERROR_FORBIDDEN,           "forbidden",           403 },
  { LD_ERROR_NOT_FOUND,           "not_found",           404 },
  { LD_ERROR_CONFLICT,            "conflict",            409 },
  { LD_ERROR_VERSION_CONFLICT,    "version_conflict",    409 },
  { LD_ERROR_INVALID_FIELD,       "invalid_field",       422 },
  { LD_ERROR_TOO_MANY_ATTEMPTS,   "too_many_attempts",   429 },
  { LD_ERROR_PAYLOAD_TOO_LARGE,   "payload_too_large",   413 },
  { LD_ERROR_NETWORK,             "network",             503 },
  { LD_ERROR_TLS,                 "tls",                 503 },
  { LD_ERROR_INVALID_RESPONSE,    "invalid_response",    502 },
  { LD_ERROR_STORAGE,             "storage",             500 },
  { LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER, "card_linked_to_other_member", 409 },
  { LD_ERROR_PHONE_ALREADY_REGISTERED,    "phone_already_registered",    409 },
  { LD_ERROR_NOT_IMPLEMENTED,     "not_implemented",     501 },
  { LD_ERROR_METHOD_NOT_ALLOWED,  "method_not_allowed",  405 },
  { LD_ERROR_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", 415 },
  { LD_ERROR_CARD_NOT_FOUND,      "card_not_found",      404 },
  { LD_ERROR_CARD_NOT_AVAILABLE,  "card_not_available",  409 },
  { LD_ERROR_CARD_ALREADY_LINKED, "card_already_linked", 409 },
  { LD_ERROR_MAX_CARDS_REACHED,   "max_cards_reached",   409 },
  { LD_ERROR_ACCOUNT_BLOCKED,     "account_blocked",     409 },
  { LD_ERROR_CALL_ALREADY_ENDED,  "call_already_ended",  409 },
  { LD_ERROR_CONTINUE_WITHOUT_CARD_DISABLED, "continue_without_card_disabled", 409 },
  { LD_ERROR_WRONG_STEP,          "wrong_step",          409 },
  { LD_ERROR_DRAFT_CLOSED,        "draft_closed",        409 },
  { LD_ERROR_INVALID_CODE,        "invalid_code",        422 },
  { LD_ERROR_CODE_EXPIRED,        "code_expired",        422 },
  { LD_ERROR_IDEMPOTENCY_KEY_REUSED, "idempotency_key_reused", 422 },
  { LD_ERROR_CARD_NOT_ACTIVATED,  "card_not_activated",  409 },
  { LD_ERROR_CARD_REPLACED,       "card_replaced",       409 },
  { LD_ERROR_CARD_DELETED,        "card_deleted",        409 },
  { LD_ERROR_CARD_BLOCKED,        "card_blocked",        409 },
  { LD_ERROR_CARD_NOT_BLOCKED,    "card_not_blocked",    409 },
  { LD_ERROR_CARD_NOT_DELETED,    "card_not_deleted",    409 },
  { LD_ERROR_ONLY_MAIN_CARD,      "only_main_card",      409 },
  { LD_ERROR_CARD_NOT_FREE,       "card_not_free",       409 },
  { LD_ERROR_ACCOUNT_NOT_BLOCKED, "account_not_blocked", 409 },
  { LD_ERROR_STATUS_UNCHANGED,    "status_unchanged",    409 },
  { LD_ERROR_ALREADY_MERGED,      "already_merged",      409 },
  { LD_ERROR_MERGE_LIMIT_REACHED, "merge_limit_reached", 409 },
  { LD_ERROR_IDENTIFICATION_REQUIRED, "identification_required", 403 },
  { LD_ERROR_WRONG_PASSWORD,      "wrong_password",      422 },
  { LD_ERROR_FAVORITES_DISABLED,  "favorites_disabled",  409 },
  { LD_ERROR_FAVORITES_LIMIT_REACHED, "favorites_limit_reached", 409 },
  { LD_ERROR_IDEMPOTENCY_KEY_IN_USE, "idempotency_key_in_use", 409 },
};

/**
 * ld_error_from_code:
 * @code: (nullable): a snake_case code from the server
 * @http_status: the status it came with, or 0
 *
 * A code the core does not know falls back on its HTTP status, so a newer
 * server's conflict is still a conflict here.
 */
LdError
ld_error_from_code (const char *code,
                    guint       http_status)
{
  if (code == NULL)
    code = "";

  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (g_str_equal (error_table[i].code, code))
      return error_table[i].error;

  /* aliases the contract uses in prose */
  if (g_str_equal (code, "bad_request") || g_str_equal (code, "invalid_json"))
    return LD_ERROR_MALFORMED;
  if (g_str_equal (code, "session_expired"))
    return LD_ERROR_UNAUTHORIZED;

  switch (http_status)
    {
    case 400: return LD_ERROR_MALFORMED;
    case 401: return LD_ERROR_UNAUTHORIZED;
    case 403: return LD_ERROR_FORBIDDEN;
    case 404: return LD_ERROR_NOT_FOUND;
    case 405: return LD_ERROR_METHOD_NOT_ALLOWED;
    case 409: return LD_ERROR_CONFLICT;
    case 413: return LD_ERROR_PAYLOAD_TOO_LARGE;
    case 415: return LD_ERROR_UNSUPPORTED_MEDIA_TYPE;
    case 422: return LD_ERROR_INVALID_FIELD;
    case 429: return LD_ERROR_TOO_MANY_ATTEMPTS;
    case 501: return LD_ERROR_NOT_IMPLEMENTED;
    default:  return LD_ERROR_FAILED;
    }
}

const char *
ld_error_to_code (LdError error)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].error == error)
      return error_table[i].code;
  return "internal";
}

guint
ld_error_to_http_status (LdError error)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].error == error)
      return error_table[i].status;
  return 500;
}
