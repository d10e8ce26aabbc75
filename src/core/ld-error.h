/* ld-error.h — the one error domain of Loyalty Desk
 *
 * The server answers every failure as {"error":{"code","message"}}; the core turns the
 * snake_case code into one of these values so callers can switch on it, and keeps the
 * server's message as the GError message (it is written for a person).
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
} LdError;

GQuark       ld_error_quark            (void);
LdError      ld_error_from_code        (const char *code,
                                        guint       http_status);
const char  *ld_error_to_code          (LdError     error);
guint        ld_error_to_http_status   (LdError     error);

G_END_DECLS
