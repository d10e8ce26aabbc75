/* ld-search-page.c — one search box for a phone, card number, e-mail, name or birth date
 *
 * The server guesses what was typed (kind "q") and says which kind it searched; the
 * page shows that, and the members found in a column view that fetches further pages
 * as the agent scrolls to its end. Enter or a double click opens a member. A date typed
 * as agents type it (24.02.1971, 1971-02-24, or with slashes in the order of the agent's
 * language: 2/24/1971 in English) is sent as YYYY-MM-DD, so the server never has to guess
 * the order. Beside the box, an answer of the application form narrows the search
 * (answers.<key>=value): a field from the configuration's form and the value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-cursor-list.h"
#include "ld-format.h"
#include "ld-member-answers.h"
#include "ld-operation-setup.h"
#include "ld-properties.h"
#include "ld-search-page.h"

#define DEFAULT_PAGE_SIZE 50

struct _LdSearchPage
{
  AdwBin               parent_instance;

  /* template children */
  GtkSearchEntry      *search_entry;
  GtkLabel            *kind_label;
  GtkWidget           *register_button;
  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkScrolledWindow   *scroller;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *status_column;
  AdwStatusPage       *none_page;
  AdwStatusPage       *error_page;
  AdwStatusPage       *forbidden_page;
  GtkDropDown         *answer_field_dropdown;
  GtkEntry            *answer_value_entry;

  LdClient            *client;
  LdConfig            *config;
  LdCursorList        *results;
  char                *text;
  char                *kind;
  GHashTable          *parameters;   /* of the search shown: q and answers.<key> */
  GPtrArray           *answer_keys;  /* the drop-down's fields after "Any field" */
  GPtrArray           *answer_types;
  guint                page_size;
};

G_DEFINE_FINAL_TYPE (LdSearchPage, ld_search_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CONFIG,
  PROP_KIND,
  PROP_STATE,
  PROP_TITLE,
  PROP_PAGE_SIZE,
  N_PROPS
};

enum {
  MEMBER_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
ld_search_page_format_name (gpointer  instance,
                            LdMember *member)
{
  GString *name;
  const char *parts[3];

  if (member == NULL)
    return NULL;

  parts[0] = ld_member_get_last_name (member);
  parts[1] = ld_member_get_first_name (member);
  parts[2] = ld_member_get_middle_name (member);

  name = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, parts[i]);
    }

  if (name->len == 0)
    g_string_printf (name, _("Member %lld"), (long long)ld_member_get_id (member));

  return g_string_free (name, FALSE);
}

static char *
ld_search_page_format_card (gpointer  instance,
                            LdMember *member)
{
  LdCard *card;

  if (member == NULL || !(card = ld_member_get_main_card (member)))
    return g_strdup (_("No card"));

  return g_strdup (ld_card_get_number (card));
}

/* The status column's cells read the configuration's labels, which the page has and a
 * GtkBuilderListItemFactory's expressions cannot reach: its factory is made here, and
 * made anew when the configuration comes, so the rows shown are bound again. */

static void
ld_search_page_status_setup_cb (GtkSignalListItemFactory *factory,
                                GtkListItem              *list_item,
                                LdSearchPage             *self)
{
  GtkWidget *label;

  g_assert (LD_IS_SEARCH_PAGE (self));

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
ld_search_page_status_bind_cb (GtkSignalListItemFactory *factory,
                               GtkListItem              *list_item,
                               LdSearchPage             *self)
{
  LdMember *member = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  g_assert (LD_IS_SEARCH_PAGE (self));
  g_assert (LD_IS_MEMBER (member));

  text = ld_format_statuses (self->config, ld_member_get_statuses (member));
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (list_item), text);
}

