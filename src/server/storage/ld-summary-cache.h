/* ld-summary-cache.h — members' search summaries in memory, by phone and by card number
 *
 * A search by phone or by card alone is the call center's hot path: every incoming call
 * asks it. Its answer is one member's search summary (the member_summaries table, schema
 * 3). This keeps the summaries of members found lately, so that a repeated search is
 * answered without a database read. The cache only stores and forgets; LdStorage keeps it
 * coherent (see ld-storage-members.c, "the search summary").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LD_SUMMARY_KEY_PHONE,
  LD_SUMMARY_KEY_CARD,
} LdSummaryKey;

typedef struct _LdSummaryCache LdSummaryCache;

/* keeps at most @max_members members (it starts again empty when full); 0 keeps none */
LdSummaryCache *ld_summary_cache_new       (guint            max_members);
void            ld_summary_cache_free      (LdSummaryCache  *self);

/* (transfer none) (nullable): the summary of the member with the phone or card @value,
 * valid until the cache is next changed */
const char     *ld_summary_cache_lookup    (LdSummaryCache  *self,
                                            LdSummaryKey     key,
                                            const char      *value,
                                            gsize           *length);
/* remembers that @value finds the member @member_id, whose summary is @json */
void            ld_summary_cache_insert    (LdSummaryCache  *self,
                                            LdSummaryKey     key,
                                            const char      *value,
                                            gint64           member_id,
                                            const char      *json,
                                            gsize            length);
/* forgets the member @member_id and every phone or card that found it */
void            ld_summary_cache_forget    (LdSummaryCache  *self,
                                            gint64           member_id);
void            ld_summary_cache_clear     (LdSummaryCache  *self);
guint           ld_summary_cache_get_size  (LdSummaryCache  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSummaryCache, ld_summary_cache_free)

G_END_DECLS
