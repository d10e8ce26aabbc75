/* ld-translations.c — the server's messages in the language each request asks for
 *
 * A gettext .mo file is a header, two tables of (length, offset) pairs — the original
 * strings sorted, their translations in the same order — and the strings themselves,
 * each NUL-terminated. The whole file is checked once when it is read (every offset
 * and length inside the file, every string terminated), so a lookup is a plain binary
 * search. Language tags from the network are reduced to letters before they name a
 * file, and only so many languages are remembered.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <string.h>

#include "ld-translations.h"

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
#define MAX_STRINGS      100000
#define MAX_LANGUAGES    32
#define MAX_TAGS         16

typedef struct
{
  GBytes       *bytes;
  const guint8 *data;
  gsize         size;
  gboolean      swapped;
  guint32       n_strings;
  guint32       originals;     /* offset of the table of original strings */
  guint32       translations;  /* offset of the table of translations */
} Catalog;

struct _LdTranslations
{
  GObject     parent_instance;

  char       *localedir;
  char       *domain;
  GHashTable *catalogs;   /* language → Catalog *, or a missing marker */
};

G_DEFINE_FINAL_TYPE (LdTranslations, ld_translations, G_TYPE_OBJECT)

static Catalog missing_catalog;

static void
catalog_free (gpointer data)
{
  Catalog *catalog = data;

  if (catalog == NULL || catalog == &missing_catalog)
    return;
  g_bytes_unref (catalog->bytes);
  g_free (catalog);
}

static guint32
read_u32 (const Catalog *catalog,
          gsize          offset)
{
  guint32 value;

  memcpy (&value, catalog->data + offset, sizeof value);
  return catalog->swapped ? GUINT32_SWAP_LE_BE (value) : value;
}

/* the string of entry @index of the table at @table, checked when the file was read */
static const char *
catalog_string (const Catalog *catalog,
                guint32        table,
                guint32        index,
                guint32       *length)
{
  gsize entry = (gsize) table + (gsize) index * 8;

  *length = read_u32 (catalog, entry);
  return (const char *) catalog->data + read_u32 (catalog, entry + 4);
}

static gboolean
catalog_check_table (const Catalog *catalog,
                     guint32        table)
{
  if ((gsize) table + (gsize) catalog->n_strings * 8 > catalog->size)
    return FALSE;

  for (guint32 i = 0; i < catalog->n_strings; i++)
    {
      gsize entry = (gsize) table + (gsize) i * 8;
      guint32 length = read_u32 (catalog, entry);
      guint32 offset = read_u32 (catalog, entry + 4);

      if ((gsize) offset + length >= catalog->size || catalog->data[offset + length] != '\0')
        return FALSE;
    }
  return TRUE;
}

static Catalog *
catalog_load (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree Catalog *catalog = NULL;
  gsize size = 0;
  guint32 magic;

  if (!g_file_get_contents (path, &contents, &size, NULL) || size < 28)
    return NULL;

  catalog = g_new0 (Catalog, 1);
  catalog->data = (const guint8 *) contents;
  catalog->size = size;

  memcpy (&magic, contents, sizeof magic);
  if (magic == MO_MAGIC)
    catalog->swapped = FALSE;
  else if (magic == MO_MAGIC_SWAPPED)
    catalog->swapped = TRUE;
  else
    return NULL;

  catalog->n_strings = read_u32 (catalog, 8);
  catalog->originals = read_u32 (catalog, 12);
  catalog->translations = read_u32 (catalog, 16);
  if (catalog->n_strings > MAX_STRINGS ||
      !catalog_check_table (catalog, catalog->originals) ||
      !catalog_check_table (catalog, catalog->translations))
    {
      g_message ("Not using the translations in %s: the file is damaged", path);
      return NULL;
    }

  catalog->bytes = g_bytes_new_take (g_steal_pointer (&contents), size);
  catalog->data = g_bytes_get_data (catalog->bytes, NULL);
  return g_steal_pointer (&catalog);
}

