/* ld-format.c — money, points, dates and statuses as the app shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ld-format.h"

/* U+00A0: the amount, its groups of thousands and the currency sign never wrap apart */
#define NBSP "\xc2\xa0"

static void
append_grouped (GString *out,
                guint64  value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      /* Translators: what separates groups of three digits, e.g. "1,234,567.89 ₽";
       * Russian writes a no-break space (U+00A0) */
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, C_("digit group separator", ","));
      g_string_append_c (out, digits[i]);
    }
}

/* the date as the agent's language writes it, with the year in full: a translation, since
 * the call centre runs in the C locale with only LANGUAGE set, and %x there has two digits */
static const char *
date_format (void)
{
  /* Translators: a calendar date, see g_date_time_format(): the year always in full
   * (%Y); Russian writes %d.%m.%Y. xgettext:no-c-format */
  return C_("date format", "%-m/%-d/%Y");
}

static char *
format_hundredths (gint64      value,
                   const char *suffix)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude;

  if (value < 0)
    {
      /* U+2212 MINUS SIGN, as typeset numbers have it */
      g_string_append (out, "\xe2\x88\x92");
      magnitude = (guint64) (-(value + 1)) + 1;
    }
  else
    magnitude = (guint64) value;

  append_grouped (out, magnitude / 100);
  /* Translators: the decimal separator of amounts, e.g. "123.45 ₽" (Russian: ",") */
  g_string_append (out, C_("decimal separator", "."));
  g_string_append_printf (out, "%02u", (guint) (magnitude % 100));

  if (suffix != NULL)
    {
      g_string_append (out, NBSP);
      g_string_append (out, suffix);
    }

  return g_string_free (out, FALSE);
}

/**
 * ld_format_money:
 * @kopecks: an amount in kopecks
 *
 * Returns: (transfer full): e.g. "123.45 ₽" for 12345 in English, "123,45 ₽" in Russian
 *   (the spaces are no-break)
 */
char *
ld_format_money (gint64 kopecks)
{
  /* Translators: the currency sign written after an amount */
  return format_hundredths (kopecks, C_("currency", "₽"));
}

/**
 * ld_format_points:
 * @hundredths: bonus points in their smallest unit (hundredths of a point)
 *
 * Returns: (transfer full): e.g. "12.34" for 1234 in English, "12,34" in Russian
 */
char *
ld_format_points (gint64 hundredths)
{
  return format_hundredths (hundredths, NULL);
}

/**
 * ld_format_datetime:
 * @rfc3339: (nullable): a time as the server writes it, e.g. "2026-03-01T09:15:00Z"
 *
 * Returns: (transfer full): the time in the local time zone, written the locale's way;
 *   the text itself when it is not a time, "" for %NULL
 */
char *
ld_format_datetime (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *format = NULL;

  if (rfc3339 == NULL || *rfc3339 == '\0')
    return g_strdup ("");

  utc = g_date_time_new_from_iso8601 (rfc3339, NULL);
  if (utc == NULL)
    return g_strdup (rfc3339);

  local = g_date_time_to_local (utc);
  format = g_strdup_printf ("%s %s", date_format (),
                            /* Translators: the time after a date in lists, see
                             * g_date_time_format(); xgettext:no-c-format */
                            C_("time format", "%H:%M"));
  return g_date_time_format (local, format);
}

/**
 * ld_format_date:
 * @iso8601_date: (nullable): a calendar date, "YYYY-MM-DD"
 *
 * Returns: (transfer full): the date written the locale's way; the text itself when it is
 *   not a date, "" for %NULL
 */
