/* ld-properties.h — the properties and signals that many of the app's classes declare alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Made in one place so that a "client" or a "title" means the same (type, flags) on every
 * page, dialog and model that has one.
 */
#pragma once

#include "ld-core.h"

G_BEGIN_DECLS

/* "client": the logged-in session the object makes its requests with, set once */
static inline GParamSpec *
ld_param_spec_client (void)
{
  return g_param_spec_object ("client", NULL, NULL, LD_TYPE_CLIENT,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
}

/* "member-id": the member the object is about, set once */
static inline GParamSpec *
ld_param_spec_member_id (void)
{
  return g_param_spec_int64 ("member-id", NULL, NULL, 0, G_MAXINT64, 0,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
}

/* "config": the server's configuration as the window fetched it once (%NULL until then),
 * read-only or also set from outside as @access says (G_PARAM_READABLE or
 * G_PARAM_READWRITE, with G_PARAM_EXPLICIT_NOTIFY where the setter checks for a change) */
static inline GParamSpec *
ld_param_spec_config (GParamFlags access)
{
  return g_param_spec_object ("config", NULL, NULL, LD_TYPE_CONFIG, access | G_PARAM_STATIC_STRINGS);
}

/* "title": what the page's tab shows; the page notifies it when it changes */
static inline GParamSpec *
ld_param_spec_title (void)
{
  return g_param_spec_string ("title", NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

/* a signal of @itype run last, with no return value and one parameter of @param_type,
 * or none for G_TYPE_NONE */
static inline guint
ld_signal_new (GType       itype,
               const char *name,
               GType       param_type)
{
  if (param_type == G_TYPE_NONE)
    return g_signal_new (name, itype, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  return g_signal_new (name, itype, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, param_type);
}

G_END_DECLS
