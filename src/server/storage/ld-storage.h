/* ld-storage.h — everything the server's handlers ask of the database
 *
 * Handlers never see SQL: they call these functions, which answer JSON shaped as the
 * API contract (DESIGN.md) wants it, so a handler only checks rights and input and
 * serialises. Every write runs in one transaction together with its action-history
 * entry. SQLite is the embedded default; PostgreSQL comes as a second backend behind
 * the same API (the SQL is kept portable: RFC 3339 text times, $N parameters,
 * RETURNING, ON CONFLICT, row values for keyset paging).
 *
 * Errors are LD_ERROR: NOT_FOUND, CONFLICT (with a specific message), INVALID_FIELD,
 * MALFORMED (a bad cursor), STORAGE (the database itself failed).
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_STORAGE (ld_storage_get_type ())
G_DECLARE_FINAL_TYPE (LdStorage, ld_storage, LD, STORAGE, GObject)

/* ---- paging: the answer of every list is {"items":[…], "next_cursor": "…"|null, "total": N} */
typedef struct
{
  guint       limit;   /* 1..500, the handler applies the default 50 */
  const char *cursor;  /* (nullable) opaque, from a previous next_cursor */
} LdPageRequest;

/* ---- operators and sessions */
typedef struct
{
  gint64   id;
  char    *login;
  char    *name;
  char    *role;
  char    *password_hash;   /* libsodium crypto_pwhash_str (Argon2id) */
  char   **granted;         /* single rights on top of the role */
  char   **denied;          /* single rights taken away */
  guint    failed_logins;   /* failures in a row */
  gint64   locked_until;    /* unix seconds, 0 when not locked */
} LdOperatorRecord;

void      ld_operator_record_free         (LdOperatorRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdOperatorRecord, ld_operator_record_free)

/* opens (creating when missing) and migrates; @uri is a file path or postgresql://… */
LdStorage *ld_storage_open                (const char  *uri,
                                           GError     **error);
/* one more connection to a database ld_storage_open() has migrated, for reads only: no
 * migration, no search summaries in memory (an LdStoragePool's, ld-storage-pool.h) */
LdStorage *ld_storage_open_reader         (const char  *uri,
                                           GError     **error);

/* members whose search summaries are kept in memory by default (about 0.6 KiB each) */
#define LD_STORAGE_SEARCH_CACHE_DEFAULT 500000
void       ld_storage_set_search_cache_size  (LdStorage *self,
                                              guint      members);
/* the members whose search summaries are in memory, and the searches answered from there */
void       ld_storage_get_search_cache_stats (LdStorage *self,
                                              guint     *members,
                                              guint64   *answered);
/* another process may have written to the database since the last call: the search
 * summaries in memory are checked against it before they next answer */
void       ld_storage_expect_changes         (LdStorage *self);
/* a number that moves each time the storage finds, after ld_storage_expect_changes(),
 * that another process ended a session, changed an operator or saved the configuration
 * (or when it cannot tell what another process changed): what a caller keeps from the
 * database (the sessions) is good while it stays the same; the configuration in memory is
 * forgotten then (the search summaries member by member, as the change log names them) */
guint64    ld_storage_get_generation         (LdStorage *self);

gint64     ld_storage_create_operator     (LdStorage   *self,
                                           const char  *login,
                                           const char  *name,
                                           const char  *role,
                                           const char  *password_hash,
                                           GError     **error);
gint64     ld_storage_create_operator_full (LdStorage          *self,
                                            const char         *login,
                                            const char         *name,
                                            const char         *role,
                                            const char         *password_hash,
                                            const char * const *granted,
                                            const char * const *denied,
                                            GError            **error);
/* NULL with NOT_FOUND when there is no such login */
LdOperatorRecord *ld_storage_get_operator_by_login (LdStorage   *self,
                                                    const char  *login,
                                                    GError     **error);
LdOperatorRecord *ld_storage_get_operator  (LdStorage   *self,
                                            gint64       operator_id,
                                            GError     **error);
