/* ld-validate.c — phones, e-mails, card numbers, dates */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "ld-error.h"
#include "ld-validate.h"

static const char *translate_message (LdTranslateFunc  translate,
                                      gpointer         user_data,
                                      const char      *msgid) G_GNUC_FORMAT (3);

/* @msgid in the caller's language: its LdTranslateFunc, or the process's (_()) */
static const char *
translate_message (LdTranslateFunc  translate,
                   gpointer         user_data,
                   const char      *msgid)
{
  if (translate == NULL)
    return _(msgid);
  return translate (msgid, user_data);
}

/* the translated message wrapped in the one call; xgettext sees N_() */
#define TR(msgid) translate_message (translate, user_data, (msgid))

/* @input as an error message may quote it (kept in *@shown): a value from a query string
 * need not be UTF-8 (libsoup does not check it), and a message must be */
static const char *
shown_input (char       **shown,
             const char  *input)
{
  g_free (*shown);
  *shown = g_utf8_make_valid (input, -1);
  return *shown;
}

/* keeps the digits and a leading '+', drops the usual separators; FALSE on anything else */
static gboolean
strip_phone_separators (const char *input,
                        GString    *digits)
{
  for (const char *p = input; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0)
        g_string_append_c (digits, *p);
      else if (*p == ' ' || *p == '-' || *p == '(' || *p == ')' || *p == '.' || *p == '\t')
        continue;
      else
        return FALSE;
    }
  return TRUE;
}

char *
ld_phone_normalize (const char  *input,
                    GError     **error)
{
  return ld_phone_normalize_full (input, NULL, NULL, error);
}

char *
ld_phone_normalize_full (const char      *input,
                         LdTranslateFunc  translate,
                         gpointer         user_data,
                         GError         **error)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autofree char *trimmed = g_strstrip (g_strdup (input ? input : ""));
  g_autofree char *shown = NULL;
  const char *digits;
  gsize n;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                           TR (N_("The phone number is empty")));
      return NULL;
    }

  if (!strip_phone_separators (input, raw))
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("The phone number “%s” may contain only digits, spaces, brackets, dashes and a leading +")),
                   shown_input (&shown, input));
      return NULL;
    }

  digits = raw->str;
  if (g_str_has_prefix (digits, "00"))
    digits += 2;                          /* international prefix */
  else if (*digits == '+')
    digits += 1;
  else if (strlen (digits) == 11 && (digits[0] == '8' || digits[0] == '7'))
    return g_strconcat ("+7", digits + 1, NULL);   /* Russian trunk prefix */
  else if (strlen (digits) == 10 && digits[0] == '9')
    return g_strconcat ("+7", digits, NULL);        /* Russian mobile without a prefix */
  else
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("The phone number “%s” has no country code; start it with + and the country code")),
                   shown_input (&shown, input));
      return NULL;
    }

  n = strlen (digits);
  if (n < 8 || n > 15 || digits[0] == '0')
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("The phone number “%s” is not a valid international number (8 to 15 digits after the country code’s +)")),
                   shown_input (&shown, input));
      return NULL;
    }

  /* the Russian plan has exactly ten digits after +7 */
  if (digits[0] == '7' && n != 11)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("The phone number “%s” must have ten digits after +7")),
                   shown_input (&shown, input));
      return NULL;
    }

  return g_strconcat ("+", digits, NULL);
}

gboolean
ld_phone_is_mobile (const char *e164)
{
  g_return_val_if_fail (e164 != NULL, FALSE);

  /* Russia and Kazakhstan share +7: mobiles are +79… in Russia, +77… in Kazakhstan */
  if (g_str_has_prefix (e164, "+7"))
    return e164[2] == '9' || e164[2] == '7';

  return TRUE;
}

static gboolean
is_domain_label_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || (guchar) c >= 0x80;
}

char *
ld_email_normalize (const char  *input,
                    GError     **error)
{
  return ld_email_normalize_full (input, NULL, NULL, error);
}

