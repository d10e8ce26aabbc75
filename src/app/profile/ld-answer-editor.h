/* ld-answer-editor.h — the editor of a member's application-form answers, and its conflict view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_ANSWER_EDITOR (ld_answer_editor_get_type ())

G_DECLARE_FINAL_TYPE (LdAnswerEditor, ld_answer_editor, LD, ANSWER_EDITOR, GObject)

LdAnswerEditor *ld_answer_editor_new           (AdwPreferencesGroup  *edit_group,
                                                AdwPreferencesGroup  *conflict_group,
                                                JsonArray            *form,
                                                LdMember             *member);
void            ld_answer_editor_grab_focus    (LdAnswerEditor       *self);
gboolean        ld_answer_editor_get_can_save  (LdAnswerEditor       *self);
void            ld_answer_editor_set_sensitive (LdAnswerEditor       *self,
                                                gboolean              sensitive);
JsonObject     *ld_answer_editor_dup_changes   (LdAnswerEditor       *self,
                                                char                **refusal);
char           *ld_answer_editor_mark_field    (LdAnswerEditor       *self,
                                                const char           *key,
                                                const char           *message);
void            ld_answer_editor_show_conflict (LdAnswerEditor       *self,
                                                JsonObject           *answers);

G_END_DECLS
