/* ld-session-cache.c — token hash → session, with a short life and a size cap
 *
 * Used from the main loop only (the dispatcher and the handlers run there), so no lock.
 * A session is reference-counted: a request keeps the one it started with even when the
 * cache drops it meanwhile.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include "ld-rights.h"
#include "ld-session-cache.h"

struct _LdSessionCache
{
  GHashTable *sessions;       /* token hash → LdSession */
  gint64      max_age_usec;
  guint       max_size;
};

static void
ld_session_clear (gpointer data)
{
  LdSession *session = data;

  g_clear_pointer (&session->op, ld_operator_record_free);
  g_clear_pointer (&session->rights, g_strfreev);
}

/**
 * ld_session_new:
 * @op: (transfer full): the operator the session is for
 *
 * Returns: (transfer full): a session with @op's effective rights
 */
LdSession *
ld_session_new (LdOperatorRecord *op,
                gint64            expires_at,
                gint64            checked_at)
{
  LdSession *session;

  g_return_val_if_fail (op != NULL, NULL);

  session = g_rc_box_new0 (LdSession);
  session->rights = ld_rights_resolve (op->role,
                                       (const char * const *) op->granted,
                                       (const char * const *) op->denied);
  session->op = op;
  session->expires_at = expires_at;
  session->checked_at = checked_at;
  return session;
}

LdSession *
ld_session_ref (LdSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);

  return g_rc_box_acquire (session);
}

void
ld_session_unref (LdSession *session)
{
  g_return_if_fail (session != NULL);

  g_rc_box_release_full (session, ld_session_clear);
}

/**
 * ld_session_cache_new:
 *
 * Returns: (transfer full): an empty cache
 */
LdSessionCache *
ld_session_cache_new (gint64 max_age_usec,
                      guint  max_size)
{
  LdSessionCache *self;

  g_return_val_if_fail (max_age_usec > 0, NULL);
  g_return_val_if_fail (max_size > 0, NULL);

  self = g_new0 (LdSessionCache, 1);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) ld_session_unref);
  self->max_age_usec = max_age_usec;
  self->max_size = max_size;
  return self;
}

void
ld_session_cache_free (LdSessionCache *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_free (self);
}

LdSession *
ld_session_cache_lookup (LdSessionCache *self,
                         const char     *token_hash,
                         gint64          now,
                         gint64          now_monotonic)
{
  LdSession *session;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  session = g_hash_table_lookup (self->sessions, token_hash);
  if (session == NULL)
    return NULL;
  if (session->expires_at <= now || now_monotonic - session->checked_at > self->max_age_usec)
    {
      g_hash_table_remove (self->sessions, token_hash);
      return NULL;
    }
  return ld_session_ref (session);
}

void
ld_session_cache_insert (LdSessionCache *self,
                         const char     *token_hash,
                         LdSession      *session)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (token_hash != NULL);
  g_return_if_fail (session != NULL);

  if (g_hash_table_size (self->sessions) >= self->max_size)
    g_hash_table_remove_all (self->sessions);
  g_hash_table_replace (self->sessions, g_strdup (token_hash), ld_session_ref (session));
}

void
ld_session_cache_forget (LdSessionCache *self,
                         const char     *token_hash)
{
  g_return_if_fail (self != NULL);

  if (token_hash != NULL)
    g_hash_table_remove (self->sessions, token_hash);
}

guint
ld_session_cache_get_size (LdSessionCache *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->sessions);
}
