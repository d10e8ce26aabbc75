/* ld-test-json.h — what a strict JSON reader would say of a text, for the tests that check
 * every answer and every written string is JSON that Python or Node read (issue 11)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* no raw byte below 0x20 inside a string of @text (what strict parsers refuse, and
 * json-glib's own parser lets through), and @text does not end inside a string */
void          ld_test_assert_no_raw_controls (const char *text);

/* runs @script with Debian's /usr/bin/python3, @text on its standard input, and asserts it
 * prints "ok" (its standard error goes into the test's log) → FALSE, having run nothing,
 * when there is no /usr/bin/python3 */
gboolean      ld_test_python_check           (const char *text,
                                              const char *script);

G_END_DECLS
