#!/usr/bin/env bash
# The read pool (--read-connections N): while a few agents run slow searches, how long do
# the other agents' quick requests take?
#
# Builds the server (release, BENCH_BUILD), then for each backend of BENCH_BACKENDS
# ("sqlite postgresql"): a database seeded by the real server (--seed-demo) with
# BENCH_MEMBERS (25,000) demo members on SQLite and BENCH_PG_MEMBERS (as many) on
# PostgreSQL (a server older than 321c0ca seeds PostgreSQL at about 20 members a second:
# give it fewer; BENCH_KEEP keeps seeded databases for the next run, named as
# bench/instances.sh names them, so the two share them) — PostgreSQL in a private cluster
# this script starts as bench/instances.sh does (bench/lib.sh). For each N of BENCH_POOLS
# ("0 2 4") a server is started with --read-connections N, signed in as the demo agent, a
# short pass of phone searches puts BENCH_SAMPLES (2,000; at most half the members)
# members' summaries in its memory, and two phases run, BENCH_DURATION (10 s) each:
#   quick alone   three wrks at once, one per quick request, BENCH_QUICK_CONNECTIONS (4)
#                 connections each, every connection pausing BENCH_QUICK_DELAY_MS (10 ms)
#                 after each answer, as an agent at work does:
#                   phone    GET /api/v1/members?phone=… (one phone: answered from memory,
#                            on the main loop)
#                   profile  GET /api/v1/members/{id} (on the pool when there is one)
#                   me       GET /api/v1/me (the session: on the main loop)
#   under slow    the same three wrks and, at the same time, a fourth with
#                 BENCH_SLOW_CONNECTIONS (3) connections and no pause running slow
#                 searches back to back: name prefixes of one or two letters of common last
#                 names and answers.city=… (alone and with other answers), limit=50, each
#                 first page counting its total
# Each wrk's req/s, p50, p99 and max latency, non-2xx answers and socket errors are printed,
# with the machine's core count, the load average when each phase started, and the CPU time
# spent during it, from /proc (bench/lib.sh): the server's main thread and its other
# threads (the pool's), PostgreSQL (postmaster and backends), the wrks, and the rest of the
# machine; and the pool's queue sampled from /metrics every 0.25 s (ld_reads_waiting's
# maximum, ld_reads_running's mean). Then Markdown tables of it all. Writes nothing into
# docs/ and nothing in the tree outside BENCH_BUILD.
#
# Environment: BENCH_BACKENDS, BENCH_MEMBERS, BENCH_PG_MEMBERS, BENCH_POOLS,
# BENCH_DURATION, BENCH_SLOW_CONNECTIONS, BENCH_QUICK_CONNECTIONS, BENCH_QUICK_DELAY_MS,
# BENCH_SAMPLES, BENCH_BUILD (default _build-bench), BENCH_SEED_TIMEOUT (1800 s),
# BENCH_KEEP (a folder for seeded databases: sqlite-N.db, postgresql-N), BENCH_SERVER (a
# server binary built before, instead of building one; BENCH_COMMIT names its commit).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
read -r -a backends <<<"${BENCH_BACKENDS:-sqlite postgresql}"
read -r -a pools <<<"${BENCH_POOLS:-0 2 4}"
sqlite_members=${BENCH_MEMBERS:-25000}
pg_members=${BENCH_PG_MEMBERS:-$sqlite_members}
duration=${BENCH_DURATION:-10s}
slow_connections=${BENCH_SLOW_CONNECTIONS:-3}
quick_connections=${BENCH_QUICK_CONNECTIONS:-4}
quick_delay=${BENCH_QUICK_DELAY_MS:-10}
samples=${BENCH_SAMPLES:-2000}
build=${BENCH_BUILD:-$root/_build-bench}
keep=${BENCH_KEEP:-}
bench_start_timeout=${BENCH_SEED_TIMEOUT:-1800}

bench_need wrk curl sqlite3 psql setpriv

if [[ -n "${BENCH_SERVER:-}" ]]; then
  server_bin=$BENCH_SERVER
else
  echo "bench: building the server (release, $build)…" >&2
  bench_build "$build" -Dgui=false -- src/server/loyalty-desk-server
  server_bin="$build/src/server/loyalty-desk-server"
