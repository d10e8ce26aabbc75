/* ld-rights.c — rights and role bundles */
#define G_LOG_DOMAIN "ld-core"

#include "config.h"

#include "ld-rights.h"

/* agent plus the rest, but config.edit and operators.manage: the supervisor's bundle,
 * and every right but the admin's own two */
#define SUPERVISOR_RIGHTS \
  LD_RIGHT_MEMBER_SEARCH, \
  LD_RIGHT_MEMBER_VIEW, \
  LD_RIGHT_MEMBER_REGISTER, \
  LD_RIGHT_MEMBER_REGISTER_WITHOUT_CALL, \
  LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM, \
  LD_RIGHT_MEMBER_EDIT, \
  LD_RIGHT_MEMBER_CHANGE_CONTACTS, \
  LD_RIGHT_MEMBER_IDENTIFY_WITHOUT_PASSWORD, \
  LD_RIGHT_MEMBER_CHANGE_STATUS, \
  LD_RIGHT_MEMBER_SEND_PASSWORD, \
  LD_RIGHT_MEMBER_BLOCK, \
  LD_RIGHT_MEMBER_MERGE, \
  LD_RIGHT_MEMBER_SUBSCRIPTIONS, \
  LD_RIGHT_MEMBER_FAVORITES, \
  LD_RIGHT_MEMBER_REMOVE, \
  LD_RIGHT_CARD_BLOCK, \
  LD_RIGHT_CARD_LINK, \
  LD_RIGHT_CARD_REPLACE, \
  LD_RIGHT_CARD_DELETE, \
  LD_RIGHT_CARD_CHANGE_CATEGORY, \
  LD_RIGHT_OUTBOX_VIEW, \
  LD_RIGHT_CALL_END, \
  LD_RIGHT_CALL_END_ANY,

static const char * const all_rights[] = {
  SUPERVISOR_RIGHTS
  LD_RIGHT_CONFIG_EDIT,
  LD_RIGHT_OPERATORS_MANAGE,
  NULL
};

static const char * const agent_rights[] = {
  LD_RIGHT_MEMBER_SEARCH,
  LD_RIGHT_MEMBER_VIEW,
  LD_RIGHT_MEMBER_REGISTER,
  LD_RIGHT_MEMBER_EDIT,
  LD_RIGHT_MEMBER_CHANGE_CONTACTS,
  LD_RIGHT_MEMBER_SEND_PASSWORD,
  LD_RIGHT_MEMBER_SUBSCRIPTIONS,
  LD_RIGHT_MEMBER_FAVORITES,
  LD_RIGHT_CARD_BLOCK,
  LD_RIGHT_CARD_LINK,
  LD_RIGHT_CALL_END,
  NULL
};

static const char * const supervisor_rights[] = {
  SUPERVISOR_RIGHTS
  NULL
};

static const char * const all_roles[] = { "agent", "supervisor", "admin", NULL };

const char * const *
ld_rights_all (void)
{
  return all_rights;
}

gboolean
ld_right_is_known (const char *right)
{
  return right != NULL && g_strv_contains (all_rights, right);
}

const char * const *
ld_roles_all (void)
{
  return all_roles;
}

gboolean
ld_role_is_known (const char *role)
{
  return role != NULL && g_strv_contains (all_roles, role);
}

const char * const *
ld_role_rights (const char *role)
{
  if (role == NULL)
    return NULL;
  if (g_str_equal (role, "agent"))
    return agent_rights;
  if (g_str_equal (role, "supervisor"))
    return supervisor_rights;
  if (g_str_equal (role, "admin"))
    return all_rights;
  return NULL;
}

gboolean
ld_rights_contains (const char * const *rights,
                    const char         *right)
{
  g_return_val_if_fail (right != NULL, FALSE);

  return rights != NULL && g_strv_contains (rights, right);
}

char **
ld_rights_resolve (const char         *role,
                   const char * const *granted,
                   const char * const *denied)
{
  const char * const *bundle = ld_role_rights (role);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; all_rights[i] != NULL; i++)
    {
      const char *right = all_rights[i];
      gboolean has = ld_rights_contains (bundle, right) ||
                     (granted != NULL && g_strv_contains (granted, right));

      if (denied != NULL && g_strv_contains (denied, right))
        has = FALSE;
      if (has)
        g_strv_builder_add (builder, right);
    }

  return g_strv_builder_end (builder);
}
