#!/usr/bin/env bash
# Member-search benchmark (issue 2): builds the server (release), seeds BENCH_MEMBERS
# (1,000,000) demo members into a temporary SQLite file with the real server, logs in as
# the demo agent, then measures with wrk (1 thread, 32 connections) in one run:
#   GET /api/v1/healthz                 the bare route: the ceiling of this server
#   GET /api/v1/members?phone=%2B7…     search by phone, rotating through existing phones
#   GET /api/v1/members?card=…          search by card, rotating through existing cards
# The server keeps the search summaries of members it has found in memory (--search-cache):
# first every search goes to members never searched before (3 s per kind over members
# outside the rotation: each request the first search of its member), then one pass of the
# rotation fills the memory, then the three routes are measured in BENCH_ROUNDS interleaved
# rounds (healthz, phone, card, healthz, …), so each round's ratio compares routes measured
# seconds apart, under the same load from whatever else runs on the machine. Prints req/s,
# the search/healthz ratio and p50/p99 latency of every round and the median round, the
# first searches and the memory the server took, and writes them into docs/performance.md
# with the date and the machine (text below the line "<!-- notes: kept by
# bench/search.sh -->" there is kept). Bounded: every step has a time
# limit; the server it started is stopped on exit.
#
# Environment: BENCH_MEMBERS (1000000), BENCH_DURATION (10s per route and round),
# BENCH_ROUNDS (3), BENCH_SAMPLES (100000 phones and cards), BENCH_FILL_DURATION (10s, the
# pass through them), BENCH_SEED_TIMEOUT (3600 s),
# BENCH_NO_WRITE=1 (don't touch docs/performance.md), BENCH_DATABASE (a database this
# script seeded before, e.g. kept from an earlier run: used as it is instead of seeding).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
members=${BENCH_MEMBERS:-1000000}
duration=${BENCH_DURATION:-10s}
rounds=${BENCH_ROUNDS:-3}
samples=${BENCH_SAMPLES:-100000}
seed_timeout=${BENCH_SEED_TIMEOUT:-3600}
connections=32
build="$root/_build-bench"
report="$root/docs/performance.md"

./tools/install-deps.sh

bench_build "$build" -Dgui=false
server_bin="$build/src/server/loyalty-desk-server"

bench_init ld-bench
bench_start_timeout=$seed_timeout

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start_ns=$(date +%s%N)
if [[ -n "${BENCH_DATABASE:-}" ]]; then
  database=$BENCH_DATABASE
  echo "bench: using $database, seeded before with $members members (load average $load_before)…"
  bench_start_server "$server_bin"
else
  echo "bench: seeding $members members into $database (load average $load_before)…"
  bench_start_server "$server_bin" --seed-demo "$members"
fi
seed_s=$(( ($(date +%s%N) - start_ns) / 1000000 ))
seed_s=$(printf '%d.%03d' $((seed_s / 1000)) $((seed_s % 1000)))
db_size=$(du -sh "$database" | cut -f1)
echo "bench: seeding + start-up took ${seed_s} s (database $db_size); server at $base"

token=$(bench_login agent) || {
  echo "bench: logging in as agent failed" >&2
  exit 1
}

# Existing phones and card numbers of random members (deterministic), read from the
# database file (read-only, beside the running server: WAL allows it), so that 100,000
# samples take seconds: BENCH_SAMPLES members in rotation (each wrk run of 10 s goes through
# them about twice), and as many others for the first searches by phone and by card.
echo "bench: collecting phones and cards of 3 × $samples random members…"
BENCH_DATABASE=$database BENCH_MEMBERS=$members BENCH_SAMPLES=$samples \
BENCH_WORK=$work "$py" - <<'EOF'
import os, random, sqlite3, sys, urllib.parse

