/* ld-storage-pool.c — LdStoragePool: readers in threads of their own
 *
 * The idle connections are in a GAsyncQueue: a thread takes one, runs its read, gives it
 * back. Two GThreadPools take the reads, one per LdStorageReadKind: the short reads' has
 * as many threads as connections, the scans' one fewer (one at least), so scans never
 * hold every connection. A read waiting for a thread waits in its pool's queue; a thread
 * may wait for a connection a thread of the other pool holds, at most one read long.
 */
#define G_LOG_DOMAIN "ld-storage"

#include "config.h"

#include "ld-error.h"
#include "ld-storage-pool.h"

struct _LdStoragePool
{
  GObject      parent_instance;

  GThreadPool *threads[2]; /* by LdStorageReadKind */
  GAsyncQueue *idle;       /* LdStorage readers not in use */
  guint        size;
  gint         running;    /* atomic */
  gint         popping;    /* atomic: threads waiting for a connection */
};

G_DEFINE_FINAL_TYPE (LdStoragePool, ld_storage_pool, G_TYPE_OBJECT)

typedef struct
{
  LdStorageReadFunc read;
  gpointer          data;
  GDestroyNotify    data_free;
} ReadWork;

/* the read's data, as soon as the read is done with it */
static void
read_work_clear_data (ReadWork *work)
{
  if (work->data_free != NULL)
    work->data_free (work->data);
  work->data = NULL;
  work->data_free = NULL;
}

static void
read_work_free (gpointer data)
{
  ReadWork *work = data;

  read_work_clear_data (work);
  g_free (work);
}

/* a pool thread: @task (a reference of its own) with a ReadWork */
static void
run_read (gpointer task_data,
          gpointer user_data)
{
  g_autoptr(GTask) task = task_data;
  LdStoragePool *self = user_data;
  ReadWork *work = g_task_get_task_data (task);
  g_autoptr(LdStorage) reader = NULL;
  g_autoptr(GError) error = NULL;
  char *answer;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      read_work_clear_data (work);
      g_task_return_error_if_cancelled (task);
      return;
    }

  g_atomic_int_inc (&self->popping);
  reader = g_async_queue_pop (self->idle);
  g_atomic_int_dec_and_test (&self->popping);
  g_atomic_int_inc (&self->running);
  answer = work->read (reader, work->data, &error);
  g_atomic_int_dec_and_test (&self->running);
  g_async_queue_push (self->idle, g_steal_pointer (&reader));
  /* here, not when the task goes: this thread's reference may be the task's last */
  read_work_clear_data (work);

  if (answer == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, LD_ERROR, LD_ERROR_STORAGE, "The read answered nothing");
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, answer, g_free);
}

static void
ld_storage_pool_finalize (GObject *object)
{
  LdStoragePool *self = LD_STORAGE_POOL (object);

  /* the reads queued or running end first (their answers reach their callbacks later,
   * on the callers' main contexts) */
  for (guint i = 0; i < G_N_ELEMENTS (self->threads); i++)
    if (self->threads[i] != NULL)
      g_thread_pool_free (self->threads[i], FALSE, TRUE);
  g_clear_pointer (&self->idle, g_async_queue_unref);

  G_OBJECT_CLASS (ld_storage_pool_parent_class)->finalize (object);
}

static void
ld_storage_pool_class_init (LdStoragePoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_storage_pool_finalize;
}

static void
ld_storage_pool_init (LdStoragePool *self)
{
  self->idle = g_async_queue_new_full (g_object_unref);
}

/**
 * ld_storage_pool_new:
 * @uri: the database's file path or postgresql:// URI
 * @size: how many connections and threads, 1 to %LD_STORAGE_POOL_MAX
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the pool, or %NULL with LD_ERROR_STORAGE (or
 *   LD_ERROR_INVALID_FIELD for a size out of range)
 */
LdStoragePool *
ld_storage_pool_new (const char  *uri,
                     guint        size,
                     GError     **error)
{
  g_autoptr(LdStoragePool) self = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  if (size < 1 || size > LD_STORAGE_POOL_MAX)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   "A pool has 1 to %d connections, not %u", LD_STORAGE_POOL_MAX, size);
      return NULL;
    }

  self = g_object_new (LD_TYPE_STORAGE_POOL, NULL);
  for (guint i = 0; i < size; i++)
    {
      LdStorage *reader = ld_storage_open_reader (uri, error);

      if (reader == NULL)
        {
          g_prefix_error (error, "Read connection %u of %u: ", i + 1, size);
          return NULL;
        }
      g_async_queue_push (self->idle, reader);
    }
  self->size = size;
  self->threads[LD_STORAGE_READ_SHORT] = g_thread_pool_new (run_read, self, size, FALSE, error);
  if (self->threads[LD_STORAGE_READ_SHORT] == NULL)
    return NULL;
  self->threads[LD_STORAGE_READ_SCAN] = g_thread_pool_new (run_read, self, MAX (1, size - 1), FALSE, error);
  if (self->threads[LD_STORAGE_READ_SCAN] == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

guint
ld_storage_pool_get_size (LdStoragePool *self)
{
  g_return_val_if_fail (LD_IS_STORAGE_POOL (self), 0);

  return self->size;
}

void
ld_storage_pool_get_load (LdStoragePool *self,
                          guint         *running,
                          guint         *waiting)
{
  g_return_if_fail (LD_IS_STORAGE_POOL (self));

  if (running != NULL)
    *running = (guint) g_atomic_int_get (&self->running);
  if (waiting != NULL)
    *waiting = g_thread_pool_unprocessed (self->threads[LD_STORAGE_READ_SHORT]) +
               g_thread_pool_unprocessed (self->threads[LD_STORAGE_READ_SCAN]) +
               (guint) g_atomic_int_get (&self->popping);
}

void
ld_storage_pool_read_async (LdStoragePool       *self,
                            LdStorageReadKind    kind,
                            LdStorageReadFunc    read,
                            gpointer             data,
                            GDestroyNotify       data_free,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ReadWork *work;

  g_return_if_fail (LD_IS_STORAGE_POOL (self));
  g_return_if_fail (kind == LD_STORAGE_READ_SHORT || kind == LD_STORAGE_READ_SCAN);
  g_return_if_fail (read != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  work = g_new0 (ReadWork, 1);
  work->read = read;
  work->data = data;
  work->data_free = data_free;

  /* no source object: were the pool one, a thread's reference to the task could be the
   * pool's last, and a pool cannot be finalized from one of its own threads */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_storage_pool_read_async);
  g_task_set_task_data (task, work, read_work_free);

  /* the thread's reference, dropped when it has returned */
  if (!g_thread_pool_push (self->threads[kind], g_object_ref (task), &error))
    {
      g_object_unref (task);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

char *
ld_storage_pool_read_finish (LdStoragePool  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (LD_IS_STORAGE_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_storage_pool_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
