/* test-validate.c — phones, e-mails, card numbers, dates and query kinds, good and bad */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include <string.h>

#include "ld-core.h"

typedef struct
{
  const char *input;
  const char *expected;  /* NULL: must be refused */
} Case;

typedef char *(*NormalizeFunc) (const char *input, GError **error);

static void
check_cases (NormalizeFunc  normalize,
             const Case    *cases,
             gsize          n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = normalize (cases[i].input, &error);

      g_test_message ("input “%s”", cases[i].input);
      if (cases[i].expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (result, ==, cases[i].expected);
        }
      else
        {
          g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
          g_assert_null (result);
          g_assert_nonnull (error->message);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

static void
test_phone_good (void)
{
  static const Case cases[] = {
    { "8 (999) 123-45-67", "+79991234567" },
    { "+7 999 1234567", "+79991234567" },
    { "+7 (999) 123-45-67", "+79991234567" },
    { "89991234567", "+79991234567" },
    { "79991234567", "+79991234567" },
    { "9991234567", "+79991234567" },
    { "  +7 999 123 45 67  ", "+79991234567" },
    { "8.999.123.45.67", "+79991234567" },
    { "+44 20 7946 0958", "+442079460958" },
    { "0049 30 1234567", "+49301234567" },
    { "+1 (212) 555-0100", "+12125550100" },
  };

  check_cases (ld_phone_normalize, cases, G_N_ELEMENTS (cases));
}

static void
test_phone_bad (void)
{
  static const Case cases[] = {
    { "", NULL },
    { "   ", NULL },
    { "12345", NULL },
    { "+7 999 123", NULL },
    { "+7 999 123 45 678", NULL },
    { "call me", NULL },
    { "+0123456789", NULL },
    { "8 (999) 123-45-6x", NULL },
    { "+1234567890123456", NULL },
    { "999-12", NULL },
    { "+7+9991234567", NULL },
    { "1234567890", NULL },
  };

  check_cases (ld_phone_normalize, cases, G_N_ELEMENTS (cases));
}

static void
test_phone_mobile (void)
{
  g_assert_true (ld_phone_is_mobile ("+79991234567"));
  g_assert_false (ld_phone_is_mobile ("+74951234567"));
  g_assert_true (ld_phone_is_mobile ("+442079460958"));
}

static void
test_email (void)
{
  static const Case cases[] = {
    { "ivan@example.com", "ivan@example.com" },
    { "  Ivan.Petrov@Example.COM ", "Ivan.Petrov@example.com" },
    { "user+tag@mail.ru", "user+tag@mail.ru" },
    { "a@b.co", "a@b.co" },
    { "иван@Почта.РФ", "иван@почта.рф" },
    { "", NULL },
    { "no-at-sign", NULL },
    { "@example.com", NULL },
    { "ivan@localhost", NULL },
    { "ivan@.com", NULL },
    { "ivan..petrov@example.com", NULL },
    { ".ivan@example.com", NULL },
    { "ivan petrov@example.com", NULL },
    { "ivan@-example.com", NULL },
    { "ivan@example.c", NULL },
    { "ivan@exa_mple.com", NULL },
  };

  check_cases (ld_email_normalize, cases, G_N_ELEMENTS (cases));
}

static void
test_card_number (void)
{
  static const Case cases[] = {
    { "1234 5678 9012", "123456789012" },
    { "4000-0012-3456", "400000123456" },
    { "123456", "123456" },
    { "1234567890123456789", "1234567890123456789" },
    { "", NULL },
    { "12345", NULL },
    { "12345678901234567890", NULL },
    { "1234a678", NULL },
    { "№ 123456", NULL },
  };

  check_cases (ld_card_number_normalize, cases, G_N_ELEMENTS (cases));
}

static void
test_date (void)
{
  static const char * const good[] = { "1990-05-17", "2000-02-29", "1900-01-01" };
  static const char * const bad[] = {
    "", "2001-02-29", "1990-13-01", "1990-00-10", "17.05.1990", "1990-5-17",
    "1899-12-31", "2999-01-01", "1990-05-17x", "1990/05/17",
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *today_text = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *tomorrow_text = g_date_time_format (tomorrow, "%Y-%m-%d");

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("good “%s”", good[i]);
      g_assert_true (ld_date_validate (good[i], &error));
      g_assert_no_error (error);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("bad “%s”", bad[i]);
      g_assert_false (ld_date_validate (bad[i], &error));
      g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
    }

  /* today is fine, tomorrow is in the future */
  g_assert_true (ld_date_validate (today_text, NULL));
  g_assert_false (ld_date_validate (tomorrow_text, NULL));
}

static void
test_query_kind (void)
{
  static const struct {
    const char *query;
    const char *kind;
  } cases[] = {
    { "ivan@example.com", "email" },
    { "1990-05-17", "birth_date" },
    { "17.05.1990", "birth_date" },
    { " 7.5.1990 ", "birth_date" },
    { "17/05/1990", "birth_date" },
    { "17.05.90", "birth_date" },
    { "+7 999 123-45-67", "phone" },
    { "8 (999) 123-45-67", "phone" },
    { "89991234567", "phone" },
    { "9991234567", "phone" },
    { "1234567890123", "card" },
    { "123456", "card" },
    { "4000 0012 3456", "card" },
    { "Иванов", "name" },
    { "Ivan Petrov", "name" },
    { "Петров Иван", "name" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("query “%s”", cases[i].query);
      g_assert_cmpstr (ld_guess_query_kind (cases[i].query), ==, cases[i].kind);
    }
}

/* a date as agents type it; a two-digit year is refused, never given a century */
static void
test_date_normalize (void)
{
  static const struct {
    const char *input;
    const char *expected;   /* NULL: refused */
  } cases[] = {
    { "24.02.1971", "1971-02-24" },
    { " 24.02.1971 ", "1971-02-24" },
    { "1.8.1976", "1976-08-01" },
    { "01/08/1976", NULL },
    { "1971-02-24", "1971-02-24" },
    { "24.02.71", NULL },
    { "24.02.071", NULL },
    { "01/08/76", NULL },
    { "30.02.1990", NULL },
    { "24.13.1971", NULL },
    { "24.02.1871", NULL },
    { "24.02/1971", NULL },
    { "24..1971", NULL },
    { "24.02.1971.", NULL },
    { "24.02.2999", NULL },
    { "124.02.1971", NULL },
    { "71-02-24", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *date = ld_date_normalize (cases[i].input, &error);

      g_test_message ("date “%s”", cases[i].input);
      g_assert_cmpstr (date, ==, cases[i].expected);
      if (cases[i].expected == NULL)
        g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
      else
        g_assert_no_error (error);
    }

  /* the refusal of a two-digit year says so, with what was typed */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *date = ld_date_normalize ("24.02.71", &error);

    g_assert_null (date);
    g_assert_nonnull (strstr (error->message, "24.02.71"));
    g_assert_nonnull (strstr (error->message, "year"));
  }
}

/* an LdTranslateFunc that remembers the msgid and answers it in "another language" */
static const char *
bracket_translate (const char *msgid,
                   gpointer    user_data)
{
  GPtrArray *asked = user_data;

  g_ptr_array_add (asked, g_strdup (msgid));
  return strstr (msgid, "%s") != NULL ? "[%s]" : "[]";
}

static void
test_messages_through_a_translate_func (void)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
  static const struct {
    const char *kind;
    const char *input;
    const char *msgid;
    const char *message;
  } cases[] = {
    { "phone", "", "The phone number is empty", "[]" },
    { "phone", "12ab", "The phone number “%s” may contain only digits, spaces, brackets, dashes and a leading +", "[12ab]" },
    { "phone", "123", "The phone number “%s” has no country code; start it with + and the country code", "[123]" },
    { "phone", "+7 999", "The phone number “%s” is not a valid international number (8 to 15 digits after the country code’s +)", "[+7 999]" },
    { "phone", "+7 999 123 45 6", "The phone number “%s” must have ten digits after +7", "[+7 999 123 45 6]" },
    { "email", " ", "The e-mail address is empty", "[]" },
    { "email", "nope@", "“%s” is not a valid e-mail address", "[nope@]" },
    { "card", "12ab", "The card number “%s” may contain only digits", "[12ab]" },
    { "card", "123", "The card number “%s” must have 6 to 19 digits", "[123]" },
    { "date", "1990-02-30", "“%s” is not a date in the form YYYY-MM-DD", "[1990-02-30]" },
    { "date", "2999-01-01", "The date %s is in the future", "[2999-01-01]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) plain_error = NULL;
      g_autofree char *result = NULL;
      g_autofree char *plain = NULL;

      g_test_message ("%s “%s”", cases[i].kind, cases[i].input);
      g_ptr_array_set_size (asked, 0);
      if (g_str_equal (cases[i].kind, "phone"))
        {
          result = ld_phone_normalize_full (cases[i].input, bracket_translate, asked, &error);
          plain = ld_phone_normalize (cases[i].input, &plain_error);
        }
      else if (g_str_equal (cases[i].kind, "email"))
        {
          result = ld_email_normalize_full (cases[i].input, bracket_translate, asked, &error);
          plain = ld_email_normalize (cases[i].input, &plain_error);
        }
      else if (g_str_equal (cases[i].kind, "card"))
        {
          result = ld_card_number_normalize_full (cases[i].input, bracket_translate, asked, &error);
          plain = ld_card_number_normalize (cases[i].input, &plain_error);
        }
      else
        {
          g_assert_false (ld_date_validate_full (cases[i].input, bracket_translate, asked, &error));
          g_assert_false (ld_date_validate (cases[i].input, &plain_error));
        }

      g_assert_null (result);
      g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (asked->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (asked, 0), ==, cases[i].msgid);

      /* without one, the process's language: here (C.UTF-8) the msgid with the input */
      g_assert_null (plain);
      g_assert_error (plain_error, LD_ERROR, LD_ERROR_INVALID_FIELD);
      {
        g_auto(GStrv) parts = g_strsplit (cases[i].msgid, "%s", 2);
        g_autofree char *expected = g_strjoinv (cases[i].input, parts);

        g_assert_cmpstr (plain_error->message, ==, expected);
      }
    }

  /* a good value asks for no message */
  g_ptr_array_set_size (asked, 0);
  {
    g_autofree char *phone = ld_phone_normalize_full ("8 999 123-45-67", bracket_translate, asked, NULL);

    g_assert_cmpstr (phone, ==, "+79991234567");
    g_assert_cmpuint (asked->len, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/validate/phone/good", test_phone_good);
  g_test_add_func ("/core/validate/phone/bad", test_phone_bad);
  g_test_add_func ("/core/validate/phone/mobile", test_phone_mobile);
  g_test_add_func ("/core/validate/email", test_email);
  g_test_add_func ("/core/validate/card-number", test_card_number);
  g_test_add_func ("/core/validate/date", test_date);
  g_test_add_func ("/core/validate/query-kind", test_query_kind);
  g_test_add_func ("/core/validate/date-normalize", test_date_normalize);
  g_test_add_func ("/core/validate/messages-through-a-translate-func", test_messages_through_a_translate_func);

  return g_test_run ();
}