/* failed_logins += 1; when it reaches @lock_after, locked_until = @lock_until and the count restarts */
gboolean   ld_storage_record_login_failure (LdStorage  *self,
                                            gint64      operator_id,
                                            guint       lock_after,
                                            gint64      lock_until,
                                            GError    **error);
gboolean   ld_storage_reset_login_failures (LdStorage  *self,
                                            gint64      operator_id,
                                            GError    **error);
/* the lock-out of a login no operator has, kept as an operator's is, so that an unknown
 * login answers as a known one does: *@locked_until is 0 when it is not locked */
gboolean   ld_storage_get_login_lock       (LdStorage   *self,
                                            const char  *login,
                                            gint64      *locked_until,
                                            GError     **error);
/* failures += 1 for @login (no operator's); at @lock_after, locked_until = @lock_until and
 * the count restarts. Counts untouched for a day are forgotten. */
gboolean   ld_storage_record_unknown_login_failure (LdStorage  *self,
                                                    const char *login,
                                                    guint       lock_after,
                                                    gint64      now,
                                                    gint64      lock_until,
                                                    GError    **error);
/* failed sign-ins per source address (LdLoginThrottle), counted in fixed windows (times
 * in µs since the epoch): *@window_start is 0 when @address has none */
gboolean   ld_storage_get_address_window   (LdStorage   *self,
                                            const char  *address,
                                            gint64      *window_start,
                                            gint64      *failures,
                                            GError     **error);
/* one more attempt of @address, in a new window from @now when its last is over; with
 * @sweep, every ended window is removed first → the window counted in and its count */
gboolean   ld_storage_count_address_attempt (LdStorage  *self,
                                             const char *address,
                                             gint64      now,
                                             gint64      window_us,
                                             gboolean    sweep,
                                             gint64     *window_start,
                                             gint64     *failures,
                                             GError    **error);
/* takes back an attempt counted in the window that started at @window_start */
gboolean   ld_storage_forgive_address_attempt (LdStorage  *self,
                                               const char *address,
                                               gint64      window_start,
                                               GError    **error);
/* sets the single-right overrides of an operator (used by tests and --create-operator) */
gboolean   ld_storage_set_operator_rights  (LdStorage          *self,
                                            gint64              operator_id,
                                            const char * const *granted,
                                            const char * const *denied,
                                            GError            **error);

/* the token itself is never stored: only its SHA-256 */
gboolean   ld_storage_create_session      (LdStorage   *self,
                                           const char  *token_hash,
                                           gint64       operator_id,
                                           gint64       expires_at,
                                           GError     **error);
/* the operator of a live session, or NULL with UNAUTHORIZED (unknown or expired at @now) */
LdOperatorRecord *ld_storage_lookup_session (LdStorage   *self,
                                             const char  *token_hash,
                                             gint64       now,
                                             gint64      *expires_at,
                                             GError     **error);
gboolean   ld_storage_delete_session      (LdStorage   *self,
                                           const char  *token_hash,
                                           GError     **error);

/* ---- configuration: the whole document of GET /config */
JsonObject *ld_storage_get_config         (LdStorage   *self,
                                           GError     **error);
gboolean   ld_storage_put_config          (LdStorage   *self,
                                           JsonObject  *config,
                                           gint64       operator_id,
                                           GError     **error);
/* the key of one of the configuration's options: {key, label, …} or a plain string; NULL
 * for anything else (transfer none) */
const char *ld_storage_option_key         (JsonNode    *option);

/* ---- calls */
/* {call:{id,phone,started_at,…}, member: <search-result member> | null}, the member read
 * from its search summary as a search by the phone reads it */
JsonObject *ld_storage_create_call        (LdStorage   *self,
                                           const char  *phone,
                                           gint64       operator_id,
                                           GError     **error);