fi
"$server_bin" --help 2>&1 | grep -q -- --read-connections \
  || { echo "bench: $server_bin has no --read-connections" >&2; exit 1; }

bench_init ld-bench-read-pool
results="$work/results.tsv"
: >"$results"
# as bench/instances.sh: a commit does not wait for its WAL flush (seeding is faster; this
# bench reads)
bench_pg_settings=(-c synchronous_commit=off)
lua="$root/bench/read-pool.lua"

sql() {  # QUERY: rows of the bench database, fields separated by |
  if [[ $backend == postgresql ]]; then
    psql "$database" -XAtq -v ON_ERROR_STOP=1 -F '|' -c "$1"
  else
    sqlite3 -separator '|' "file:$database?mode=ro" "$1"
  fi
}

metric() {  # NAME: a /metrics value of the running server
  curl -sS --max-time 10 "$base/metrics" | awk -v name="$1" '$1 == name { print $2 }'
}

# machine busy, machine total (all cores), the server, its main thread, postgres: ticks
cpu_snapshot() {
  echo "$(bench_machine_ticks) $(bench_proc_ticks "$server_pid") $(bench_thread_ticks "$server_pid")" \
       "$(bench_proc_ticks "$pg_pid" tree)"
}

# sample_pool FILE: "running waiting" from /metrics every 0.25 s into FILE while FILE.on
# exists and the server runs
sample_pool() {
  while [[ -e "$1.on" ]] && kill -0 "$server_pid" 2>/dev/null; do
    curl -sS --max-time 2 "$base/metrics" 2>/dev/null \
      | awk '$1 == "ld_reads_running" { r = $2 } $1 == "ld_reads_waiting" { w = $2 }
             END { if (r != "") print r, w }' >>"$1" || true
    sleep 0.25
  done
}

# kind: its paths file, connections and pause
declare -A kind_connections=([slow]=$slow_connections [phone]=$quick_connections
                             [profile]=$quick_connections [me]=$quick_connections)
declare -A kind_delay=([slow]=0 [phone]=$quick_delay [profile]=$quick_delay [me]=$quick_delay)

