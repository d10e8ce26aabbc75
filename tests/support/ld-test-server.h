/* ld-test-server.h — the real loyalty-desk-server on a free loopback port, for tests
 *
 * Each LdTestServer spawns $LD_SERVER_BINARY with --listen 127.0.0.1:0, a fresh SQLite
 * file in its own temporary directory, --seed-demo N and --test-clock (a file in that
 * directory: ld_test_server_advance_clock() moves the server's time, no test sleeps for
 * it), reads its "listening on" line and, when the last reference goes, stops it
 * (SIGTERM) and removes the directory.
 * Raw HTTP goes through a synchronous libsoup session (tests only); LdClient calls are
 * waited for with ld_test_await().
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ld-client.h"

G_BEGIN_DECLS

#define LD_TYPE_TEST_SERVER (ld_test_server_get_type ())
G_DECLARE_FINAL_TYPE (LdTestServer, ld_test_server, LD, TEST_SERVER, GObject)

/* the demo data's operators (DESIGN.md); each has the password "demo" */
#define LD_TEST_PASSWORD "demo"

typedef enum
{
  LD_TEST_SERVER_FLAGS_NONE        = 0,
  /* the server's stderr goes to a file (ld_test_server_dup_log) instead of the test's */
  LD_TEST_SERVER_FLAGS_CAPTURE_LOG = 1 << 0,
  /* po/ru.po, compiled with msgfmt, is the server's catalog (LD_SERVER_LOCALEDIR), so
   * that a request with Accept-Language: ru is answered in Russian */
  LD_TEST_SERVER_FLAGS_RUSSIAN     = 1 << 1,
  /* the same, and the server process itself speaks Russian (LANGUAGE=ru): a request in
   * English then proves the server did not answer in its own language */
  LD_TEST_SERVER_FLAGS_RUSSIAN_PROCESS = 1 << 2,
} LdTestServerFlags;

/* starts the server or fails the test; @extra_args (nullable, NULL-terminated) are added */
LdTestServer *ld_test_server_new          (guint                seed_members,
                                           const char * const  *extra_args);
LdTestServer *ld_test_server_new_full     (guint                seed_members,
                                           const char * const  *extra_args,
                                           LdTestServerFlags    flags);
/* a second instance of the server on @other's database file and clock, as a second
 * server of one site would be (it does not seed); it keeps @other alive until it is gone */
LdTestServer *ld_test_server_new_beside   (LdTestServer        *other,
                                           const char * const  *extra_args);
/* the server at @url on @database that another process started and stops (the test's
 * parent, whose subprocesses share its server, read from the environment): requests and
 * ld_test_server_query_*() only; it neither stops the server nor removes its files, and
 * has no clock to move nor operators to create */
LdTestServer *ld_test_server_attach       (const char          *url,
                                           const char          *database);
/* moves the server's clock (and that of every instance beside it) @seconds on: what
 * depends on time (sessions, lock-outs, codes, drafts…) sees that much more time gone */
void          ld_test_server_advance_clock (LdTestServer       *self,
                                            gint64              seconds);
/* runs the server's own `--create-operator @login --role @role [--grant @grant]
 * [--deny @deny]` on its database (password LD_TEST_PASSWORD), or fails the test; @grant and
 * @deny (nullable) are comma-separated rights */
void          ld_test_server_create_operator (LdTestServer     *self,
                                              const char       *login,
                                              const char       *role,
                                              const char       *grant,
                                              const char       *deny);
/* the same with the operator's full name (`--name @name`; nullable) */
void          ld_test_server_create_operator_full (LdTestServer     *self,
                                                   const char       *login,
                                                   const char       *name,
                                                   const char       *role,
                                                   const char       *grant,
                                                   const char       *deny);
/* Accept-Language headers for ld_test_server_request(): Russian first, English first */
#define LD_TEST_HEADERS_RUSSIAN ((const char * const[]) { "Accept-Language", "ru-RU, ru;q=0.9, en;q=0.8", NULL })
#define LD_TEST_HEADERS_ENGLISH ((const char * const[]) { "Accept-Language", "en-US, ru;q=0.5", NULL })
/* TRUE when @text has a Cyrillic letter */
gboolean      ld_test_has_cyrillic        (const char          *text);

