/* ld-session-cache.h — the sessions read from storage, kept for a few seconds
 *
 * Every request with a bearer token needs its operator and rights; reading them from the
 * database each time would cost a query per request. A session read from storage is
 * trusted for LD_SESSION_CACHE_MAX_AGE before it is read again, and only while no other
 * server instance has ended a session or changed an operator since (the storage's
 * generation, checked by ld-server.c), so a logout or a change of rights made through
 * another instance is the next answer's (one made through this instance forgets the
 * session at once). Keys are
 * SHA-256 hashes of tokens,
 * never the tokens. The cache holds at most LD_SESSION_CACHE_MAX_SIZE sessions: when it
 * is full it is emptied, which costs one storage read per active session, never memory
 * without bound.
 */
#pragma once

#include <glib.h>

#include "ld-storage.h"

G_BEGIN_DECLS

#define LD_SESSION_CACHE_MAX_AGE  (5 * G_USEC_PER_SEC)
#define LD_SESSION_CACHE_MAX_SIZE 10000

typedef struct _LdSession LdSession;
typedef struct _LdSessionCache LdSessionCache;

struct _LdSession
{
  LdOperatorRecord *op;
  char            **rights;       /* the operator's effective rights */
  gint64            expires_at;   /* unix seconds */
  gint64            checked_at;   /* monotonic µs: when storage said it is valid */
  guint64           generation;   /* ld_storage_get_generation() when it was read */
};

/* takes @op; resolves its rights from its role and grants (ld-rights.h) */
LdSession      *ld_session_new             (LdOperatorRecord *op,
                                            gint64            expires_at,
                                            gint64            checked_at);
LdSession      *ld_session_ref             (LdSession        *session);
void            ld_session_unref           (LdSession        *session);

LdSessionCache *ld_session_cache_new       (gint64            max_age_usec,
                                            guint             max_size);
void            ld_session_cache_free      (LdSessionCache   *self);

/* the session of @token_hash when it has not expired at @now (unix seconds) and was read
 * from storage less than the maximum age before @now_monotonic (µs); a stale one is
 * dropped → (transfer full) (nullable) */
LdSession      *ld_session_cache_lookup    (LdSessionCache   *self,
                                            const char       *token_hash,
                                            gint64            now,
                                            gint64            now_monotonic);
/* keeps @session (a new reference) for @token_hash */
void            ld_session_cache_insert    (LdSessionCache   *self,
                                            const char       *token_hash,
                                            LdSession        *session);
/* drops the session of @token_hash (nullable), as a logout does */
void            ld_session_cache_forget    (LdSessionCache   *self,
                                            const char       *token_hash);
guint           ld_session_cache_get_size  (LdSessionCache   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSession, ld_session_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSessionCache, ld_session_cache_free)

G_END_DECLS
