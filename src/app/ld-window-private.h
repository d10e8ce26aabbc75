/* ld-window-private.h — what ld-window.c shares with the window's call handling
 *
 * The window is one type in two files: ld-window.c (the tabs, search, registration,
 * the outbox) and calls/ld-window-calls.c (the call on the line: the screen pop, the
 * banner's End Call, and ending every call before the window closes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-window.h"

G_BEGIN_DECLS

struct _LdWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwWindowTitle       *window_title;
  GtkButton            *training_button;
  GtkButton            *outbox_button;
  LdCallBanner         *call_banner;
  AdwToastOverlay      *toast_overlay;
  AdwTabBar            *tab_bar;
  AdwTabView           *tab_view;

  LdSearchPage         *search_page;
  LdClient             *client;
  LdConfig             *config;
  GCancellable         *cancellable;
  char                 *last_message;

  /* the calls (ld-window-calls.c) */
  GtkWidget            *end_dialog;     /* (nullable) (weak) the End Call dialog shown */
  char                 *then_action;    /* (nullable) what waits for the calls to end:
                                         * window.close, app.quit, app.logout */
  gboolean              leaving_calls_open;  /* the agent chose to go without ending them */
};

/* ld-window.c */
void        ld_window_toast                (LdWindow       *self,
                                            const char     *message);
AdwTabPage *ld_window_add_tab              (LdWindow       *self,
                                            GtkWidget      *child,
                                            const char     *icon_name);
/* the tab of the page of @type (the outbox, the open calls: one at most), or NULL */
AdwTabPage *ld_window_find_tab_of_type     (LdWindow       *self,
                                            GType           type);
/* selects that tab: FALSE when none is open */
gboolean    ld_window_select_tab_of_type   (LdWindow       *self,
                                            GType           type);

/* calls/ld-window-calls.c */
void        ld_window_class_init_calls     (GtkWidgetClass *widget_class);
void        ld_window_calls_constructed    (LdWindow       *self);
void        ld_window_calls_dispose        (LdWindow       *self);
void        ld_window_calls_update_actions (LdWindow       *self);
void        ld_window_calls_set_member     (LdWindow       *self,
                                            gint64          call_id,
                                            gint64          member_id);

G_END_DECLS