static const char *
catalog_lookup (const Catalog *catalog,
                const char    *msgid)
{
  guint32 low = 0;
  guint32 high = catalog->n_strings;

  while (low < high)
    {
      guint32 middle = low + (high - low) / 2;
      guint32 length;
      const char *original = catalog_string (catalog, catalog->originals, middle, &length);
      int cmp = strcmp (msgid, original);

      if (cmp == 0)
        {
          const char *translation = catalog_string (catalog, catalog->translations, middle, &length);

          return length > 0 ? translation : NULL;
        }
      if (cmp < 0)
        high = middle;
      else
        low = middle + 1;
    }

  return NULL;
}

static gboolean
is_missing (gpointer key,
            gpointer value,
            gpointer user_data)
{
  return value == &missing_catalog;
}

/* the catalog of @language ("ru", "pt_BR"), read on first use; NULL when there is none */
static const Catalog *
ld_translations_get_catalog (LdTranslations *self,
                             const char     *language)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  Catalog *catalog;

  if (g_hash_table_lookup_extended (self->catalogs, language, NULL, (gpointer *) &catalog))
    return catalog == &missing_catalog ? NULL : catalog;

  file = g_strconcat (self->domain, ".mo", NULL);
  path = g_build_filename (self->localedir, language, "LC_MESSAGES", file, NULL);
  catalog = catalog_load (path);

  /* the catalogs found are bounded by the disk; the languages without one come from the
   * network, so only so many of those are remembered */
  if (catalog == NULL && g_hash_table_size (self->catalogs) >= MAX_LANGUAGES)
    g_hash_table_foreach_remove (self->catalogs, is_missing, NULL);
  if (catalog != NULL || g_hash_table_size (self->catalogs) < MAX_LANGUAGES)
    g_hash_table_insert (self->catalogs, g_strdup (language), catalog ? catalog : &missing_catalog);

  return catalog;
}

typedef struct
{
  char   *tag;
  double  q;
  guint   position;
} Range;

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const Range *x = a;
  const Range *y = b;

  if (x->q != y->q)
    return x->q > y->q ? -1 : 1;
  return (int) x->position - (int) y->position;
}

/* "ru-RU" → "ru_RU"; NULL unless it is letters (and digits after the first subtag) */
static char *
normalize_tag (const char *tag)
{
  g_auto(GStrv) parts = g_strsplit (tag, "-", 3);
  gsize length;

  length = strlen (parts[0]);
  if (length < 2 || length > 8)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalpha (parts[0][i]))
      return NULL;

  if (parts[1] != NULL && strlen (parts[1]) == 2 &&
      g_ascii_isalpha (parts[1][0]) && g_ascii_isalpha (parts[1][1]))
    {
      g_autofree char *language = g_ascii_strdown (parts[0], -1);
      g_autofree char *region = g_ascii_strup (parts[1], -1);

      return g_strdup_printf ("%s_%s", language, region);
    }

  return g_ascii_strdown (parts[0], -1);
}

const char *
ld_translations_pick_language (LdTranslations *self,
                               const char     *accept_language)
{
  g_autoptr(GArray) ranges = NULL;
  g_auto(GStrv) items = NULL;
  const char *picked = NULL;

  g_return_val_if_fail (LD_IS_TRANSLATIONS (self), NULL);

  if (accept_language == NULL || strlen (accept_language) > 512)
    return NULL;

  ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  items = g_strsplit (accept_language, ",", MAX_TAGS + 1);
  for (guint i = 0; items[i] != NULL && i < MAX_TAGS; i++)
    {
      g_auto(GStrv) fields = g_strsplit (items[i], ";", 2);
      Range range = { NULL, 1.0, i };

      g_strstrip (fields[0]);
      if (fields[1] != NULL)
        {
          g_strstrip (fields[1]);
          if (g_str_has_prefix (fields[1], "q="))
            range.q = g_ascii_strtod (fields[1] + 2, NULL);
        }
      if (range.q <= 0 || fields[0][0] == '\0')
        continue;
      range.tag = g_strdup (fields[0]);
      g_array_append_val (ranges, range);
    }
  g_array_sort (ranges, compare_ranges);

  for (guint i = 0; i < ranges->len && picked == NULL; i++)
    {
      Range *range = &g_array_index (ranges, Range, i);
      g_autofree char *tag = NULL;
      char *underscore;

      if (g_str_equal (range->tag, "*"))
        break;
      tag = normalize_tag (range->tag);
      if (tag == NULL)
        continue;
      /* the messages are written in English: no catalog needed */
      if (g_str_equal (tag, "en") || g_str_has_prefix (tag, "en_"))
        break;

      if (ld_translations_get_catalog (self, tag) != NULL)
        g_hash_table_lookup_extended (self->catalogs, tag, (gpointer *) &picked, NULL);
      else if ((underscore = strchr (tag, '_')) != NULL)
        {
          *underscore = '\0';
          if (ld_translations_get_catalog (self, tag) != NULL)
            g_hash_table_lookup_extended (self->catalogs, tag, (gpointer *) &picked, NULL);
        }
    }

  for (guint i = 0; i < ranges->len; i++)
    g_free (g_array_index (ranges, Range, i).tag);

  return picked;
}

