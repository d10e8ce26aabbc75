/* fuzz-validate.c — libFuzzer target: what agents type and query strings carry
 *
 * The bytes (cut at the first NUL, as a C string reaches them) go through every
 * validator: the phone, e-mail and card number normalisers, the date check and the
 * search's guess of a query's kind. Query values reach them undecoded from UTF-8
 * (soup_form_decode() does not check it), so the bytes are not made valid first.
 * A value each accepts must be its own normal form (normalising it again changes nothing).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ld-error.h"
#include "ld-validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef char * (*Normalize) (const char      *input,
                             LdTranslateFunc  translate,
                             gpointer         user_data,
                             GError         **error);

static const char *
translate (const char *msgid,
           gpointer    user_data)
{
  return msgid;
}

/* answers the normal form of @input, or NULL with an INVALID_FIELD error */
static char *
check_normalize (Normalize   normalize,
                 const char *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *again = NULL;
  char *normal = normalize (input, translate, NULL, &error);

  if (normal == NULL)
    {
      g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return NULL;
    }
  g_assert_no_error (error);
  g_assert (g_utf8_validate (normal, -1, NULL));
  again = normalize (normal, translate, NULL, &again_error);
  g_assert_no_error (again_error);
  g_assert_cmpstr (again, ==, normal);
  return normal;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *card = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind;

  phone = check_normalize (ld_phone_normalize_full, input);
  if (phone != NULL)
    {
      g_assert (phone[0] == '+');
      ld_phone_is_mobile (phone);
    }
  ld_phone_is_mobile (input);

  email = check_normalize (ld_email_normalize_full, input);
  if (email != NULL)
    g_assert (strchr (email, '@') != NULL);

  card = check_normalize (ld_card_number_normalize_full, input);
  if (card != NULL)
    {
      gsize length = strlen (card);

      g_assert (length >= 6 && length <= 19);
      for (const char *p = card; *p; p++)
        g_assert (g_ascii_isdigit (*p));
    }

  if (!ld_date_validate_full (input, translate, NULL, &error))
    g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_FIELD);

  kind = ld_guess_query_kind (input);
  g_assert (kind != NULL);
  return 0;
}
