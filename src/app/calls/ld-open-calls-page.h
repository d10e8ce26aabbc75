/* ld-open-calls-page.h — the calls of the shift that nobody ended
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"
#include "ld-loadable-view.h"

G_BEGIN_DECLS

#define LD_TYPE_OPEN_CALLS_PAGE (ld_open_calls_page_get_type ())

G_DECLARE_FINAL_TYPE (LdOpenCallsPage, ld_open_calls_page, LD, OPEN_CALLS_PAGE, AdwBin)

GtkWidget      *ld_open_calls_page_new        (LdClient        *client);
LdLoadableView *ld_open_calls_page_get_view   (LdOpenCallsPage *self);
GListModel     *ld_open_calls_page_get_calls  (LdOpenCallsPage *self);
void            ld_open_calls_page_reload     (LdOpenCallsPage *self);

G_END_DECLS
