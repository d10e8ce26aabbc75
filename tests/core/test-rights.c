/* test-rights.c — the rights of the contract and the role bundles */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include "ld-core.h"

static const char * const agent_expected[] = {
  "member.search", "member.view", "member.register", "member.edit",
  "member.change_contacts", "member.send_password", "member.subscriptions",
  "member.favorites", "card.block", "card.link", "call.end", NULL
};

static void
test_all (void)
{
  const char * const *all = ld_rights_all ();

  g_assert_cmpuint (g_strv_length ((char **) all), ==, 25);
  for (guint i = 0; all[i] != NULL; i++)
    {
      g_assert_true (ld_right_is_known (all[i]));
      /* no duplicates */
      for (guint j = i + 1; all[j] != NULL; j++)
        g_assert_cmpstr (all[i], !=, all[j]);
    }
  g_assert_false (ld_right_is_known ("member.fly"));
  g_assert_false (ld_right_is_known (NULL));
  g_assert_true (ld_role_is_known ("agent"));
  g_assert_true (ld_role_is_known ("supervisor"));
  g_assert_true (ld_role_is_known ("admin"));
  g_assert_false (ld_role_is_known ("root"));
  g_assert_cmpuint (g_strv_length ((char **) ld_roles_all ()), ==, 3);
}

static void
test_agent (void)
{
  const char * const *rights = ld_role_rights ("agent");

  g_assert_nonnull (rights);
  g_assert_cmpuint (g_strv_length ((char **) rights), ==, 11);
  for (guint i = 0; agent_expected[i] != NULL; i++)
    g_assert_true (ld_rights_contains (rights, agent_expected[i]));
  g_assert_false (ld_rights_contains (rights, LD_RIGHT_MEMBER_MERGE));
  g_assert_false (ld_rights_contains (rights, LD_RIGHT_OUTBOX_VIEW));
  /* an agent ends only the calls it started */
  g_assert_false (ld_rights_contains (rights, LD_RIGHT_CALL_END_ANY));
}

static void
test_supervisor (void)
{
  const char * const *rights = ld_role_rights ("supervisor");
  const char * const *all = ld_rights_all ();

  for (guint i = 0; all[i] != NULL; i++)
    {
      gboolean expected = !g_str_equal (all[i], LD_RIGHT_CONFIG_EDIT) &&
                          !g_str_equal (all[i], LD_RIGHT_OPERATORS_MANAGE);

      g_test_message ("right %s", all[i]);
      g_assert_cmpint (ld_rights_contains (rights, all[i]), ==, expected);
    }
  g_assert_cmpuint (g_strv_length ((char **) rights), ==, 23);

  /* the supervisor has every right of the agent */
  for (guint i = 0; agent_expected[i] != NULL; i++)
    g_assert_true (ld_rights_contains (rights, agent_expected[i]));
}

static void
test_admin (void)
{
  const char * const *rights = ld_role_rights ("admin");
  const char * const *all = ld_rights_all ();

  for (guint i = 0; all[i] != NULL; i++)
    g_assert_true (ld_rights_contains (rights, all[i]));
  g_assert_null (ld_role_rights ("root"));
}

static void
test_resolve (void)
{
  const char * const granted[] = { LD_RIGHT_MEMBER_MERGE, NULL };
  const char * const denied[] = { LD_RIGHT_CARD_LINK, LD_RIGHT_MEMBER_FAVORITES, NULL };
  const char * const both[] = { LD_RIGHT_OUTBOX_VIEW, NULL };
  g_auto(GStrv) plain = ld_rights_resolve ("agent", NULL, NULL);
  g_auto(GStrv) limited = ld_rights_resolve ("agent", granted, denied);
  g_auto(GStrv) denial_wins = ld_rights_resolve ("supervisor", both, both);
  g_auto(GStrv) unknown = ld_rights_resolve ("root", NULL, NULL);
  g_auto(GStrv) unknown_granted = ld_rights_resolve ("root", granted, NULL);

  g_assert_cmpuint (g_strv_length (plain), ==, 11);

  g_assert_cmpuint (g_strv_length (limited), ==, 10);
  g_assert_true (g_strv_contains ((const char * const *) limited, LD_RIGHT_MEMBER_MERGE));
  g_assert_false (g_strv_contains ((const char * const *) limited, LD_RIGHT_CARD_LINK));
  g_assert_false (g_strv_contains ((const char * const *) limited, LD_RIGHT_MEMBER_FAVORITES));
  g_assert_true (g_strv_contains ((const char * const *) limited, LD_RIGHT_MEMBER_SEARCH));

  /* sorted as in ld_rights_all(): member.merge comes before card.block */
  {
    guint merge = 0, block = 0;

    for (guint i = 0; limited[i] != NULL; i++)
      {
        if (g_str_equal (limited[i], LD_RIGHT_MEMBER_MERGE))
          merge = i;
        if (g_str_equal (limited[i], LD_RIGHT_CARD_BLOCK))
          block = i;
      }
    g_assert_cmpuint (merge, <, block);
  }

  g_assert_false (g_strv_contains ((const char * const *) denial_wins, LD_RIGHT_OUTBOX_VIEW));
  g_assert_cmpuint (g_strv_length (denial_wins), ==, 22);

  g_assert_cmpuint (g_strv_length (unknown), ==, 0);
  g_assert_cmpuint (g_strv_length (unknown_granted), ==, 1);
}

static void
test_operator_has_right (void)
{
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(LdOperator) operator = NULL;
  g_autoptr(GError) error = NULL;

  json = ld_json_parse_object ("{\"id\":7,\"login\":\"agent-limited\",\"role\":\"agent\","
                               "\"rights\":[\"member.search\",\"member.view\"]}", -1, &error);
  g_assert_no_error (error);
  operator = ld_operator_new_from_json (json, &error);
  g_assert_no_error (error);

  g_assert_true (ld_operator_has_right (operator, LD_RIGHT_MEMBER_SEARCH));
  g_assert_true (ld_operator_has_right (operator, LD_RIGHT_MEMBER_VIEW));
  g_assert_false (ld_operator_has_right (operator, LD_RIGHT_CARD_LINK));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/rights/all", test_all);
  g_test_add_func ("/core/rights/bundle/agent", test_agent);
  g_test_add_func ("/core/rights/bundle/supervisor", test_supervisor);
  g_test_add_func ("/core/rights/bundle/admin", test_admin);
  g_test_add_func ("/core/rights/resolve/grants-and-denials", test_resolve);
  g_test_add_func ("/core/rights/operator/has-right", test_operator_has_right);

  return g_test_run ();
}
