# bench/lib.sh — what the bench scripts share, sourced by each (bash, set -euo pipefail):
# a release build, the real server started on a seeded SQLite file and stopped on exit,
# logging in, a private Xvfb display, a long purchase history added with sqlite3, a private
# PostgreSQL cluster, processes' CPU time from /proc.
#
# Sourcing it moves to the top of the tree and sets root (that folder) and py
# (Debian's python3). bench_init makes the temporary folder $work, names $database in it
# and stops whatever the script started when it exits.
# shellcheck shell=bash

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." || exit 1
# shellcheck disable=SC2034  # for the scripts that source this
root=$PWD
py=/usr/bin/python3
# shellcheck source=../tools/server-wait.sh
source "$root/tools/server-wait.sh"

work=
database=
server_pid=
xvfb_pid=
base=
# the name of the next server's output files in $work (NAME.out, NAME.err), for scripts
# that start several
bench_server_name=server
# other processes bench_cleanup stops, "PID SIGNAL" each, the last added first
bench_stop_list=()
# how long bench_start_server waits for "listening on" (seeding a large database takes long)
bench_start_timeout=120

# bench_need TOOL…: exits unless every TOOL is on PATH
# what was measured, into $cpu (the CPU's model) and $commit (BENCH_COMMIT with
# BENCH_SERVER, else HEAD, saying so when src/server or src/core have changes not committed)
# shellcheck disable=SC2034  # read by the scripts that call it
bench_describe_build() {
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  if [[ -n "${BENCH_SERVER:-}" ]]; then
    commit="${BENCH_COMMIT:-unknown} ($BENCH_SERVER)"
  else
    commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
    [[ -z "$(git -C "$root" status --porcelain -- src/server src/core 2>/dev/null | head -c1)" ]] \
      || commit="$commit + uncommitted changes in src/server or src/core"
  fi
}

bench_need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
  done
}

