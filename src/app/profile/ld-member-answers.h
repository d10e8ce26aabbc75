/* ld-member-answers.h — the application form's answers of a member, as the profile reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-core.h"

G_BEGIN_DECLS

/**
 * LdMemberAnswersFunc:
 * @field: (nullable): the form's field; %NULL for an answer to a question the form does
 *   not ask (any more)
 * @key: the answer's key
 * @label: the question as the form asks it, else @key
 * @answer: (nullable): the member's answer, as the server sent it
 * @user_data: what ld_member_answers_foreach() was given
 */
typedef void (*LdMemberAnswersFunc) (JsonObject *field,
                                     const char *key,
                                     const char *label,
                                     JsonNode   *answer,
                                     gpointer    user_data);

const char *ld_member_answers_get_member_field (LdMember            *member,
                                                const char          *key);
char       *ld_member_answers_format           (JsonNode            *answer,
                                                JsonObject          *field);
void        ld_member_answers_foreach          (JsonArray           *form,
                                                JsonObject          *answers,
                                                LdMemberAnswersFunc  func,
                                                gpointer             user_data);

G_END_DECLS
