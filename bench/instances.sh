#!/usr/bin/env bash
# Reads and writes on both storage backends, one server instance and two behind nginx
# (issue 15, "Figures").
#
# Builds the server (release, BENCH_BUILD), then for each backend of BENCH_BACKENDS
# ("sqlite postgresql"): a database seeded with BENCH_MEMBERS (25,000) demo members by the
# real server (--seed-demo: on PostgreSQL about 500 members a second since 321c0ca, 20
# before; BENCH_KEEP keeps it for the next run) — for
# PostgreSQL in a private cluster this script starts (initdb into its temporary folder, its
# own socket and port, as the postgres user when run as root, as the test harness does) —
# and three configurations on that database:
#   1          wrk → instance A
#   1+nginx    wrk → nginx → instance A (what the balancer alone costs)
#   2+nginx    wrk → nginx → instances A and B (round robin, kept-alive upstream connections)
# In each, wrk (1 thread, BENCH_CONNECTIONS = 32 connections, BENCH_DURATION = 10 s per
# route, logged in as the demo agent) measures:
#   healthz   GET /api/v1/healthz (the ceiling)
#   search    GET /api/v1/members?phone=… over BENCH_SAMPLES (10,000) members' phones, after
#             a 5 s pass that puts them in the instances' memory (bench/search.lua)
#   calls     POST /api/v1/calls {phone} and POST /api/v1/calls/{id}/end (bench/write.lua)
#   cards     POST /api/v1/cards/{number}/block and …/unblock of active main cards,
#             BENCH_CARDS (4,000) cards per run, another slice each run
# Each figure is printed with the machine's core count, the load average when it started
# and the CPU time each process spent during it, from /proc/PID/stat (utime + stime,
# before and after): each instance, PostgreSQL (the postmaster and every backend, finished
# ones through the postmaster's cutime), nginx (master and workers), wrk (through the
# cutime of the subshell that waited for it), and the rest of the machine (/proc/stat's
# busy time less those). Then the tables' growth under the writes (bytes per row written)
# and a Markdown table of every figure. Writes nothing into docs/.
#
# PostgreSQL runs with fsync on and synchronous_commit = BENCH_PG_SYNCHRONOUS_COMMIT (off:
# the commit does not wait for the WAL flush, as the SQLite backend's WAL with
# synchronous = NORMAL does not; "on" makes every write wait for an fsync).
#
# Environment: BENCH_BACKENDS, BENCH_MEMBERS, BENCH_DURATION, BENCH_CONNECTIONS,
# BENCH_SAMPLES, BENCH_CARDS, BENCH_PG_SYNCHRONOUS_COMMIT, BENCH_NGINX_WORKERS (auto),
# BENCH_BUILD (default _build-bench), BENCH_SEED_TIMEOUT (1800 s), BENCH_KEEP (a folder
# where the seeded databases are kept, sqlite-N.db and postgresql-N (a cluster's data
# folder), copied by later runs instead of seeding again), BENCH_SERVER (a server binary
# built before, used instead of building one: e.g. of a commit exported with git archive
# while the work tree is being edited; BENCH_COMMIT names its commit).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
read -r -a backends <<<"${BENCH_BACKENDS:-sqlite postgresql}"
members=${BENCH_MEMBERS:-25000}
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-32}
samples=${BENCH_SAMPLES:-10000}
card_slice=${BENCH_CARDS:-4000}
synchronous_commit=${BENCH_PG_SYNCHRONOUS_COMMIT:-off}
nginx_workers=${BENCH_NGINX_WORKERS:-auto}
build=${BENCH_BUILD:-$root/_build-bench}
keep=${BENCH_KEEP:-}
bench_start_timeout=${BENCH_SEED_TIMEOUT:-1800}
clk_tck=$bench_hz

bench_need wrk curl sqlite3 psql setpriv
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [[ ! -x "$nginx_bin" ]]; then
  echo "bench: installing nginx…" >&2
  sudo=()
  ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx >&2
  nginx_bin=/usr/sbin/nginx
fi

if [[ -n "${BENCH_SERVER:-}" ]]; then
  server_bin=$BENCH_SERVER
else
  echo "bench: building the server (release, $build)…" >&2
  bench_build "$build" -Dgui=false -- src/server/loyalty-desk-server
  server_bin="$build/src/server/loyalty-desk-server"
fi

bench_init ld-bench-instances
results="$work/results.tsv"
: >"$results"
bench_pg_settings=(-c synchronous_commit="$synchronous_commit")

# ---- CPU time from /proc (bench/lib.sh)