char *
ld_email_normalize_full (const char      *input,
                         LdTranslateFunc  translate,
                         gpointer         user_data,
                         GError         **error)
{
  g_autofree char *trimmed = NULL;
  const char *at;
  gsize local_len;
  g_autofree char *domain = NULL;
  g_auto(GStrv) labels = NULL;
  g_autofree char *shown = NULL;

  if (input == NULL)
    input = "";
  trimmed = g_strstrip (g_strdup (input));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, LD_ERROR, LD_ERROR_INVALID_FIELD, TR (N_("The e-mail address is empty")));
      return NULL;
    }

  at = strrchr (trimmed, '@');
  if (at == NULL || at == trimmed || strchr (trimmed, ' ') != NULL ||
      strlen (trimmed) > 254 || !g_utf8_validate (trimmed, -1, NULL))
    goto invalid;

  local_len = at - trimmed;
  if (local_len > 64 || memchr (trimmed, '@', local_len) != NULL)
    goto invalid;
  if (trimmed[0] == '.' || at[-1] == '.' || g_strstr_len (trimmed, local_len, "..") != NULL)
    goto invalid;

  domain = g_utf8_strdown (at + 1, -1);
  labels = g_strsplit (domain, ".", -1);
  if (g_strv_length (labels) < 2)
    goto invalid;
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0 || len > 63 || labels[i][0] == '-' || labels[i][len - 1] == '-')
        goto invalid;
      for (const char *p = labels[i]; *p; p++)
        if (!is_domain_label_char (*p))
          goto invalid;
    }
  if (strlen (labels[g_strv_length (labels) - 1]) < 2)
    goto invalid;

  return g_strdup_printf ("%.*s@%s", (int) local_len, trimmed, domain);

invalid:
  g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
               TR (N_("“%s” is not a valid e-mail address")),
               shown_input (&shown, trimmed));
  return NULL;
}

char *
ld_card_number_normalize (const char  *input,
                          GError     **error)
{
  return ld_card_number_normalize_full (input, NULL, NULL, error);
}

char *
ld_card_number_normalize_full (const char      *input,
                               LdTranslateFunc  translate,
                               gpointer         user_data,
                               GError         **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *shown = NULL;

  if (input == NULL)
    input = "";

  for (const char *p = input; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-' && *p != '\t')
        {
          g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                       TR (N_("The card number “%s” may contain only digits")),
                       shown_input (&shown, input));
          return NULL;
        }
    }

  if (digits->len < 6 || digits->len > 19)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("The card number “%s” must have 6 to 19 digits")),
                   shown_input (&shown, input));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

gboolean
ld_date_validate (const char  *input,
                  GError     **error)
{
  return ld_date_validate_full (input, NULL, NULL, error);
}

gboolean
ld_date_validate_full (const char      *input,
                       LdTranslateFunc  translate,
                       gpointer         user_data,
                       GError         **error)
{
  int y, m, d;
  char tail;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *shown = NULL;

  if (input == NULL || strlen (input) != 10 ||
      sscanf (input, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y) || y < 1900)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("“%s” is not a date in the form YYYY-MM-DD")),
                   shown_input (&shown, input ? input : ""));
      return FALSE;
    }

  if (y > g_date_time_get_year (now) ||
      (y == g_date_time_get_year (now) &&
       (m > g_date_time_get_month (now) ||
        (m == g_date_time_get_month (now) && d > g_date_time_get_day_of_month (now)))))
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("The date %s is in the future")), input);
      return FALSE;
    }

  return TRUE;
}

/* three groups of digits split by one separator, '.' or '/', as an agent types a date:
 * day and month of one or two digits, the year of up to four (its digits in *year_digits) */
