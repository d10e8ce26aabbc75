/* ld-storage-pool.h — reads on connections of their own, each in a thread of its own
 *
 * The server's storage runs on its one main loop, one request at a time: a search that
 * scans (a name, an answer of the form, a birth date, a page past the first) would hold
 * every other agent's request behind it. A pool opens @size more connections to the same
 * database (ld_storage_open_reader()) and runs such reads there, in as many threads,
 * while the main loop goes on, and so the short reads of one member too (on PostgreSQL
 * each is several round trips the main loop would wait for): scans hold all connections
 * but one at most, so a profile never queues behind slow searches (docs/performance.md).
 * Writes stay on the main loop's storage, and so does what it answers from memory. A read
 * sees everything committed before it starts (SQLite's WAL readers and PostgreSQL's
 * REPEATABLE READ snapshots alike).
 */
#pragma once

#include <gio/gio.h>

#include "ld-storage.h"

G_BEGIN_DECLS

#define LD_TYPE_STORAGE_POOL (ld_storage_pool_get_type ())
G_DECLARE_FINAL_TYPE (LdStoragePool, ld_storage_pool, LD, STORAGE_POOL, GObject)

/* what a read costs, and so where it waits: scans may hold all connections but one, so
 * that a short read never waits behind slow searches, only behind other short reads */
typedef enum
{
  LD_STORAGE_READ_SHORT,   /* a few index probes: a member's profile, a page of its history */
  LD_STORAGE_READ_SCAN,    /* may read many rows: a search by name or by an answer */
} LdStorageReadKind;

/* a read run on one of the pool's connections, in a pool thread: the answer's JSON text
 * (transfer full), or NULL with @error */
typedef char * (*LdStorageReadFunc) (LdStorage  *reader,
                                     gpointer    data,
                                     GError    **error);

/* the most connections a pool opens */
#define LD_STORAGE_POOL_MAX 64

/* opens @size (1..LD_STORAGE_POOL_MAX) readers of @uri, which ld_storage_open() has
 * migrated already */
LdStoragePool *ld_storage_pool_new         (const char           *uri,
                                            guint                 size,
                                            GError              **error);
guint          ld_storage_pool_get_size    (LdStoragePool        *self);
/* the reads running now (at most the size) and those waiting for a connection */
void           ld_storage_pool_get_load    (LdStoragePool        *self,
                                            guint                *running,
                                            guint                *waiting);
/* runs @read with @data on the first connection free (a scan: when fewer than all but
 * one run); @data_free (nullable) frees @data once the read is done with it, before
 * @callback runs (in the pool's thread) */
void           ld_storage_pool_read_async  (LdStoragePool        *self,
                                            LdStorageReadKind     kind,
                                            LdStorageReadFunc     read,
                                            gpointer              data,
                                            GDestroyNotify        data_free,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* (transfer full): what the read answered */
char          *ld_storage_pool_read_finish (LdStoragePool        *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
