/* ld-clock.h — the server's one clock: the system's time plus an offset a test can move
 *
 * Every rule that depends on time (sessions and their expiry, login lock-outs, the
 * per-address sign-in window, verification codes and their cool-down, idempotency keys'
 * retention, registration drafts' lifetime, the times written on calls and actions) reads
 * it here, never from the system directly. The offset is 0 unless the hidden option
 * --test-clock FILE is given: then FILE holds a whole number of seconds (e.g. "900"), and a
 * test moves the server's time by rewriting it instead of sleeping.
 *
 * What is about real sockets and real durations stays on the system's clocks: the
 * connections' header and idle time-outs, request durations in /metrics, the request log.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* like g_get_real_time(): µs since the epoch, moved by the offset */
gint64    ld_clock_get_real_time      (void);
/* like g_get_monotonic_time(), moved by the same offset (deadlines stay monotonic) */
gint64    ld_clock_get_monotonic_time (void);
/* ld_clock_get_real_time() in whole seconds since the epoch */
gint64    ld_clock_get_unix_seconds   (void);

/* for tests only: the offset follows @path from now on (read at once, then again whenever
 * the file changes); FALSE with @error when it cannot be read or is not a number */
gboolean  ld_clock_follow_file        (const char  *path,
                                       GError     **error);
/* the offset in seconds now (0 without a test clock) */
gint64    ld_clock_get_offset         (void);

G_END_DECLS
