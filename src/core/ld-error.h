/* ld-error.h — the one error domain of Loyalty Desk
 *
 * The server answers every failure as {"error":{"code","message"}}; the core turns the
 * snake_case code into one of these values so callers can switch on it, and keeps the
 * server's message as the GError message (it is written for a person). Every code the
 * server answers has its value here, mapped both ways by ld-error.c's one table (the
 * server names its codes with ld_error_to_code() too); a code this core does not know
 * falls back on its HTTP status. Values are only ever added at the end.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_ERROR (ld_error_quark ())

typedef enum
{
  LD_ERROR_FAILED,              /* anything else; also the server's "internal" */
  LD_ERROR_MALFORMED,           /* 400 malformed / bad_request */
  LD_ERROR_UNAUTHORIZED,        /* 401 no or expired session */
  LD_ERROR_INVALID_CREDENTIALS, /* 401 wrong login or password */
  LD_ERROR_FORBIDDEN,           /* 403 a right is missing */
  LD_ERROR_NOT_FOUND,           /* 404 */
  LD_ERROR_CONFLICT,            /* 409 a state conflict other than a version */
  LD_ERROR_VERSION_CONFLICT,    /* 409 someone else changed the record */
  LD_ERROR_INVALID_FIELD,       /* 422 details.field names the field */
  LD_ERROR_TOO_MANY_ATTEMPTS,   /* 429 */
  LD_ERROR_PAYLOAD_TOO_LARGE,   /* 413 */
  LD_ERROR_NETWORK,             /* the server could not be reached */
  LD_ERROR_TLS,                 /* the server's certificate was refused */
  LD_ERROR_INVALID_RESPONSE,    /* the server answered something we cannot read */
  LD_ERROR_STORAGE,             /* server side: the database failed */
  LD_ERROR_CARD_LINKED_TO_OTHER_MEMBER, /* 409 */
  LD_ERROR_PHONE_ALREADY_REGISTERED,    /* 409 */
  LD_ERROR_NOT_IMPLEMENTED,     /* 501 the server does not offer this (plugin off) */
  LD_ERROR_METHOD_NOT_ALLOWED,  /* 405 the path has no such method */
  LD_ERROR_UNSUPPORTED_MEDIA_TYPE, /* 415 the body is not application/json */
  LD_ERROR_CARD_NOT_FOUND,      /* 404 no card has this number */
  LD_ERROR_CARD_NOT_AVAILABLE,  /* 409 the card cannot be used (blocked, replaced, deleted…) */
  LD_ERROR_CARD_ALREADY_LINKED, /* 409 the card is this member's already */
  LD_ERROR_MAX_CARDS_REACHED,   /* 409 the member has the configured maximum of cards */
  LD_ERROR_ACCOUNT_BLOCKED,     /* 409 the member's bonus account is blocked */
  LD_ERROR_CALL_ALREADY_ENDED,  /* 409 */
  LD_ERROR_CONTINUE_WITHOUT_CARD_DISABLED, /* 409 the configuration wants a card */
  LD_ERROR_WRONG_STEP,          /* 409 the registration draft is at another step */
  LD_ERROR_DRAFT_CLOSED,        /* 409 the registration draft is completed or cancelled */
  LD_ERROR_INVALID_CODE,        /* 422 a wrong verification code */
  LD_ERROR_CODE_EXPIRED,        /* 422 the verification code is too old */
  LD_ERROR_IDEMPOTENCY_KEY_REUSED, /* 422 the same Idempotency-Key with another request */
  LD_ERROR_CARD_NOT_ACTIVATED,  /* 409 the card was never activated (still in the free pool) */
  LD_ERROR_CARD_REPLACED,       /* 409 the card was replaced: it is dead for good */
  LD_ERROR_CARD_DELETED,        /* 409 the card is deleted; only restoring it is possible */
  LD_ERROR_CARD_BLOCKED,        /* 409 the card is blocked already */
  LD_ERROR_CARD_NOT_BLOCKED,    /* 409 only a blocked card can be unblocked or replaced */
  LD_ERROR_CARD_NOT_DELETED,    /* 409 only a deleted card can be restored */
  LD_ERROR_ONLY_MAIN_CARD,      /* 409 the member's only main physical card cannot be deleted */
  LD_ERROR_CARD_NOT_FREE,       /* 409 the replacement card is not in the free pool */
  LD_ERROR_ACCOUNT_NOT_BLOCKED, /* 409 the bonus account is not blocked */
  LD_ERROR_STATUS_UNCHANGED,    /* 409 the member has this status level already */
  LD_ERROR_ALREADY_MERGED,      /* 409 the two members share one account already */
  LD_ERROR_MERGE_LIMIT_REACHED, /* 409 the merged account would pass max_merge_members */
  LD_ERROR_IDENTIFICATION_REQUIRED, /* 403 a contact change needs the member identified first */
  LD_ERROR_WRONG_PASSWORD,      /* 422 the Personal Account password does not match */
  LD_ERROR_FAVORITES_DISABLED,  /* 409 the favorites offer is off in the configuration */
  LD_ERROR_FAVORITES_LIMIT_REACHED, /* 409 more favorites than favorites.max */
  LD_ERROR_IDEMPOTENCY_KEY_IN_USE, /* 409 a request with this Idempotency-Key is being answered still */
} LdError;

GQuark       ld_error_quark            (void);
LdError      ld_error_from_code        (const char *code,
                                        guint       http_status);
const char  *ld_error_to_code          (LdError     error);
guint        ld_error_to_http_status   (LdError     error);

G_END_DECLS
