/* ld-weak-ref.h — the user data of an async call made by a view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view passes a weak reference to its callbacks, not a strong one: closing the view
 * then finalizes it at once (its dispose cancels the request) instead of keeping it alive,
 * detached from its window, until the request comes back.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* (transfer full): hand it to exactly one callback, which takes it with ld_weak_ref_steal() */
static inline GWeakRef *
ld_weak_ref_new (gpointer object)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, object);

  return weak;
}

/* frees @weak → (transfer full) (nullable): the object, or NULL when it is gone */
static inline gpointer
ld_weak_ref_steal (GWeakRef *weak)
{
  gpointer object = g_weak_ref_get (weak);

  g_weak_ref_clear (weak);
  g_free (weak);

  return object;
}

G_END_DECLS