/* which calls ld_storage_list_calls() answers */
typedef enum
{
  LD_CALLS_ANY,
  LD_CALLS_OPEN,    /* not ended */
  LD_CALLS_ENDED,
} LdCallsState;

/* one page {items, next_cursor, total} of the calls in @state, newest first: every
 * operator's, or (@operator_id > 0) those one operator started */
JsonObject *ld_storage_list_calls         (LdStorage            *self,
                                           LdCallsState          state,
                                           gint64                operator_id,
                                           const LdPageRequest  *page,
                                           GError              **error);

/* ---- members */
/* an application-form answer a search asks for: the answer of @key is exactly @value (as
 * the answers are stored: a bool true/false, a number its decimal digits, a date
 * YYYY-MM-DD); the answers with columns of their own (last_name, first_name, middle_name:
 * in any case; birth_date; email: in any case) are compared there */
typedef struct
{
  const char *key;
  const char *value;
} LdAnswerCriterion;

typedef struct
{
  const char *phone;       /* E.164, exact */
  const char *card;        /* card number, exact (any state) */
  const char *email;       /* exact, case-insensitive */
  const char *name;        /* one to three words, each a case-insensitive prefix of last/first/middle name, Cyrillic too */
  const char *birth_date;  /* YYYY-MM-DD */
  const LdAnswerCriterion *answers;  /* (nullable) @n_answers answers, all of them */
  guint       n_answers;
} LdMemberQuery;

/* paged search-result members (DESIGN.md "Member in a search result"), all criteria ANDed */
JsonObject *ld_storage_search_members     (LdStorage           *self,
                                           const LdMemberQuery *query,
                                           const LdPageRequest *page,
                                           GError             **error);
/* whether ld_storage_search_members_json() may answer @query from the search summaries
 * in memory: one phone or one card, first page (only the storage that writes keeps them) */
gboolean    ld_storage_search_is_by_one_key (const LdMemberQuery *query,
                                             const LdPageRequest *page);
/* the same page as JSON text, written without a JsonNode tree: what the server sends */
char       *ld_storage_search_members_json (LdStorage           *self,
                                            const LdMemberQuery *query,
                                            const LdPageRequest *page,
                                            gsize               *length,
                                            GError             **error);
/* the profile of GET /members/{id}; NULL with NOT_FOUND */
JsonObject *ld_storage_get_member         (LdStorage   *self,
                                           gint64       member_id,
                                           GError     **error);

/* ---- cards */
/* the card of GET /cards/{number} (with owner_id, and the owner's name when linked) */
JsonObject *ld_storage_get_card           (LdStorage   *self,
                                           const char  *number,
                                           GError     **error);
/* GET /cards?state=… (the free pool is state "issued") */
JsonObject *ld_storage_list_cards         (LdStorage           *self,
                                           const char          *state,
                                           const LdPageRequest *page,
                                           GError             **error);

/* ---- histories of a member (NOT_FOUND when the member does not exist) */
typedef struct
{
  const char *sort;     /* "date" | "pos" | "program" */
  gboolean    ascending;
  const char *status;   /* (nullable) "confirmed" | "incomplete" | "canceled" */
  const char *receipt;  /* (nullable) exact receipt number */
} LdPurchaseQuery;

JsonObject *ld_storage_list_purchases     (LdStorage             *self,
                                           gint64                 member_id,
                                           const LdPurchaseQuery *query,
                                           const LdPageRequest   *page,
                                           GError               **error);

typedef struct
{
  const char *sort;     /* "date" | "card" */
  gboolean    ascending;
  const char *card;     /* (nullable) only this card */
} LdOperationQuery;

JsonObject *ld_storage_list_operations    (LdStorage              *self,
                                           gint64                  member_id,
                                           const LdOperationQuery *query,
                                           const LdPageRequest    *page,
                                           GError                **error);