char *
ld_format_date (const char *iso8601_date)
{
  g_autoptr(GDateTime) noon = NULL;
  guint year, month, day;

  if (iso8601_date == NULL || *iso8601_date == '\0')
    return g_strdup ("");

  if (sscanf (iso8601_date, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return g_strdup (iso8601_date);

  /* a calendar date has no zone: noon UTC is that day everywhere */
  noon = g_date_time_new_utc ((int) year, (int) month, (int) day, 12, 0, 0);
  if (noon == NULL)
    return g_strdup (iso8601_date);

  return g_date_time_format (noon, date_format ());
}

/**
 * ld_format_parse_date:
 * @text: (nullable): a date as the agent types it: 24.02.1971, 1971-02-24, or with
 *   slashes in the order of the agent's language (2/24/1971 in English, 24/02/1971 in
 *   Russian)
 *
 * The year must be written in full: a two-digit year is no date, never given a century.
 *
 * Returns: (transfer full) (nullable): the date as "YYYY-MM-DD", %NULL when @text is not one
 */
char *
ld_format_parse_date (const char *text)
{
  g_autofree char *trimmed = NULL;
  guint first, second, year, day, month;
  int end = 0;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));

  if (sscanf (trimmed, "%4u-%2u-%2u%n", &year, &month, &day, &end) == 3 &&
      end == (int) strlen (trimmed) && end == 10)
    ;
  else if (sscanf (trimmed, "%2u.%2u.%u%n", &first, &second, &year, &end) == 3 &&
           end == (int) strlen (trimmed) && strlen (strrchr (trimmed, '.') + 1) == 4)
    day = first, month = second;
  else if (sscanf (trimmed, "%2u/%2u/%u%n", &first, &second, &year, &end) == 3 &&
           end == (int) strlen (trimmed) && strlen (strrchr (trimmed, '/') + 1) == 4)
    {
      /* slashes: the order the language's own date format has */
      const char *m = strstr (date_format (), "m/");
      const char *d = strstr (date_format (), "d/");

      if (m != NULL && (d == NULL || m < d))
        month = first, day = second;
      else
        day = first, month = second;
    }
  else
    return NULL;

  if (year < 1000 || !g_date_valid_dmy (day, month, year))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/**
 * ld_format_state:
 * @key: (nullable): a state, status, type or channel as the server names it, e.g. "blocked"
 *
 * Returns: (transfer full): the word the agent reads, translated; an unknown key as it is
 */
char *
ld_format_state (const char *key)
{
  static const struct {
    const char *key;
    const char *text;
  } words[] = {
    /* purchases */
    { "confirmed", NC_("state", "Confirmed") },
    { "incomplete", NC_("state", "Incomplete") },
    { "canceled", NC_("state", "Canceled") },
    { "cancelled", NC_("state", "Canceled") },
    /* cards */
    { "issued", NC_("state", "Issued") },
    { "activated", NC_("state", "Active") },
    { "blocked", NC_("state", "Blocked") },
    { "replaced", NC_("state", "Replaced") },
    { "deleted", NC_("state", "Deleted") },
    { "physical", NC_("state", "Physical") },
    { "virtual", NC_("state", "Virtual") },
    /* messages */
    { "queued", NC_("state", "Queued") },
    { "pending", NC_("state", "Pending") },
    { "sent", NC_("state", "Sent") },
    { "delivered", NC_("state", "Delivered") },
    { "read", NC_("state", "Read") },
    { "failed", NC_("state", "Failed") },
    { "undelivered", NC_("state", "Not delivered") },
    { "sms", NC_("state", "SMS") },
    { "email", NC_("state", "E-mail") },
    { "push", NC_("state", "Push") },
    /* operations and favorites */
    { "accrual", NC_("state", "Accrual") },
    { "deduction", NC_("state", "Deduction") },
    { "refund", NC_("state", "Refund") },
    { "bonus", NC_("state", "Bonus") },
    { "expiration", NC_("state", "Expiration") },
    { "transfer", NC_("state", "Transfer") },
    { "welcome", NC_("state", "Welcome bonus") },
    { "birthday", NC_("state", "Birthday bonus") },
    { "added", NC_("state", "Added") },
    { "removed", NC_("state", "Removed") },
    /* targets of the action history */
    { "profile", NC_("state", "Profile") },
    { "account", NC_("state", "Account") },
  };

  if (key == NULL)
    return g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (words[i].key, key))
      return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "state", words[i].text));

  return g_strdup (key);
}

/**
 * ld_format_action:
 * @key: (nullable): an action of the history, e.g. "card.block"
 *
 * Returns: (transfer full): what was done, in words; an unknown action as it is
 */
char *
ld_format_action (const char *key)
{
  static const struct {
    const char *key;
    const char *text;
  } words[] = {
    { "member.register", NC_("action", "Registered") },
    { "member.edit", NC_("action", "Profile edited") },
    { "member.change_contacts", NC_("action", "Contacts changed") },
    { "member.status", NC_("action", "Status changed") },
    { "member.identify", NC_("action", "Caller identified") },
    { "member.change_email", NC_("action", "E-mail changed") },
    { "member.phone_code", NC_("action", "Code sent to a new phone") },
    { "member.change_phone", NC_("action", "Phone changed") },
    { "member.send_password", NC_("action", "Password sent") },
    { "member.subscriptions", NC_("action", "Subscriptions changed") },
    { "member.favorites", NC_("action", "Favorites changed") },
    { "member.block", NC_("action", "Account blocked") },
    { "member.unblock", NC_("action", "Account unblocked") },
    { "member.merge", NC_("action", "Accounts merged") },
    { "member.remove", NC_("action", "Removed from the program") },
    { "card.link", NC_("action", "Card linked") },
    { "card.block", NC_("action", "Card blocked") },
    { "card.unblock", NC_("action", "Card unblocked") },
    { "card.replace", NC_("action", "Card replaced") },
    { "card.delete", NC_("action", "Card deleted") },
    { "card.restore", NC_("action", "Card restored") },
    { "card.category", NC_("action", "Card category changed") },
    { "call.start", NC_("action", "Call started") },
    { "call.end", NC_("action", "Call ended") },
  };

  if (key == NULL)
    return g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (words[i].key, key))
      return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "action", words[i].text));

  return g_strdup (key);
}

