/* ld-sqlite-database.h — LdDatabase over one SQLite connection (the embedded default) */
#pragma once

#include "ld-database.h"

G_BEGIN_DECLS

#define LD_TYPE_SQLITE_DATABASE (ld_sqlite_database_get_type ())
G_DECLARE_FINAL_TYPE (LdSqliteDatabase, ld_sqlite_database, LD, SQLITE_DATABASE, GObject)

/* opens (creating) @path with WAL, foreign keys, secure_delete and a busy timeout */
LdDatabase *ld_sqlite_database_open        (const char        *path,
                                            GError           **error);

G_END_DECLS
