/* ld-window.h — the main window: search, member tabs, the call on the line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-application.h"
#include "ld-call-banner.h"
#include "ld-search-page.h"

G_BEGIN_DECLS

#define LD_TYPE_WINDOW (ld_window_get_type ())

G_DECLARE_FINAL_TYPE (LdWindow, ld_window, LD, WINDOW, AdwApplicationWindow)

GtkWidget    *ld_window_new                  (LdApplication *application,
                                              LdClient      *client);
LdClient     *ld_window_get_client           (LdWindow      *self);
LdConfig     *ld_window_get_config           (LdWindow      *self);
LdCall       *ld_window_get_call             (LdWindow      *self);
LdSearchPage *ld_window_get_search_page      (LdWindow      *self);
AdwTabView   *ld_window_get_tab_view         (LdWindow      *self);
LdCallBanner *ld_window_get_call_banner      (LdWindow      *self);
const char   *ld_window_get_last_message     (LdWindow      *self);
void          ld_window_open_member          (LdWindow      *self,
                                              gint64         member_id);
void          ld_window_incoming_call        (LdWindow      *self,
                                              const char    *number);
void          ld_window_register             (LdWindow      *self,
                                              const char    *phone,
                                              gint64         call_id);
void          ld_window_show_training_dialog (LdWindow      *self);
gboolean      ld_window_end_calls_then       (LdWindow      *self,
                                              const char    *action_name);

G_END_DECLS