typedef struct
{
  const char *from;     /* (nullable) RFC 3339 or YYYY-MM-DD, inclusive */
  const char *to;       /* (nullable) RFC 3339 or YYYY-MM-DD, inclusive (a date means the whole day) */
  const char *status;   /* (nullable) */
  const char *channel;  /* (nullable) */
} LdMessageQuery;

JsonObject *ld_storage_list_messages      (LdStorage            *self,
                                           gint64                member_id,
                                           const LdMessageQuery *query,
                                           const LdPageRequest  *page,
                                           GError              **error);

/* newest first */
JsonObject *ld_storage_list_actions       (LdStorage           *self,
                                           gint64               member_id,
                                           const LdPageRequest *page,
                                           GError             **error);

/* {enabled, max, items:[{product_id, sku, name, added_at}], count} */
JsonObject *ld_storage_get_favorites      (LdStorage   *self,
                                           gint64       member_id,
                                           GError     **error);
JsonObject *ld_storage_list_favorites_history (LdStorage           *self,
                                               gint64               member_id,
                                               const LdPageRequest *page,
                                               GError             **error);

/* {mailing_types:[…], channels:[…], items:[{mailing_type, channel, enabled}]} — every pair */
JsonObject *ld_storage_get_subscriptions  (LdStorage   *self,
                                           gint64       member_id,
                                           GError     **error);

/* what PUT /members/{id}/subscriptions or /favorites refused; the handler words it */
typedef enum
{
  LD_PREFERENCE_OK,
  LD_PREFERENCE_UNKNOWN_MAILING_TYPE,  /* ->value names it */
  LD_PREFERENCE_UNKNOWN_CHANNEL,       /* ->value names it */
  LD_PREFERENCE_FAVORITES_DISABLED,
  LD_PREFERENCE_FAVORITES_LIMIT,       /* ->max */
  LD_PREFERENCE_PRODUCT_NOT_FOUND,     /* ->product_id */
  LD_PREFERENCE_PRODUCT_INACTIVE,      /* ->product_id */
} LdPreferenceRefusal;

typedef struct
{
  LdPreferenceRefusal  refusal;
  const char          *value;       /* (transfer none) one of the caller's strings */
  gint64               product_id;
  gint64               max;
} LdPreferenceOutcome;

typedef struct
{
  const char *mailing_type;
  const char *channel;
  gboolean    enabled;
} LdSubscriptionChange;

/* PUT /members/{id}/subscriptions: in one transaction each pair of @changes (a mailing
 * type and a channel of the configuration) set, an action-history entry naming the pairs
 * that changed; pairs not given keep their state → what ld_storage_get_subscriptions()
 * answers; NULL with INVALID_FIELD (@outcome says which) or NOT_FOUND */
JsonObject *ld_storage_update_subscriptions (LdStorage                  *self,
                                             gint64                      member_id,
                                             const LdSubscriptionChange *changes,
                                             guint                       n_changes,
                                             gint64                      operator_id,
                                             LdPreferenceOutcome        *outcome,
                                             GError                    **error);
/* PUT /members/{id}/favorites: in one transaction the favorites become @product_ids
 * (distinct), while the offer is on, at most favorites.max, an added product active; each
 * product added or removed in the favorites history, one action-history entry → what
 * ld_storage_get_favorites() answers; NULL with FAVORITES_DISABLED,
 * FAVORITES_LIMIT_REACHED, INVALID_FIELD (@outcome says which) or NOT_FOUND */
JsonObject *ld_storage_update_favorites   (LdStorage            *self,
                                           gint64                member_id,
                                           const gint64         *product_ids,
                                           guint                 n_products,
                                           gint64                operator_id,
                                           LdPreferenceOutcome  *outcome,
                                           GError              **error);

/* ---- catalogue and outbox */
JsonObject *ld_storage_list_products      (LdStorage           *self,
                                           const char          *q,
                                           const LdPageRequest *page,
                                           GError             **error);
/* newest first; @phone (nullable) filters by recipient */
JsonObject *ld_storage_list_outbox        (LdStorage           *self,
                                           const char          *phone,
                                           const LdPageRequest *page,
                                           GError             **error);

