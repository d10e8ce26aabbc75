/* test-model.c — every domain object keeps every field through JSON, and refuses wrong types */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include "ld-core.h"

/* every known field of each type, a null where the contract allows one, and members a
 * newer server might add */
#define FUTURE ", \"future_flag\": true, \"future_object\": {\"a\": [1, \"two\", null, {\"b\": false}]}"

static const struct {
  const char *name;
  const char *json;
} samples[] = {
  { "LdOperator", "{\"id\": 3, \"login\": \"agent\", \"name\": \"Анна Смирнова\", \"role\": \"agent\","
                  " \"rights\": [\"member.search\", \"card.link\"]" FUTURE "}" },
  { "LdAccount", "{\"balance\": 1500, \"blocked\": true, \"blocked_reason\": \"fraud\", \"id\": 4" FUTURE "}" },
  { "LdCard", "{\"number\": \"2000000000017\", \"type\": \"physical\", \"category\": \"gold\","
              " \"state\": \"issued\", \"balance\": 0, \"main\": false, \"owner_id\": null,"
              " \"blocked_reason\": null, \"version\": 4, \"issued_at\": \"2025-08-11T12:00:00Z\", \"activated_at\": null,"
              " \"replaced_by\": null, \"first_purchase_pos\": \"Магазин 2\", \"owner\": null" FUTURE "}" },
  { "LdStatus", "{\"system\": \"main\", \"level\": \"silver\", \"assigned_at\": \"2023-01-31T12:00:00Z\"" FUTURE "}" },
  { "LdMember", "{\"id\": 1, \"first_name\": \"Иван\", \"last_name\": \"Петров\", \"middle_name\": \"Сергеевич\","
                " \"phone\": \"+79991234567\", \"email\": \"ivan@example.com\", \"birth_date\": \"1990-05-17\","
                " \"main_card\": {\"number\": \"2000000000017\", \"category\": \"gold\", \"state\": \"activated\"},"
                " \"statuses\": [{\"system\": \"main\", \"level\": \"gold\"}, {\"system\": \"kids\", \"level\": \"1\"}],"
                " \"balance\": 250, \"blocked\": false,"
                " \"answers\": {\"city\": \"Москва\", \"kids\": 2, \"pets\": [\"cat\"]},"
                " \"account\": {\"balance\": 250, \"blocked\": false, \"blocked_reason\": null},"
                " \"cards\": [{\"number\": \"2000000000017\", \"type\": \"physical\", \"main\": true, \"owner_id\": 1},"
                "             {\"number\": \"9000000000011\", \"type\": \"virtual\", \"state\": \"activated\"" FUTURE "}],"
                " \"consents\": {\"offer\": true, \"personal_data\": true},"
                " \"merged_members\": [{\"id\": 2, \"first_name\": \"Мария\", \"main_card\": null}],"
                " \"version\": 12, \"created_at\": \"2022-11-02T12:00:00Z\", \"updated_at\": \"2022-11-02T12:00:00Z\","
                " \"has_password\": true" FUTURE "}" },
  { "LdPurchase", "{\"id\": 10, \"receipt\": \"R-0001\", \"purchased_at\": \"2026-01-02T10:00:00Z\", \"pos\": \"Shop 1\","
                  " \"program\": \"base\", \"status\": \"confirmed\", \"card\": \"2000000000017\","
                  " \"amount\": 123450, \"bonus_accrued\": 1234, \"bonus_deducted\": 0, \"member_id\": 1" FUTURE "}" },
  { "LdOperation", "{\"id\": 11, \"performed_at\": \"2026-01-02T10:00:00Z\", \"card\": \"2000000000017\","
                   " \"kind\": \"deduction\", \"amount\": -50, \"pos\": null, \"description\": \"Списание\","
                   " \"purchase_id\": 10" FUTURE "}" },
  { "LdMessage", "{\"id\": 12, \"sent_at\": \"2026-01-02T10:00:00Z\", \"channel\": \"sms\", \"status\": \"delivered\","
                 " \"address\": \"+79991234567\", \"subject\": null, \"text\": \"Код 1234\", \"mailing_type\": \"service\"" FUTURE "}" },
  { "LdSubscription", "{\"mailing_type\": \"news\", \"channel\": \"email\", \"enabled\": true" FUTURE "}" },
  { "LdFavorite", "{\"product_id\": 5, \"sku\": \"SKU-5\", \"name\": \"Чай\", \"added_at\": \"2026-01-02T10:00:00Z\"" FUTURE "}" },
  { "LdFavoriteChange", "{\"id\": 6, \"product_id\": 5, \"sku\": \"SKU-5\", \"name\": \"Чай\", \"change\": \"removed\","
                        " \"changed_at\": \"2026-01-02T10:00:00Z\", \"operator_id\": null, \"operator_login\": null" FUTURE "}" },
  { "LdProduct", "{\"id\": 5, \"sku\": \"SKU-5\", \"name\": \"Чай\", \"category\": \"drinks\", \"price\": 19900,"
                 " \"active\": true" FUTURE "}" },
  { "LdAction", "{\"id\": 7, \"created_at\": \"2026-01-02T10:00:00Z\", \"operator_id\": 3, \"operator_login\": \"agent\","
                " \"operator_name\": \"Анна\", \"action\": \"card.block\", \"target\": \"card:2000000000017\","
                " \"reason\": \"lost\"" FUTURE "}" },
  { "LdCall", "{\"id\": 8, \"phone\": \"+79991234567\", \"started_at\": \"2026-01-02T10:00:00Z\", \"ended_at\": null,"
              " \"member\": {\"id\": 1, \"first_name\": \"Иван\", \"statuses\": []}, \"ticket_id\": \"42\","
              " \"ticket_number\": \"2026010210000042\", \"ticket_state\": \"pending\", \"end_reason\": null,"
              " \"operator_id\": 1, \"member_id\": 1" FUTURE "}" },
  { "LdOutboxItem", "{\"id\": 9, \"channel\": \"email\", \"to\": \"ivan@example.com\", \"text\": \"Код 5678\","
                    " \"status\": \"sent\", \"created_at\": \"2026-01-02T10:00:00Z\"" FUTURE "}" },
  { "LdConfig", "{\"registration\": {\"mode\": \"phone\", \"continue_without_card\": true, \"virtual_card\": true,"
                " \"email_required\": false, \"future\": 1},"
                " \"application_form\": [{\"key\": \"city\", \"label\": \"Город\", \"type\": \"choice\", \"required\": true,"
                " \"editable\": true, \"options\": [\"Москва\", \"Казань\"]}],"
                " \"max_cards\": 5, \"max_merge_members\": 4, \"favorites\": {\"enabled\": true, \"max\": 3},"
                " \"status_systems\": [{\"key\": \"main\", \"levels\": [\"silver\", \"gold\"]}],"
                " \"card_categories\": [\"standard\", \"gold\"], \"mailing_types\": [\"news\"], \"channels\": [\"sms\", \"email\"],"
                " \"reasons\": {\"card_block\": [\"lost\", \"damaged\"], \"member_removal\": [\"request\"], \"call_end\": [\"done\"]},"
                " \"tickets\": {\"enabled\": false, \"url\": null, \"queue\": \"Raw\", \"user\": \"ld\"}" FUTURE "}" },
  { "LdPage", "{\"items\": [{\"id\": 10, \"receipt\": \"R-0001\"}, {\"id\": 11, \"status\": \"canceled\"" FUTURE "}],"
              " \"next_cursor\": \"eyJpZCI6MTF9\", \"total\": 1200" FUTURE "}" },
};