const char *
ld_translations_lookup (LdTranslations *self,
                        const char     *accept_language,
                        const char     *msgid)
{
  const char *language;
  const char *translation;

  g_return_val_if_fail (LD_IS_TRANSLATIONS (self), msgid);
  g_return_val_if_fail (msgid != NULL, msgid);

  language = ld_translations_pick_language (self, accept_language);
  if (language == NULL)
    return msgid;

  translation = catalog_lookup (g_hash_table_lookup (self->catalogs, language), msgid);
  return translation ? translation : msgid;
}

/* the conversions of a printf format, e.g. "%s %u %lld" → "s u lld" */
static char *
format_conversions (const char *format)
{
  GString *out = g_string_new (NULL);

  for (const char *p = format; *p; p++)
    {
      if (*p != '%')
        continue;
      p++;
      if (*p == '%')
        continue;
      while (*p && strchr ("-+ #0'123456789.*$", *p))
        {
          if (*p == '*' || *p == '$')
            g_string_append_c (out, *p);
          p++;
        }
      while (*p && strchr ("hlLqjzt", *p))
        g_string_append_c (out, *p++);
      if (*p == '\0')
        break;
      g_string_append_c (out, *p);
      g_string_append_c (out, ' ');
    }

  return g_string_free (out, FALSE);
}

const char *
ld_translations_lookup_format (LdTranslations *self,
                               const char     *accept_language,
                               const char     *format)
{
  const char *translation;
  g_autofree char *wanted = NULL;
  g_autofree char *found = NULL;

  g_return_val_if_fail (LD_IS_TRANSLATIONS (self), format);
  g_return_val_if_fail (format != NULL, format);

  translation = ld_translations_lookup (self, accept_language, format);
  if (translation == format)
    return format;

  wanted = format_conversions (format);
  found = format_conversions (translation);
  return g_str_equal (wanted, found) ? translation : format;
}

static void
ld_translations_finalize (GObject *object)
{
  LdTranslations *self = (LdTranslations *) object;

  g_clear_pointer (&self->catalogs, g_hash_table_unref);
  g_clear_pointer (&self->localedir, g_free);
  g_clear_pointer (&self->domain, g_free);

  G_OBJECT_CLASS (ld_translations_parent_class)->finalize (object);
}

static void
ld_translations_class_init (LdTranslationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_translations_finalize;
}

static void
ld_translations_init (LdTranslations *self)
{
  self->catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, catalog_free);
}

/**
 * ld_translations_new:
 * @localedir: where the catalogs are, e.g. /usr/share/locale
 * @domain: the gettext domain
 *
 * Returns: (transfer full): translations that read catalogs when first asked for them
 */
LdTranslations *
ld_translations_new (const char *localedir,
                     const char *domain)
{
  LdTranslations *self;

  g_return_val_if_fail (localedir != NULL, NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  self = g_object_new (LD_TYPE_TRANSLATIONS, NULL);
  self->localedir = g_strdup (localedir);
  self->domain = g_strdup (domain);
  return self;
}