static void
ld_search_page_update_status_factory (LdSearchPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_assert (LD_IS_SEARCH_PAGE (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (ld_search_page_status_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (ld_search_page_status_bind_cb), self, 0);
  gtk_column_view_column_set_factory (self->status_column, factory);
}

static char *
ld_search_page_format_account (gpointer  instance,
                               LdMember *member)
{
  if (member == NULL)
    return NULL;

  return g_strdup (ld_member_get_blocked (member) ? _("Blocked") : _("Active"));
}

static char **
ld_search_page_account_classes (gpointer  instance,
                                LdMember *member)
{
  if (member != NULL && ld_member_get_blocked (member))
    return g_strdupv ((char *[]) { "error", "heading", NULL });

  return g_new0 (char *, 1);
}

static const char *
ld_search_page_describe_kind (const char *kind)
{
  if (g_strcmp0 (kind, "phone") == 0)
    return _("By phone number");
  if (g_strcmp0 (kind, "card") == 0)
    return _("By card number");
  if (g_strcmp0 (kind, "email") == 0)
    return _("By e-mail");
  if (g_strcmp0 (kind, "birth_date") == 0)
    return _("By birth date");
  if (g_strcmp0 (kind, "name") == 0)
    return _("By name");
  if (g_strcmp0 (kind, "answers") == 0)
    return _("By application-form answer");

  return NULL;
}

static void
ld_search_page_set_state (LdSearchPage *self,
                          const char   *state)
{
  g_assert (LD_IS_SEARCH_PAGE (self));

  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->stack, state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
ld_search_page_update_kind_label (LdSearchPage *self)
{
  const char *kind_text;
  g_autofree char *label = NULL;
  gint64 total;

  g_assert (LD_IS_SEARCH_PAGE (self));

  if (!(kind_text = ld_search_page_describe_kind (self->kind)))
    {
      gtk_label_set_label (self->kind_label, NULL);
      return;
    }

  /* Translators: what the search looked for, and how many members it found */
  total = ld_cursor_list_get_total (self->results);
  label = g_strdup_printf (ngettext ("%s: %lld member", "%s: %lld members", (gulong)total),
                           kind_text, (long long)total);
  gtk_label_set_label (self->kind_label, label);
}

static void
ld_search_page_set_kind (LdSearchPage *self,
                         const char   *kind)
{
  g_assert (LD_IS_SEARCH_PAGE (self));

  if (g_strcmp0 (self->kind, kind) != 0)
    {
      g_free (self->kind);
      self->kind = g_strdup (kind);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }

  ld_search_page_update_kind_label (self);
}

/* the answer filter chosen: its field's key and type, or FALSE for "Any field" */
static gboolean
ld_search_page_get_answer_field (LdSearchPage  *self,
                                 const char   **key,
                                 const char   **type)
{
  guint selected = gtk_drop_down_get_selected (self->answer_field_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > self->answer_keys->len)
    return FALSE;

  *key = g_ptr_array_index (self->answer_keys, selected - 1);
  *type = g_ptr_array_index (self->answer_types, selected - 1);
  return TRUE;
}

/* the query of the search: q= what was typed (a date as YYYY-MM-DD), and the answer */
static void
ld_search_page_build_parameters (LdSearchPage *self)
{
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->answer_value_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  const char *key = NULL, *type = NULL;

  g_hash_table_remove_all (self->parameters);

  if (self->text != NULL && self->text[0] != '\0')
    {
      char *date = ld_format_parse_date (self->text);

      g_hash_table_insert (self->parameters, g_strdup ("q"),
                           date != NULL ? date : g_strdup (self->text));
    }

  if (ld_search_page_get_answer_field (self, &key, &type) && *trimmed != '\0')
    {
      char *date = g_strcmp0 (type, "date") == 0 ? ld_format_parse_date (trimmed) : NULL;

      g_hash_table_insert (self->parameters, g_strconcat ("answers.", key, NULL),
                           date != NULL ? date : g_strdup (trimmed));
    }
}

/* what the search looked for, as the "nobody matches" page says it */
static const char *
ld_search_page_describe_search (LdSearchPage *self)
{
  if (self->text != NULL && self->text[0] != '\0')
    return self->text;

  return gtk_editable_get_text (GTK_EDITABLE (self->answer_value_entry));
}

typedef struct
{
  LdSearchPage  *self;
  GtkStringList *labels;
} AnswerFields;

/* one question of the application form becomes a choice of the answer drop-down */
static void
ld_search_page_add_answer_field_cb (JsonObject *field,
                                    const char *key,
                                    const char *label,
                                    JsonNode   *answer,
                                    gpointer    user_data)
{
  AnswerFields *fields = user_data;
  const char *type = NULL;

  g_assert (field != NULL);
  g_assert (LD_IS_SEARCH_PAGE (fields->self));

  ld_json_get_string (field, "type", "text", &type);
  g_ptr_array_add (fields->self->answer_keys, g_strdup (key));
  g_ptr_array_add (fields->self->answer_types, g_strdup (type != NULL ? type : "text"));
  gtk_string_list_append (fields->labels, label != NULL ? label : key);
}

/* the answer drop-down: "Any field", then the fields of the configuration's application
 * form, with their labels, walked as the profile walks them */
static void
ld_search_page_update_answer_fields (LdSearchPage *self)
{
  JsonArray *form = self->config != NULL ? ld_config_get_application_form (self->config) : NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  AnswerFields fields = { self, labels };

  g_assert (LD_IS_SEARCH_PAGE (self));

  if (self->answer_field_dropdown == NULL)
    return;

  g_ptr_array_set_size (self->answer_keys, 0);
  g_ptr_array_set_size (self->answer_types, 0);
  gtk_string_list_append (labels, C_("answer field", "Any field"));
  /* no answers: only the form's questions */
  ld_member_answers_foreach (form, NULL, ld_search_page_add_answer_field_cb, &fields);

  gtk_drop_down_set_model (self->answer_field_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->answer_field_dropdown, 0);
}

static void
ld_search_page_answer_activate_cb (LdSearchPage *self,
                                   GtkEntry     *entry)
{
  g_assert (LD_IS_SEARCH_PAGE (self));

  ld_search_page_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* an LdCursorListFetchFunc: one page of the search in self->parameters */
static void
ld_search_page_fetch (gpointer             fetch_data,
                      const char          *cursor,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  LdSearchPage *self = fetch_data;

  g_assert (LD_IS_SEARCH_PAGE (self));

  ld_client_search_members_full_async (self->client, self->parameters, cursor, self->page_size,
                                       cancellable, callback, user_data);
}

/* the first page says which kind "q" turned out to be; a later one only adds rows */
static void
ld_search_page_loaded_cb (LdSearchPage *self,
                          LdPage       *page,
                          LdCursorList *results)
{
  g_autoptr(JsonObject) json = NULL;
  const char *kind = NULL;

  g_assert (LD_IS_SEARCH_PAGE (self));

  if (page == NULL)
    {
      /* rows fetched before a later page failed stay; Retry asks for that page again */
      adw_status_page_set_description (self->error_page, ld_cursor_list_get_error (results)->message);
      if (ld_cursor_list_get_n_pages (results) == 0)
        ld_search_page_set_kind (self, NULL);
      ld_search_page_set_state (self, "error");
      return;
    }

  if (ld_cursor_list_get_n_pages (results) > 1)
    {
      ld_search_page_update_kind_label (self);
      ld_search_page_set_state (self, "results");
      return;
    }

  json = ld_page_to_json (page);
  if (!ld_json_get_string (json, "kind", NULL, &kind) || kind == NULL)
    kind = g_hash_table_contains (self->parameters, "q")
             ? ld_guess_query_kind (g_hash_table_lookup (self->parameters, "q"))
             : "answers";
  ld_search_page_set_kind (self, kind);

  if (g_list_model_get_n_items (G_LIST_MODEL (results)) == 0)
    {
      g_autofree char *description = g_strdup_printf (_("Nobody matches “%s”"), ld_search_page_describe_search (self));

      adw_status_page_set_description (self->none_page, description);
      ld_search_page_set_state (self, "none");
      return;
    }

  ld_search_page_set_state (self, "results");
}

static void
ld_search_page_edge_reached_cb (LdSearchPage      *self,
                                GtkPositionType    position,
                                GtkScrolledWindow *scroller)
{
  g_assert (LD_IS_SEARCH_PAGE (self));

  if (position == GTK_POS_BOTTOM)
    ld_cursor_list_load_more (self->results);
}

static void
ld_search_page_start (LdSearchPage *self)
{
  g_assert (LD_IS_SEARCH_PAGE (self));

  ld_search_page_build_parameters (self);
  if (g_hash_table_size (self->parameters) == 0)
    {
      ld_cursor_list_clear (self->results);
      ld_search_page_set_kind (self, NULL);
      ld_search_page_set_state (self, "empty");
      return;
    }

  ld_search_page_set_state (self, "loading");
  ld_cursor_list_reload (self->results);
}

static void
ld_search_page_entry_activate_cb (LdSearchPage   *self,
                                  GtkSearchEntry *entry)
{
  g_assert (LD_IS_SEARCH_PAGE (self));

  ld_search_page_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* after a failed first page, the search again; after a later one, that page again */
static void
ld_search_page_retry_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  LdSearchPage *self = LD_SEARCH_PAGE (widget);

  if (ld_cursor_list_get_n_pages (self->results) == 0)
    {
      ld_search_page_start (self);
      return;
    }

  ld_search_page_set_state (self, "results");
  ld_cursor_list_retry (self->results);
}

static void
ld_search_page_activate_cb (LdSearchPage  *self,
                            guint          position,
                            GtkColumnView *column_view)
{
  g_autoptr(LdMember) member = NULL;

  g_assert (LD_IS_SEARCH_PAGE (self));

  member = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  if (member != NULL)
    g_signal_emit (self, signals[MEMBER_ACTIVATED], 0, member);
}

static void
ld_search_page_apply_rights (LdSearchPage *self)
{
  g_autofree char *tooltip = NULL;

  g_assert (LD_IS_SEARCH_PAGE (self));

  /* the window's win.register-without-call is off without the right: say which */
  if (!ld_client_has_right (self->client, LD_RIGHT_MEMBER_REGISTER_WITHOUT_CALL))
    {
      g_autofree char *register_tooltip = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_REGISTER_WITHOUT_CALL);

      gtk_widget_set_tooltip_text (self->register_button, register_tooltip);
    }

  if (ld_client_has_right (self->client, LD_RIGHT_MEMBER_SEARCH))
    return;

  tooltip = ld_operation_dup_missing_right (LD_RIGHT_MEMBER_SEARCH);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), tooltip);
  adw_status_page_set_description (self->forbidden_page, tooltip);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.retry", FALSE);
  ld_search_page_set_state (self, "forbidden");
}

static void
ld_search_page_constructed (GObject *object)
{
  LdSearchPage *self = (LdSearchPage *)object;
  g_autoptr(GtkSingleSelection) selection = NULL;

  G_OBJECT_CLASS (ld_search_page_parent_class)->constructed (object);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  ld_search_page_update_status_factory (self);
  ld_search_page_update_answer_fields (self);
  ld_search_page_apply_rights (self);
}

static void
ld_search_page_dispose (GObject *object)
{
  LdSearchPage *self = (LdSearchPage *)object;

  /* AdwBin unparents its child itself: let it, before the template drops its own */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_SEARCH_PAGE);

  /* its request is cancelled with it */
  g_clear_object (&self->results);
  g_clear_object (&self->client);
  g_clear_object (&self->config);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->parameters, g_hash_table_unref);
  g_clear_pointer (&self->answer_keys, g_ptr_array_unref);
  g_clear_pointer (&self->answer_types, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_search_page_parent_class)->dispose (object);
}

