/* ld-reason-picker.c — a list of reasons the agent filters by typing, and picks one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reasons are (key, label) pairs, e.g. a list of the configuration's reasons. The
 * search entry above the list filters it as the agent types: every typed word must be
 * in the label, without case. A reason hidden by the filter is not kept chosen, the
 * first one shown is chosen instead, so what Enter sends is always on screen; Up and
 * Down in the entry move the choice; Escape in the entry first empties it, then closes
 * the window (window.close). Enter or a double click on a row emits
 * #LdReasonPicker::activated, for the dialog to submit where that is safe.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include "ld-core.h"
#include "ld-format.h"
#include "ld-properties.h"
#include "ld-reason-picker.h"

struct _LdReasonPicker
{
  AdwBin             parent_instance;

  /* template children */
  GtkSearchEntry    *entry;
  GtkScrolledWindow *scrolled;
  GtkListBox        *list;

  guint              n_reasons;
};

G_DEFINE_FINAL_TYPE (LdReasonPicker, ld_reason_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_get_key (GtkWidget *row)
{
  return GTK_IS_LIST_BOX_ROW (row) ? g_object_get_data (G_OBJECT (row), "ld-reason-key") : NULL;
}

/* whether every word typed in the filter is in the reason's label */
static gboolean
ld_reason_picker_matches (LdReasonPicker *self,
                          GtkWidget      *row)
{
  g_autofree char *filter = NULL;
  g_auto(GStrv) words = NULL;
  const char *label;

  g_assert (LD_IS_REASON_PICKER (self));

  if (row_get_key (row) == NULL)
    return FALSE;

  filter = ld_format_fold (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  words = g_strsplit_set (filter, " \t", -1);
  label = g_object_get_data (G_OBJECT (row), "ld-reason-folded");

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && strstr (label, words[i]) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
ld_reason_picker_filter_cb (GtkListBoxRow *row,
                            gpointer       user_data)
{
  return ld_reason_picker_matches (LD_REASON_PICKER (user_data), GTK_WIDGET (row));
}

/* the reason shown @step rows from the chosen one (1 the next, -1 the one before, 0
 * the chosen one itself if it is shown, else the first shown), or NULL */
static GtkListBoxRow *
ld_reason_picker_find_shown (LdReasonPicker *self,
                             int             step)
{
  GtkWidget *selected = GTK_WIDGET (gtk_list_box_get_selected_row (self->list));
  GtkWidget *first = NULL;
  GtkWidget *previous = NULL;
  gboolean after_selected = FALSE;

  g_assert (LD_IS_REASON_PICKER (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!ld_reason_picker_matches (self, row))
        continue;

      if (first == NULL)
        first = row;
      if (row == selected && step == 0)
        return GTK_LIST_BOX_ROW (row);
      if (row == selected && step < 0)
        return GTK_LIST_BOX_ROW (previous != NULL ? previous : row);
      if (after_selected && step > 0)
        return GTK_LIST_BOX_ROW (row);
      if (row == selected)
        after_selected = TRUE;
      previous = row;
    }

  /* the chosen one is hidden (or none is): the first shown; at the end: stay */
  return GTK_LIST_BOX_ROW (after_selected ? selected : first);
}

static void
ld_reason_picker_select (LdReasonPicker *self,
                         GtkListBoxRow  *row)
{
  g_assert (LD_IS_REASON_PICKER (self));

  if (row == gtk_list_box_get_selected_row (self->list))
    return;

  if (row != NULL)
    gtk_list_box_select_row (self->list, row);
  else
    gtk_list_box_unselect_all (self->list);
}

static void
ld_reason_picker_filter_changed_cb (LdReasonPicker *self,
                                    GtkEditable    *entry)
{
  g_assert (LD_IS_REASON_PICKER (self));

  gtk_list_box_invalidate_filter (self->list);
  /* what Enter would send stays on screen */
  ld_reason_picker_select (self, ld_reason_picker_find_shown (self, 0));
}

static gboolean
ld_reason_picker_key_cb (LdReasonPicker        *self,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkEventControllerKey *controller)
{
  GtkListBoxRow *row;

  g_assert (LD_IS_REASON_PICKER (self));

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down &&
      keyval != GDK_KEY_Up && keyval != GDK_KEY_KP_Up)
    return GDK_EVENT_PROPAGATE;

  row = ld_reason_picker_find_shown (self, keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down ? 1 : -1);
  if (row != NULL)
    ld_reason_picker_select (self, row);

  return GDK_EVENT_STOP;
}

/* Escape in the filter: first empties it, then closes the window */
static void
ld_reason_picker_stop_search_cb (LdReasonPicker *self,
                                 GtkSearchEntry *entry)
{
  g_assert (LD_IS_REASON_PICKER (self));

  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "window.close", NULL);
}

static void
ld_reason_picker_selected_cb (LdReasonPicker *self,
                              GtkListBox     *list)
{
  GtkWidget *selected = GTK_WIDGET (gtk_list_box_get_selected_row (list));

  g_assert (LD_IS_REASON_PICKER (self));

  /* a check mark says which one, beside the selection's colour */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "ld-reason-check");

      if (check != NULL)
        gtk_widget_set_opacity (check, row == selected ? 1 : 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
}

static void
ld_reason_picker_row_activated_cb (LdReasonPicker *self,
                                   GtkListBoxRow  *row,
                                   GtkListBox     *list)
{
  g_assert (LD_IS_REASON_PICKER (self));

  ld_reason_picker_select (self, row);
  g_signal_emit (self, signals[ACTIVATED], 0);
}

static gboolean
ld_reason_picker_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LD_REASON_PICKER (widget)->entry));
}

