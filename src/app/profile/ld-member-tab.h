/* ld-member-tab.h — the base of every tab of the member profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ld-core.h"

G_BEGIN_DECLS

#define LD_TYPE_MEMBER_TAB (ld_member_tab_get_type ())

G_DECLARE_DERIVABLE_TYPE (LdMemberTab, ld_member_tab, LD, MEMBER_TAB, AdwBin)

/* when a new "member" (the page fetched the profile again, or another member) loads the
 * tab's view again */
typedef enum
{
  LD_MEMBER_TAB_RELOAD_ALWAYS,        /* everything the tab shows comes with the profile */
  LD_MEMBER_TAB_RELOAD_OTHER_MEMBER,  /* a list that a refreshed profile does not change */
  LD_MEMBER_TAB_RELOAD_SHOWN,         /* a list an operation may change: again if shown */
} LdMemberTabReload;

struct _LdMemberTabClass
{
  AdwBinClass parent_class;

  /* set in class_init */
  LdMemberTabReload member_reload;
  gboolean          config_reloads;

  /* fetches what the tab shows: its view's "load", once client and member are set */
  void (*load)   (LdMemberTab *self);
  /* the client (or its operator), the member or the config changed: bring up to date
   * what follows them, before the view loads again */
  void (*update) (LdMemberTab *self);
};

LdClient *ld_member_tab_get_client (LdMemberTab *self);
LdMember *ld_member_tab_get_member (LdMemberTab *self);
LdConfig *ld_member_tab_get_config (LdMemberTab *self);

G_END_DECLS