# run_phase PHASE KIND…: one wrk per KIND at the same time against $base; a line each in
# $results
run_phase() {
  local phase=$1 kind name load before after t0 t1 sampler pids=() seconds rss
  shift
  seconds=${duration%s}
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  name="$backend-$pool-$phase"
  : >"$work/$name.pool"
  touch "$work/$name.pool.on"
  sample_pool "$work/$name.pool" &
  sampler=$!
  before=$(cpu_snapshot)
  t0=$(date +%s%N)
  for kind in "$@"; do
    (
      BENCH_PATHS="$work/$kind.paths" BENCH_TOKEN=$token BENCH_ROOT=$root \
      BENCH_DELAY_MS=${kind_delay[$kind]} \
        timeout $((seconds + 60)) wrk -t1 -c"${kind_connections[$kind]}" -d"$duration" --latency \
          --timeout 5s -s "$lua" "$base" >"$work/$name-$kind.wrk" 2>"$work/$name-$kind.wrk-err" || true
      bench_children_ticks >"$work/$name-$kind.ticks"
    ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  t1=$(date +%s%N)
  after=$(cpu_snapshot)
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")
  rm -f "$work/$name.pool.on"
  wait "$sampler" || true
  for kind in "$@"; do
    if ! grep -q '^BENCH ' "$work/$name-$kind.wrk"; then
      echo "bench: wrk failed ($name-$kind):" >&2
      cat "$work/$name-$kind.wrk" "$work/$name-$kind.wrk-err" >&2
      exit 1
    fi
    [[ ! -s "$work/$name-$kind.wrk-err" ]] || head -n 3 "$work/$name-$kind.wrk-err" >&2
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$members" "$pool" \
      "$phase" "$kind" "${kind_connections[$kind]}" "${kind_delay[$kind]}" "$load" "$((t1 - t0))" "$before" \
      "$after" "$(cat "$work/$name-$kind.ticks")" "$(grep '^BENCH ' "$work/$name-$kind.wrk" | sed 's/^BENCH //')" \
      "$rss" >>"$results"
  done
  BENCH_RESULTS=$results BENCH_NAME="$backend $pool $phase" BENCH_POOLFILE="$work/$name.pool" \
  BENCH_NPROC=$(nproc) BENCH_HZ=$bench_hz "$py" - <<'PY' >&2
import json, os
env = os.environ
hz = int(env["BENCH_HZ"])
rows = [l.rstrip("\n").split("\t") for l in open(env["BENCH_RESULTS"])]
rows = [r for r in rows if " ".join((r[0], r[2], r[3])) == env["BENCH_NAME"]]
wrk = requests = 0
for backend, members, pool, phase, kind, conns, delay, load, ns, before, after, ticks, result, rss in rows:
    r = json.loads(result)
    wrk += int(ticks) / hz
    requests += r["requests"]
    print(f"bench: {backend} ({int(members):,} members), --read-connections {pool}, {phase}: {kind:7} "
          f"{r['rps']:8,.0f} req/s, p50 {r['p50_us'] / 1000:7.2f} ms, p99 {r['p99_us'] / 1000:7.2f} ms, "
          f"max {r['max_us'] / 1000:7.2f} ms, non-2xx {r['non2xx']}, errors {r['errors']}")
b, a = [int(x) for x in before.split()], [int(x) for x in after.split()]
d = [(y - x) / hz for x, y in zip(b, a)]
samples = [l.split() for l in open(env["BENCH_POOLFILE"]) if l.strip()]
pool_text = (f"pool: reads waiting max {max(int(s[1]) for s in samples)}, running mean "
             f"{sum(int(s[0]) for s in samples) / len(samples):.1f} ({len(samples)} samples)"
             if samples else "pool: no samples")
print(f"bench:   {env['BENCH_NPROC']} cores, load {load} | CPU s in {int(ns) / 1e9:.1f} s: server "
      f"{d[2]:.2f} (main thread {d[3]:.2f}, others {max(d[2] - d[3], 0):.2f}), postgres {d[4]:.2f}, "
      f"wrks {wrk:.2f}, rest of machine {max(d[0] - d[2] - d[4] - wrk, 0):.2f} (machine {d[0]:.2f}) | "
      f"{pool_text} | server RSS {int(rss) / 1024:.0f} MiB, CPU {d[2] / max(requests, 1) * 1e6:,.0f} µs per request")
PY
  printf '%s\t%s\n' "$backend $pool $phase" "$(tr '\n' ',' <"$work/$name.pool")" >>"$work/pool.tsv"
}

# the paths each kind requests in turn
write_paths() {
  local rows
  # members with a phone on an account not blocked, random but the same every run
  sql "SELECT m.id, m.phone FROM members m JOIN accounts a ON a.id = m.account_id
       WHERE a.blocked = 0 AND m.phone IS NOT NULL
       ORDER BY (m.id * 7919) % 100003, m.id LIMIT $backend_samples" >"$work/sample.txt"
  rows=$(wc -l <"$work/sample.txt")
  ((rows == backend_samples)) || { echo "bench: $rows members with a phone, not $backend_samples" >&2; exit 1; }
  BENCH_WORK=$work "$py" - <<'PY'
import os, urllib.parse
work = os.environ["BENCH_WORK"]
q = lambda v: urllib.parse.quote(v, safe="")
ids, phones = [], []
for line in open(f"{work}/sample.txt"):
    member_id, phone = line.rstrip("\n").split("|")
    ids.append(member_id)
    phones.append(phone)
with open(f"{work}/phone.paths", "w") as f:
    f.writelines(f"/api/v1/members?phone={q(p)}\n" for p in phones)
with open(f"{work}/profile.paths", "w") as f:
    f.writelines(f"/api/v1/members/{i}\n" for i in ids)
with open(f"{work}/me.paths", "w") as f:
    f.write("/api/v1/me\n")
# slow: prefixes of common last names (the demo's names: Кузнецов, Козлов, Смирнов,
# Соколов, Морозов, Михайлов, Попов, Павлов, Белов, …) and answers of the form
slow = [f"name={q(p)}" for p in ("К", "С", "М", "П", "Б", "Ко", "Со", "Ма", "По", "Бе")]
slow += [f"answers.city={q(c)}" for c in ("Москва", "Санкт-Петербург", "Химки")]
slow += [f"answers.city={q('Москва')}&answers.has_car=true",
         f"answers.city={q('Москва')}&answers.children=2&answers.gender=female"]
with open(f"{work}/slow.paths", "w") as f:
    f.writelines(f"/api/v1/members?{s}&limit=50\n" for s in slow)
PY
}

# check_paths: the first path of each kind answers 200 with what it should
check_paths() {
  local kind path
  for kind in slow phone profile me; do
    path=$(head -n1 "$work/$kind.paths")
    curl -sS --max-time 30 -H "Authorization: Bearer $token" "$base$path" \
      | "$py" -c 'import json, sys; d = json.load(sys.stdin); assert d.get("items") or d.get("id"), d' \
      || { echo "bench: $path answered nothing" >&2; exit 1; }
  done
}

: >"$work/pool.tsv"
: >"$work/database-sizes"
: >"$work/pg-connections"
for backend in "${backends[@]}"; do
  if [[ $backend == postgresql ]]; then members=$pg_members; else members=$sqlite_members; fi
  bench_open_database "$backend" "$members"
  if [[ ! -e "$kept" ]]; then
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "bench: $backend: seeding $members members (load average $load)…" >&2
    t0=$(date +%s%N)
    bench_server_name=seed
    bench_start_server "$server_bin" --seed-demo "$members" --read-connections 0
    echo "bench: $backend: seeding + start-up took $((($(date +%s%N) - t0) / 1000000)) ms" >&2
    bench_stop_server
    bench_keep_seeded "$backend"
  else
    echo "bench: $backend: $members members seeded before ($kept)" >&2
  fi
  backend_samples=$((samples < members / 2 ? samples : members / 2))
  write_paths

  for pool in "${pools[@]}"; do
    bench_server_name="$backend-$pool"
    bench_start_server "$server_bin" --read-connections "$pool"
    token=$(bench_login agent)
    check_paths
    [[ $(metric ld_read_connections) == "$pool" ]] \
      || { echo "bench: the server does not say it has $pool read connections" >&2; exit 1; }
    if [[ $backend == postgresql ]]; then  # the server's connections (this psql's is not counted)
      echo "$pool $(sql "SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND pid <> pg_backend_pid()")" \
        >>"$work/pg-connections"
    fi
    # the phones' summaries into memory: the quick phone search is the one an agent repeats
    BENCH_PATHS="$work/phone.paths" BENCH_TOKEN=$token BENCH_ROOT=$root \
      timeout 60 wrk -t1 -c4 -d3s -s "$lua" "$base" >"$work/$backend-$pool-fill.wrk" 2>&1 || true
    echo "bench: $backend, --read-connections $pool: server at $base, $(metric ld_search_summaries_in_memory)" \
         "members' summaries in memory" >&2
    run_phase alone phone profile me
    run_phase under-slow slow phone profile me
    bench_stop_server
  done

  if [[ $backend == postgresql ]]; then
    size=$(sql "SELECT pg_database_size(current_database())")
    bench_pg_stop
  else
    size=$(stat -c %s "$database")
  fi
  echo "$backend $members $size" >>"$work/database-sizes"
done

bench_describe_build
BENCH_WORK=$work BENCH_HZ=$bench_hz BENCH_NPROC=$(nproc) BENCH_CPU=$cpu BENCH_COMMIT=$commit \
BENCH_DURATION=$duration "$py" - <<'PY'
import collections, datetime, json, os

env = os.environ
work, hz = env["BENCH_WORK"], int(env["BENCH_HZ"])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
rows = [l.rstrip("\n").split("\t") for l in open(f"{work}/results.tsv")]
pool_samples = {}
for line in open(f"{work}/pool.tsv"):
    name, values = line.rstrip("\n").split("\t")[:2]
    pool_samples[name] = [v.split() for v in values.split(",") if v.strip()]
ms = lambda us: f"{us / 1000:.2f} ms"
phase_names = {"alone": "quick alone", "under-slow": "under slow searches"}

print()
print(f"{now}; {env['BENCH_NPROC']} cores ({env['BENCH_CPU']}); commit {env['BENCH_COMMIT']}; "
      f"{env['BENCH_DURATION']} per phase, wrk 1 thread each")
for line in open(f"{work}/database-sizes"):
    backend, members, size = line.split()
    print(f"{backend}: {int(members):,} members, database {int(size) / 2**20:,.0f} MiB")
connections = [l.split() for l in open(f"{work}/pg-connections")]
if connections:
    print("postgresql: the server's connections to the database: " +
          ", ".join(f"{c} with --read-connections {p}" for p, c in connections))
kinds = {"slow": "slow searches", "phone": "search by phone", "profile": "GET /members/{id}", "me": "GET /me"}
conns = {r[4]: (r[5], r[6]) for r in rows}
print("wrks: " + "; ".join(f"{kinds[k]} {c} connections" + (f", {d} ms pause after each answer" if d != "0" else
                                                            ", no pause")
                          for k, (c, d) in conns.items()))

print()
print("Every wrk:")
print()
print("| backend | read connections | phase | requests | req/s | p50 | p99 | max | non-2xx / errors |")
print("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |")
for backend, members, pool, phase, kind, c, d, load, ns, before, after, ticks, result, rss in rows:
    r = json.loads(result)
    print(f"| {backend} | {pool} | {phase_names[phase]} | {kinds[kind]} | {r['rps']:,.0f} | {ms(r['p50_us'])} | "
          f"{ms(r['p99_us'])} | {ms(r['max_us'])} | {r['non2xx']} / {r['errors']} |")

print()
print("Every phase: load average when it started, CPU seconds during it, the pool's queue:")
print()
print("| backend | read connections | phase | load average at start | CPU s: server main thread / "
      "server other threads / postgres / wrks / rest of machine | reads waiting (max) / running (mean) | "
      "server RSS after | server CPU per request |")
print("| --- | ---: | --- | --- | --- | --- | ---: | ---: |")
phases = collections.OrderedDict()
for row in rows:
    phases.setdefault((row[0], row[2], row[3]), []).append(row)
for (backend, pool, phase), group in phases.items():
    load, ns, before, after = group[0][7:11]
    b, a = [int(x) for x in before.split()], [int(x) for x in after.split()]
    d = [(y - x) / hz for x, y in zip(b, a)]
    wrk = sum(int(g[11]) for g in group) / hz
    samples = pool_samples.get(f"{backend} {pool} {phase}", [])
    queue = (f"{max(int(s[1]) for s in samples)} / {sum(int(s[0]) for s in samples) / len(samples):.1f}"
             if samples else "—")
    print(f"| {backend} | {pool} | {phase_names[phase]} | {load} | {d[3]:.1f} / {max(d[2] - d[3], 0):.1f} / "
          f"{d[4]:.1f} / {wrk:.1f} / {max(d[0] - d[2] - d[4] - wrk, 0):.1f} (of {int(ns) / 1e9:.1f} s) | {queue} | "
          f"{int(group[0][13]) / 1024:.0f} MiB | "
          f"{d[2] / max(sum(json.loads(g[12])['requests'] for g in group), 1) * 1e6:,.0f} µs |")

print()
print("In short: the quick requests' p50 / p99 / max, alone and while the slow searches run:")
print()
print("| backend | read connections | slow searches req/s (p99) | search by phone alone → under slow | "
      "GET /members/{id} alone → under slow | GET /me alone → under slow |")
print("| --- | ---: | ---: | --- | --- | --- |")
by = {(r[0], r[2], r[3], r[4]): json.loads(r[12]) for r in rows}
for backend, pool in dict.fromkeys((r[0], r[2]) for r in rows):
    slow = by.get((backend, pool, "under-slow", "slow"))
    cells = []
    for kind in ("phone", "profile", "me"):
        alone = by.get((backend, pool, "alone", kind))
        under = by.get((backend, pool, "under-slow", kind))
        fmt = lambda r: (f"{r['p50_us'] / 1000:.1f} / {r['p99_us'] / 1000:.1f} / {r['max_us'] / 1000:.0f}"
                         if r else "—")
        cells.append(f"{fmt(alone)} → {fmt(under)} ms")
    slow_text = f"{slow['rps']:,.0f} ({slow['p99_us'] / 1000:.0f} ms)" if slow else "—"
    print(f"| {backend} | {pool} | {slow_text} | " + " | ".join(cells) + " |")
PY