static gpointer
new_from_json (GType        type,
               JsonObject  *json,
               GError     **error)
{
  if (type == LD_TYPE_CONFIG)
    return ld_config_new_from_json (json, error);
  if (type == LD_TYPE_PAGE)
    return ld_page_new_from_json (json, LD_TYPE_PURCHASE, error);
  return ld_model_new_from_json (type, json, NULL, error);
}

static JsonObject *
to_json (GObject *object)
{
  if (LD_IS_CONFIG (object))
    return ld_config_to_json (LD_CONFIG (object));
  if (LD_IS_PAGE (object))
    return ld_page_to_json (LD_PAGE (object));
  return ld_model_to_json (object);
}

static gboolean
json_object_equal_deep (JsonObject *a,
                        JsonObject *b)
{
  g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), a);
  g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), b);

  return json_node_equal (na, nb);
}

static void
test_round_trip (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  GType type = g_type_from_name (samples[i].name);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  GObject *object;
  GObject *copy;

  g_assert_cmpuint (type, !=, G_TYPE_INVALID);

  json = ld_json_parse_object (samples[i].json, -1, &error);
  g_assert_no_error (error);

  object = new_from_json (type, json, &error);
  g_assert_no_error (error);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (object, type));

  again = to_json (object);
  expected = ld_json_object_to_string (json);
  got = ld_json_object_to_string (again);
  g_test_message ("expected %s", expected);
  g_test_message ("got      %s", got);
  g_assert_true (json_object_equal_deep (json, again));

  /* and once more, from what we wrote */
  copy = new_from_json (type, again, &error);
  g_assert_no_error (error);
  third = to_json (copy);
  g_assert_true (json_object_equal_deep (json, third));

  /* writing is a copy: changing the output leaves the object alone */
  json_object_set_string_member (again, "future_flag", "changed");
  g_clear_pointer (&third, json_object_unref);
  third = to_json (copy);
  g_assert_true (json_object_equal_deep (json, third));

  g_assert_finalize_object (copy);
  g_assert_finalize_object (object);
}

