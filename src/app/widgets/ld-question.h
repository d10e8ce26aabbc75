/* ld-question.h — a question to the agent in an AdwMessageDialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void ld_question_ask (GtkWidget             *widget,
                      const char            *heading,
                      const char            *body,
                      GtkWidget             *extra_child,
                      AdwResponseAppearance  appearance,
                      GCallback              response_cb,
                      const char            *first_id,
                      ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