members, wanted = int(os.environ["BENCH_MEMBERS"]), int(os.environ["BENCH_SAMPLES"])
work = os.environ["BENCH_WORK"]
db = sqlite3.connect("file:" + urllib.parse.quote(os.environ["BENCH_DATABASE"]) + "?mode=ro", uri=True)
rng = random.Random(20261123)
ids = list(range(1, members + 1))
rng.shuffle(ids)
rows = []
for member_id in ids:
    if len(rows) == 3 * wanted:
        break
    row = db.execute("SELECT m.phone, c.number FROM members m "
                     "JOIN cards c ON c.owner_id = m.id AND c.main = 1 WHERE m.id = ?",
                     (member_id,)).fetchone()
    if row is not None and row[0] and row[1]:  # not removed or merged away, with a main card
        rows.append(row)
if len(rows) < 3 * wanted:
    sys.exit(f"bench: found {len(rows)} members with a phone and a main card, not {3 * wanted}")
rotation, first_phone, first_card = rows[:wanted], rows[wanted:2 * wanted], rows[2 * wanted:]

def write(name, values, kind):
    with open(f"{work}/{name}.paths", "w") as f:
        for value in values:
            f.write(f"/api/v1/members?{kind}=" + urllib.parse.quote(value, safe="") + "\n")

write("phone", [r[0] for r in rotation], "phone")
write("card", [r[1] for r in rotation], "card")
write("phone-first", [r[0] for r in first_phone], "phone")
write("card-first", [r[1] for r in first_card], "card")
with open(f"{work}/healthz.paths", "w") as f:
    f.write("/api/v1/healthz\n")
print(f"bench: {len(rotation)} members in rotation, {len(first_phone)} + {len(first_card)} "
      "for first searches")
EOF

# each search path must really find its member (not a 4xx or an empty page)
check_path=$(head -n1 "$work/phone.paths")
curl -sS --max-time 10 -H "Authorization: Bearer $token" "$base$check_path" \
  | "$py" -c 'import json,sys; d=json.load(sys.stdin); assert d["items"], d' \
  || { echo "bench: search by phone found nothing for $check_path" >&2; exit 1; }
check_path=$(head -n1 "$work/card.paths")
curl -sS --max-time 10 -H "Authorization: Bearer $token" "$base$check_path" \
  | "$py" -c 'import json,sys; d=json.load(sys.stdin); assert d["items"], d' \
  || { echo "bench: search by card found nothing for $check_path" >&2; exit 1; }

clk_tck=$(getconf CLK_TCK)
machine_ticks() {  # busy and total jiffies of all cores
  awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; print busy, busy+$5+$6}' /proc/stat
}
server_ticks() {
  awk '{print $14+$15}' "/proc/$server_pid/stat"
}
children_ms() {  # CPU time of the shell's finished children, in ms, from `times` in FILE
  sed -n 2p "$1" | awk '{
    total = 0
    for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); total += p[1] * 60000 + p[2] * 1000 }
    printf "%d\n", total }'
}

run_wrk() {  # name, duration
  local name=$1 time=$2 m0 m1 s0 s1 c0 c1 t0 t1
  read -r -a m0 < <(machine_ticks)
  s0=$(server_ticks)
  times >"$work/times0"  # in this shell: a subshell would not see its children's time
  t0=$(date +%s%N)
  BENCH_PATHS="$work/$name.paths" BENCH_TOKEN=$token \
    timeout 120 wrk -t1 -c"$connections" -d"$time" --latency --timeout 5s \
    -s "$root/bench/search.lua" "$base" >"$work/$name.wrk"
  t1=$(date +%s%N)
  times >"$work/times1"
  s1=$(server_ticks)
  read -r -a m1 < <(machine_ticks)
  c0=$(children_ms "$work/times0")
  c1=$(children_ms "$work/times1")
  grep '^BENCH ' "$work/$name.wrk" | sed 's/^BENCH //' >"$work/$name.json"
  # cores in use during the run: the whole machine, the server, wrk (and the rest)
  awk -v mb=$((m1[0] - m0[0])) -v mt=$((m1[1] - m0[1])) -v n="$(nproc)" \
      -v st=$((s1 - s0)) -v hz="$clk_tck" -v wms=$((c1 - c0)) -v ns=$((t1 - t0)) 'BEGIN {
    secs = ns / 1e9; machine = mt ? mb / mt * n : 0
    server = st / hz / secs; wrk = wms / 1000 / secs; other = machine - server - wrk
    if (other < 0) other = 0
    printf "{\"machine\":%.2f,\"server\":%.2f,\"wrk\":%.2f,\"other\":%.2f}\n", machine, server, wrk, other
  }' >"$work/$name.cpu"
}

