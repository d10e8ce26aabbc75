/* ld-summary-cache.c — members' search summaries in memory, by phone and by card number */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "ld-summary-cache.h"

/* A member's block holds its summary and every value that found it (each LdSummaryKey
 * as a digit, the value, NUL), and the blocks live in slabs mapped apart from malloc's
 * heap: the cache lives as long as the server, and its long-lived pieces among the
 * requests' short-lived ones fragmented the heap enough to slow every request (measured:
 * /healthz 9 % slower once 100,000 members were kept in malloc'd pieces, 20 % once they
 * were found by card too). Blocks come in sizes of BLOCK_UNIT; a freed one waits on its
 * size's free list, and a member found by one more value moves to a bigger block. */
#define SLAB_SIZE (1024 * 1024)
#define BLOCK_UNIT 64
#define N_BLOCK_SIZES 64   /* up to 4 KiB; a larger block is malloc'd (no summary is that long) */

typedef struct
{
  gint64   id;
  guint32  length;       /* of the summary */
  guint32  used;         /* bytes of the block in use, this header included */
  guint16  size_class;   /* the block's size / BLOCK_UNIT, 0 when malloc'd */
  guint16  n_values;
  char     data[];       /* the summary, NUL, then the values */
} CachedMember;

struct _LdSummaryCache
{
  guint       max_members;
  GHashTable *members;    /* &id → CachedMember (owned through the slabs) */
  GHashTable *found[2];   /* per LdSummaryKey: value (in its member's block) → CachedMember */
  GPtrArray  *slabs;      /* mapped, SLAB_SIZE each */
  char       *slab_next;  /* the unused rest of the last slab */
  char       *slab_end;
  gpointer    free_blocks[N_BLOCK_SIZES + 1];   /* per size class: a list through each block's first word */
};

static void
unmap_slab (gpointer slab)
{
  munmap (slab, SLAB_SIZE);
}