static gboolean
split_typed_date (const char *text,
                  int        *day,
                  int        *month,
                  int        *year,
                  guint      *year_digits,
                  char       *separator_out)
{
  int value[3] = { 0, 0, 0 };
  guint digits[3] = { 0, 0, 0 };
  guint group = 0;
  char separator = '\0';

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (digits[group] == 4)
            return FALSE;
          value[group] = value[group] * 10 + (*p - '0');
          digits[group]++;
        }
      else if ((*p == '.' || *p == '/') && (separator == '\0' || *p == separator) &&
               digits[group] > 0 && group < 2)
        {
          separator = *p;
          group++;
        }
      else
        return FALSE;
    }

  if (group != 2 || digits[0] > 2 || digits[1] > 2 || digits[2] == 0)
    return FALSE;
  *day = value[0];
  *month = value[1];
  *year = value[2];
  *year_digits = digits[2];
  *separator_out = separator;
  return TRUE;
}

char *
ld_date_normalize (const char  *input,
                   GError     **error)
{
  return ld_date_normalize_full (input, NULL, NULL, error);
}

char *
ld_date_normalize_full (const char      *input,
                        LdTranslateFunc  translate,
                        gpointer         user_data,
                        GError         **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *iso = NULL;
  int day, month, year;
  guint year_digits;
  char separator;

  g_return_val_if_fail (input != NULL, NULL);

  trimmed = g_strstrip (g_strdup (input));
  if (!split_typed_date (trimmed, &day, &month, &year, &year_digits, &separator))
    {
      if (!ld_date_validate_full (trimmed, translate, user_data, error))
        return NULL;
      return g_steal_pointer (&trimmed);
    }

  /* 02/03/1971 is the 2nd of March or the 3rd of February, as the agent's language has
   * it: the app, which knows the language, sends YYYY-MM-DD; nobody guesses here */
  if (separator == '/')
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("In “%s” the day and the month could be either way round: type it as 24.02.1971 or 1971-02-24")),
                   shown_input (&shown, trimmed));
      return NULL;
    }
  /* 24.02.71 could be 1971 or 2071: the caller says which, the server never guesses */
  if (year_digits != 4)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("“%s” has a two-digit year: type the year in full, as in 24.02.1971")),
                   shown_input (&shown, trimmed));
      return NULL;
    }
  if (!g_date_valid_dmy (day, month, year) || year < 1900)
    {
      g_set_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD,
                   TR (N_("“%s” is not a date: type it as 24.02.1971 or 1971-02-24")),
                   shown_input (&shown, trimmed));
      return NULL;
    }

  iso = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  if (!ld_date_validate_full (iso, translate, user_data, error))
    return NULL;
  return g_steal_pointer (&iso);
}

const char *
ld_guess_query_kind (const char *query)
{
  g_autofree char *trimmed = NULL;
  gboolean only_phone_chars = TRUE;
  guint ndigits = 0;

  g_return_val_if_fail (query != NULL, "name");

  trimmed = g_strstrip (g_strdup (query));

  if (strchr (trimmed, '@') != NULL)
    return "email";
  if (ld_date_validate (trimmed, NULL))
    return "birth_date";
  {
    int day, month, year;
    guint year_digits;
    char separator;

    /* 24.02.1971 as typed; 24.02.71 and 2/24/1971 too, so that the search says why it
     * refuses them instead of searching names */
    if (split_typed_date (trimmed, &day, &month, &year, &year_digits, &separator))
      return "birth_date";
  }

  for (const char *p = trimmed; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        ndigits++;
      else if (!(*p == '+' || *p == ' ' || *p == '-' || *p == '(' || *p == ')'))
        only_phone_chars = FALSE;
    }

  if (only_phone_chars && ndigits > 0)
    {
      /* a phone when it reads as one and has a phone's length; else a card number */
      if (strchr (trimmed, '+') != NULL || strchr (trimmed, '(') != NULL)
        return "phone";
      if ((ndigits == 11 && (trimmed[0] == '8' || trimmed[0] == '7')) ||
          (ndigits == 10 && trimmed[0] == '9'))
        return "phone";
      return "card";
    }

  return "name";
}