metric() {  # the value of a line of GET /metrics
  curl -sS --max-time 10 "$base/metrics" | awk -v name="$1" '$1 == name { print $2 }'
}
rss_mb() {
  awk '/^VmRSS:/ { printf "%d\n", $2 / 1024 }' "/proc/$server_pid/status"
}

rss_before=$(rss_mb)
for name in phone card; do
  echo "bench: first searches by $name (3 s, members never searched before)…"
  run_wrk "$name-first" 3s
done
echo "bench: one pass through the $samples members in rotation, by phone and by card…"
for name in phone card; do
  run_wrk "$name" "${BENCH_FILL_DURATION:-10s}"
  mv "$work/$name.json" "$work/$name-fill.json"
done
in_memory=$(metric ld_search_summaries_in_memory)
rss_filled=$(rss_mb)
echo "bench: $in_memory members in memory; server RSS ${rss_before} MB before, ${rss_filled} MB after"
for round in $(seq "$rounds"); do
  for name in healthz phone card; do
    echo "bench: round $round/$rounds: wrk -t1 -c$connections -d$duration --latency: $name…"
    run_wrk "$name" "$duration"
    mv "$work/$name.json" "$work/$name.$round.json"
    mv "$work/$name.cpu" "$work/$name.$round.cpu"
  done
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- src/server src/core 2>/dev/null | head -c1)
[[ -n "$dirty" ]] && commit="$commit + uncommitted changes in src/server or src/core"

BENCH_WORK=$work BENCH_MEMBERS=$members BENCH_SEED_S=$seed_s BENCH_DB_SIZE=$db_size \
BENCH_REUSED=$([[ -n "${BENCH_DATABASE:-}" ]] && echo 1 || echo 0) \
BENCH_IN_MEMORY=$in_memory BENCH_RSS_BEFORE=$rss_before BENCH_RSS_FILLED=$rss_filled \
BENCH_RSS_END=$(rss_mb) BENCH_ANSWERED=$(metric ld_search_answers_from_memory_total) \
BENCH_CPU=$cpu BENCH_NPROC=$(nproc) BENCH_LOAD_BEFORE=$load_before \
BENCH_COMMIT=$commit BENCH_DURATION=$duration BENCH_ROUNDS=$rounds \
BENCH_CONNECTIONS=$connections BENCH_SAMPLES=$samples BENCH_REPORT=$report BENCH_NO_WRITE=${BENCH_NO_WRITE:-0} \
"$py" - <<'EOF'
import datetime, json, os, statistics

env = os.environ
work = env["BENCH_WORK"]
n_rounds = int(env["BENCH_ROUNDS"])
names = (("healthz", "GET /healthz"), ("phone", "search by phone"), ("card", "search by card"))
runs = [{name: json.load(open(f"{work}/{name}.{i}.json")) for name, _ in names}
        for i in range(1, n_rounds + 1)]
cpus = [{name: json.load(open(f"{work}/{name}.{i}.cpu")) for name, _ in names}
        for i in range(1, n_rounds + 1)]

def ms(us):
    return f"{us / 1000:.2f} ms"

