/* ld-retry-key.h — the Idempotency-Key of an agent's submit, kept for its retry
 *
 * A submit whose answer was lost (ld_client_result_outcome_unknown()) may have been done:
 * sent again, the same request goes under the same key, so that the server answers what
 * it did instead of doing it twice. Any other request, or the same one after an answer,
 * gets a key of its own: the server refuses another request under a key it has seen.
 * "The same request" is whatever text the caller makes of it (the form, the body).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *request;   /* what the key was last sent with */
  char     *key;
  gboolean  lost;      /* its answer was lost: the same request goes under it again */
} LdRetryKey;

/* the key to send @request under: the one kept when @request was sent last and its
 * answer was lost, else a new one; *@made_new (optional) says which (transfer none) */
const char *ld_retry_key_take     (LdRetryKey  *self,
                                   const char  *request,
                                   gboolean    *made_new);
/* after the request sent under the key: unless @outcome_unknown, the next gets a new key */
void        ld_retry_key_answered (LdRetryKey  *self,
                                   gboolean     outcome_unknown);
/* the key last taken, NULL before the first (transfer none) */
const char *ld_retry_key_peek     (LdRetryKey  *self);
void        ld_retry_key_clear    (LdRetryKey  *self);

G_END_DECLS
