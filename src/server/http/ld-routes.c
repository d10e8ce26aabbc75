/* ld-routes.c — the route table: every endpoint, its right and its query, in one place
 *
 * Each route's right is declared here and only here; ld-router.c matches requests
 * against the table and ld-server.c checks the right before the handler runs.
 * tests/server/test-openapi.c reads the table through ld_server_get_routes() and checks
 * it against openapi.json: a route added here is described there.
 */
#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include "ld-rights.h"
#include "ld-router.h"
#include "ld-server-private.h"

#define API "/api/v1"

static const char * const no_query[] = { NULL };
static const char * const page_query[] = { "limit", "cursor", NULL };
static const char * const search_query[] = {
  "phone", "card", "email", "name", "birth_date", "answers.*", "q", "limit", "cursor", NULL
};
static const char * const cards_query[] = { "state", "limit", "cursor", NULL };
static const char * const purchases_query[] = {
  "sort", "order", "status", "receipt", "limit", "cursor", NULL
};
static const char * const operations_query[] = { "sort", "order", "card", "limit", "cursor", NULL };
static const char * const messages_query[] = {
  "from", "to", "status", "channel", "limit", "cursor", NULL
};
static const char * const products_query[] = { "q", "limit", "cursor", NULL };
static const char * const outbox_query[] = { "phone", "limit", "cursor", NULL };
static const char * const calls_query[] = { "state", "operator_id", "limit", "cursor", NULL };

