/* main.c — the loyalty-desk program: everything else is in the app library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ld-app"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ld-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LdApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ld_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
