/* test-retry-key.c — LdRetryKey: the same key only for the same request after a lost
 * answer; a new one for another request, or after an answer */
#include "config.h"

#include "ld-retry-key.h"

static void
test_lost_answer_keeps_the_key (void)
{
  LdRetryKey retry = { 0, };
  g_autofree char *first = NULL;
  gboolean made_new = FALSE;

  g_assert_null (ld_retry_key_peek (&retry));
  first = g_strdup (ld_retry_key_take (&retry, "{\"city\":\"Tver\"}", &made_new));
  g_assert_true (made_new);
  g_assert_true (g_uuid_string_is_valid (first));
  g_assert_cmpstr (ld_retry_key_peek (&retry), ==, first);

  /* lost: sent again as it was, under the same key */
  ld_retry_key_answered (&retry, TRUE);
  g_assert_cmpstr (ld_retry_key_take (&retry, "{\"city\":\"Tver\"}", &made_new), ==, first);
  g_assert_false (made_new);

  /* answered at last: the same text again is a new submit */
  ld_retry_key_answered (&retry, FALSE);
  g_assert_cmpstr (ld_retry_key_take (&retry, "{\"city\":\"Tver\"}", &made_new), !=, first);
  g_assert_true (made_new);

  ld_retry_key_clear (&retry);
  g_assert_null (ld_retry_key_peek (&retry));
}

static void
test_another_request_gets_another_key (void)
{
  LdRetryKey retry = { 0, };
  g_autofree char *first = NULL;
  gboolean made_new = FALSE;

  first = g_strdup (ld_retry_key_take (&retry, "{\"city\":\"Tver\"}", NULL));
  /* a second submit before any answer is another submit too */
  g_assert_cmpstr (ld_retry_key_take (&retry, "{\"city\":\"Tver\"}", &made_new), !=, first);
  g_assert_true (made_new);
  g_free (first);
  first = g_strdup (ld_retry_key_peek (&retry));
  ld_retry_key_answered (&retry, TRUE);

  /* changed after the lost answer: another request, which the old key would be refused for */
  g_assert_cmpstr (ld_retry_key_take (&retry, "{\"city\":\"Omsk\"}", &made_new), !=, first);
  g_assert_true (made_new);
  ld_retry_key_clear (&retry);
}

static void
test_answered_request_gets_a_new_key (void)
{
  LdRetryKey retry = { 0, };
  g_autofree char *first = NULL;
  gboolean made_new = FALSE;

  first = g_strdup (ld_retry_key_take (&retry, "{\"city\":\"Tver\"}", NULL));
  /* answered (done, or refused): sending it again is a new submit */
  ld_retry_key_answered (&retry, FALSE);
  g_assert_cmpstr (ld_retry_key_peek (&retry), ==, first);
  g_assert_cmpstr (ld_retry_key_take (&retry, "{\"city\":\"Tver\"}", &made_new), !=, first);
  g_assert_true (made_new);
  ld_retry_key_clear (&retry);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/retry-key/lost-answer-keeps-the-key", test_lost_answer_keeps_the_key);
  g_test_add_func ("/core/retry-key/another-request-gets-another-key", test_another_request_gets_another_key);
  g_test_add_func ("/core/retry-key/answered-request-gets-a-new-key", test_answered_request_gets_a_new_key);

  return g_test_run ();
}