static void
ld_search_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdSearchPage *self = LD_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_STATE:
      g_value_set_string (value, ld_search_page_get_state (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, _("Search"));
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_search_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LdSearchPage *self = LD_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_CONFIG:
      ld_search_page_set_config (self, g_value_get_object (value));
      break;

    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_search_page_class_init (LdSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_search_page_constructed;
  object_class->dispose = ld_search_page_dispose;
  object_class->get_property = ld_search_page_get_property;
  object_class->set_property = ld_search_page_set_property;

  properties[PROP_CLIENT] = ld_param_spec_client ();

  /**
   * LdSearchPage:config:
   *
   * The server's configuration (the labels of status systems and levels), as the
   * window fetched it once; %NULL until then, when the keys are shown.
   */
  properties[PROP_CONFIG] = ld_param_spec_config (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * LdSearchPage:kind:
   *
   * What the last search looked for, as the server said: "phone", "card",
   * "email", "name" or "birth_date"; %NULL before a search.
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LdSearchPage:state:
   *
   * What the page shows: "empty", "loading", "results", "none", "error" or "forbidden".
   */
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] = ld_param_spec_title ();

  /**
   * LdSearchPage:page-size:
   *
   * How many members one request fetches; more come as the list is scrolled to its end.
   */
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL,
                       1, 500, DEFAULT_PAGE_SIZE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdSearchPage::member-activated:
   * @member: the member the agent chose
   */
  signals[MEMBER_ACTIVATED] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "member-activated", LD_TYPE_MEMBER);

  g_type_ensure (LD_TYPE_MEMBER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/ld-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, register_button);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, none_page);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, forbidden_page);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, answer_field_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LdSearchPage, answer_value_entry);
  gtk_widget_class_bind_template_callback (widget_class, ld_search_page_answer_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_search_page_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_search_page_edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_search_page_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_search_page_format_name);
  gtk_widget_class_bind_template_callback (widget_class, ld_search_page_format_card);
  gtk_widget_class_bind_template_callback (widget_class, ld_search_page_format_account);
  gtk_widget_class_bind_template_callback (widget_class, ld_search_page_account_classes);
  ld_format_bind_template_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "search.retry", NULL, ld_search_page_retry_cb);
}