/* with LD_TEST_SERVER_FLAGS_CAPTURE_LOG: what the server wrote on stderr so far
 * (complete once it has stopped; the request log is flushed every 250 ms) */
char         *ld_test_server_dup_log      (LdTestServer        *self);
/* "http://127.0.0.1:PORT" (https:// with --tls-cert; the raw helpers accept its certificate) */
const char   *ld_test_server_get_url      (LdTestServer        *self);
const char   *ld_test_server_get_database (LdTestServer        *self);
/* runs @sql on the server's database (SQLite file, or PostgreSQL) from a second connection, for states no request
 * can make (the server sees the change at once); fails the test naming the statement */
void          ld_test_server_run_sql      (LdTestServer        *self,
                                           const char          *sql);
/* the first column of the first row @sql answers on the server's database, SQLite's or
 * PostgreSQL's (LD_TEST_DATABASE), read from a second connection; the test fails when it
 * answers no row. _text: (transfer full) (nullable) */
gint64        ld_test_server_query_int    (LdTestServer        *self,
                                           const char          *sql);
char         *ld_test_server_query_text   (LdTestServer        *self,
                                           const char          *sql);
/* whether the bytes @needle are anywhere in the files that hold the server's database:
 * SQLite's file and its write-ahead log; PostgreSQL's files of that database and the
 * cluster's WAL, after a CHECKPOINT has written every page out (only with the harness's
 * own cluster: elsewhere the test is skipped, g_test_skip(), and this answers FALSE) */
gboolean      ld_test_server_database_contains (LdTestServer   *self,
                                                const char     *needle);
GPid          ld_test_server_get_pid      (LdTestServer        *self);
/* stops the server now (also done on finalize); TRUE when it exited cleanly */
gboolean      ld_test_server_stop         (LdTestServer        *self);
/* waits (20 s at most) for the server to exit by itself; TRUE when it exited cleanly */
gboolean      ld_test_server_wait         (LdTestServer        *self);

/**
 * ld_test_server_request:
 * @method: "GET", "POST", …
 * @path: below the server's URL, with its query: "/api/v1/members?phone=%2B7…"
 * @token: (nullable): sent as "Authorization: Bearer @token"
 * @body: (nullable): the request body, sent as application/json
 * @headers: (nullable): NULL-terminated name, value, name, value… of more headers
 * @out_json: (out) (optional) (transfer full): the answer parsed as JSON, NULL when it is not
 *
 * Returns: the HTTP status
 */
guint         ld_test_server_request      (LdTestServer        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           const char          *body,
                                           const char * const  *headers,
                                           JsonNode           **out_json);
/* the same with a body of @length bytes and the full answer text and headers */
guint         ld_test_server_request_full (LdTestServer        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           GBytes              *body,
                                           const char * const  *headers,
                                           char               **out_text,
                                           SoupMessageHeaders **out_headers);

/* ld_test_server_request() that must answer @expected, or the test fails naming what came
 * → the answer parsed as JSON (transfer full) (nullable: not JSON) */
JsonNode     *ld_test_server_expect       (LdTestServer        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           const char          *body,
                                           const char * const  *headers,
                                           guint                expected);

/* the same with an Idempotency-Key (nullable); an answer with a body must be JSON, its text
 * goes into @out_text (optional, transfer full) */
JsonNode     *ld_test_server_expect_full  (LdTestServer        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           const char          *body,
                                           const char          *idempotency_key,
                                           guint                expected,
                                           char               **out_text);

/* GET /api/v1/members/{id} and GET /api/v1/cards/{number} as @token's operator; fail the
 * test unless they answer 200 → the profile, the card (transfer full) */
JsonNode     *ld_test_server_get_member   (LdTestServer        *self,
                                           const char          *token,
                                           gint64               member_id);
JsonNode     *ld_test_server_get_card     (LdTestServer        *self,
                                           const char          *token,
                                           const char          *number);

/* POST /api/v1/auth/login; fails the test unless it answers 200 → the token (transfer full) */
char         *ld_test_server_login        (LdTestServer        *self,
                                           const char          *login,
                                           const char          *password);