/**
 * ld_format_count:
 * @n_fetched: rows fetched so far
 * @total: the server's count of the whole list, -1 when not known yet
 *
 * Returns: (transfer full): e.g. "50 of 1,200", "" before the first page
 */
char *
ld_format_count (guint  n_fetched,
                 gint64 total)
{
  g_autoptr(GString) fetched = g_string_new (NULL);
  g_autoptr(GString) whole = g_string_new (NULL);

  if (total < 0)
    return g_strdup ("");

  append_grouped (fetched, n_fetched);
  append_grouped (whole, (guint64) total);
  /* Translators: rows shown of the whole list, e.g. "50 of 1,200" (the numbers grouped
   * as the digit group separator says) */
  return g_strdup_printf (_("%s of %s"), fetched->str, whole->str);
}

static JsonObject *
find_option (JsonArray  *options,
             const char *key)
{
  guint n = options != NULL ? json_array_get_length (options) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (options, i);
      const char *option_key = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if (ld_json_get_string (json_node_get_object (node), "key", NULL, &option_key) &&
          g_strcmp0 (option_key, key) == 0)
        return json_node_get_object (node);
    }

  return NULL;
}

/**
 * ld_format_option:
 * @options: (nullable): a configuration list of {key, label} (categories, channels, reasons…)
 * @key: (nullable): the key the server sent
 *
 * Returns: (transfer full): the option's label, or the key itself when the configuration
 *   does not name it
 */
char *
ld_format_option (JsonArray  *options,
                  const char *key)
{
  JsonObject *option;
  const char *label = NULL;

  if (key == NULL)
    return g_strdup ("");

  option = find_option (options, key);
  if (option != NULL && ld_json_get_string (option, "label", NULL, &label) && label != NULL)
    return g_strdup (label);

  return g_strdup (key);
}

/**
 * ld_format_choices:
 * @field: a choice field of the application form; its "options" are {key, label}
 *   objects or plain strings
 * @keys: (out) (transfer full): the options' keys, in the order of the labels after
 *   "Not given"
 *
 * What the registration form and the profile's editor offer for a choice: an option
 * without a key is passed over, one without a label is shown by its key.
 *
 * Returns: (transfer full): the labels of a drop-down, "Not given" first
 */
GtkStringList *
ld_format_choices (JsonObject  *field,
                   GPtrArray  **keys)
{
  GtkStringList *labels = gtk_string_list_new (NULL);
  JsonArray *options = NULL;
  guint n;

  g_return_val_if_fail (field != NULL, labels);
  g_return_val_if_fail (keys != NULL, labels);

  *keys = g_ptr_array_new_with_free_func (g_free);
  /* Translators: the choice of an application-form field nobody has picked yet */
  gtk_string_list_append (labels, _("Not given"));

  ld_json_get_array (field, "options", NULL, &options);
  n = options != NULL ? json_array_get_length (options) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (options, i);
      const char *option_key = NULL;
      const char *option_label = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *option = json_node_get_object (node);

          if (!ld_json_get_string (option, "key", NULL, &option_key) || option_key == NULL)
            continue;
          if (!ld_json_get_string (option, "label", option_key, &option_label) || option_label == NULL)
            option_label = option_key;
        }
      else if (ld_json_node_holds (node, G_TYPE_STRING))
        option_key = option_label = json_node_get_string (node);
      else
        continue;

      g_ptr_array_add (*keys, g_strdup (option_key));
      gtk_string_list_append (labels, option_label);
    }

  return labels;
}

/**
 * ld_format_status:
 * @config: (nullable): the configuration, for the systems' and levels' labels
 *
 * Returns: (transfer full): e.g. "Основная: Золотой"
 */
char *
ld_format_status (LdConfig   *config,
                  const char *system,
                  const char *level)
{
  JsonArray *systems = config != NULL ? ld_config_get_status_systems (config) : NULL;
  JsonObject *system_object = find_option (systems, system);
  JsonArray *levels = NULL;
  g_autofree char *system_label = ld_format_option (systems, system);
  g_autofree char *level_label = NULL;

  if (system_object != NULL)
    ld_json_get_array (system_object, "levels", NULL, &levels);
  level_label = ld_format_option (levels, level);

  /* Translators: a status of the member: "status system: level" */
  return g_strdup_printf (_("%s: %s"), system_label, level_label);
}