# bench_build DIR [MESON_OPTION…] -- TARGET…: builds TARGETs (all without any) in DIR, a
# release build, set up first when missing, and set up again when options are given
bench_build() {
  local dir=$1 options=()
  shift
  while (( $# > 0 )) && [[ $1 != -- ]]; do
    options+=("$1")
    shift
  done
  (( $# == 0 )) || shift
  if [[ ! -f "$dir/meson-private/coredata.dat" ]]; then
    meson setup "$dir" -Dbuildtype=release "${options[@]}" >/dev/null
  elif (( ${#options[@]} > 0 )); then
    meson setup --reconfigure "$dir" -Dbuildtype=release "${options[@]}" >/dev/null
  fi
  ninja -C "$dir" "$@" >/dev/null
}

# shellcheck disable=SC2317  # called from the EXIT trap
bench_stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "$server_pid" ]]; then
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}

# bench_stop_on_exit PID [SIGNAL]: bench_cleanup stops PID (with SIGNAL, TERM by default;
# KILL after 10 s), after the server and before the processes added earlier
bench_stop_on_exit() {
  bench_stop_list+=("$1 ${2:-TERM}")
}

# shellcheck disable=SC2317
bench_stop_pid() {  # PID SIGNAL
  kill -0 "$1" 2>/dev/null || return 0
  kill "-$2" "$1" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# shellcheck disable=SC2317
bench_cleanup() {
  local i
  bench_stop_server
  for ((i = ${#bench_stop_list[@]} - 1; i >= 0; i--)); do
    # shellcheck disable=SC2086  # "PID SIGNAL"
    bench_stop_pid ${bench_stop_list[i]}
  done
  if [[ -n "$xvfb_pid" ]]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  if [[ -n "$work" ]]; then
    rm -rf "$work"
  fi
}

# bench_init NAME: the temporary folder $work (NAME.XXXXXX), emptied and removed on exit
# with the server and the display stopped
bench_init() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  database="$work/bench.db"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# bench_start_server BIN [ARG…]: starts the server BIN on $database, on a free loopback
# port, and sets $base from its "listening on" line; its stdout goes to
# $work/$bench_server_name.out (server.out), its log to $work/$bench_server_name.err
bench_start_server() {
  local bin=$1 out="$work/$bench_server_name"
  shift
  : >"$out.out"
  "$bin" --database "$database" --listen 127.0.0.1:0 "$@" >"$out.out" 2>"$out.err" &
  server_pid=$!
  if ! base=$(ld_wait_for_listening "$server_pid" "$out.out" "$out.err" \
                 "$bench_start_timeout" bench); then
    kill -0 "$server_pid" 2>/dev/null || server_pid=
    exit 1
  fi
}

# bench_free_port: a free loopback TCP port (free when asked)
bench_free_port() {
  "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- CPU time from /proc (clock ticks: bench_hz a second)
# shellcheck disable=SC2034  # for the scripts that source this
bench_hz=$(getconf CLK_TCK)

# bench_proc_ticks PID [tree]: utime + stime of PID in clock ticks (with tree, plus cutime +
# cstime and every living child's utime + stime: a process and all its children, finished
# ones included once reaped); 0 when PID is empty or gone. A process's figure counts all
# its threads, those that ended included.
bench_proc_ticks() {
  local stat f total child
  [[ -n "$1" ]] || { echo 0; return; }
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || { echo 0; return; }
  read -r -a f <<<"${stat##*) }"
  total=$((f[11] + f[12]))
  if [[ ${2:-} == tree ]]; then
    total=$((total + f[13] + f[14]))
    for child in $(ps -o pid= --ppid "$1"); do
      total=$((total + $(bench_proc_ticks "$child")))
    done
  fi
  echo "$total"
}

# bench_thread_ticks PID: utime + stime of PID's main thread alone (its other threads are
# bench_proc_ticks PID less this); 0 when PID is empty or gone
bench_thread_ticks() {
  local stat f
  [[ -n "$1" ]] || { echo 0; return; }
  { read -r stat <"/proc/$1/task/$1/stat"; } 2>/dev/null || { echo 0; return; }
  read -r -a f <<<"${stat##*) }"
  echo $((f[11] + f[12]))
}

# bench_machine_ticks: "BUSY TOTAL", the clock ticks of all cores from /proc/stat (busy:
# user, nice, system, irq, softirq, steal; total adds idle and iowait)
bench_machine_ticks() {
  awk '/^cpu /{b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6}' /proc/stat
}

# bench_children_ticks: cutime + cstime of the (sub)shell that calls it: the CPU time of
# the commands it ran and waited for, e.g. wrk, in `( wrk …; bench_children_ticks ) &`
bench_children_ticks() {
  local stat f
  read -r stat <"/proc/$BASHPID/stat"
  read -r -a f <<<"${stat##*) }"
  echo $((f[13] + f[14]))
}

# ---- PostgreSQL: a private cluster in $work/pg, as the tests start one, stopped on exit.
# PostgreSQL refuses root: run as root, the cluster runs as the postgres user, and $work
# is opened to others for passing through (mode 711).
pg_pid=
pg_port=
# more `-c NAME=VALUE` settings for the cluster, set before bench_pg_run
bench_pg_settings=()
pg_bindir=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)

# the command prefix that runs a command as the postgres user when this shell is root (a
# prefix, not a function: started in the background, $! is then PostgreSQL's own PID)
bench_as_postgres=()
((EUID != 0)) || bench_as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)

# bench_pg_run: starts the cluster of $work/pg/data on a new port and waits until it
# answers; $database becomes the URI of its database ld_bench as the role ld_server
bench_pg_run() {
  local pg="$work/pg"
  pg_port=$(bench_free_port)
  "${bench_as_postgres[@]}" "$pg_bindir/postgres" -D "$pg/data" -k "$pg" -p "$pg_port" -c listen_addresses= \
    -c max_connections=100 "${bench_pg_settings[@]}" >>"$work/postgres.log" 2>&1 &
  pg_pid=$!
  bench_stop_on_exit "$pg_pid" INT  # a fast shutdown
  for _ in $(seq 600); do
    "$pg_bindir/pg_isready" -q -h "$pg" -p "$pg_port" && break
    kill -0 "$pg_pid" 2>/dev/null || { cat "$work/postgres.log" >&2; exit 1; }
    sleep 0.1
  done
  # shellcheck disable=SC2034  # for the scripts that source this
  database="postgresql:///ld_bench?host=$pg&port=$pg_port&user=ld_server"
}

bench_pg_stop() {
  bench_stop_pid "$pg_pid" INT
  pg_pid=
}

# bench_open_database BACKEND MEMBERS: the database a run of BACKEND measures, as one
# seeded before with MEMBERS members when BENCH_KEEP ($keep) has it: $kept names that copy
# (empty without $keep), $database the SQLite file; PostgreSQL's cluster is started
# shellcheck disable=SC2034  # $database is read by the scripts and bench_start_server
bench_open_database() {
  local backend=$1 members=$2
  kept=''
  if [[ $backend == postgresql ]]; then
    [[ -z "$keep" ]] || kept="$keep/postgresql-$members"
    bench_pg_start "$kept"
  else
    database="$work/bench.db"
    [[ -z "$keep" ]] || kept="$keep/sqlite-$members.db"
    [[ ! -f "$kept" ]] || cp "$kept" "$database"
    [[ ! -f "$kept-wal" ]] || cp "$kept-wal" "$database-wal"
  fi
}

# bench_keep_seeded BACKEND: the database just seeded (its server stopped cleanly) copied
# to $kept for later runs, when there is a $kept
bench_keep_seeded() {
  [[ -n "$kept" ]] || return 0
  mkdir -p "$keep"
  if [[ $1 == postgresql ]]; then
    bench_pg_stop
    cp -a "$work/pg/data" "$kept"
    bench_pg_run
  else
    cp "$database" "$kept"
    [[ ! -f "$database-wal" ]] || cp "$database-wal" "$kept-wal"
  fi
}

# bench_pg_start [KEPT]: the cluster in $work/pg started: a copy of KEPT (the data folder
# of one seeded before), or a new one with an empty database ld_bench owned by ld_server, a
# role without superuser rights (as the tests make them)
bench_pg_start() {
  local pg="$work/pg" kept=${1:-}
  [[ -x "$pg_bindir/initdb" ]] || { echo "bench: Debian's postgresql is missing (tools/install-deps.sh)" >&2; exit 1; }
  ((EUID != 0)) || chmod 711 "$work"
  mkdir "$pg"
  if [[ -n "$kept" && -d "$kept" ]]; then
    cp -a "$kept" "$pg/data"
  else
    ((EUID != 0)) || chown postgres: "$pg"
    "${bench_as_postgres[@]}" "$pg_bindir/initdb" -D "$pg/data" -U ld_admin --auth=trust -E UTF8 \
      --locale=C.UTF-8 -N >"$work/initdb.log" 2>&1 \
      || { cat "$work/initdb.log" >&2; exit 1; }
  fi
  ((EUID != 0)) || chown -R postgres: "$pg"
  bench_pg_run
  [[ -n "$kept" && -d "$kept" ]] \
    || psql "postgresql:///postgres?host=$pg&port=$pg_port&user=ld_admin" -XAtq -v ON_ERROR_STOP=1 \
         -c "CREATE ROLE ld_server LOGIN" -c "CREATE DATABASE ld_bench OWNER ld_server TEMPLATE template0"
}

# bench_login LOGIN: the token of a session of the demo operator LOGIN, on stdout
bench_login() {
  curl -sSf --max-time 30 -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"demo\"}" \
    | "$py" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# bench_start_xvfb: a private Xvfb display (1280×800) whose name goes into $display
bench_start_xvfb() {
  local n
  display=
  for _ in $(seq 20); do
    n=$((600 + RANDOM % 300))
    [[ -e "/tmp/.X11-unix/X$n" || -e "/tmp/.X$n-lock" ]] && continue
    Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 100); do
      [[ -e "/tmp/.X11-unix/X$n" ]] && { display=":$n"; break; }
      sleep 0.05
    done
    [[ -n "$display" ]] && break
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
    xvfb_pid=
  done
  [[ -n "$display" ]] || { echo "bench: Xvfb did not start" >&2; exit 1; }
}

# bench_add_purchases MEMBER COUNT RECEIPT_PREFIX SINCE: COUNT purchases of member MEMBER
# in $database in one transaction, 7 minutes apart from the date SINCE, on the card of
# one of its purchases, receipts RECEIPT_PREFIX-00000001…
bench_add_purchases() {
  sqlite3 "$database" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO purchases (account_id, member_id, card, receipt, purchased_at, pos, program,
                       amount, bonus_accrued, bonus_deducted, status)
SELECT m.account_id, m.id,
       (SELECT card FROM purchases WHERE member_id = m.id AND card IS NOT NULL LIMIT 1),
       printf('$3-%08d', n.i),
       strftime('%Y-%m-%dT%H:%M:%SZ', '$4', '+' || (n.i * 7) || ' minutes'),
       'Bench POS ' || (n.i % 40),
       'Основная программа',
       10000 + (n.i * 7919) % 500000,
       ((10000 + (n.i * 7919) % 500000) / 200),
       CASE WHEN n.i % 13 = 0 THEN 5000 ELSE 0 END,
       CASE n.i % 25 WHEN 0 THEN 'canceled' WHEN 1 THEN 'incomplete' ELSE 'confirmed' END
FROM n, members m WHERE m.id = $1;
COMMIT;
SQL
}
