/* ld-rights.h — the operator rights of DESIGN.md (the names are the contract) and the role bundles */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_RIGHT_MEMBER_SEARCH                      "member.search"
#define LD_RIGHT_MEMBER_VIEW                        "member.view"
#define LD_RIGHT_MEMBER_REGISTER                    "member.register"
#define LD_RIGHT_MEMBER_REGISTER_WITHOUT_CALL       "member.register_without_call"
#define LD_RIGHT_MEMBER_REGISTER_SKIP_PHONE_CONFIRM "member.register_skip_phone_confirmation"
#define LD_RIGHT_MEMBER_EDIT                        "member.edit"
#define LD_RIGHT_MEMBER_CHANGE_CONTACTS             "member.change_contacts"
#define LD_RIGHT_MEMBER_IDENTIFY_WITHOUT_PASSWORD   "member.identify_without_password"
#define LD_RIGHT_MEMBER_CHANGE_STATUS               "member.change_status"
#define LD_RIGHT_MEMBER_SEND_PASSWORD               "member.send_password"
#define LD_RIGHT_MEMBER_BLOCK                       "member.block"
#define LD_RIGHT_MEMBER_MERGE                       "member.merge"
#define LD_RIGHT_MEMBER_SUBSCRIPTIONS               "member.subscriptions"
#define LD_RIGHT_MEMBER_FAVORITES                   "member.favorites"
#define LD_RIGHT_MEMBER_REMOVE                      "member.remove"
#define LD_RIGHT_CARD_BLOCK                         "card.block"
#define LD_RIGHT_CARD_LINK                          "card.link"
#define LD_RIGHT_CARD_REPLACE                       "card.replace"
#define LD_RIGHT_CARD_DELETE                        "card.delete"
#define LD_RIGHT_CARD_CHANGE_CATEGORY               "card.change_category"
#define LD_RIGHT_OUTBOX_VIEW                        "outbox.view"
#define LD_RIGHT_CALL_END                           "call.end"
/* with call.end: end (and read) a call another operator started */
#define LD_RIGHT_CALL_END_ANY                       "call.end_any"
#define LD_RIGHT_CONFIG_EDIT                        "config.edit"
#define LD_RIGHT_OPERATORS_MANAGE                   "operators.manage"

/* every right, in the order of DESIGN.md; NULL-terminated */
const char * const *ld_rights_all          (void);
gboolean            ld_right_is_known      (const char *right);

/* "agent", "supervisor", "admin"; NULL-terminated */
const char * const *ld_roles_all           (void);
gboolean            ld_role_is_known       (const char *role);

/* the bundle of a role; NULL for an unknown role */
const char * const *ld_role_rights         (const char *role);

/**
 * ld_rights_resolve:
 * @role: the operator's role
 * @granted: (nullable): single rights granted on top of the role
 * @denied: (nullable): single rights taken away (denial wins over a grant)
 *
 * Returns: (transfer full): the effective rights, sorted as in ld_rights_all()
 */
char              **ld_rights_resolve      (const char         *role,
                                            const char * const *granted,
                                            const char * const *denied);

gboolean            ld_rights_contains     (const char * const *rights,
                                            const char         *right);

G_END_DECLS
