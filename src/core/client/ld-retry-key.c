/* ld-retry-key.c — LdRetryKey: one key per submit, the same one for its retry */
#include "config.h"

#include "ld-retry-key.h"

const char *
ld_retry_key_take (LdRetryKey *self,
                   const char *request,
                   gboolean   *made_new)
{
  gboolean fresh;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);

  fresh = self->key == NULL || !self->lost || g_strcmp0 (request, self->request) != 0;
  self->lost = FALSE;
  if (fresh)
    {
      g_free (self->request);
      self->request = g_strdup (request);
      g_free (self->key);
      self->key = g_uuid_string_random ();
    }
  if (made_new != NULL)
    *made_new = fresh;
  return self->key;
}

void
ld_retry_key_answered (LdRetryKey *self,
                       gboolean    outcome_unknown)
{
  g_return_if_fail (self != NULL);

  self->lost = outcome_unknown;
}

const char *
ld_retry_key_peek (LdRetryKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->key;
}

void
ld_retry_key_clear (LdRetryKey *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->request, g_free);
  g_clear_pointer (&self->key, g_free);
  self->lost = FALSE;
}
