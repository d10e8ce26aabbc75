/* ld-date-row.h — a date typed the agent's way, or picked from a calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_DATE_ROW (ld_date_row_get_type ())

G_DECLARE_FINAL_TYPE (LdDateRow, ld_date_row, LD, DATE_ROW, AdwEntryRow)

GtkWidget *ld_date_row_new      (void);
char      *ld_date_row_dup_hint (void);

G_END_DECLS