/* ---- idempotency of mutating requests: a repeated key answers the first answer */
typedef struct
{
  guint  status;
  char  *body;
} LdStoredResponse;

void       ld_stored_response_free        (LdStoredResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStoredResponse, ld_stored_response_free)

/* NULL (no error) when the key is new */
LdStoredResponse *ld_storage_idempotency_lookup (LdStorage  *self,
                                                 gint64      operator_id,
                                                 const char *key,
                                                 const char *method,
                                                 const char *path,
                                                 GError    **error);

/* before a request runs: its key claimed (status 0, in flight) unless a row is there */
typedef enum
{
  LD_IDEMPOTENCY_FAILED,      /* the error says why */
  LD_IDEMPOTENCY_CLAIMED,     /* the request's now: fill it with the answer, or release it */
  LD_IDEMPOTENCY_ANSWERED,    /* *stored is the first answer */
  LD_IDEMPOTENCY_IN_FLIGHT,   /* the first request with the key has not answered yet */
  LD_IDEMPOTENCY_REUSED,      /* the key was used with another body */
} LdIdempotencyClaim;

LdIdempotencyClaim ld_storage_idempotency_claim (LdStorage         *self,
                                                 gint64             operator_id,
                                                 const char        *key,
                                                 const char        *method,
                                                 const char        *path,
                                                 const char        *request_hash,
                                                 LdStoredResponse **stored,
                                                 GError           **error);
gboolean   ld_storage_idempotency_fill    (LdStorage   *self,
                                           gint64       operator_id,
                                           const char  *key,
                                           const char  *method,
                                           const char  *path,
                                           guint        status,
                                           const char  *body,
                                           GError     **error);
gboolean   ld_storage_idempotency_release (LdStorage   *self,
                                           gint64       operator_id,
                                           const char  *key,
                                           const char  *method,
                                           const char  *path,
                                           GError     **error);

/* ---- removal from the program (ld-storage-removal.c) */
/* DELETE /members/{id}: in one transaction every personal datum and identifier of the
 * member is erased: the member (names, contacts, answers, consents, password), its
 * statuses, subscriptions, favorites, messages, operations and cards; the purchases and the
 * account when no other member shares it; the phone and the member of its calls; the
 * outbox to its phone or e-mail; registration drafts of the phone; kept answers of
 * idempotent requests that carry any of it; the search summary. The member's action
 * entries keep only operator, time, action and member id, and "member.remove" (reason:
 * @reason) is written. Then the storage's files are scrubbed (ld_database_scrub(); tried
 * again in the background when a reader holds it up). Errors: NOT_FOUND,
 * VERSION_CONFLICT (@expected_version, 0: any). */
gboolean   ld_storage_remove_member       (LdStorage   *self,
                                           gint64       member_id,
                                           gint64       expected_version,
                                           const char  *reason,
                                           gint64       operator_id,
                                           GError     **error);

/* at the server's start: the files scrubbed of what a process stopped before its scrub
 * left in the write-ahead log (tried again in the background while a reader holds it up) */
void       ld_storage_scrub_leftovers     (LdStorage   *self);

/* ---- demo data: deterministic for a given @n_members (same seed, same rows) */
gboolean   ld_storage_seed_demo           (LdStorage   *self,
                                           guint        n_members,
                                           GError     **error);

/* ---- health */
gboolean   ld_storage_ping                (LdStorage   *self,
                                           GError     **error);

/* ---- registration drafts and calls' end (ld-storage-registrations.c)
 *
 * A draft is one row the handlers read as an LdRegistrationRecord, change by the rules in
 * ld-server-registrations.c and write back with ld_storage_update_registration(), which refuses
 * (LD_ERROR_VERSION_CONFLICT) a record someone else wrote meanwhile. Only completion
 * and cancellation write the action history. Open drafts older than 7 days are cancelled
 * whenever drafts are read. */
