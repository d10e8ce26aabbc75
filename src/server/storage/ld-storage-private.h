/* ld-storage-private.h — what the parts of LdStorage share: the object, its lock and
 * transactions (ld-storage.c), items made of columns, lists and their paging
 * (ld-storage-paging.c), and the few queries one topic's file asks of another's */
#pragma once

#include "ld-database.h"
#include "ld-error.h"
#include "ld-storage.h"
#include "ld-summary-cache.h"

G_BEGIN_DECLS

struct _LdStorage
{
  GObject     parent_instance;

  LdDatabase *db;
  GRecMutex   lock;          /* one connection: one caller at a time */
  guint       read_depth;    /* nested READ_LOCKs */
  gboolean    in_read;       /* a read snapshot is open */
  char       *config_json;   /* (nullable) cache of the configuration document */
  LdSummaryCache *summaries; /* search summaries of members found lately */
  gint64      data_version;  /* the database's data_version when the summaries were last checked */
  gint64      change_seq;    /* the last row of the change log (schema 12) read */
  gboolean    summaries_checked;  /* since the last ld_storage_expect_changes() */
  guint64     summaries_answered; /* searches answered from memory */
  guint64     generation;    /* ld_storage_get_generation() */
  guint       scrub_source;  /* retries a removal's scrub a reader held up (ld-storage-removal.c) */
  gboolean    reader;        /* ld_storage_open_reader(): keeps nothing in memory */
};

/* The first declaration of every public function, so that it is cleaned up last (after
 * every statement is reset): LD_STORAGE_LOCK holds the connection; LD_STORAGE_READ_LOCK
 * also opens one read snapshot, so a page and its total (and a profile's parts) see the
 * same data. */
typedef LdStorage LdStorageLock;

LdStorageLock *ld_storage_lock            (LdStorage     *self,
                                           gboolean       read);
void        ld_storage_unlock             (LdStorageLock *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStorageLock, ld_storage_unlock)

#define LD_STORAGE_LOCK(self) \
  g_autoptr(LdStorageLock) storage_locker G_GNUC_UNUSED = ld_storage_lock ((self), FALSE)
#define LD_STORAGE_READ_LOCK(self) \
  g_autoptr(LdStorageLock) storage_locker G_GNUC_UNUSED = ld_storage_lock ((self), TRUE)

/* the time format of every stored time: RFC 3339 UTC with seconds, sortable as text */
#define LD_STORAGE_TIME_FORMAT "%Y-%m-%dT%H:%M:%SZ"

char       *ld_storage_format_time        (gint64       unix_seconds);
char       *ld_storage_now                (void);
/* the form of a name that search compares: NFKC, case-folded, 'ё' as 'е' */
char       *ld_storage_fold               (const char  *text);

/* a JSON string member, or null for NULL (and, when @empty_is_null, for "") */
void        ld_storage_set_text           (JsonObject  *object,
                                           const char  *member,
                                           const char  *value,
                                           gboolean     empty_is_null);

/* once after each ld_storage_expect_changes(), reads whether another connection wrote to
 * the database; when it did, reads the change log past the last row seen: forgets the
 * members it names, and on a session, operator or configuration change drops the
 * configuration kept in memory and moves the generation (everything, when the log cannot
 * be read or was pruned past what this instance read). FALSE when whether another wrote
 * could not be read (then nothing kept in memory may answer) */
gboolean    ld_storage_check_changes_locked (LdStorage  *self);

/* the change log keeps at least its newest this many rows (schema migration 12, whose
 * triggers prune it: changing it needs a migration) */
#define LD_CHANGE_LOG_KEEP 10000

/* commits the caller's transaction; on failure rolls it back and answers FALSE */
gboolean    ld_storage_commit             (LdStorage   *self,
                                           GError     **error);
/* runs @sql inside the caller's transaction, its $1, $2… from the arguments after @types,
 * one letter each: 'i' a gint64 (cast a smaller int), 'd' a gint64 id (NULL when 0 or
 * less, as ld_statement_bind_id()), 't' a string (NULL: SQL NULL) */
gboolean    ld_storage_run                (LdStorage   *self,
                                           GError     **error,
                                           const char  *sql,
                                           const char  *types,
                                           ...);