static const LdRoute routes[] = {
  { "GET",  "/healthz",       NULL, no_query, LD_ROUTE_FLAGS_PUBLIC | LD_ROUTE_FLAGS_QUIET, ld_server_handle_healthz },
  { "GET",  API "/healthz",   NULL, no_query, LD_ROUTE_FLAGS_PUBLIC | LD_ROUTE_FLAGS_QUIET, ld_server_handle_healthz },
  { "GET",  "/metrics",       NULL, no_query, LD_ROUTE_FLAGS_PUBLIC, ld_server_handle_metrics },
  { "GET",  API "/metrics",   NULL, no_query, LD_ROUTE_FLAGS_PUBLIC, ld_server_handle_metrics },

  { "GET",  API "/openapi.json", NULL, no_query, LD_ROUTE_FLAGS_PUBLIC, ld_server_handle_openapi },

  { "POST", API "/auth/login",  NULL, no_query, LD_ROUTE_FLAGS_PUBLIC, ld_server_handle_login },
  { "POST", API "/auth/logout", NULL, no_query, 0, ld_server_handle_logout },
  { "GET",  API "/me",          NULL, no_query, 0, ld_server_handle_me },

  { "GET",  API "/config", NULL,                  no_query, 0, ld_server_handle_get_config },
  { "PUT",  API "/config", LD_RIGHT_CONFIG_EDIT,  no_query, 0, ld_server_handle_put_config },

  { "POST", API "/calls",  NULL, no_query, 0, ld_server_handle_start_call },
  { "GET",  API "/calls",  NULL, calls_query, 0, ld_server_handle_list_calls },
  { "GET",  API "/calls/{id}",     NULL,               no_query, 0, ld_server_handle_get_call },
  { "POST", API "/calls/{id}/end", LD_RIGHT_CALL_END,  no_query, 0, ld_server_handle_end_call },

  { "POST",   API "/registrations",                       LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_start_registration },
  { "GET",    API "/registrations",                       LD_RIGHT_MEMBER_REGISTER, outbox_query, 0, ld_server_handle_list_registrations },
  { "GET",    API "/registrations/{id}",                  LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_get_registration },
  { "DELETE", API "/registrations/{id}",                  LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_cancel_registration },
  { "POST",   API "/registrations/{id}/card",             LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_card },
  { "POST",   API "/registrations/{id}/phone/send-code",  LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_send_code },
  { "POST",   API "/registrations/{id}/phone/confirm",    LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_confirm },
  { "POST",   API "/registrations/{id}/phone/skip",       LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_skip_phone },
  { "POST",   API "/registrations/{id}/virtual-card",     LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_virtual_card },
  { "POST",   API "/registrations/{id}/email",            LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_email },
  { "POST",   API "/registrations/{id}/consent",          LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_consent },
  { "POST",   API "/registrations/{id}/password",         LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_password },
  { "POST",   API "/registrations/{id}/complete",         LD_RIGHT_MEMBER_REGISTER, no_query,     0, ld_server_handle_registration_complete },

  { "GET",  API "/members",                             LD_RIGHT_MEMBER_SEARCH, search_query,     0, ld_server_handle_search_members },
  { "GET",  API "/members/{id}",                        LD_RIGHT_MEMBER_VIEW,   no_query,         0, ld_server_handle_get_member },
  { "DELETE", API "/members/{id}",                      LD_RIGHT_MEMBER_REMOVE, no_query,         0, ld_server_handle_remove_member },
  { "GET",  API "/members/{id}/purchases",              LD_RIGHT_MEMBER_VIEW,   purchases_query,  0, ld_server_handle_purchases },
  { "GET",  API "/members/{id}/operations",             LD_RIGHT_MEMBER_VIEW,   operations_query, 0, ld_server_handle_operations },
  { "GET",  API "/members/{id}/messages",               LD_RIGHT_MEMBER_VIEW,   messages_query,   0, ld_server_handle_messages },
  { "GET",  API "/members/{id}/actions",                LD_RIGHT_MEMBER_VIEW,   page_query,       0, ld_server_handle_actions },
  { "GET",  API "/members/{id}/favorites",              LD_RIGHT_MEMBER_VIEW,   no_query,         0, ld_server_handle_favorites },
  { "GET",  API "/members/{id}/favorites/history",      LD_RIGHT_MEMBER_VIEW,   page_query,       0, ld_server_handle_favorites_history },
  { "GET",  API "/members/{id}/subscriptions",          LD_RIGHT_MEMBER_VIEW,   no_query,         0, ld_server_handle_subscriptions },
  { "PUT",  API "/members/{id}/subscriptions",          LD_RIGHT_MEMBER_SUBSCRIPTIONS, no_query,  0, ld_server_handle_update_subscriptions },
  { "PUT",  API "/members/{id}/favorites",              LD_RIGHT_MEMBER_FAVORITES, no_query,      0, ld_server_handle_update_favorites },
  { "POST", API "/members/{id}/cards",                  LD_RIGHT_CARD_LINK,     no_query,         0, ld_server_handle_link_card },
  { "PATCH", API "/members/{id}",                       LD_RIGHT_MEMBER_EDIT,            no_query, 0, ld_server_handle_update_member },
  { "POST",  API "/members/{id}/identify",              LD_RIGHT_MEMBER_CHANGE_CONTACTS, no_query, 0, ld_server_handle_identify_member },
  { "PUT",   API "/members/{id}/email",                 LD_RIGHT_MEMBER_CHANGE_CONTACTS, no_query, 0, ld_server_handle_change_member_email },
  { "POST",  API "/members/{id}/phone/send-code",       LD_RIGHT_MEMBER_CHANGE_CONTACTS, no_query, 0, ld_server_handle_member_phone_code },
  { "PUT",   API "/members/{id}/phone",                 LD_RIGHT_MEMBER_CHANGE_CONTACTS, no_query, 0, ld_server_handle_change_member_phone },
  { "POST",  API "/members/{id}/send-password",         LD_RIGHT_MEMBER_SEND_PASSWORD,   no_query, 0, ld_server_handle_send_member_password },
  { "POST", API "/members/{id}/block",                  LD_RIGHT_MEMBER_BLOCK,  no_query,         0, ld_server_handle_block_member },
  { "POST", API "/members/{id}/unblock",                LD_RIGHT_MEMBER_BLOCK,  no_query,         0, ld_server_handle_unblock_member },
  { "POST", API "/members/{id}/status",                 LD_RIGHT_MEMBER_CHANGE_STATUS, no_query,  0, ld_server_handle_member_status },
  { "POST", API "/members/{id}/merge",                  LD_RIGHT_MEMBER_MERGE,  no_query,         0, ld_server_handle_merge_members },

  { "GET",  API "/cards",          LD_RIGHT_CARD_LINK,   cards_query, 0, ld_server_handle_list_cards },
  { "GET",  API "/cards/{number}", LD_RIGHT_MEMBER_VIEW, no_query,    0, ld_server_handle_get_card },
  { "DELETE", API "/cards/{number}",          LD_RIGHT_CARD_DELETE,          no_query, 0, ld_server_handle_delete_card },
  { "POST",   API "/cards/{number}/block",    LD_RIGHT_CARD_BLOCK,           no_query, 0, ld_server_handle_block_card },
  { "POST",   API "/cards/{number}/unblock",  LD_RIGHT_CARD_BLOCK,           no_query, 0, ld_server_handle_unblock_card },
  { "POST",   API "/cards/{number}/replace",  LD_RIGHT_CARD_REPLACE,         no_query, 0, ld_server_handle_replace_card },
  { "POST",   API "/cards/{number}/category", LD_RIGHT_CARD_CHANGE_CATEGORY, no_query, 0, ld_server_handle_change_card_category },
  { "POST",   API "/cards/{number}/restore",  LD_RIGHT_CARD_DELETE,          no_query, 0, ld_server_handle_restore_card },

  { "GET",  API "/products", LD_RIGHT_MEMBER_VIEW, products_query, 0, ld_server_handle_products },
  { "GET",  API "/outbox",   LD_RIGHT_OUTBOX_VIEW, outbox_query,   0, ld_server_handle_outbox },
};

/**
 * ld_server_get_routes:
 * @n_routes: (out): the number of routes
 *
 * Returns: (transfer none): every route the server answers
 */
const LdRoute *
ld_server_get_routes (guint *n_routes)
{
  g_return_val_if_fail (n_routes != NULL, NULL);

  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