static CachedMember *
block_alloc (LdSummaryCache *self,
             gsize           size)
{
  gsize size_class = (size + BLOCK_UNIT - 1) / BLOCK_UNIT;
  CachedMember *member;

  if (size_class > N_BLOCK_SIZES)
    {
      member = g_malloc (size);
      member->size_class = 0;
      return member;
    }
  if (self->free_blocks[size_class] != NULL)
    {
      member = self->free_blocks[size_class];
      self->free_blocks[size_class] = *(gpointer *) member;
    }
  else
    {
      if (self->slab_next == NULL || (gsize) (self->slab_end - self->slab_next) < size_class * BLOCK_UNIT)
        {
          void *slab = mmap (NULL, SLAB_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

          if (slab == MAP_FAILED)
            g_error ("Cannot map %d bytes for search summaries: %s", SLAB_SIZE, g_strerror (errno));
          g_ptr_array_add (self->slabs, slab);
          self->slab_next = slab;
          self->slab_end = self->slab_next + SLAB_SIZE;
        }
      member = (CachedMember *) self->slab_next;
      self->slab_next += size_class * BLOCK_UNIT;
    }
  member->size_class = size_class;
  return member;
}

/* a forgotten member's personal data does not linger in memory either (the database's
 * secure_delete is the same rule for its file) */
static void
block_free (LdSummaryCache *self,
            CachedMember   *member)
{
  memset (member->data, 0, member->used - offsetof (CachedMember, data));
  if (member->size_class == 0)
    {
      g_free (member);
      return;
    }
  *(gpointer *) member = self->free_blocks[member->size_class];
  self->free_blocks[member->size_class] = member;
}

/* the values of @member in turn: *@value NULL at the start, FALSE after the last */
static gboolean
next_value (CachedMember  *member,
            guint         *index,
            LdSummaryKey  *key,
            char         **value)
{
  char *at;

  if (*index == member->n_values)
    return FALSE;
  at = *value == NULL ? member->data + member->length + 1 : *value + strlen (*value) + 1;
  *key = at[0] - '0';
  *value = at + 1;
  (*index)++;
  return TRUE;
}

/* points the indexes at @member's block, which holds the values its keys are made of */
static void
index_member (LdSummaryCache *self,
              CachedMember   *member)
{
  LdSummaryKey key;
  char *value = NULL;
  guint index = 0;

  g_hash_table_replace (self->members, &member->id, member);
  while (next_value (member, &index, &key, &value))
    g_hash_table_replace (self->found[key], value, member);
}

static void
append_value (CachedMember *member,
              LdSummaryKey  key,
              const char   *value,
              gsize         value_length)
{
  char *at = (char *) member + member->used;

  at[0] = '0' + key;
  memcpy (at + 1, value, value_length + 1);
  member->used += value_length + 2;
  member->n_values++;
}

LdSummaryCache *
ld_summary_cache_new (guint max_members)
{
  LdSummaryCache *self = g_new0 (LdSummaryCache, 1);

  self->max_members = max_members;
  self->slabs = g_ptr_array_new_with_free_func (unmap_slab);
  self->members = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->found[LD_SUMMARY_KEY_PHONE] = g_hash_table_new (g_str_hash, g_str_equal);
  self->found[LD_SUMMARY_KEY_CARD] = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
ld_summary_cache_free (LdSummaryCache *self)
{
  if (self == NULL)
    return;
  ld_summary_cache_clear (self);
  g_hash_table_unref (self->found[LD_SUMMARY_KEY_PHONE]);
  g_hash_table_unref (self->found[LD_SUMMARY_KEY_CARD]);
  g_hash_table_unref (self->members);
  g_ptr_array_unref (self->slabs);
  g_free (self);
}

const char *
ld_summary_cache_lookup (LdSummaryCache *self,
                         LdSummaryKey    key,
                         const char     *value,
                         gsize          *length)
{
  CachedMember *member;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  member = g_hash_table_lookup (self->found[key], value);
  if (member == NULL)
    return NULL;
  if (length != NULL)
    *length = member->length;
  return member->data;
}

void
ld_summary_cache_forget (LdSummaryCache *self,
                         gint64          member_id)
{
  CachedMember *member;
  LdSummaryKey key;
  char *value = NULL;
  guint index = 0;

  g_return_if_fail (self != NULL);

  member = g_hash_table_lookup (self->members, &member_id);
  if (member == NULL)
    return;
  while (next_value (member, &index, &key, &value))
    g_hash_table_remove (self->found[key], value);
  g_hash_table_remove (self->members, &member_id);
  block_free (self, member);
}

void
ld_summary_cache_insert (LdSummaryCache *self,
                         LdSummaryKey    key,
                         const char     *value,
                         gint64          member_id,
                         const char     *json,
                         gsize           length)
{
  gsize value_length;
  CachedMember *member;
  CachedMember *previous;

  g_return_if_fail (self != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (json != NULL);

  /* no summary comes near 1 MiB: one that did would not be worth keeping */
  if (self->max_members == 0 || length > 1024 * 1024)
    return;
  value_length = strlen (value);

  /* a value that found another member, or a member shown otherwise, is not patched:
   * everything known about them is forgotten and this answer taken as it is */
  previous = g_hash_table_lookup (self->found[key], value);
  if (previous != NULL && previous->id != member_id)
    ld_summary_cache_forget (self, previous->id);
  member = g_hash_table_lookup (self->members, &member_id);
  if (member != NULL && (member->length != length || memcmp (member->data, json, length) != 0))
    {
      ld_summary_cache_forget (self, member_id);
      member = NULL;
    }

  if (member == NULL)
    {
      if (g_hash_table_size (self->members) >= self->max_members)
        ld_summary_cache_clear (self);
      member = block_alloc (self, offsetof (CachedMember, data) + length + 1 + value_length + 2);
      member->id = member_id;
      member->length = length;
      member->used = offsetof (CachedMember, data) + length + 1;
      member->n_values = 0;
      memcpy (member->data, json, length);
      member->data[length] = '\0';
    }
  else if (g_hash_table_contains (self->found[key], value))
    return;
  else
    {
      CachedMember *moved = block_alloc (self, member->used + value_length + 2);
      guint16 size_class = moved->size_class;

      memcpy (moved, member, member->used);
      moved->size_class = size_class;
      append_value (moved, key, value, value_length);
      /* the indexes' keys still point into the old block until then */
      index_member (self, moved);
      block_free (self, member);
      return;
    }
  append_value (member, key, value, value_length);
  index_member (self, member);
}

void
ld_summary_cache_clear (LdSummaryCache *self)
{
  GHashTableIter iter;
  CachedMember *member;

  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->found[LD_SUMMARY_KEY_PHONE]);
  g_hash_table_remove_all (self->found[LD_SUMMARY_KEY_CARD]);
  g_hash_table_iter_init (&iter, self->members);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &member))
    if (member->size_class == 0)
      block_free (self, member);
  g_hash_table_remove_all (self->members);
  /* every slab block goes at once */
  g_ptr_array_set_size (self->slabs, 0);
  self->slab_next = self->slab_end = NULL;
  memset (self->free_blocks, 0, sizeof self->free_blocks);
}

guint
ld_summary_cache_get_size (LdSummaryCache *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->members);
}