pid_a='' pid_b='' nginx_pid=''
# machine busy, machine total (all cores), instance A, instance B, postgres, nginx: ticks
cpu_snapshot() {
  echo "$(bench_machine_ticks) $(bench_proc_ticks "$pid_a") $(bench_proc_ticks "$pid_b")" \
       "$(bench_proc_ticks "$pg_pid" tree) $(bench_proc_ticks "$nginx_pid" tree)"
}

metric_sum() {  # NAME: the sum of a /metrics line over the running instances
  local total=0 url value
  for url in "$base_a" ${base_b:+"$base_b"}; do
    value=$(curl -sS --max-time 10 "$url/metrics" | awk -v name="$1" '$1 == name { print $2 }')
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

# run_wrk ROUTE LUA PATHS [WRITE] [DURATION]: one wrk run against $url, its line in $results
run_wrk() {
  local route=$1 lua=$2 paths=$3 write=${4:-} time=${5:-$duration}
  local name="$backend-$config-$route" load before after t0 t1 wrk_ticks memory0 memory1
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  memory0=$(metric_sum ld_search_answers_from_memory_total)
  before=$(cpu_snapshot)
  t0=$(date +%s%N)
  # wrk's CPU time: the cutime + cstime of this subshell, which waited for it (and timeout)
  wrk_ticks=$(
    BENCH_PATHS=$paths BENCH_TOKEN=$token BENCH_WRITE=$write BENCH_RUN=$name BENCH_ROOT=$root \
      timeout 120 wrk -t1 -c"$connections" -d"$time" --latency --timeout 5s -s "$lua" "$url" \
      >"$work/$name.wrk" 2>"$work/$name.wrk-err" || true
    bench_children_ticks
  )
  t1=$(date +%s%N)
  after=$(cpu_snapshot)
  memory1=$(metric_sum ld_search_answers_from_memory_total)
  if ! grep -q '^BENCH ' "$work/$name.wrk"; then
    echo "bench: wrk failed ($name):" >&2
    cat "$work/$name.wrk" "$work/$name.wrk-err" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$config" "$route" "$load" "$((t1 - t0))" \
    "$before" "$after" "$wrk_ticks" "$((memory1 - memory0))" \
    "$(grep '^BENCH ' "$work/$name.wrk" | sed 's/^BENCH //')" >>"$results"
  BENCH_LINE=$(tail -n1 "$results") BENCH_NPROC=$(nproc) BENCH_HZ=$clk_tck "$py" - <<'PY'
import json, os
backend, config, route, load, ns, before, after, wrk_ticks, memory, result = os.environ["BENCH_LINE"].split("\t")
b, a = [int(x) for x in before.split()], [int(x) for x in after.split()]
hz, secs, r = int(os.environ["BENCH_HZ"]), int(ns) / 1e9, json.loads(result)
d = [(y - x) / hz for x, y in zip(b, a)]
machine = d[0]
named = d[2] + d[3] + d[4] + d[5] + int(wrk_ticks) / hz
print(f"bench: {backend} {config} {route}: {r['rps']:,.0f} req/s, p50 {r['p50_us'] / 1000:.2f} ms, "
      f"p99 {r['p99_us'] / 1000:.2f} ms, non-2xx {r['non2xx']}, errors {r['errors']} | "
      f"{os.environ['BENCH_NPROC']} cores, load {load} | CPU s in {secs:.1f} s: A {d[2]:.2f}, B {d[3]:.2f}, "
      f"postgres {d[4]:.2f}, nginx {d[5]:.2f}, wrk {int(wrk_ticks) / hz:.2f}, "
      f"rest of machine {max(machine - named, 0):.2f} (machine {machine:.2f})"
      + (f" | {int(memory):,} answered from memory" if route.startswith("search") else ""))
PY
  if [[ -s "$work/$name.wrk-err" ]]; then
    head -n 3 "$work/$name.wrk-err" >&2
  fi
}

sql() {  # QUERY: rows of the bench database, fields separated by |
  if [[ $backend == postgresql ]]; then
    psql "$database" -XAtq -v ON_ERROR_STOP=1 -F '|' -c "$1"
  else
    sqlite3 -separator '|' "file:$database?mode=ro" "$1"
  fi
}

table_sizes() {  # every table's rows and bytes (indexes included): "table|rows|bytes" lines
  local table bytes
  if [[ $backend == postgresql ]]; then
    sql "SELECT relname, pg_total_relation_size(relid) FROM pg_stat_user_tables ORDER BY relname"
  else
    sql "SELECT s.tbl_name, sum(d.pgsize) FROM dbstat d JOIN sqlite_master s ON s.name = d.name
         WHERE s.tbl_name NOT LIKE 'sqlite_%' GROUP BY s.tbl_name ORDER BY s.tbl_name"
  fi | while IFS='|' read -r table bytes; do
    echo "$table|$(sql "SELECT count(*) FROM \"$table\"")|$bytes"
  done
}