static void
test_getters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = ld_json_parse_object (samples[4].json, -1, &error);
  g_autoptr(LdMember) member = NULL;
  g_autoptr(LdCard) second_card = NULL;
  g_autoptr(LdStatus) status = NULL;
  g_autoptr(LdMember) merged = NULL;
  LdCard *main_card;

  g_assert_no_error (error);
  member = ld_member_new_from_json (json, &error);
  g_assert_no_error (error);

  g_assert_cmpint (ld_member_get_id (member), ==, 1);
  g_assert_cmpstr (ld_member_get_first_name (member), ==, "Иван");
  g_assert_cmpstr (ld_member_get_last_name (member), ==, "Петров");
  g_assert_cmpstr (ld_member_get_middle_name (member), ==, "Сергеевич");
  g_assert_cmpstr (ld_member_get_phone (member), ==, "+79991234567");
  g_assert_cmpstr (ld_member_get_email (member), ==, "ivan@example.com");
  g_assert_cmpstr (ld_member_get_birth_date (member), ==, "1990-05-17");
  g_assert_cmpint (ld_member_get_balance (member), ==, 250);
  g_assert_false (ld_member_get_blocked (member));
  g_assert_cmpint (ld_member_get_version (member), ==, 12);

  main_card = ld_member_get_main_card (member);
  g_assert_true (LD_IS_CARD (main_card));
  g_assert_cmpstr (ld_card_get_number (main_card), ==, "2000000000017");
  g_assert_cmpstr (ld_card_get_category (main_card), ==, "gold");

  g_assert_cmpuint (g_list_model_get_n_items (ld_member_get_statuses (member)), ==, 2);
  g_assert_true (g_list_model_get_item_type (ld_member_get_statuses (member)) == LD_TYPE_STATUS);
  status = g_list_model_get_item (ld_member_get_statuses (member), 1);
  g_assert_cmpstr (ld_status_get_system (status), ==, "kids");
  g_assert_cmpstr (ld_status_get_level (status), ==, "1");

  g_assert_cmpuint (g_list_model_get_n_items (ld_member_get_cards (member)), ==, 2);
  second_card = g_list_model_get_item (ld_member_get_cards (member), 1);
  g_assert_cmpstr (ld_card_get_card_type (second_card), ==, "virtual");
  g_assert_cmpstr (ld_card_get_state (second_card), ==, "activated");
  g_assert_cmpint (ld_card_get_owner_id (second_card), ==, 0);

  g_assert_cmpint (ld_account_get_balance (ld_member_get_account (member)), ==, 250);
  g_assert_null (ld_account_get_blocked_reason (ld_member_get_account (member)));
  g_assert_cmpstr (json_object_get_string_member (ld_member_get_answers (member), "city"), ==, "Москва");
  g_assert_true (json_object_get_boolean_member (ld_member_get_consents (member), "offer"));

  merged = g_list_model_get_item (ld_member_get_merged_members (member), 0);
  g_assert_cmpint (ld_member_get_id (merged), ==, 2);
  g_assert_null (ld_member_get_main_card (merged));

  /* the search result shape has none of the profile's lists */
  {
    g_autoptr(JsonObject) small = ld_json_parse_object ("{\"id\": 5}", -1, &error);
    g_autoptr(LdMember) result = ld_member_new_from_json (small, &error);

    g_assert_no_error (error);
    g_assert_null (ld_member_get_cards (result));
    g_assert_null (ld_member_get_account (result));
    g_assert_null (ld_member_get_first_name (result));
  }
}