/* ---- checks */

/* asserts @node is {"error":{"code":@code,"message":"…"}} (and details.field == @field
 * when @field is not NULL) */
#define ld_test_assert_error(node, code, field) \
  ld_test_assert_error_impl (__FILE__, __LINE__, (node), (code), (field))
void          ld_test_assert_error_impl   (const char          *file,
                                           int                  line,
                                           JsonNode            *node,
                                           const char          *code,
                                           const char          *field);

/* @method @path (as ld_test_server_request() sends it) must answer @status with the error
 * @code (and details.field == @field when @field is not NULL) */
#define ld_test_server_assert_error(self, method, path, token, body, headers, status, code, field) \
  ld_test_server_assert_error_impl (__FILE__, __LINE__, (self), (method), (path), (token), (body), \
                                    (headers), (status), (code), (field))
void          ld_test_server_assert_error_impl (const char         *file,
                                                int                 line,
                                                LdTestServer       *self,
                                                const char         *method,
                                                const char         *path,
                                                const char         *token,
                                                const char         *body,
                                                const char * const *headers,
                                                guint               status,
                                                const char         *code,
                                                const char         *field);

/* the member @path ("a.b.c") of an object node, or NULL */
JsonNode     *ld_test_json_path           (JsonNode            *node,
                                           const char          *path);
const char   *ld_test_json_string         (JsonNode            *node,
                                           const char          *path);
gint64        ld_test_json_int            (JsonNode            *node,
                                           const char          *path);

/* ---- PostgreSQL (LD_TEST_DATABASE=postgresql)
 *
 * starts the private cluster the servers of this process get their databases in (once;
 * or takes the one LD_TEST_POSTGRES_HOST/PORT name), stopped at exit: its socket folder and
 * port */
void          ld_test_postgres_start      (const char         **host,
                                           const char         **port);

/* ---- requests sent without waiting for their answers */

typedef struct
{
  guint         status;
  char         *text;
  gboolean      replayed;   /* answered with Idempotent-Replayed: true */
  SoupSession  *session;    /* its own connection */
  GAsyncResult *result;     /* set when the answer came, read by ld_test_answer_wait() */
} LdTestAnswer;

/* sends @method @path (below @self's URL) with @body (nullable, JSON) under
 * Idempotency-Key @key (nullable) on a connection of its own, and returns at once:
 * ld_test_answer_wait() waits for the answer and fills @answer (clear it with
 * ld_test_answer_clear()) */
void          ld_test_server_send         (LdTestServer        *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           const char          *body,
                                           const char          *key,
                                           LdTestAnswer        *answer);
/* runs the thread-default main context until @answer has come (60 s at most), and fills
 * its status, text and replayed */
void          ld_test_answer_wait         (LdTestAnswer        *answer);

/* POST @path to each of @servers (@n of them; one may stand several times) at once,
 * each with ld_test_server_send(), and waits for every answer: @answers[i] is
 * @servers[i]'s */
void          ld_test_post_at_once        (LdTestServer * const *servers,
                                           guint                n,
                                           const char          *path,
                                           const char          *token,
                                           const char          *body,
                                           const char          *key,
                                           LdTestAnswer        *answers);
void          ld_test_answer_clear        (LdTestAnswer        *answer);

/* ---- files */

/* removes @path and everything in it (a test's temporary folder) */
void          ld_test_remove_directory    (const char          *path);

/* ---- waiting for async calls */

/* a GAsyncReadyCallback that stores a reference to the result in *(GAsyncResult **) @user_data */
void          ld_test_store_result_cb     (GObject             *source,
                                           GAsyncResult        *result,
                                           gpointer             user_data);
/* runs the thread-default main context until *@slot is set (60 s at most) → *@slot */
GAsyncResult *ld_test_await               (GAsyncResult       **slot);

/* an LdClient of @url logged in as @login (password LD_TEST_PASSWORD), or the test fails
 * (transfer full) */
LdClient     *ld_test_client_new_logged_in (const char         *url,
                                            const char         *login);

G_END_DECLS
