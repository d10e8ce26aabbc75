#!/usr/bin/env bash
# Later pages of a long history: what a page costs once its total comes from the cursor.
#
# Seeds a demo database with the real server, adds BENCH_PURCHASES purchases to one member
# with sqlite3 in one transaction (as bench/profile-open.sh does), then for each server
# binary given (default: this tree's, built release into BENCH_BUILD) starts it on that
# file and times with curl (median of BENCH_SAMPLES) GET …/purchases?limit=50 for the
# first page, the second page and the page 50,000 rows in (its cursor reached with
# limit=500 pages). Prints a Markdown table. Writes nothing into docs/.
#
#   bench/page-total.sh [SERVER_BINARY…]
#
# Environment: BENCH_BUILD (_build-bench-paging), BENCH_PURCHASES (100000),
# BENCH_SAMPLES (21), BENCH_SEED (40 demo members).
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
root=$PWD
build=${BENCH_BUILD:-$root/_build-bench-paging}
purchases=${BENCH_PURCHASES:-100000}
samples=${BENCH_SAMPLES:-21}
seed=${BENCH_SEED:-40}
py=/usr/bin/python3

for tool in sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done

servers=("$@")
if (( ${#servers[@]} == 0 )); then
  if [[ ! -f "$build/meson-private/coredata.dat" ]]; then
    meson setup "$build" -Dbuildtype=release >/dev/null
  fi
  ninja -C "$build" src/server/loyalty-desk-server >/dev/null
  servers=("$build/src/server/loyalty-desk-server")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ld-bench-paging.XXXXXX")
server_pid=
# shellcheck disable=SC2317  # called from the EXIT trap
stop_server() {
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
# shellcheck disable=SC2317
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

database="$work/bench.db"

# starts server $1 on $database (with any extra arguments) and sets $base
start_server() {
  local bin=$1
  shift
  : >"$work/server.out"
  "$bin" --database "$database" --listen 127.0.0.1:0 --quiet "$@" >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  base=
  for _ in $(seq 1200); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "bench: the server exited:" >&2
      tail -n 20 "$work/server.err" >&2
      exit 1
    fi
    line=$(grep -m1 -o 'listening on http[^[:space:]]*' "$work/server.out" || true)
    if [[ -n "$line" ]]; then
      base=${line#listening on }
      return
    fi
    sleep 0.1
  done
  echo "bench: the server did not start" >&2
  exit 1
}

echo "bench: seeding $seed demo members…" >&2
start_server "${servers[0]}" --seed-demo "$seed"
stop_server

member=$(sqlite3 "$database" \
  "SELECT m.id FROM members m JOIN purchases p ON p.account_id = m.account_id
   GROUP BY m.id ORDER BY abs(count(*) - 10), m.id LIMIT 1;")
echo "bench: adding $purchases purchases to member $member in one transaction…" >&2
sqlite3 "$database" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $purchases)
INSERT INTO purchases (account_id, member_id, card, receipt, purchased_at, pos, program,
                       amount, bonus_accrued, bonus_deducted, status)
SELECT m.account_id, m.id,
       (SELECT card FROM purchases WHERE member_id = m.id AND card IS NOT NULL LIMIT 1),
       printf('BENCH-%08d', n.i),
       strftime('%Y-%m-%dT%H:%M:%SZ', '2019-01-01', '+' || (n.i * 7) || ' minutes'),
       'Bench POS ' || (n.i % 40),
       'Основная программа',
       10000 + (n.i * 7919) % 500000,
       ((10000 + (n.i * 7919) % 500000) / 200),
       CASE WHEN n.i % 13 = 0 THEN 5000 ELSE 0 END,
       CASE n.i % 25 WHEN 0 THEN 'canceled' WHEN 1 THEN 'incomplete' ELSE 'confirmed' END
FROM n, members m WHERE m.id = $member;
COMMIT;
SQL
n_purchases=$(sqlite3 "$database" \
  "SELECT count(*) FROM purchases p JOIN members m ON m.account_id = p.account_id WHERE m.id = $member;")

get() {
  curl -sf -H "Authorization: Bearer $token" "$base/api/v1/members/$member/$1"
}
field() {
  "$py" -c 'import json, sys; v = json.load(sys.stdin)[sys.argv[1]]; print("" if v is None else v)' "$1"
}
# the median of $samples requests of path $1, in ms
median_ms() {
  for _ in $(seq "$samples"); do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$base/api/v1/members/$member/$1"
  done | sort -n | sed -n "$(( (samples + 1) / 2 ))p" | awk '{ printf "%.2f", $1 * 1000 }'
}
# the cursor of the page $2 rows into list $1 (a multiple of 500)
cursor_at() {
  local cursor='' path
  for _ in $(seq $(( $2 / 500 ))); do
    path="$1?limit=500${cursor:+&cursor=$cursor}"
    cursor=$(get "$path" | field next_cursor)
  done
  printf '%s' "$cursor"
}

rows=()
for bin in "${servers[@]}"; do
  start_server "$bin"
  token=$(curl -sf -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"login":"agent","password":"demo"}' | field token)
  list="purchases"
  second=$(get "$list?limit=50" | field next_cursor)
  deep=$(cursor_at "$list" 50000)
  total_first=$(get "$list?limit=50" | field total)
  total_deep=$(get "$list?limit=50&cursor=$deep" | field total)
  first_ms=$(median_ms "$list?limit=50")
  second_ms=$(median_ms "$list?limit=50&cursor=$second")
  deep_ms=$(median_ms "$list?limit=50&cursor=$deep")
  rows+=("| \`$bin\` | $first_ms | $second_ms | $deep_ms | $total_first / $total_deep |")
  stop_server
done

echo
echo "Member $member with $n_purchases purchases; GET …/purchases?limit=50, median of $samples (curl, ms):"
echo
echo "| server | first page | second page | page at 50,000 | total (first / at 50,000) |"
echo "| --- | ---: | ---: | ---: | --- |"
printf '%s\n' "${rows[@]}"
