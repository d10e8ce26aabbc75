/* test-registration-draft.c — the registration draft and its steps: their order under each
 * configuration, each step's neighbours, what is saved, where a draft resumes, and the
 * draft's JSON kept whole */
#define G_LOG_DOMAIN "ld-test"

#include "config.h"

#include "ld-core.h"

#define S(step) LD_REGISTRATION_STEP_##step

static LdConfig *
config_new (const char *mode,
            gboolean    virtual_card,
            gboolean    email_required)
{
  g_autofree char *text = g_strdup_printf ("{\"registration\": {\"mode\": \"%s\", \"continue_without_card\": true,"
                                           " \"virtual_card\": %s, \"email_required\": %s}}",
                                           mode, virtual_card ? "true" : "false",
                                           email_required ? "true" : "false");
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  LdConfig *config = ld_config_new_from_json (json_node_get_object (node), &error);

  g_assert_no_error (error);
  return config;
}

/* a draft as the server answers it; @members (nullable) adds to or replaces the defaults */
static LdRegistrationDraft *
draft_new (const char *steps,
           const char *step,
           const char *members)
{
  g_autofree char *text = g_strdup_printf ("{\"id\": 7, \"phone\": \"+79991234567\", \"state\": \"open\","
                                           " \"steps\": %s, \"step\": \"%s\", \"without_card\": false,"
                                           " \"phone_confirmed\": false, \"phone_confirmation_skipped\": false,"
                                           " \"code_sent_at\": null%s%s}",
                                           steps, step, members ? ", " : "", members ? members : "");
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  LdRegistrationDraft *draft;

  g_assert_nonnull (node);
  draft = ld_registration_draft_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  return draft;
}

/* the server's order under every configuration (ld-server-registrations.c compute_steps) */
static void
test_order_per_config (void)
{
  static const struct {
    const char *mode;
    gboolean    virtual_card;
    gboolean    email_required;
    gboolean    without_card;
    const char *expected;
  } cases[] = {
    { "card", FALSE, FALSE, FALSE, "card phone consent password form" },
    { "card", TRUE, FALSE, FALSE, "card phone consent password form" },
    { "card", FALSE, TRUE, FALSE, "card phone email consent password form" },
    { "card", TRUE, TRUE, FALSE, "card phone email consent password form" },
    { "card", FALSE, FALSE, TRUE, "card phone consent password form" },
    { "card", TRUE, FALSE, TRUE, "card phone virtual_card consent password form" },
    { "card", TRUE, TRUE, TRUE, "card phone virtual_card email consent password form" },
    { "phone", FALSE, FALSE, FALSE, "phone consent password form" },
    { "phone", TRUE, FALSE, FALSE, "phone virtual_card consent password form" },
    { "phone", FALSE, TRUE, FALSE, "phone email consent password form" },
    { "phone", TRUE, TRUE, FALSE, "phone virtual_card email consent password form" },
    { "phone", TRUE, TRUE, TRUE, "phone virtual_card email consent password form" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdConfig) config = config_new (cases[i].mode, cases[i].virtual_card, cases[i].email_required);
      g_autoptr(GArray) steps = ld_registration_steps_for_config (config, cases[i].without_card);
      g_auto(GStrv) expected = g_strsplit (cases[i].expected, " ", -1);

      g_test_message ("%s%s%s%s: %s", cases[i].mode, cases[i].virtual_card ? " +virtual" : "",
                      cases[i].email_required ? " +email" : "", cases[i].without_card ? " without card" : "",
                      cases[i].expected);
      g_assert_cmpuint (steps->len, ==, g_strv_length (expected));
      for (guint j = 0; j < steps->len; j++)
        {
          LdRegistrationStep step = g_array_index (steps, LdRegistrationStep, j);

          g_assert_cmpstr (ld_registration_step_to_string (step), ==, expected[j]);
          g_assert_cmpint (ld_registration_step_from_string (expected[j]), ==, step);
        }
    }

  /* names this version does not know are no step */
  g_assert_cmpint (ld_registration_step_from_string ("fingerprint"), ==, S (NONE));
  g_assert_cmpint (ld_registration_step_from_string (NULL), ==, S (NONE));
  g_assert_cmpint (ld_registration_step_from_string ("done"), ==, S (DONE));
  g_assert_cmpint (ld_registration_step_server_step (S (PHONE_LINK)), ==, S (PHONE));
  g_assert_false (ld_registration_step_is_step (S (DONE)));
  g_assert_true (ld_registration_step_is_step (S (PHONE_LINK)));
}