rows, verdicts, medians = [], [], []
ratios = {name: [] for name, _ in names}
for i, (run, cpu) in enumerate(zip(runs, cpus), 1):
    health = run["healthz"]["rps"]
    for name, label in names:
        r, c = run[name], cpu[name]
        ratio = r["rps"] / health if health else 0.0
        ratios[name].append(ratio)
        rows.append(f"| {i} | {label} | {r['rps']:,.0f} | {ratio:.2f} | {ms(r['p50_us'])} | "
                    f"{ms(r['p99_us'])} | {r['requests']:,} | {r['non2xx']} | {r['errors']} | "
                    f"{c['server']:.2f} / {c['wrk']:.2f} / {c['other']:.2f} |")
        print(f"round {i} {label:16} {r['rps']:10,.0f} req/s  ratio {ratio:.2f}  p50 {ms(r['p50_us'])}"
              f"  p99 {ms(r['p99_us'])}  non-2xx {r['non2xx']}  errors {r['errors']}"
              f"  cores server/wrk/other {c['server']:.2f}/{c['wrk']:.2f}/{c['other']:.2f}")

for name, label in names:
    rps = statistics.median(run[name]["rps"] for run in runs)
    p50 = statistics.median(run[name]["p50_us"] for run in runs)
    p99 = statistics.median(run[name]["p99_us"] for run in runs)
    ratio = statistics.median(ratios[name])
    medians.append(f"| {label} | {rps:,.0f} | {ratio:.2f} | {ms(p50)} | {ms(p99)} |")
    if name != "healthz":
        clean = all(run[name]["non2xx"] == 0 and run[name]["errors"] == 0 for run in runs)
        each = ", ".join(f"{x:.2f}" for x in ratios[name])
        verdicts.append(
            f"- {label}: {ratio:.2f} × healthz (median of the rounds' {each}; "
            f"{'meets' if ratio >= 0.8 else 'MISSES'} ≥ 0.8), "
            f"median p99 {ms(p99)} ({'meets' if p99 <= 5000 else 'MISSES'} ≤ 5 ms)"
            + ("" if clean else "; some answers were non-2xx or failed, so these figures are NOT valid"))
print("\n".join(verdicts))

first_rows = []
health_median = statistics.median(run["healthz"]["rps"] for run in runs)
for name, label in (("phone-first", "search by phone, first of its member"),
                    ("card-first", "search by card, first of its member"),
                    ("phone-fill", "search by phone, the pass that fills the memory"),
                    ("card-fill", "search by card, the pass that fills the memory")):
    r = json.load(open(f"{work}/{name}.json"))
    limit = int(env["BENCH_SAMPLES"])
    note = ""
    if name.endswith("-first") and r["requests"] > limit:
        note = f" (more requests than the {limit:,} members: some were second searches)"
    if name.endswith("-fill") and r["requests"] < limit:
        note = f" (fewer requests than the {limit:,} members: the pass was not complete)"
    first_rows.append(f"| {label} | {r['rps']:,.0f} | {r['rps'] / health_median:.2f} | {ms(r['p50_us'])} | "
                      f"{ms(r['p99_us'])} | {r['requests']:,}{note} |")
    print(f"{label:48} {r['rps']:10,.0f} req/s  p50 {ms(r['p50_us'])}  p99 {ms(r['p99_us'])}  "
          f"requests {r['requests']:,}{note}")
in_memory = int(env["BENCH_IN_MEMORY"] or 0)
rss_before, rss_filled = int(env["BENCH_RSS_BEFORE"]), int(env["BENCH_RSS_FILLED"])
print(f"members in memory {in_memory:,}; server RSS {rss_before} MB before the first search, "
      f"{rss_filled} MB after the pass, {env['BENCH_RSS_END']} MB at the end; "
      f"{env['BENCH_ANSWERED']} searches answered from memory")

if env["BENCH_NO_WRITE"] == "1":
    raise SystemExit(0)

now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
if env["BENCH_REUSED"] == "1":
    seeding = (f"The {int(env['BENCH_MEMBERS']):,} members were seeded by an earlier run "
               f"(`BENCH_DATABASE`); starting the server took {env['BENCH_SEED_S']} s;")
