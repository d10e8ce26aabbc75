/* ld-postgres-database.h — LdDatabase over one libpq connection to PostgreSQL */
#pragma once

#include "ld-database.h"

G_BEGIN_DECLS

#define LD_TYPE_POSTGRES_DATABASE (ld_postgres_database_get_type ())
G_DECLARE_FINAL_TYPE (LdPostgresDatabase, ld_postgres_database, LD, POSTGRES_DATABASE, GObject)

/* connects to @uri (libpq's postgresql:// or postgres:// URI, or key=value string) */
LdDatabase *ld_postgres_database_open      (const char        *uri,
                                            GError           **error);

G_END_DECLS