/* ---- items made of columns: one table of fields per kind of item */
typedef enum
{
  LD_FIELD_TEXT,          /* a string, or null */
  LD_FIELD_NAME,          /* a string, or null for NULL and "" (an optional name) */
  LD_FIELD_INT,
  LD_FIELD_INT_OR_NULL,
  LD_FIELD_BOOL,
} LdFieldKind;

typedef struct
{
  const char  *member;
  const char  *column;   /* what the select names */
  LdFieldKind  kind;
} LdItemField;

/* "column, column…" of @fields (ended by a NULL member), appended to @sql */
void        ld_storage_append_columns     (GString           *sql,
                                           const LdItemField *fields);
/* sets the members of @fields from the statement's row, the first from column @first */
void        ld_storage_set_fields         (JsonObject        *item,
                                           LdStatement       *statement,
                                           guint              first,
                                           const LdItemField *fields);
JsonObject *ld_storage_item_from_row      (LdStatement       *statement,
                                           guint              first,
                                           const LdItemField *fields);

/* every row of "SELECT <@fields>@rest" (its $1 @id1 and, when not 0, $2 @id2) as an item */
JsonArray  *ld_storage_query_items        (LdStorage         *self,
                                           const LdItemField *fields,
                                           const char        *rest,
                                           gint64             id1,
                                           gint64             id2,
                                           GError           **error);

/* binds @value, or SQL NULL when it is 0 or less (an id that is not there) */
void        ld_statement_bind_id          (LdStatement *statement,
                                           guint        index,
                                           gint64       value);

/* ---- keyset paging (ld-storage-paging.c)
 *
 * A list's select names its sort key first (the unique id last); a page starts after the
 * cursor's key with a row-value comparison. The total is counted on the first page only
 * and carried by the cursor, so the later pages of one walk answer the same total and
 * cost one index range scan each. */

#define LD_QUERY_MAX_PARAMS 16

/* the $1, $2… of a query, in order */
typedef struct
{
  guint n;
  struct
  {
    gboolean  is_text;
    gint64    i;
    char     *s;
  } v[LD_QUERY_MAX_PARAMS];
} LdQueryParams;

void        ld_query_params_clear         (LdQueryParams *params);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdQueryParams, ld_query_params_clear)

/* answer the $N of the new parameter */
guint       ld_query_params_add_int       (LdQueryParams *params,
                                           gint64         value);
guint       ld_query_params_add_text      (LdQueryParams *params,
                                           const char    *value);

/* runs @sql with @params as its $1, $2…, inside the caller's transaction */
gboolean    ld_storage_run_params         (LdStorage            *self,
                                           const char           *sql,
                                           const LdQueryParams  *params,
                                           GError              **error);

/* one statement of a write: its SQL and its $1, $2… */
typedef struct
{
  const char          *sql;
  const LdQueryParams *params;
} LdStorageStep;

/* runs @steps in order in one transaction of their own: all of them, or none */
gboolean    ld_storage_run_steps          (LdStorage            *self,
                                           const LdStorageStep  *steps,
                                           guint                 n_steps,
                                           GError              **error);

typedef struct
{
  const char          *tag;        /* names the sort, so a cursor of another sort is refused */
  const char          *select;     /* "SELECT <keys…>, <item columns…> FROM … WHERE …" */
  const char          *count;      /* "SELECT count(*) FROM … WHERE …", the same parameters */
  const char * const  *keys;       /* the sort key's expressions, the unique id last */
  gboolean             ascending;
  gboolean             unique;     /* at most one row (a unique key): no sort to pay for */
} LdPageQuery;

/* takes one row of a page; its item columns start at @first */
typedef gboolean (*LdPageSink) (LdStorage    *self,
                                LdStatement  *statement,
                                guint         first,
                                gpointer      user_data,
                                GError      **error);

/* runs one page of @query (the filter's values in @params, which the cursor's key and the
 * limit join) inside the caller's lock: hands every row to @sink, answers the next
 * cursor (NULL on the last page) and the total. A cursor that is not one this list gave
 * out is refused with LD_ERROR_MALFORMED. */
gboolean    ld_storage_run_page           (LdStorage            *self,
                                           const LdPageQuery    *query,
                                           LdQueryParams        *params,
                                           const LdPageRequest  *page,
                                           LdPageSink            sink,
                                           gpointer              user_data,
                                           char                **next_cursor,
                                           gint64               *total,
                                           GError              **error);

