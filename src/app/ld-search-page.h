/* ld-search-page.h — one search box for a phone, card number, e-mail or name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_SEARCH_PAGE (ld_search_page_get_type ())

G_DECLARE_FINAL_TYPE (LdSearchPage, ld_search_page, LD, SEARCH_PAGE, AdwBin)

GtkWidget  *ld_search_page_new          (LdClient     *client);
void        ld_search_page_search       (LdSearchPage *self,
                                         const char   *text);
void        ld_search_page_focus_entry  (LdSearchPage *self);
const char *ld_search_page_get_kind     (LdSearchPage *self);
const char *ld_search_page_get_state    (LdSearchPage *self);
GListModel *ld_search_page_get_results  (LdSearchPage *self);
LdConfig   *ld_search_page_get_config   (LdSearchPage *self);
void        ld_search_page_set_config   (LdSearchPage *self,
                                         LdConfig     *config);

G_END_DECLS