typedef struct
{
  gint64      id;
  char       *phone;                  /* E.164 */
  gint64      call_id;                /* 0: without a call */
  gint64      operator_id;            /* who started it */
  char       *mode;                   /* "card" | "phone" */
  char       *state;                  /* "open" | "cancelled" | "completed" */
  char       *step;
  char      **steps;
  char       *card_number;            /* (nullable) */
  gboolean    without_card;
  gboolean    issue_virtual;
  gboolean    phone_confirmed;
  gboolean    phone_confirmation_skipped;
  gint64      code_sent_at;           /* unix seconds, 0: no code sent yet */
  char       *code_hash;              /* (nullable) SHA-256 of the draft id and the code */
  gint64      code_attempts_left;
  char       *email;                  /* (nullable) */
  JsonObject *consent;                /* (nullable) {offer, personal_data} */
  gboolean    password_sent;
  char       *password_hash;          /* (nullable) the Personal Account password's hash */
  JsonObject *answers;                /* never NULL */
  gint64      member_id;              /* 0 until completed */
  char       *created_at;
  char       *updated_at;
  gint64      version;
} LdRegistrationRecord;

void      ld_registration_record_free     (LdRegistrationRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdRegistrationRecord, ld_registration_record_free)

/* the open draft of @phone (its call_id set to @call_id when that is not 0), or a new one
 * made of @mode and @steps (*@created TRUE). Errors: PHONE_ALREADY_REGISTERED when a member
 * has the phone, INVALID_FIELD when @call_id names no call. */
LdRegistrationRecord *ld_storage_start_registration (LdStorage          *self,
                                                     const char         *phone,
                                                     gint64              call_id,
                                                     gint64              operator_id,
                                                     const char         *mode,
                                                     const char * const *steps,
                                                     gboolean           *created,
                                                     GError            **error);
/* NULL with NOT_FOUND */
LdRegistrationRecord *ld_storage_get_registration   (LdStorage          *self,
                                                     gint64              registration_id,
                                                     GError            **error);
/* open drafts, newest first, of @phone (nullable: all), paged as every list is: @page's
 * cursor is a previous *@next_cursor (NULL after the last page), *@total is counted on
 * the first page and carried by the cursor; MALFORMED for a cursor this list did not
 * give out */
GPtrArray *ld_storage_page_open_registrations (LdStorage            *self,
                                               const char           *phone,
                                               const LdPageRequest  *page,
                                               char                **next_cursor,
                                               gint64               *total,
                                               GError              **error);
/* writes every field of @record back (version + 1, updated_at now) if the stored version is
 * still @record->version (else VERSION_CONFLICT); in the same transaction it may write an
 * SMS to the outbox (@sms_text not NULL, to the draft's phone) and an action-history entry
 * (@action not NULL, target "registration:ID"). @record is refreshed on success. */
gboolean   ld_storage_update_registration (LdStorage            *self,
                                           LdRegistrationRecord *record,
                                           const char           *sms_text,
                                           gint64                operator_id,
                                           const char           *action,
                                           const char           *reason,
                                           GError              **error);

/* what completion makes of the application form */
typedef struct
{
  const char *last_name;
  const char *first_name;
  const char *middle_name;
  const char *birth_date;   /* (nullable) YYYY-MM-DD */
  const char *email;        /* (nullable) normalised */
  JsonObject *answers;      /* every answer (the named ones are stored in their columns too) */
  const char *card_category;     /* for the virtual card */
  const char *status_system;     /* (nullable) the first status system … */
  const char *status_level;      /* … and its first level */
  const char * const *mailing_types;  /* every pair subscribed */
  const char * const *channels;
} LdRegistrationMember;

/* in one transaction: the account (with the physical card's balance), the member, the
 * physical card activated and linked as main, the virtual card when asked, the statuses,
 * subscriptions, the action "registration" and the draft completed (@record refreshed).
 * Errors: PHONE_ALREADY_REGISTERED; CARD_LINKED_TO_OTHER_MEMBER or CONFLICT (the card is
 * no longer free); VERSION_CONFLICT. Returns the new member's id, 0 on error. */