static void
ld_search_page_init (LdSearchPage *self)
{
  self->results = ld_cursor_list_new (LD_TYPE_MEMBER,
                                      ld_search_page_fetch,
                                      ld_client_search_members_full_finish,
                                      self);
  g_signal_connect_object (self->results, "loaded",
                           G_CALLBACK (ld_search_page_loaded_cb), self, G_CONNECT_SWAPPED);
  self->parameters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->answer_keys = g_ptr_array_new_with_free_func (g_free);
  self->answer_types = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* a screen reader reaches the drop-down's own button, which has no name of its own */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->answer_field_dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Application-form field to search by"),
                                      -1);
}

/**
 * ld_search_page_new:
 * @client: the logged-in session
 *
 * Returns: (transfer floating): a new search page
 */
GtkWidget *
ld_search_page_new (LdClient *client)
{
  g_return_val_if_fail (LD_IS_CLIENT (client), NULL);

  return g_object_new (LD_TYPE_SEARCH_PAGE,
                       "client", client,
                       NULL);
}

/**
 * ld_search_page_get_config:
 *
 * Returns: (transfer none) (nullable): the configuration the labels come from
 */
LdConfig *
ld_search_page_get_config (LdSearchPage *self)
{
  g_return_val_if_fail (LD_IS_SEARCH_PAGE (self), NULL);

  return self->config;
}