/* the path a wizard walks, and each step's neighbours */
static void
test_neighbours (void)
{
  g_autoptr(LdRegistrationDraft) card = draft_new ("[\"card\", \"phone\", \"email\", \"consent\", \"password\", \"form\"]",
                                                   "card", NULL);
  g_autoptr(LdRegistrationDraft) phone = draft_new ("[\"phone\", \"virtual_card\", \"consent\", \"password\", \"form\"]",
                                                    "phone", NULL);
  g_autoptr(LdRegistrationDraft) without = draft_new ("[\"card\", \"phone\", \"virtual_card\", \"consent\", \"password\", \"form\"]",
                                                      "phone", "\"without_card\": true");
  g_autoptr(LdRegistrationDraft) unknown = draft_new ("[\"card\", \"fingerprint\", \"phone\", \"consent\", \"password\", \"form\"]",
                                                      "card", NULL);

  /* card mode: no phone link */
  g_assert_false (ld_registration_draft_is_phone_path (card));
  g_assert_false (ld_registration_draft_has_step (card, S (PHONE_LINK)));
  g_assert_cmpuint (ld_registration_draft_get_n_steps (card), ==, 6);
  g_assert_cmpint (ld_registration_draft_get_neighbour (card, S (CARD), -1), ==, S (NONE));
  g_assert_cmpint (ld_registration_draft_get_neighbour (card, S (CARD), +1), ==, S (PHONE));
  g_assert_cmpint (ld_registration_draft_get_neighbour (card, S (PHONE), -1), ==, S (CARD));
  g_assert_cmpint (ld_registration_draft_get_neighbour (card, S (PHONE), +1), ==, S (EMAIL));
  g_assert_cmpint (ld_registration_draft_get_neighbour (card, S (EMAIL), +1), ==, S (CONSENT));
  g_assert_cmpint (ld_registration_draft_get_neighbour (card, S (FORM), -1), ==, S (PASSWORD));
  g_assert_cmpint (ld_registration_draft_get_neighbour (card, S (FORM), +1), ==, S (NONE));
  g_assert_cmpint (ld_registration_draft_get_neighbour (card, S (VIRTUAL_CARD), +1), ==, S (NONE));

  /* phone mode: the link opens the path, and counts as the phone's step */
  g_assert_true (ld_registration_draft_is_phone_path (phone));
  g_assert_cmpint (ld_registration_draft_get_neighbour (phone, S (PHONE_LINK), -1), ==, S (NONE));
  g_assert_cmpint (ld_registration_draft_get_neighbour (phone, S (PHONE_LINK), +1), ==, S (PHONE));
  g_assert_cmpint (ld_registration_draft_get_neighbour (phone, S (PHONE), -1), ==, S (PHONE_LINK));
  g_assert_cmpint (ld_registration_draft_get_neighbour (phone, S (PHONE), +1), ==, S (VIRTUAL_CARD));
  g_assert_cmpint (ld_registration_draft_get_neighbour (phone, S (VIRTUAL_CARD), +1), ==, S (CONSENT));
  g_assert_cmpuint (ld_registration_draft_get_step_index (phone, S (PHONE_LINK)), ==, 0);
  g_assert_cmpuint (ld_registration_draft_get_step_index (phone, S (PHONE)), ==, 0);
  g_assert_cmpuint (ld_registration_draft_get_step_index (phone, S (FORM)), ==, 4);
  g_assert_cmpuint (ld_registration_draft_get_step_index (phone, S (DONE)), ==, 5);
  g_assert_cmpuint (ld_registration_draft_get_step_index (phone, S (CARD)), ==, 5);

  /* a card step passed without a card: back from the link is the card */
  g_assert_true (ld_registration_draft_is_phone_path (without));
  g_assert_cmpint (ld_registration_draft_get_neighbour (without, S (CARD), +1), ==, S (PHONE_LINK));
  g_assert_cmpint (ld_registration_draft_get_neighbour (without, S (PHONE_LINK), -1), ==, S (CARD));
  g_assert_cmpuint (ld_registration_draft_get_step_index (without, S (PHONE_LINK)), ==, 1);

  /* a step this version does not know is left out of the path, but counted */
  g_assert_cmpint (ld_registration_draft_get_neighbour (unknown, S (CARD), +1), ==, S (PHONE));
  g_assert_cmpuint (ld_registration_draft_get_n_steps (unknown), ==, 6);
  g_assert_cmpuint (ld_registration_draft_get_step_index (unknown, S (PHONE)), ==, 2);
}