gint64     ld_storage_complete_registration (LdStorage                  *self,
                                             LdRegistrationRecord       *record,
                                             const LdRegistrationMember *member,
                                             gint64                      operator_id,
                                             GError                    **error);

/* {id, phone, started_at, ended_at, end_reason, member_id, operator_id, ticket_id,
 * ticket_number, ticket_state}; NULL with NOT_FOUND */
JsonObject *ld_storage_get_call           (LdStorage   *self,
                                           gint64       call_id,
                                           GError     **error);
/* ends the call with its action-history entry; CONFLICT when it has ended already.
 * @ticket_state "none", "pending", …; @ticket_id (nullable) kept when the call has none */
JsonObject *ld_storage_end_call           (LdStorage   *self,
                                           gint64       call_id,
                                           const char  *reason,
                                           const char  *ticket_state,
                                           const char  *ticket_id,
                                           gint64       operator_id,
                                           GError     **error);

/* ---- linking a physical card to a member (ld-storage-cards.c) */
typedef enum
{
  LD_CARD_LINK_OK,                   /* not refused (a failure, if any, is the storage's) */
  LD_CARD_LINK_MEMBER_NOT_FOUND,     /* NOT_FOUND */
  LD_CARD_LINK_CARD_NOT_FOUND,       /* NOT_FOUND */
  LD_CARD_LINK_ALREADY_LINKED,       /* CONFLICT: a live card of this member already */
  LD_CARD_LINK_LINKED_TO_OTHER,      /* CARD_LINKED_TO_OTHER_MEMBER: see owner_id */
  LD_CARD_LINK_NOT_AVAILABLE,        /* CONFLICT: not issued, not physical, or dead: see card_state */
  LD_CARD_LINK_MAX_CARDS,            /* CONFLICT: n_cards reached max_cards */
  LD_CARD_LINK_ACCOUNT_BLOCKED,      /* CONFLICT */
  LD_CARD_LINK_VERSION_CONFLICT,     /* VERSION_CONFLICT: the member changed since @expected_version */
} LdCardLinkRefusal;

typedef struct
{
  LdCardLinkRefusal  refusal;
  gint64             owner_id;     /* LINKED_TO_OTHER: the card's member */
  const char        *card_state;   /* (nullable) interned: the card's state when it was read */
  gint64             n_cards;      /* the member's cards that count (not replaced, not deleted) */
  gint64             max_cards;    /* the configuration's maximum (0: none) it was checked against */
} LdCardLinkOutcome;

/* POST /members/{id}/cards: in one transaction the member (and @expected_version, 0: any)
 * and the card (issued, physical, nobody's) are checked, the member's live cards against
 * the configuration's max_cards and the account (not blocked); then the card is activated for
 * the member (main only when the member has no main physical card), its balance joins the
 * account, its purchases and operations the member's history, the member's version goes up
 * and the action "card.link" (target: the number) is written. Answers the profile of
 * ld_storage_get_member(); on a refusal NULL with @outcome->refusal set. */
JsonObject *ld_storage_link_card          (LdStorage          *self,
                                           gint64              member_id,
                                           const char         *number,
                                           gint64              expected_version,
                                           gint64              operator_id,
                                           LdCardLinkOutcome  *outcome,
                                           GError            **error);

/* ---- the operations on one card (ld-storage-cards.c) */
typedef enum
{
  LD_CARD_BLOCK,             /* activated → blocked, @reason the configured key */
  LD_CARD_UNBLOCK,           /* blocked → activated, @reason the configured key */
  LD_CARD_REPLACE,           /* blocked → replaced by the free card @new_number */
  LD_CARD_CHANGE_CATEGORY,   /* @category; the same one changes nothing */
  LD_CARD_DELETE,            /* activated or blocked → deleted, @reason free text (nullable) */
  LD_CARD_RESTORE,           /* deleted → activated, @reason free text (nullable) */
} LdCardOperation;