static void
test_first_getter_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) purchase_json = ld_json_parse_object (samples[5].json, -1, &error);
  g_autoptr(JsonObject) operation_json = ld_json_parse_object (samples[6].json, -1, &error);
  g_autoptr(LdPurchase) purchase = ld_purchase_new_from_json (purchase_json, &error);
  g_autoptr(LdOperation) operation = ld_operation_new_from_json (operation_json, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ld_purchase_get_date (purchase), ==, "2026-01-02T10:00:00Z");
  g_assert_cmpstr (ld_purchase_get_card_number (purchase), ==, "2000000000017");
  g_assert_cmpint (ld_purchase_get_points_accrued (purchase), ==, 1234);
  g_assert_cmpstr (ld_operation_get_card_number (operation), ==, "2000000000017");
  g_assert_cmpstr (ld_operation_get_operation_type (operation), ==, "deduction");
  g_assert_cmpint (ld_operation_get_points (operation), ==, -50);
}

static void
test_config_getters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = ld_json_parse_object (samples[15].json, -1, &error);
  g_autoptr(LdConfig) config = NULL;
  g_autoptr(LdConfig) empty = NULL;
  g_autoptr(JsonObject) empty_json = json_object_new ();

  g_assert_no_error (error);
  config = ld_config_new_from_json (json, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ld_config_get_registration_mode (config), ==, "phone");
  g_assert_true (ld_config_get_continue_without_card (config));
  g_assert_true (ld_config_get_virtual_card (config));
  g_assert_false (ld_config_get_email_required (config));
  g_assert_cmpint (ld_config_get_max_cards (config), ==, 5);
  g_assert_cmpint (ld_config_get_max_merge_members (config), ==, 4);
  g_assert_true (ld_config_get_favorites_enabled (config));
  g_assert_cmpint (ld_config_get_favorites_max (config), ==, 3);
  g_assert_false (ld_config_get_tickets_enabled (config));
  g_assert_cmpuint (json_array_get_length (ld_config_get_application_form (config)), ==, 1);
  g_assert_cmpuint (json_array_get_length (ld_config_get_card_categories (config)), ==, 2);
  g_assert_cmpuint (json_array_get_length (ld_config_get_reasons (config, "card_block")), ==, 2);
  g_assert_null (ld_config_get_reasons (config, "no_such_kind"));
  g_assert_cmpstr (json_object_get_string_member (ld_config_get_form_field (config, "city"), "label"), ==, "Город");
  g_assert_null (ld_config_get_form_field (config, "nothing"));

  /* a config that is changed after reading keeps its own copy */
  json_object_set_int_member (json, "max_cards", 99);
  g_assert_cmpint (ld_config_get_max_cards (config), ==, 5);

  /* an empty document has defaults */
  empty = ld_config_new_from_json (empty_json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_config_get_registration_mode (empty), ==, "card");
  g_assert_cmpint (ld_config_get_max_cards (empty), ==, 0);
  g_assert_null (ld_config_get_application_form (empty));
}

