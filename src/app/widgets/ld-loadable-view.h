/* ld-loadable-view.h — loading, error, empty and content states of a tab or a page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-cursor-list.h"
#include "ld-paged-list-model.h"

G_BEGIN_DECLS

typedef enum
{
  LD_LOADABLE_STATE_IDLE,     /* nothing asked yet: loads when first shown */
  LD_LOADABLE_STATE_LOADING,  /* a spinner */
  LD_LOADABLE_STATE_ERROR,    /* the server's message and a Retry button */
  LD_LOADABLE_STATE_EMPTY,    /* loaded, nothing to show */
  LD_LOADABLE_STATE_READY,    /* the content */
} LdLoadableState;

#define LD_TYPE_LOADABLE_STATE (ld_loadable_state_get_type ())
GType ld_loadable_state_get_type (void) G_GNUC_CONST;

#define LD_TYPE_LOADABLE_VIEW (ld_loadable_view_get_type ())

G_DECLARE_FINAL_TYPE (LdLoadableView, ld_loadable_view, LD, LOADABLE_VIEW, AdwBin)

GtkWidget        *ld_loadable_view_new               (void);
GtkWidget        *ld_loadable_view_get_content       (LdLoadableView   *self);
void              ld_loadable_view_set_content       (LdLoadableView   *self,
                                                      GtkWidget        *content);
LdLoadableState   ld_loadable_view_get_state         (LdLoadableView   *self);
const char       *ld_loadable_view_get_error_message (LdLoadableView   *self);
LdPagedListModel *ld_loadable_view_get_model         (LdLoadableView   *self);
void              ld_loadable_view_set_model         (LdLoadableView   *self,
                                                      LdPagedListModel *model);
LdCursorList     *ld_loadable_view_get_list          (LdLoadableView   *self);
void              ld_loadable_view_set_list          (LdLoadableView   *self,
                                                      LdCursorList     *list);
void              ld_loadable_view_set_loading       (LdLoadableView   *self);
void              ld_loadable_view_set_error         (LdLoadableView   *self,
                                                      const GError     *error);
void              ld_loadable_view_set_ready         (LdLoadableView   *self,
                                                      gboolean          empty);
void              ld_loadable_view_invalidate        (LdLoadableView   *self);
void              ld_loadable_view_retry             (LdLoadableView   *self);

G_END_DECLS
