/* ld-outbox-page.h — the SMS and e-mails the server sent (needs outbox.view)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"
#include "ld-loadable-view.h"

G_BEGIN_DECLS

#define LD_TYPE_OUTBOX_PAGE (ld_outbox_page_get_type ())

G_DECLARE_FINAL_TYPE (LdOutboxPage, ld_outbox_page, LD, OUTBOX_PAGE, AdwBin)

GtkWidget      *ld_outbox_page_new       (LdClient     *client);
LdLoadableView *ld_outbox_page_get_view  (LdOutboxPage *self);
GListModel     *ld_outbox_page_get_items (LdOutboxPage *self);

G_END_DECLS
