/* ld-storage-private.h — what the parts of LdStorage (queries, schema, demo data) share */
#pragma once

#include "ld-database.h"
#include "ld-storage.h"

G_BEGIN_DECLS

struct _LdStorage
{
  GObject     parent_instance;

  LdDatabase *db;
  GRecMutex   lock;          /* one connection: one caller at a time */
  guint       read_depth;    /* nested READ_LOCKs */
  gboolean    in_read;       /* a read snapshot is open */
  char       *config_json;   /* (nullable) cache of the configuration document */
};

/* the time format of every stored time: RFC 3339 UTC with seconds, sortable as text */
#define LD_STORAGE_TIME_FORMAT "%Y-%m-%dT%H:%M:%SZ"

char       *ld_storage_format_time        (gint64       unix_seconds);
char       *ld_storage_now                (void);
/* the form of a name that search compares: NFKC, case-folded, 'ё' as 'е' */
char       *ld_storage_fold               (const char  *text);

/* commits the caller's transaction; on failure rolls it back and answers FALSE */
gboolean    ld_storage_commit             (LdStorage   *self,
                                           GError     **error);
/* runs @sql with the ints $1, $2 and, unless @t3 is NULL, the text $3 */
gboolean    ld_storage_run_with           (LdStorage   *self,
                                           const char  *sql,
                                           gint64       i1,
                                           gint64       i2,
                                           const char  *t3,
                                           GError     **error);

/* ld-storage-schema.c */
gboolean    ld_storage_migrate            (LdStorage   *self,
                                           GError     **error);
const char *ld_storage_default_config     (void);

/* one action-history entry, inside the caller's transaction */
gboolean    ld_storage_add_action         (LdStorage   *self,
                                           const char  *created_at,
                                           gint64       operator_id,
                                           const char  *action,
                                           const char  *target,
                                           const char  *reason,
                                           gint64       member_id,
                                           GError     **error);

/* renders and stores the search summary of every member that has none (migration 3, seeding) */
gboolean    ld_storage_fill_summaries_locked (LdStorage *self,
                                              GError   **error);

/* ld-storage-seed.c */
gboolean    ld_storage_seed_demo_locked   (LdStorage   *self,
                                           guint        n_members,
                                           GError     **error);

G_END_DECLS
