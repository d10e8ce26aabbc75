/* ld-date-row.c — a date typed the agent's way, or picked from a calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entry row whose text is a date in the agent's language, always with the year in
 * full (ld-format.c), with an example of how one is typed beside it and a button that
 * opens a calendar: the calendar opens on the date typed, a click or Space takes a day
 * (the arrows move), Enter takes it and closes, and however it closes the focus comes
 * back to the text. The row's text is all there is: the answer editor reads it.
 */

#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ld-date-row.h"
#include "ld-format.h"

struct _LdDateRow
{
  AdwEntryRow parent_instance;
};

G_DEFINE_FINAL_TYPE (LdDateRow, ld_date_row, ADW_TYPE_ENTRY_ROW)

/* the calendar opens on the date typed, if it is one */
static void
ld_date_row_calendar_shown_cb (GtkCalendar *calendar)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (calendar), ADW_TYPE_ENTRY_ROW);
  g_autofree char *iso = NULL;
  guint year, month, day;

  g_assert (GTK_IS_CALENDAR (calendar));

  if (row != NULL)
    iso = ld_format_parse_date (gtk_editable_get_text (GTK_EDITABLE (row)));
  if (iso != NULL && sscanf (iso, "%4u-%2u-%2u", &year, &month, &day) == 3)
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 0, 0, 0);

      if (date != NULL)
        gtk_calendar_select_day (calendar, date);
    }
  gtk_widget_grab_focus (GTK_WIDGET (calendar));
}

/* the day picked is the row's text: the arrows move it, Enter or Escape closes */
static void
ld_date_row_day_selected_cb (GtkCalendar *calendar,
                             LdDateRow   *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");
  g_autofree char *text = ld_format_date (iso);

  g_assert (LD_IS_DATE_ROW (self));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self), text);
}

/* Enter closes the calendar with the day taken (Space or a click took it) */
static void
ld_date_row_calendar_key_cb (GtkEventControllerKey *controller,
                             guint                  keyval,
                             guint                  keycode,
                             GdkModifierType        state,
                             LdDateRow             *self)
{
  GtkWidget *calendar = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *popover = gtk_widget_get_ancestor (calendar, GTK_TYPE_POPOVER);

  g_assert (LD_IS_DATE_ROW (self));

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return;

  ld_date_row_day_selected_cb (GTK_CALENDAR (calendar), self);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* however the calendar closes, the focus goes back where the agent types the date (it
 * would stay on the hidden calendar) */
static void
ld_date_row_calendar_closed_cb (LdDateRow *self)
{
  g_assert (LD_IS_DATE_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
ld_date_row_class_init (LdDateRowClass *klass)
{
}

static void
ld_date_row_init (LdDateRow *self)
{
  g_autofree char *hint = ld_date_row_dup_hint ();
  GtkWidget *hint_label = gtk_label_new (hint);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_add_css_class (hint_label, "dim-label");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), hint_label);

  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Pick the date from a calendar"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pick the date from a calendar"),
                                  -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), button);

  g_signal_connect_object (popover, "closed",
                           G_CALLBACK (ld_date_row_calendar_closed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "show",
                           G_CALLBACK (ld_date_row_calendar_shown_cb), calendar, G_CONNECT_SWAPPED);
  /* a click on a day takes it; the keys: the arrows move, Space takes, Enter closes */
  g_signal_connect_object (calendar, "day-selected",
                           G_CALLBACK (ld_date_row_day_selected_cb), self, 0);
  g_signal_connect_object (keys, "key-released",
                           G_CALLBACK (ld_date_row_calendar_key_cb), self, 0);
  gtk_widget_add_controller (calendar, keys);
}

/**
 * ld_date_row_new:
 *
 * Returns: (transfer floating): a row for a date, empty
 */
GtkWidget *
ld_date_row_new (void)
{
  return g_object_new (LD_TYPE_DATE_ROW, NULL);
}

/**
 * ld_date_row_dup_hint:
 *
 * Returns: (transfer full): how a date is typed: an example in the agent's language
 */
char *
ld_date_row_dup_hint (void)
{
  g_autofree char *example = ld_format_date ("1971-02-24");

  /* Translators: how a date is typed into the application form; %s is an example date */
  return g_strdup_printf (_("e.g. %s"), example);
}