static void
ld_reason_picker_dispose (GObject *object)
{
  LdReasonPicker *self = (LdReasonPicker *)object;

  /* the list says its selection changed as its rows go */
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_REASON_PICKER);

  G_OBJECT_CLASS (ld_reason_picker_parent_class)->dispose (object);
}

static void
ld_reason_picker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LdReasonPicker *self = LD_REASON_PICKER (object);

  switch (prop_id)
    {
    case PROP_REASON:
      g_value_set_string (value, ld_reason_picker_get_reason (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_reason_picker_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LdReasonPicker *self = LD_REASON_PICKER (object);

  switch (prop_id)
    {
    case PROP_REASON:
      ld_reason_picker_set_reason (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_reason_picker_class_init (LdReasonPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_reason_picker_dispose;
  object_class->get_property = ld_reason_picker_get_property;
  object_class->set_property = ld_reason_picker_set_property;
  widget_class->grab_focus = ld_reason_picker_grab_focus;

  /* the key of the reason chosen, NULL while none is */
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdReasonPicker::activated:
   *
   * Enter or a double click on a reason, which is chosen now.
   */
  signals[ACTIVATED] = ld_signal_new (G_TYPE_FROM_CLASS (klass), "activated", G_TYPE_NONE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/loyaltydesk/Agent/ui/widgets/ld-reason-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, LdReasonPicker, entry);
  gtk_widget_class_bind_template_child (widget_class, LdReasonPicker, scrolled);
  gtk_widget_class_bind_template_child (widget_class, LdReasonPicker, list);
}

static void
ld_reason_picker_init (LdReasonPicker *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list, ld_reason_picker_filter_cb, self, NULL);
  g_signal_connect_object (self->list, "selected-rows-changed",
                           G_CALLBACK (ld_reason_picker_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "row-activated",
                           G_CALLBACK (ld_reason_picker_row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "changed",
                           G_CALLBACK (ld_reason_picker_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "stop-search",
                           G_CALLBACK (ld_reason_picker_stop_search_cb), self, G_CONNECT_SWAPPED);
  /* before the entry's text sees them */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed",
                           G_CALLBACK (ld_reason_picker_key_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

/**
 * ld_reason_picker_add:
 * @key: what the request sends
 * @label: (nullable): what the agent reads; the key without it
 *
 * Adds a reason to the list; the picker shows with the first.
 */
void
ld_reason_picker_add (LdReasonPicker *self,
                      const char     *key,
                      const char     *label)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *text;
  GtkWidget *check;
  int natural = 0;

  g_return_if_fail (LD_IS_REASON_PICKER (self));
  g_return_if_fail (key != NULL && key[0] != '\0');

  if (label == NULL || label[0] == '\0')
    label = key;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  text = gtk_label_new (label);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_opacity (check, 0);
  gtk_box_append (GTK_BOX (box), check);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (row), "ld-reason-check", check);
  g_object_set_data_full (G_OBJECT (row), "ld-reason-key", g_strdup (key), g_free);
  g_object_set_data_full (G_OBJECT (row), "ld-reason-folded", ld_format_fold (label), g_free);
  gtk_list_box_append (self->list, row);
  self->n_reasons++;

  /* the reasons take the height they need (up to the scrolled window's maximum) and
   * keep it: a shown dialog grows only for what it cannot do without, so an error
   * appearing later would otherwise squeeze them, and a filter would make it jump */
  gtk_widget_measure (GTK_WIDGET (self->list), GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  gtk_scrolled_window_set_min_content_height (self->scrolled,
                                              MIN (natural, gtk_scrolled_window_get_max_content_height (self->scrolled)));

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

/**
 * ld_reason_picker_add_from_json:
 * @reasons: (nullable): a list of the configuration's reasons: each a key, or an object
 *   {key, label} (older documents: {id, title})
 *
 * Adds each reason of @reasons; what has no key is skipped.
 */
void
ld_reason_picker_add_from_json (LdReasonPicker *self,
                                JsonArray      *reasons)
{
  guint n;

  g_return_if_fail (LD_IS_REASON_PICKER (self));

  n = reasons != NULL ? json_array_get_length (reasons) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (reasons, i);
      const char *key = NULL;
      const char *label = NULL;

      if (ld_json_node_holds (node, G_TYPE_STRING))
        {
          key = label = json_node_get_string (node);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);

          if (!ld_json_get_string (object, "key", NULL, &key) || key == NULL)
            ld_json_get_string (object, "id", NULL, &key);
          if (!ld_json_get_string (object, "label", NULL, &label) || label == NULL)
            ld_json_get_string (object, "title", key, &label);
        }

      if (key != NULL && key[0] != '\0')
        ld_reason_picker_add (self, key, label);
    }
}

guint
ld_reason_picker_get_n_reasons (LdReasonPicker *self)
{
  g_return_val_if_fail (LD_IS_REASON_PICKER (self), 0);

  return self->n_reasons;
}

/**
 * ld_reason_picker_get_n_shown:
 *
 * Returns: how many reasons the filter lets through
 */
guint
ld_reason_picker_get_n_shown (LdReasonPicker *self)
{
  guint n = 0;

  g_return_val_if_fail (LD_IS_REASON_PICKER (self), 0);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ld_reason_picker_matches (self, row))
      n++;

  return n;
}

/**
 * ld_reason_picker_get_reason:
 *
 * Returns: (nullable): the key of the reason chosen
 */
const char *
ld_reason_picker_get_reason (LdReasonPicker *self)
{
  g_return_val_if_fail (LD_IS_REASON_PICKER (self), NULL);

  return row_get_key (GTK_WIDGET (gtk_list_box_get_selected_row (self->list)));
}

/**
 * ld_reason_picker_set_reason:
 * @key: (nullable): the key of one of the reasons, or %NULL for none
 *
 * Chooses the reason, as the agent does; an unknown key changes nothing.
 */
void
ld_reason_picker_set_reason (LdReasonPicker *self,
                             const char     *key)
{
  g_return_if_fail (LD_IS_REASON_PICKER (self));

  if (key == NULL)
    {
      gtk_list_box_unselect_all (self->list);
      return;
    }

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (g_strcmp0 (row_get_key (row), key) == 0)
        {
          gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
          return;
        }
    }
}

/**
 * ld_reason_picker_select_first:
 *
 * Chooses the first reason the filter shows (e.g. the one most often given).
 */
void
ld_reason_picker_select_first (LdReasonPicker *self)
{
  g_return_if_fail (LD_IS_REASON_PICKER (self));

  gtk_list_box_unselect_all (self->list);
  ld_reason_picker_select (self, ld_reason_picker_find_shown (self, 0));
}

/* the text of the filter, as the agent typed it */
const char *
ld_reason_picker_get_filter (LdReasonPicker *self)
{
  g_return_val_if_fail (LD_IS_REASON_PICKER (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
ld_reason_picker_set_filter (LdReasonPicker *self,
                             const char     *text)
{
  g_return_if_fail (LD_IS_REASON_PICKER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}