typedef struct
{
  LdCardOperation  operation;
  const char      *number;            /* normalised */
  gint64           expected_version;  /* the card's version the caller saw (If-Match), 0: any */
  const char      *reason;            /* (nullable) */
  const char      *new_number;        /* LD_CARD_REPLACE: normalised */
  const char      *category;          /* LD_CARD_CHANGE_CATEGORY */
  gint64           operator_id;
} LdCardChange;

/* POST /cards/{n}/block, /unblock, /replace, /category, DELETE /cards/{n}, POST
 * /cards/{n}/restore: in one transaction the card (and @change->expected_version), its
 * state and its owner's account are checked, the card changed (version + 1; replace: both
 * cards, and the old card's balance, purchases and operations move to the new one, which
 * keeps the old number in their replaced_card), the owner's version and account balance
 * follow, and the action (card.block, card.unblock, card.replace "OLD→NEW", card.category,
 * card.delete, card.restore) is written. Answers the card as ld_storage_get_card() does
 * (replace: the new one). Errors: CARD_NOT_FOUND, VERSION_CONFLICT, CARD_NOT_ACTIVATED,
 * CARD_REPLACED, CARD_DELETED, CARD_BLOCKED, CARD_NOT_BLOCKED, CARD_NOT_DELETED,
 * ONLY_MAIN_CARD, ACCOUNT_BLOCKED, CARD_NOT_FREE, INVALID_FIELD (an unknown new_number). */
JsonObject *ld_storage_change_card        (LdStorage          *self,
                                           const LdCardChange *change,
                                           GError            **error);

/* ---- the operations on a member's bonus account (ld-storage-accounts.c) */
typedef enum
{
  LD_ACCOUNT_BLOCK,          /* the whole account blocked, @reason the configured key */
  LD_ACCOUNT_UNBLOCK,        /* the account unblocked, @reason free text */
  LD_ACCOUNT_CHANGE_STATUS,  /* the member's level in @system (both checked by the caller) */
  LD_ACCOUNT_MERGE,          /* @other_member_id's whole account joins the member's */
} LdAccountOperation;

typedef struct
{
  LdAccountOperation  operation;
  gint64              member_id;
  gint64              expected_version;  /* the member's version the caller saw (If-Match), 0: any */
  const char         *reason;            /* (nullable) */
  const char         *system;            /* LD_ACCOUNT_CHANGE_STATUS */
  const char         *level;             /* LD_ACCOUNT_CHANGE_STATUS */
  gint64              other_member_id;   /* LD_ACCOUNT_MERGE */
  gint64              operator_id;
} LdAccountChange;

/* POST /members/{id}/block, /unblock, /status, /merge: in one transaction the member (and
 * @change->expected_version) and the rule are checked, the account or status changed, the
 * version of every member whose profile shows it raised (block: the account's members;
 * status: the member; merge: the members of both accounts) and the action written
 * (member.block / member.unblock, target "account:ID"; member.status, target
 * "system:level"; member.merge on both members, target "member:ID" of the other one).
 * Merge: the other account's balance, purchases and members join the member's account
 * and the other account row goes. Answers the profile of ld_storage_get_member().
 * Errors: NOT_FOUND, VERSION_CONFLICT, ACCOUNT_BLOCKED, ACCOUNT_NOT_BLOCKED,
 * STATUS_UNCHANGED, INVALID_FIELD (merge: the other member unknown or the same),
 * ALREADY_MERGED, MERGE_LIMIT_REACHED (*@max_merge_members, optional, the configured
 * maximum). */
JsonObject *ld_storage_change_account     (LdStorage              *self,
                                           const LdAccountChange  *change,
                                           gint64                 *max_merge_members,
                                           GError                **error);

G_END_DECLS