/**
 * ld_format_statuses:
 * @config: (nullable): the configuration, for the systems' and levels' labels
 * @statuses: (nullable): a #GListModel of #LdStatus
 *
 * Returns: (transfer full): every status with its labels, e.g.
 *   "Основная: Золотой · Партнёрская: Друг"; "No status" without any
 */
char *
ld_format_statuses (LdConfig   *config,
                    GListModel *statuses)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n = statuses != NULL ? g_list_model_get_n_items (statuses) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LdStatus) status = g_list_model_get_item (statuses, i);

      g_ptr_array_add (parts, ld_format_status (config,
                                                ld_status_get_system (status),
                                                ld_status_get_level (status)));
    }

  if (parts->len == 0)
    return g_strdup (_("No status"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/**
 * ld_format_reason:
 * @config: (nullable): the configuration, whose "reasons" lists name the keys
 * @key: (nullable): a reason as the server stored it
 *
 * Returns: (transfer full): the reason's label from any of the configured lists, or the
 *   text itself (a free-form reason)
 */
char *
ld_format_reason (LdConfig   *config,
                  const char *key)
{
  JsonObject *reasons = NULL;
  g_autoptr(GList) kinds = NULL;

  if (key == NULL)
    return g_strdup ("");

  if (config != NULL)
    ld_json_get_object (ld_config_get_document (config), "reasons", NULL, &reasons);
  if (reasons != NULL)
    kinds = json_object_get_members (reasons);

  for (const GList *iter = kinds; iter != NULL; iter = iter->next)
    {
      JsonArray *options = NULL;

      if (ld_json_get_array (reasons, iter->data, NULL, &options) && find_option (options, key) != NULL)
        return ld_format_option (options, key);
    }

  return g_strdup (key);
}

/* The closures of <closure function="…"> receive the expression's "this" object first. */

static char *
ld_format_money_cb (gpointer this_object,
                    gint64   kopecks)
{
  return ld_format_money (kopecks);
}

static char *
ld_format_points_cb (gpointer this_object,
                     gint64   hundredths)
{
  return ld_format_points (hundredths);
}

static char *
ld_format_datetime_cb (gpointer    this_object,
                       const char *rfc3339)
{
  return ld_format_datetime (rfc3339);
}

static char *
ld_format_date_cb (gpointer    this_object,
                   const char *date)
{
  return ld_format_date (date);
}

static char *
ld_format_state_cb (gpointer    this_object,
                    const char *key)
{
  return ld_format_state (key);
}

static char *
ld_format_action_cb (gpointer    this_object,
                     const char *key)
{
  return ld_format_action (key);
}

static char *
ld_format_count_cb (gpointer this_object,
                    guint    n_fetched,
                    gint64   total)
{
  return ld_format_count (n_fetched, total);
}

/**
 * ld_format_member_name:
 *
 * Returns: (transfer full): "Last First Middle", or "Member N" for a member whose name
 *   was removed or never given: the page's title, and the name the operations say
 */
char *
ld_format_member_name (LdMember *member)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const char *parts[] = {
    ld_member_get_last_name (member),
    ld_member_get_first_name (member),
    ld_member_get_middle_name (member),
  };

  g_return_val_if_fail (LD_IS_MEMBER (member), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, parts[i]);
    }

  if (name->len == 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, ld_member_get_id (member));

      /* Translators: a member whose name was removed or never given; %s is the id */
      g_string_printf (name, _("Member %s"), id);
    }

  return g_string_free (g_steal_pointer (&name), FALSE);
}

/**
 * ld_format_fold:
 * @text: (nullable): a text, %NULL as ""
 *
 * Returns: (transfer full): @text as what the agent types is compared with it (the
 *   reason filter, a confirmation): normalized, without case
 */
char *
ld_format_fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

void
ld_format_bind_template_callbacks (GtkWidgetClass *widget_class)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));

  gtk_widget_class_bind_template_callback_full (widget_class, "format_money",
                                                G_CALLBACK (ld_format_money_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "format_points",
                                                G_CALLBACK (ld_format_points_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "format_datetime",
                                                G_CALLBACK (ld_format_datetime_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "format_date",
                                                G_CALLBACK (ld_format_date_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "format_state",
                                                G_CALLBACK (ld_format_state_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "format_action",
                                                G_CALLBACK (ld_format_action_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "format_count",
                                                G_CALLBACK (ld_format_count_cb));
}
