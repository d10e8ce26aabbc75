/* ld-translations.h — the server's messages in the language each request asks for
 *
 * The process has one locale, but agents of one server may read different languages: an
 * error's message follows the request's Accept-Language. Catalogs are the gettext .mo
 * files of the project's domain, read on first use and kept.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LD_TYPE_TRANSLATIONS (ld_translations_get_type ())
G_DECLARE_FINAL_TYPE (LdTranslations, ld_translations, LD, TRANSLATIONS, GObject)

/* catalogs are @localedir/<language>/LC_MESSAGES/@domain.mo */
LdTranslations *ld_translations_new          (const char     *localedir,
                                              const char     *domain);

/* the translation of @msgid into the first language of @accept_language (nullable) that
 * has a catalog with it, or @msgid; (transfer none), valid as long as @self */
const char     *ld_translations_lookup       (LdTranslations *self,
                                              const char     *accept_language,
                                              const char     *msgid);

/* the same for a printf format: a translation whose conversions differ from @format's
 * is not used */
const char     *ld_translations_lookup_format (LdTranslations *self,
                                               const char     *accept_language,
                                               const char     *format) G_GNUC_FORMAT (3);

/* the language whose catalog ld_translations_lookup() would use, or NULL */
const char     *ld_translations_pick_language (LdTranslations *self,
                                               const char     *accept_language);

G_END_DECLS