/* ---- lists (ld-storage-paging.c): a table each, what it reads, how it may be sorted and
 * which column makes which member of an item */
typedef struct
{
  const char *name;      /* the sort's name in the API, and the cursor's tag */
  const char *keys[5];   /* the sort key's expressions, the unique id last; NULL-ended */
} LdListSort;

typedef struct
{
  const char        *what;      /* "Purchases": the start of the refusal of an unknown sort */
  const char        *from;      /* what the count reads: "purchases p" */
  const char        *joins;     /* what the items read besides */
  const LdItemField *fields;
  LdListSort         sorts[3];  /* the first is the default */
} LdListSpec;

/* the sort of @spec called @name (NULL: the default), or NULL with INVALID_FIELD */
const LdListSort *ld_storage_list_sort    (const LdListSpec     *spec,
                                           const char           *name,
                                           GError              **error);
/* one page {items, next_cursor, total} of the list of @spec sorted by @sort: the rows
 * @where (" WHERE …", its values in @params), inside the caller's lock */
JsonObject *ld_storage_run_list           (LdStorage            *self,
                                           const LdListSpec     *spec,
                                           const LdListSort     *sort,
                                           gboolean              ascending,
                                           const char           *where,
                                           LdQueryParams        *params,
                                           const LdPageRequest  *page,
                                           GError              **error);
/* a member's list, the member's rows (@column = $1, the member's id or, when @by_account,
 * its account's) whatever the filter after; refuses an unknown member the same way for
 * every list */
gboolean    ld_storage_member_where       (LdStorage            *self,
                                           gint64                member_id,
                                           gboolean              by_account,
                                           const char           *column,
                                           GString              *where,
                                           LdQueryParams        *params,
                                           GError              **error);
/* the whole of a member's list, newest first */
JsonObject *ld_storage_list_of_member     (LdStorage            *self,
                                           gint64                member_id,
                                           const LdListSpec     *spec,
                                           const char           *column,
                                           const LdPageRequest  *page,
                                           GError              **error);

/* one page of the list of @spec in its first sort: every row, or (when @value is not NULL)
 * the rows whose text @column is @value */
JsonObject *ld_storage_list_matching      (LdStorage            *self,
                                           const LdListSpec     *spec,
                                           gboolean              ascending,
                                           const char           *column,
                                           const char           *value,
                                           const LdPageRequest  *page,
                                           GError              **error);

/* ---- what one topic asks of another */

/* ld-storage-config.c: the configuration document, inside the caller's lock */
JsonObject *ld_storage_config_locked      (LdStorage   *self,
                                           GError     **error);
/* ld-storage-config.c: the same for what a member's settings read: NOT_FOUND first when
 * there is no member @member_id, so an unknown member is refused the same way everywhere */
JsonObject *ld_storage_member_config_locked (LdStorage   *self,
                                             gint64       member_id,
                                             GError     **error);
/* ld-storage-config.c: a change to a member's settings (subscriptions, favorites): opens
 * its write transaction and answers the configuration as above (NULL: rolled back) … */
JsonObject *ld_storage_begin_member_settings (LdStorage   *self,
                                              gint64       member_id,
                                              GError     **error);
/* … and ends it: the action @action naming what @changed (none when it is ""), then the
 * commit; rolled back on failure */
gboolean    ld_storage_commit_member_settings (LdStorage   *self,
                                               gint64       member_id,
                                               gint64       operator_id,
                                               const char  *action,
                                               const char  *changed,
                                               const char  *now,
                                               GError     **error);

/* ld-storage-members.c: the member's account (@account_id optional), or NOT_FOUND */
gboolean    ld_storage_member_account     (LdStorage   *self,
                                           gint64       member_id,
                                           gint64      *account_id,
                                           GError     **error);
/* ld-storage-members.c: the search-result member with the phone @value, or owning the
 * card @value (@by_card), appended to @out from its stored summary (rendered and stored
 * when there is none); *@member_id 0 and nothing appended when there is none; *@stored
 * says whether the summary was stored before this snapshot */
gboolean    ld_storage_summary_append_json (LdStorage   *self,
                                            gboolean     by_card,
                                            const char  *value,
                                            GString     *out,
                                            gint64      *member_id,
                                            gboolean    *stored,
                                            GError     **error);

/* ld-storage-cards.c: the member's cards, the main one first, then by activation */
JsonArray  *ld_storage_list_member_cards_locked (LdStorage  *self,
                                                 gint64      member_id,
                                                 GError    **error);

