/* ld-validate.h — validation and normalisation of what agents type
 *
 * Every function answers the normalised value, or NULL with an LD_ERROR_INVALID_FIELD
 * error whose message names what is wrong (for a person, translatable). The plain
 * functions write it in the process's language; the _full ones take an LdTranslateFunc
 * for a caller whose reader speaks another one (the server: each request's
 * Accept-Language).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LdTranslateFunc:
 * @msgid: an untranslated message, here always a printf format of %s conversions only
 * @user_data: what the caller gave with the function
 *
 * Returns: (transfer none): @msgid in the reader's language with the same conversions,
 *   or @msgid; valid until the caller's reader is answered
 */
typedef const char * (*LdTranslateFunc) (const char *msgid,
                                         gpointer    user_data);

/* "8 (999) 123-45-67", "+7 999 1234567", "9991234567" → "+79991234567" (E.164).
 * Numbers without a country code are taken as Russian (the program's home country). */
char     *ld_phone_normalize     (const char  *input,
                                  GError     **error);
/* the same, its message through @translate (nullable: the process's language) */
char     *ld_phone_normalize_full (const char      *input,
                                   LdTranslateFunc  translate,
                                   gpointer         user_data,
                                   GError         **error);

/* TRUE when the numbering plan says the E.164 number is a mobile one; numbers of
 * countries whose plan we do not know count as mobile (no warning). */
gboolean  ld_phone_is_mobile     (const char  *e164);

/* trims, lower-cases the domain; rejects what cannot be delivered to */
char     *ld_email_normalize     (const char  *input,
                                  GError     **error);
char     *ld_email_normalize_full (const char      *input,
                                   LdTranslateFunc  translate,
                                   gpointer         user_data,
                                   GError         **error);

/* strips spaces and dashes; 6 to 19 digits */
char     *ld_card_number_normalize (const char  *input,
                                    GError     **error);
char     *ld_card_number_normalize_full (const char      *input,
                                         LdTranslateFunc  translate,
                                         gpointer         user_data,
                                         GError         **error);

/* YYYY-MM-DD, a real calendar date, not in the future */
gboolean  ld_date_validate       (const char  *input,
                                  GError     **error);
gboolean  ld_date_validate_full  (const char      *input,
                                  LdTranslateFunc  translate,
                                  gpointer         user_data,
                                  GError         **error);

/* a date as an agent types it: 24.02.1971 (day, month and the year in full) or
 * 1971-02-24 → YYYY-MM-DD (transfer full), checked as ld_date_validate() checks it; a
 * two-digit year (24.02.71) is refused, never given a century, and so are slashes
 * (2/3/1971 is March or February by the language: the app turns it into YYYY-MM-DD) */
char     *ld_date_normalize      (const char  *input,
                                  GError     **error);
char     *ld_date_normalize_full (const char      *input,
                                  LdTranslateFunc  translate,
                                  gpointer         user_data,
                                  GError         **error);

/* what a search string looks like: "phone", "card", "email", "birth_date" or "name";
 * digits in three groups split by dots or slashes (24.02.1971, 24.02.71, 2/24/1971) read
 * as a date, which ld_date_normalize() takes or says why not */
const char *ld_guess_query_kind  (const char  *query);

G_END_DECLS
