/* ld-test-storage.h — what the storage tests share: SQL run straight on an LdStorage's
 * connection, to set up or read what a test checks */
#pragma once

#include "ld-storage-private.h"

G_BEGIN_DECLS

/* runs @sql (one or more statements), or the test fails */
void          ld_test_storage_exec       (LdStorage  *storage,
                                          const char *sql);
/* @sql prepared and stepped to its first row, which it must have (transfer: release it) */
LdStatement  *ld_test_storage_first_row  (LdStorage  *storage,
                                          const char *sql);
/* the first column of @sql's first row, as a number or as text (transfer full) */
gint64        ld_test_storage_int        (LdStorage  *storage,
                                          const char *sql);
char         *ld_test_storage_text       (LdStorage  *storage,
                                          const char *sql);

/* the first page of a search by @phone and/or @card, as the JSON text the server sends */
char         *ld_test_storage_search     (LdStorage  *storage,
                                          const char *phone,
                                          const char *card);

G_END_DECLS