/* a draft opened again at each of the server's steps: where it resumes, what is saved */
static void
test_resume_at_each_step (void)
{
  static const char *card_steps = "[\"card\", \"phone\", \"email\", \"consent\", \"password\", \"form\"]";
  static const char *phone_steps = "[\"phone\", \"virtual_card\", \"email\", \"consent\", \"password\", \"form\"]";
  static const struct {
    const char         *steps;
    const char         *step;
    const char         *members;
    LdRegistrationStep  resume;
  } cases[] = {
    { "card", "card", NULL, S (CARD) },
    { "card", "phone", NULL, S (PHONE) },
    { "card", "phone", "\"code_sent_at\": \"2026-01-02T10:00:00Z\"", S (PHONE) },
    { "card", "email", "\"phone_confirmed\": true", S (EMAIL) },
    { "card", "consent", NULL, S (CONSENT) },
    { "card", "password", NULL, S (PASSWORD) },
    { "card", "form", NULL, S (FORM) },
    { "card", "phone", "\"without_card\": true", S (PHONE_LINK) },
    { "card", "phone", "\"without_card\": true, \"code_sent_at\": \"2026-01-02T10:00:00Z\"", S (PHONE) },
    { "phone", "phone", NULL, S (PHONE_LINK) },
    { "phone", "phone", "\"code_sent_at\": \"2026-01-02T10:00:00Z\"", S (PHONE) },
    { "phone", "phone", "\"phone_confirmation_skipped\": true", S (PHONE) },
    { "phone", "virtual_card", "\"phone_confirmed\": true", S (VIRTUAL_CARD) },
    { "phone", "email", NULL, S (EMAIL) },
    { "phone", "form", NULL, S (FORM) },
    { "phone", "done", "\"state\": \"completed\", \"member_id\": 12", S (DONE) },
    { "phone", "form", "\"state\": \"completed\"", S (DONE) },
    { "card", "phone", "\"state\": \"cancelled\"", S (ENDED) },
    { "card", "fingerprint", NULL, S (NONE) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *steps = g_str_equal (cases[i].steps, "card") ? card_steps : phone_steps;
      g_autoptr(LdRegistrationDraft) draft = draft_new (steps, cases[i].step, cases[i].members);
      LdRegistrationStep resume = ld_registration_draft_get_resume_step (draft);
      LdRegistrationStep server = ld_registration_step_from_string (cases[i].step);
      gboolean open = ld_registration_draft_is_open (draft);

      g_test_message ("%s mode at %s (%s) → %d", cases[i].steps, cases[i].step,
                      cases[i].members ? cases[i].members : "", resume);
      g_assert_cmpint (resume, ==, cases[i].resume);

      /* the steps before the server's are saved, it and those after are not; a closed
       * draft is saved throughout */
      for (LdRegistrationStep step = S (CARD); step <= S (FORM); step++)
        {
          gboolean before;

          if (!ld_registration_draft_has_step (draft, step))
            continue;
          before = ld_registration_draft_get_step_index (draft, step) <
                   ld_registration_draft_get_step_index (draft, server);
          g_assert_cmpint (ld_registration_draft_is_saved (draft, step), ==, !open || before);
        }
      g_assert_false (ld_registration_draft_is_saved (draft, S (DONE)));
      g_assert_false (ld_registration_draft_is_saved (draft, S (NONE)));
    }

  /* the member exists: the draft says so */
  {
    g_autoptr(LdRegistrationDraft) draft = draft_new (card_steps, "form", NULL);

    ld_registration_draft_set_completed (draft, 42);
    g_assert_cmpint (ld_registration_draft_get_resume_step (draft), ==, S (DONE));
    g_assert_cmpint (ld_registration_draft_get_member_id (draft), ==, 42);
    g_assert_false (ld_registration_draft_is_open (draft));
    g_assert_true (ld_registration_draft_is_saved (draft, S (FORM)));
  }
}

/* every member the server sends comes back, those it may add later too */
static void
test_json_round_trip (void)
{
  static const char *text =
    "{\"id\": 31, \"phone\": \"+79995550101\", \"call_id\": 4, \"mode\": \"card\", \"state\": \"open\","
    " \"step\": \"consent\", \"steps\": [\"card\", \"phone\", \"consent\", \"password\", \"form\"],"
    " \"card\": {\"number\": \"2000000000017\", \"category\": \"standard\", \"state\": \"issued\","
    "            \"type\": \"physical\", \"balance\": 120, \"first_purchase_pos\": \"Магазин 2\"},"
    " \"without_card\": false, \"issue_virtual\": true, \"phone_confirmed\": true,"
    " \"phone_confirmation_skipped\": false, \"code_sent_at\": \"2026-01-02T10:00:00Z\","
    " \"resend_available_at\": \"2026-01-02T10:01:00Z\", \"code_expires_at\": null,"
    " \"code_attempts_left\": 4, \"email\": null,"
    " \"consent\": {\"offer\": true, \"personal_data\": false},"
    " \"password_sent\": false, \"answers\": {\"last_name\": \"Тестова\", \"children\": 2},"
    " \"member_id\": null, \"created_at\": \"2026-01-02T09:58:00Z\", \"updated_at\": \"2026-01-02T10:00:30Z\","
    " \"operator_id\": 3, \"operator_login\": \"agent\", \"operator_name\": \"Анна Смирнова\","
    " \"future_flag\": true, \"future_object\": {\"a\": [1, \"two\", null]}}";
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(LdRegistrationDraft) draft = NULL;
  g_autoptr(JsonObject) back = NULL;
  g_autoptr(JsonNode) back_node = NULL;
  g_autoptr(GError) error = NULL;

  draft = ld_registration_draft_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);

  g_assert_cmpint (ld_registration_draft_get_id (draft), ==, 31);
  g_assert_cmpstr (ld_registration_draft_get_phone (draft), ==, "+79995550101");
  g_assert_cmpint (ld_registration_draft_get_call_id (draft), ==, 4);
  g_assert_cmpint (ld_registration_draft_get_step (draft), ==, S (CONSENT));
  g_assert_cmpstr (ld_card_get_number (ld_registration_draft_get_card (draft)), ==, "2000000000017");
  g_assert_cmpint (ld_card_get_balance (ld_registration_draft_get_card (draft)), ==, 120);
  g_assert_true (ld_registration_draft_get_issue_virtual (draft));
  g_assert_true (ld_registration_draft_get_phone_confirmed (draft));
  g_assert_cmpstr (ld_registration_draft_get_code_sent_at (draft), ==, "2026-01-02T10:00:00Z");
  g_assert_cmpint (ld_registration_draft_get_code_attempts_left (draft), ==, 4);
  g_assert_null (ld_registration_draft_get_email (draft));
  g_assert_true (ld_registration_draft_get_consent_offer (draft));
  g_assert_false (ld_registration_draft_get_consent_personal_data (draft));
  g_assert_cmpint (json_object_get_int_member (ld_registration_draft_get_answers (draft), "children"), ==, 2);
  g_assert_cmpint (ld_registration_draft_get_member_id (draft), ==, 0);
  g_assert_cmpstr (ld_registration_draft_get_operator_name (draft), ==, "Анна Смирнова");

  back = ld_registration_draft_to_json (draft);
  back_node = json_node_init_object (json_node_alloc (), back);
  if (!json_node_equal (node, back_node))
    {
      g_autofree char *was = json_to_string (node, FALSE);
      g_autofree char *is = json_to_string (back_node, FALSE);

      g_test_message ("sent %s\nback %s", was, is);
      g_assert_not_reached ();
    }

  /* a draft that says nothing of the tries: -1, not 0 */
  {
    g_autoptr(LdRegistrationDraft) bare = draft_new ("[\"card\"]", "card", NULL);

    g_assert_cmpint (ld_registration_draft_get_code_attempts_left (bare), ==, -1);
  }

  /* a member of the wrong type is named */
  {
    g_autoptr(JsonNode) wrong = json_from_string ("{\"id\": 1, \"steps\": [\"card\", 2]}", NULL);
    g_autoptr(LdRegistrationDraft) none = ld_registration_draft_new_from_json (json_node_get_object (wrong), &error);

    g_assert_null (none);
    g_assert_error (error, LD_ERROR, LD_ERROR_INVALID_RESPONSE);
    g_assert_nonnull (strstr (error->message, "steps[1]"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/registration-draft/order-per-config", test_order_per_config);
  g_test_add_func ("/core/registration-draft/neighbours", test_neighbours);
  g_test_add_func ("/core/registration-draft/resume-at-each-step", test_resume_at_each_step);
  g_test_add_func ("/core/registration-draft/json-round-trip", test_json_round_trip);

  return g_test_run ();
}