/* ld-storage-cards.c, inside the caller's transaction: @number must be a free physical
 * card (issued, nobody's but @member_id's); refusals set @outcome */
gboolean    ld_storage_check_free_card_locked (LdStorage          *self,
                                               const char         *number,
                                               gint64              member_id,
                                               gint64             *balance,
                                               LdCardLinkOutcome  *outcome,
                                               GError            **error);
/* activates the free card @number for @member_id; what was bought with it before joins
 * the member's history */
gboolean    ld_storage_activate_card_locked   (LdStorage          *self,
                                               const char         *number,
                                               gint64              member_id,
                                               gboolean            main,
                                               const char         *now,
                                               GError            **error);

/* ld-storage-operators.c: one more failed sign-in of a login, an operator or a member's
 * Personal Account, counted and locked in a transaction of its own */
gboolean    ld_storage_record_failure         (LdStorage   *self,
                                               const char  *count_sql,
                                               const char  *lock_sql,
                                               const char  *login,
                                               gint64       id,
                                               gint64       now,
                                               guint        lock_after,
                                               gint64       lock_until,
                                               LdError      not_counted,
                                               const char  *not_counted_message,
                                               gboolean    *locked,
                                               GError     **error);

/* ld-storage-operators.c: a new operator without an action-history entry; 0 with CONFLICT when the login is taken */
gint64      ld_storage_insert_operator_locked (LdStorage   *self,
                                               const char  *login,
                                               const char  *name,
                                               const char  *role,
                                               const char  *password_hash,
                                               const char  *denied,
                                               const char  *created_at,
                                               GError     **error);

/* runs @sql with $1 @text (or @id when @text is NULL) to its first row: LD_STEP_ROW with
 * the statement on it in *@out (transfer full), LD_STEP_DONE when there is none, or
 * LD_STEP_ERROR with @error set */
LdStep      ld_storage_query_row          (LdStorage    *self,
                                           const char   *sql,
                                           const char   *text,
                                           gint64        id,
                                           LdStatement **out,
                                           GError      **error);
/* the same: *@found says whether it answered a
 * row, *@value (optional) is the integer in its first column */
gboolean    ld_storage_query_int          (LdStorage   *self,
                                           const char  *sql,
                                           const char  *text,
                                           gint64       id,
                                           gboolean    *found,
                                           gint64      *value,
                                           GError     **error);
/* ld_storage_query_row() for a member's row ($1 @member_id): TRUE on the row; NOT_FOUND
 * when there is none (ld-storage-member-data.c) */
gboolean    ld_storage_query_member_row   (LdStorage    *self,
                                           const char   *sql,
                                           gint64        member_id,
                                           LdStatement **out,
                                           GError      **error);

/* ld-storage-schema.c */
gboolean    ld_storage_migrate            (LdStorage   *self,
                                           GError     **error);
/* the version the last migration brings a database to */
gint64      ld_storage_get_latest_schema_version (void);

/* ld-storage.c: one action-history entry, inside the caller's transaction */
gboolean    ld_storage_add_action         (LdStorage   *self,
                                           const char  *created_at,
                                           gint64       operator_id,
                                           const char  *action,
                                           const char  *target,
                                           const char  *reason,
                                           gint64       member_id,
                                           GError     **error);
/* the statement ld_storage_add_action() runs, which the seeder prepares once and queues;
 * ld_storage_bind_action() binds an entry to it */
#define LD_STORAGE_ADD_ACTION_SQL \
  "INSERT INTO actions (created_at, operator_id, action, target, reason, member_id) " \
  "VALUES ($1, $2, $3, $4, $5, $6)"
void        ld_storage_bind_action        (LdStatement *statement,
                                           const char  *created_at,
                                           gint64       operator_id,
                                           const char  *action,
                                           const char  *target,
                                           const char  *reason,
                                           gint64       member_id);

/* ld-storage-members.c: renders and stores the search summary of every member that has
 * none (migration 3, seeding) */
gboolean    ld_storage_fill_summaries_locked (LdStorage *self,
                                              GError   **error);

/* ld-storage-seed.c */
gboolean    ld_storage_seed_demo_locked   (LdStorage   *self,
                                           guint        n_members,
                                           GError     **error);

G_END_DECLS