# ---- nginx in front of the instances given (host:port each)

nginx_start() {
  local dir="$work/nginx" port upstream="" server user=""
  nginx_stop
  mkdir -p "$dir"
  for server in "$@"; do
    upstream+="    server $server;"$'\n'
  done
  if ((EUID == 0)); then  # the workers run as www-data and pass through $work
    user="user www-data;"
    chmod 711 "$work"
  fi
  port=$(bench_free_port)
  cat >"$dir/nginx.conf" <<CONF
# written by bench/instances.sh: a balancer in front of the instances, as a site would run one
$user
worker_processes $nginx_workers;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream loyalty_desk {
$upstream    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://loyalty_desk;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
  "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
  nginx_pid=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -sf --max-time 2 "$url/api/v1/healthz" >/dev/null && return 0
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: nginx did not start:" >&2
  cat "$dir/error.log" >&2
  exit 1
}

nginx_stop() {
  [[ -n "$nginx_pid" ]] || return 0
  bench_stop_pid "$nginx_pid" TERM
  nginx_pid=
}

# ---- one configuration: every route against $url

measure() {
  config=$1
  echo "bench: $backend, $config (load average $(cut -d' ' -f1-3 /proc/loadavg))…" >&2
  run_wrk healthz "$root/bench/search.lua" "$work/healthz.paths"
  run_wrk search-fill "$root/bench/search.lua" "$work/phone.paths" "" 5s
  run_wrk search "$root/bench/search.lua" "$work/phone.paths"
  run_wrk calls "$root/bench/write.lua" "$work/phones.txt" calls
  cards_run=$((cards_run + 1))
  run_wrk cards "$root/bench/write.lua" "$work/cards.$cards_run.txt" cards
}

echo /api/v1/healthz >"$work/healthz.paths"
for backend in "${backends[@]}"; do
  pid_a='' pid_b='' base_a='' base_b='' cards_run=0
  bench_open_database "$backend" "$members"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  bench_server_name=a
  t0=$(date +%s%N)
  if [[ -e "$kept" ]]; then
    echo "bench: $backend: $members members seeded before ($kept; load average $load)…" >&2
    bench_start_server "$server_bin"
  else
    echo "bench: $backend: seeding $members members (load average $load)…" >&2
    bench_start_server "$server_bin" --seed-demo "$members"
    if [[ -n "$kept" ]]; then  # kept as seeded, stopped cleanly
      bench_stop_server
      bench_keep_seeded "$backend"
      bench_start_server "$server_bin"
    fi
  fi
  pid_a=$server_pid base_a=$base
  bench_stop_on_exit "$pid_a"
  server_pid=
  echo "bench: $backend: seeding or opening + start-up took $((($(date +%s%N) - t0) / 1000000)) ms;" \
       "instance A at $base_a" >&2
  token=$(bench_login agent)

  # phones to search and call, and main cards to block: of random members (deterministic)
  # with a phone, an active main card and an account not blocked
  sql "SELECT m.phone, c.number FROM members m JOIN accounts a ON a.id = m.account_id
       JOIN cards c ON c.owner_id = m.id AND c.main = 1 AND c.state = 'activated'
       WHERE a.blocked = 0 AND m.phone IS NOT NULL
       ORDER BY (m.id * 7919) % 100003, m.id LIMIT $((samples + 3 * card_slice))" >"$work/sample.txt"
  [[ $(wc -l <"$work/sample.txt") -eq $((samples + 3 * card_slice)) ]] \
    || { echo "bench: too few members with a phone and an active main card" >&2; exit 1; }
  head -n "$samples" "$work/sample.txt" | cut -d'|' -f1 >"$work/phones.txt"
  "$py" -c 'import sys, urllib.parse
for line in sys.stdin:
    print("/api/v1/members?phone=" + urllib.parse.quote(line.strip(), safe=""))' \
    <"$work/phones.txt" >"$work/phone.paths"
  for i in 1 2 3; do
    sed -n "$((samples + (i - 1) * card_slice + 1)),$((samples + i * card_slice))p" "$work/sample.txt" \
      | cut -d'|' -f2 >"$work/cards.$i.txt"
  done
  curl -sS --max-time 10 -H "Authorization: Bearer $token" "$base_a$(head -n1 "$work/phone.paths")" \
    | "$py" -c 'import json, sys; d = json.load(sys.stdin); assert d["items"], d' \
    || { echo "bench: the first phone was not found" >&2; exit 1; }
  table_sizes >"$work/$backend.sizes-before"

  url=$base_a
  measure 1
  nginx_start "${base_a#http://}"
  measure 1+nginx
  bench_server_name=b
  bench_start_server "$server_bin"
  pid_b=$server_pid base_b=$base
  bench_stop_on_exit "$pid_b"
  server_pid=
  nginx_start "${base_a#http://}" "${base_b#http://}"
  measure 2+nginx
  nginx_stop

  table_sizes >"$work/$backend.sizes-after"
  if [[ $backend == postgresql ]]; then
    size=$(sql "SELECT pg_database_size(current_database())")
  else
    size=$(stat -c %s "$database")
  fi
  echo "$backend $size" >>"$work/database-sizes"
  # this backend's processes stop now, the next backend measures alone
  for pid in "$pid_a" "$pid_b"; do
    bench_stop_pid "$pid" TERM
  done
  pid_a='' pid_b=''
  [[ -z "$pg_pid" ]] || bench_pg_stop
done

bench_describe_build
BENCH_WORK=$work BENCH_HZ=$clk_tck BENCH_NPROC=$(nproc) BENCH_CPU=$cpu BENCH_COMMIT=$commit \
BENCH_MEMBERS=$members BENCH_DURATION=$duration BENCH_CONNECTIONS=$connections \
BENCH_SYNC=$synchronous_commit BENCH_BACKENDS="${backends[*]}" "$py" - <<'PY'
import datetime, json, os

env = os.environ
work, hz = env["BENCH_WORK"], int(env["BENCH_HZ"])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
print()
print(f"{now}; {env['BENCH_NPROC']} cores ({env['BENCH_CPU']}); commit {env['BENCH_COMMIT']}; "
      f"{int(env['BENCH_MEMBERS']):,} members; wrk 1 thread, {env['BENCH_CONNECTIONS']} connections, "
      f"{env['BENCH_DURATION']} per route; PostgreSQL synchronous_commit = {env['BENCH_SYNC']}")
sizes = dict(line.split() for line in open(f"{work}/database-sizes"))
for backend, size in sizes.items():
    print(f"{backend}: database {int(size) / 2**20:,.0f} MiB after the runs")
print()
print("| backend | instances | route | req/s | p50 | p99 | non-2xx / errors | load average at start | "
      "CPU s: instance A / B / postgres / nginx / wrk / rest of machine | server side CPU per request |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- | ---: |")
labels = {"healthz": "GET /healthz", "search": "search by phone", "calls": "call started + ended",
          "cards": "card blocked + unblocked"}
for line in open(f"{work}/results.tsv"):
    backend, config, route, load, ns, before, after, wrk_ticks, memory, result = line.rstrip("\n").split("\t")
    if route not in labels:
        continue
    b, a = [int(x) for x in before.split()], [int(x) for x in after.split()]
    d = [(y - x) / hz for x, y in zip(b, a)]
    w = int(wrk_ticks) / hz
    rest = max(d[0] - (d[2] + d[3] + d[4] + d[5] + w), 0)
    r = json.loads(result)
    secs = int(ns) / 1e9
    print(f"| {backend} | {config} | {labels[route]} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.2f} ms | "
          f"{r['p99_us'] / 1000:.2f} ms | {r['non2xx']} / {r['errors']} | {load} | "
          f"{d[2]:.1f} / {d[3]:.1f} / {d[4]:.1f} / {d[5]:.1f} / {w:.1f} / {rest:.1f} (of {secs:.1f} s) | "
          f"{(d[2] + d[3] + d[4] + d[5]) / max(r['requests'], 1) * 1e6:,.0f} µs |")

print()
print("What the writes added (every table that grew; rows and bytes with its indexes):")
print()
print("| backend | table | rows added | bytes added | bytes per row added |")
print("| --- | --- | ---: | ---: | ---: |")
for backend in env["BENCH_BACKENDS"].split():
    def read(kind):
        out = {}
        for row in open(f"{work}/{backend}.sizes-{kind}"):
            table, rows, size = row.strip().split("|")
            out[table] = (int(rows), int(size))
        return out
    old, new = read("before"), read("after")
    for table, (rows, size) in sorted(new.items()):
        rows0, size0 = old.get(table, (0, 0))
        if rows > rows0 or size > size0:
            per = f"{(size - size0) / (rows - rows0):,.0f}" if rows > rows0 else "—"
            print(f"| {backend} | {table} | {rows - rows0:,} | {size - size0:,} | {per} |")
PY