else:
    seeding = (f"Seeding {int(env['BENCH_MEMBERS']):,} members and starting the server took "
               f"{env['BENCH_SEED_S']} s;")
text = f"""# Performance

## Member search (issue 2)

`bench/search.sh` builds the server in release mode, seeds
{int(env['BENCH_MEMBERS']):,} demo members into a temporary SQLite file with the real server
(`--seed-demo`), logs in as the demo agent and measures with wrk, in one run against the
same server process: the bare `GET /api/v1/healthz` route, search by phone
(`GET /api/v1/members?phone=…`) and search by card (`GET /api/v1/members?card=…`). The
searches rotate through {env['BENCH_SAMPLES']} phones and card numbers of random existing
members, so every request finds its member. wrk: 1 thread, {env['BENCH_CONNECTIONS']}
connections, {env['BENCH_DURATION']} per route in each of {n_rounds} interleaved rounds
(healthz, phone, card, healthz, …) after the first searches and a pass through the rotation
(below), over loopback; the server (logging
every request to a file, as by default) and wrk share the machine's cores. Each round's
ratio divides a search rate by the healthz rate measured seconds before it, so other work
on the machine weighs on both alike; the summary takes the median of the rounds.

**Target:** search ≥ 0.8 × the `/healthz` rate, p99 latency ≤ 5 ms.

### Last run: {now}

Machine: {env['BENCH_NPROC']} cores, {env['BENCH_CPU']}. Load average before seeding:
{env['BENCH_LOAD_BEFORE']}. The last column of the second table says how many cores the
server, wrk and every other process on the machine used during each measurement: where
"other" is well above 0, other work competed for the cores and every figure of that row is
lower and noisier. Code: commit {env['BENCH_COMMIT']}. {seeding}
the database file was {env['BENCH_DB_SIZE']}.

Medians of the {n_rounds} rounds (× healthz: the median of the rounds' ratios):

| route | req/s | × healthz | p50 | p99 |
| --- | ---: | ---: | ---: | ---: |
{chr(10).join(medians)}

Against the target:
{chr(10).join(verdicts)}

The server keeps the search summaries of the members it has found in memory
(`--search-cache`, 500,000 members by default), so the rounds above measure members found
before, as an agent's second search or a caller's next call finds them. The first search of
a member reads the database (and keeps it), measured over members outside the rotation
before the rounds, and the pass that put the rotation's members in memory; × healthz
against the median healthz rate above:

| search | req/s | × healthz | p50 | p99 | requests |
| --- | ---: | ---: | ---: | ---: | ---: |
{chr(10).join(first_rows)}

Memory: {in_memory:,} members in memory after the pass; the server's resident memory was
{rss_before} MB before the first search and {rss_filled} MB after the pass (SQLite's page
cache of up to 64 MB fills meanwhile too), {env['BENCH_RSS_END']} MB at the end;
{int(env['BENCH_ANSWERED'] or 0):,} searches were answered from memory.

Every round:

| round | route | req/s | × healthz | p50 | p99 | requests | non-2xx | socket errors | cores: server / wrk / other |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
{chr(10).join(rows)}

Re-run: `bench/search.sh` (`BENCH_MEMBERS`, `BENCH_DURATION`, `BENCH_ROUNDS` change the
size and the time, `BENCH_SAMPLES` the members in rotation, `BENCH_DATABASE` reuses a
database seeded before; `BENCH_NO_WRITE=1` leaves this file alone).
"""
marker = "<!-- notes: kept by bench/search.sh -->"
if os.path.exists(env["BENCH_REPORT"]):
    old = open(env["BENCH_REPORT"]).read()
    if marker in old:
        text += "\n" + marker + old.split(marker, 1)[1]
with open(env["BENCH_REPORT"], "w") as f:
    f.write(text)
print(f"bench: wrote {env['BENCH_REPORT']}")
EOF
