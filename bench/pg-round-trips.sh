#!/usr/bin/env bash
# How many statements — round trips, each waited for by the instance's main loop — every
# request of bench/instances.sh (and a profile's reads) sends to PostgreSQL, and in how
# many transactions.
#
# Builds the server (release, BENCH_BUILD) unless BENCH_SERVER names one, starts a private
# cluster with log_statement = all (bench/lib.sh, as bench/instances.sh does), seeds 30
# demo members, logs in as the demo agent and sends each request once per round, three
# rounds (the first prepares the statements; the figures are the third's), each on another
# member, a marker statement between requests. Prints a Markdown table of the last round
# and, with BENCH_VERBOSE=1, every statement of it. Writes nothing into docs/.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
build=${BENCH_BUILD:-$root/_build-bench}

bench_need psql curl
if [[ -n "${BENCH_SERVER:-}" ]]; then
  server_bin=$BENCH_SERVER
else
  echo "bench: building the server (release, $build)…" >&2
  bench_build "$build" -Dgui=false -- src/server/loyalty-desk-server
  server_bin="$build/src/server/loyalty-desk-server"
fi

bench_init ld-bench-round-trips
bench_pg_settings=(-c log_statement=all)
bench_pg_start ""
bench_start_server "$server_bin" --seed-demo 30
token=$(bench_login agent)
admin="postgresql:///postgres?host=$work/pg&port=$pg_port&user=ld_admin"
api="$base/api/v1"
auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')

mark() {  # a statement of another session in the log: where the next request starts
  psql "$admin" -XAtq -c "SELECT 'MARK $1'" >/dev/null
}
post() {  # PATH BODY KEY: the answer
  curl -sS --max-time 30 "${auth[@]}" -H "Idempotency-Key: round-trips-$3" -d "$2" "$api$1"
}

round() {
  local r=$1 phone card member encoded call
  IFS='|' read -r phone card member <<<"$(psql "$database" -XAtq -v ON_ERROR_STOP=1 -c "
    SELECT m.phone || '|' || c.number || '|' || m.id FROM members m
    JOIN accounts a ON a.id = m.account_id
    JOIN cards c ON c.owner_id = m.id AND c.main = 1 AND c.state = 'activated'
    WHERE a.blocked = 0 AND m.phone IS NOT NULL ORDER BY m.id DESC LIMIT 1 OFFSET $r")"
  encoded=$("$py" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$phone")
  mark "$r|GET /healthz"
  curl -sS -o /dev/null "${auth[@]}" "$api/healthz"
  mark "$r|search by phone, from the database"
  curl -sS -o /dev/null "${auth[@]}" "$api/members?phone=$encoded"
  mark "$r|search by phone, from memory"
  curl -sS -o /dev/null "${auth[@]}" "$api/members?phone=$encoded"
  mark "$r|POST /calls"
  call=$(post /calls "{\"phone\":\"$phone\"}" "$r-call" \
         | "$py" -c 'import json, sys; print(json.load(sys.stdin)["call"]["id"])')
  mark "$r|POST /calls/{id}/end"
  post "/calls/$call/end" '{"reason":"resolved","close_ticket":false}' "$r-end" >/dev/null
  mark "$r|POST /cards/{number}/block"
  post "/cards/$card/block" '{"reason":"lost"}' "$r-block" >/dev/null
  mark "$r|POST /cards/{number}/unblock"
  post "/cards/$card/unblock" '{"reason":"found"}' "$r-unblock" >/dev/null
  mark "$r|GET /members/{id}"
  curl -sS -o /dev/null "${auth[@]}" "$api/members/$member"
  mark "$r|GET /config"
  curl -sS -o /dev/null "${auth[@]}" "$api/config"
  mark "$r|GET /members/{id}/purchases (first page)"
  curl -sS -o /dev/null "${auth[@]}" "$api/members/$member/purchases"
  mark "$r|end"
}
round 1
round 2
round 3
sleep 0.5  # the log written

BENCH_VERBOSE=${BENCH_VERBOSE:-0} "$py" - "$work/postgres.log" <<'PY'
import os, re, sys
requests, current = {}, None
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"LOG:  statement: SELECT 'MARK (\d+)\|(.*)'$", line)
    if m:
        current = (int(m[1]), m[2])
        requests.setdefault(current, [])
        continue
    m = re.search(r"LOG:  (?:statement|execute [^:]*): (.*)$", line)
    if m and current is not None:
        requests[current].append(m[1])
print("| request | statements (round trips) | transactions | of them under the writers' lock |")
print("| --- | ---: | ---: | ---: |")
for (r, name), statements in requests.items():
    if r != 3 or name == "end":
        continue
    begins = sum(s.startswith("BEGIN") for s in statements)
    locked = sum("pg_advisory_xact_lock" in s for s in statements)
    print(f"| {name} | {len(statements)} | {begins} | {locked} |")
if os.environ["BENCH_VERBOSE"] == "1":
    for (r, name), statements in requests.items():
        if r == 3 and name != "end":
            print(f"\n{name}:")
            for s in statements:
                print("    " + s[:160])
PY
