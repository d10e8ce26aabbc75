/* ld-test-storage.c — what the storage tests share */
#include "config.h"

#include "ld-test-storage.h"

void
ld_test_storage_exec (LdStorage  *storage,
                      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_database_exec (storage->db, sql, &error));
  g_assert_no_error (error);
}

LdStatement *
ld_test_storage_first_row (LdStorage  *storage,
                           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStatement) statement = NULL;

  statement = ld_database_prepare (storage->db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_statement_step (statement, &error), ==, LD_STEP_ROW);
  g_assert_no_error (error);
  return g_steal_pointer (&statement);
}

gint64
ld_test_storage_int (LdStorage  *storage,
                     const char *sql)
{
  g_autoptr(LdStatement) statement = ld_test_storage_first_row (storage, sql);

  return ld_statement_get_int (statement, 0);
}

char *
ld_test_storage_text (LdStorage  *storage,
                      const char *sql)
{
  g_autoptr(LdStatement) statement = ld_test_storage_first_row (storage, sql);

  return g_strdup (ld_statement_get_text (statement, 0));
}

char *
ld_test_storage_search (LdStorage  *storage,
                        const char *phone,
                        const char *card)
{
  g_autoptr(GError) error = NULL;
  LdMemberQuery query = { .phone = phone, .card = card };
  LdPageRequest page = { 50, NULL };
  char *text;

  text = ld_storage_search_members_json (storage, &query, &page, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}