/**
 * ld_search_page_set_config:
 * @config: (nullable): the server's configuration
 *
 * Gives the page the labels of status systems and levels; the rows shown follow.
 */
void
ld_search_page_set_config (LdSearchPage *self,
                           LdConfig     *config)
{
  g_return_if_fail (LD_IS_SEARCH_PAGE (self));
  g_return_if_fail (!config || LD_IS_CONFIG (config));

  if (!g_set_object (&self->config, config))
    return;

  if (self->status_column != NULL)
    ld_search_page_update_status_factory (self);
  ld_search_page_update_answer_fields (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG]);
}

/**
 * ld_search_page_search:
 * @text: what the agent typed: a phone, card number, e-mail or name
 *
 * Searches as Enter in the search box does; a search still running is cancelled.
 */
void
ld_search_page_search (LdSearchPage *self,
                       const char   *text)
{
  g_autofree char *copy = NULL;

  g_return_if_fail (LD_IS_SEARCH_PAGE (self));
  g_return_if_fail (text != NULL);

  if (!ld_client_has_right (self->client, LD_RIGHT_MEMBER_SEARCH))
    return;

  copy = g_strstrip (g_strdup (text));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), copy);

  g_free (self->text);
  self->text = g_steal_pointer (&copy);

  ld_search_page_start (self);
}

void
ld_search_page_focus_entry (LdSearchPage *self)
{
  g_return_if_fail (LD_IS_SEARCH_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * ld_search_page_get_kind:
 *
 * Returns: (nullable): the kind the server searched by
 */
const char *
ld_search_page_get_kind (LdSearchPage *self)
{
  g_return_val_if_fail (LD_IS_SEARCH_PAGE (self), NULL);

  return self->kind;
}

/**
 * ld_search_page_get_state:
 *
 * Returns: the name of the visible state: "empty", "loading", "results", "none",
 *   "error" or "forbidden"
 */
const char *
ld_search_page_get_state (LdSearchPage *self)
{
  g_return_val_if_fail (LD_IS_SEARCH_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * ld_search_page_get_results:
 *
 * Returns: (transfer none): the members found, a #GListModel of #LdMember
 */
GListModel *
ld_search_page_get_results (LdSearchPage *self)
{
  g_return_val_if_fail (LD_IS_SEARCH_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}