static void
test_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = ld_json_parse_object ("{\"items\": [], \"next_cursor\": null, \"total\": 0}", -1, &error);
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(LdPage) page = NULL;

  g_assert_no_error (error);
  page = ld_page_new_from_json (json, LD_TYPE_OPERATION, &error);
  g_assert_no_error (error);
  g_assert_true (ld_page_get_item_type (page) == LD_TYPE_OPERATION);
  g_assert_true (g_list_model_get_item_type (ld_page_get_items (page)) == LD_TYPE_OPERATION);
  g_assert_cmpuint (ld_page_get_n_items (page), ==, 0);
  g_assert_null (ld_page_get_next_cursor (page));
  g_assert_cmpint (ld_page_get_total (page), ==, 0);

  again = ld_page_to_json (page);
  g_assert_true (json_object_equal_deep (json, again));
}

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* two pages appended to one store: the items in order after what was there, one change a page */
static void
test_page_append_items_to (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first_json = ld_json_parse_object ("{\"items\": [{\"id\": 1}, {\"id\": 2}],"
                                                           " \"next_cursor\": \"c2\", \"total\": 3}", -1, &error);
  g_autoptr(JsonObject) last_json = ld_json_parse_object ("{\"items\": [{\"id\": 3}], \"next_cursor\": null,"
                                                          " \"total\": 3}", -1, &error);
  g_autoptr(LdPage) first = NULL;
  g_autoptr(LdPage) last = NULL;
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  guint changes = 0;

  g_assert_no_error (error);
  first = ld_page_new_from_json (first_json, LD_TYPE_PURCHASE, &error);
  g_assert_no_error (error);
  last = ld_page_new_from_json (last_json, LD_TYPE_PURCHASE, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "items-changed", G_CALLBACK (count_items_changed_cb), &changes);

  ld_page_append_items_to (first, store);
  g_assert_cmpuint (changes, ==, 1);
  ld_page_append_items_to (last, store);
  g_assert_cmpuint (changes, ==, 2);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(LdPurchase) purchase = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_cmpint (ld_purchase_get_id (purchase), ==, i + 1);
    }
  /* the pages keep their own items */
  g_assert_cmpuint (ld_page_get_n_items (first), ==, 2);
}

/* an object made in code writes every field; a field set after reading is written too */
static void
test_built_in_code (void)
{
  g_autoptr(LdCard) card = g_object_new (LD_TYPE_CARD, "number", "123456", "main", TRUE, NULL);
  g_autoptr(JsonObject) json = ld_card_to_json (card);
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(LdSubscription) subscription = NULL;
  g_autoptr(JsonObject) written = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (json_object_get_string_member (json, "number"), ==, "123456");
  g_assert_true (json_object_get_boolean_member (json, "main"));
  g_assert_true (json_object_has_member (json, "state"));
  g_assert_true (json_object_get_null_member (json, "state"));
  g_assert_cmpint (json_object_get_int_member (json, "balance"), ==, 0);
  g_assert_false (json_object_has_member (json, "card-type"));

  read = ld_json_parse_object ("{\"mailing_type\": \"news\", \"channel\": \"sms\"}", -1, &error);
  subscription = ld_subscription_new_from_json (read, &error);
  g_assert_no_error (error);
  g_assert_false (ld_subscription_get_enabled (subscription));
  g_object_set (subscription, "enabled", TRUE, NULL);
  written = ld_subscription_to_json (subscription);
  g_assert_true (json_object_get_boolean_member (written, "enabled"));
  g_assert_cmpuint (json_object_get_size (written), ==, 3);
}

