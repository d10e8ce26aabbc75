/* ld-validate.h — validation and normalisation of what agents type
 *
 * Every function answers the normalised value, or NULL with an LD_ERROR_INVALID_FIELD
 * error whose message names what is wrong (for a person, translatable).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "8 (999) 123-45-67", "+7 999 1234567", "9991234567" → "+79991234567" (E.164).
 * Numbers without a country code are taken as Russian (the program's home country). */
char     *ld_phone_normalize     (const char  *input,
                                  GError     **error);

/* TRUE when the numbering plan says the E.164 number is a mobile one; numbers of
 * countries whose plan we do not know count as mobile (no warning). */
gboolean  ld_phone_is_mobile     (const char  *e164);

/* trims, lower-cases the domain; rejects what cannot be delivered to */
char     *ld_email_normalize     (const char  *input,
                                  GError     **error);

/* strips spaces and dashes; 6 to 19 digits */
char     *ld_card_number_normalize (const char  *input,
                                    GError     **error);

/* YYYY-MM-DD, a real calendar date, not in the future */
gboolean  ld_date_validate       (const char  *input,
                                  GError     **error);

/* what a search string looks like: "phone", "card", "email", "birth_date" or "name" */
const char *ld_guess_query_kind  (const char  *query);

G_END_DECLS