static const struct {
  const char *name;   /* the type */
  const char *json;
  const char *field;  /* the error message names it */
} wrong_types[] = {
  { "LdCard", "{\"number\": 2000000000017}", "number" },
  { "LdCard", "{\"balance\": \"100\"}", "balance" },
  { "LdCard", "{\"balance\": 1.5}", "balance" },
  { "LdCard", "{\"main\": \"yes\"}", "main" },
  { "LdAccount", "{\"blocked\": 1}", "blocked" },
  { "LdMember", "{\"id\": \"7\"}", "id" },
  { "LdMember", "{\"statuses\": {}}", "statuses" },
  { "LdMember", "{\"statuses\": [\"gold\"]}", "statuses[0]" },
  { "LdMember", "{\"main_card\": \"2000000000017\"}", "main_card" },
  { "LdMember", "{\"cards\": [{\"number\": \"1\"}, {\"number\": 5}]}", "cards[1].number" },
  { "LdMember", "{\"answers\": [1, 2]}", "answers" },
  { "LdMember", "{\"merged_members\": [{\"main_card\": {\"balance\": true}}]}", "merged_members[0].main_card.balance" },
  { "LdOperator", "{\"rights\": [\"member.view\", 1]}", "rights[1]" },
  { "LdOperator", "{\"rights\": \"member.view\"}", "rights" },
  { "LdCall", "{\"member\": {\"phone\": 79991234567}}", "member.phone" },
  { "LdConfig", "{\"max_cards\": \"5\"}", "max_cards" },
  { "LdConfig", "{\"registration\": {\"mode\": 5}}", "registration.mode" },
  { "LdConfig", "{\"registration\": true}", "registration" },
  { "LdConfig", "{\"application_form\": [\"city\"]}", "application_form" },
  { "LdPage", "{\"items\": {}}", "items" },
  { "LdPage", "{\"total\": 3}", "items" },
  { "LdPage", "{\"items\": [{\"id\": \"x\"}]}", "items[0].id" },
  { "LdPage", "{\"items\": [], \"next_cursor\": 5}", "next_cursor" },
};

static void
test_wrong_types (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (wrong_types); i++)
    {
      GType type = g_type_from_name (wrong_types[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) json = ld_json_parse_object (wrong_types[i].json, -1, &error);
      g_autofree char *quoted = g_strdup_printf ("“%s”", wrong_types[i].field);
      gpointer object;

      g_assert_no_error (error);
      g_test_message ("%s %s", wrong_types[i].name, wrong_types[i].json);

      object = new_from_json (type, json, &error);
      g_assert_null (object);
      g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, quoted));
    }
}

/* unknown members that look like properties but are not ours stay unknown */
static void
test_unknown_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json =
    ld_json_parse_object ("{\"first-name\": 1, \"First_Name\": 2, \"member\": 3, \"первое\": 4, \"\": 5}", -1, &error);
  g_autoptr(LdMember) member = NULL;
  g_autoptr(JsonObject) again = NULL;

  g_assert_no_error (error);
  member = ld_member_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_null (ld_member_get_first_name (member));

  again = ld_member_to_json (member);
  g_assert_true (json_object_equal_deep (json, again));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* register the types so g_type_from_name() finds them */
  g_type_ensure (LD_TYPE_OPERATOR);
  g_type_ensure (LD_TYPE_ACCOUNT);
  g_type_ensure (LD_TYPE_CARD);
  g_type_ensure (LD_TYPE_STATUS);
  g_type_ensure (LD_TYPE_MEMBER);
  g_type_ensure (LD_TYPE_PURCHASE);
  g_type_ensure (LD_TYPE_OPERATION);
  g_type_ensure (LD_TYPE_MESSAGE);
  g_type_ensure (LD_TYPE_SUBSCRIPTION);
  g_type_ensure (LD_TYPE_FAVORITE);
  g_type_ensure (LD_TYPE_FAVORITE_CHANGE);
  g_type_ensure (LD_TYPE_PRODUCT);
  g_type_ensure (LD_TYPE_ACTION);
  g_type_ensure (LD_TYPE_CALL);
  g_type_ensure (LD_TYPE_OUTBOX_ITEM);
  g_type_ensure (LD_TYPE_CONFIG);
  g_type_ensure (LD_TYPE_PAGE);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/model/round-trip/%s", samples[i].name);
      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_round_trip);
    }
  g_test_add_func ("/core/model/member/getters", test_getters);
  g_test_add_func ("/core/model/config/getters", test_config_getters);
  g_test_add_func ("/core/model/first-getter-names", test_first_getter_names);
  g_test_add_func ("/core/model/page/empty-last-page", test_page);
  g_test_add_func ("/core/model/page/append-items-to-a-store", test_page_append_items_to);
  g_test_add_func ("/core/model/built-in-code-writes-every-field", test_built_in_code);
  g_test_add_func ("/core/model/wrong-type-is-an-error-naming-the-field", test_wrong_types);
  g_test_add_func ("/core/model/unknown-names-stay-unknown", test_unknown_names);

  return g_test_run ();
}
