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

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
build=${BENCH_BUILD:-$root/_build-bench-paging}
purchases=${BENCH_PURCHASES:-100000}
samples=${BENCH_SAMPLES:-21}
seed=${BENCH_SEED:-40}

bench_need sqlite3 curl

servers=("$@")
if (( ${#servers[@]} == 0 )); then
  bench_build "$build" -- src/server/loyalty-desk-server
  servers=("$build/src/server/loyalty-desk-server")
fi

bench_init ld-bench-paging

echo "bench: seeding $seed demo members…" >&2
bench_start_server "${servers[0]}" --quiet --seed-demo "$seed"
bench_stop_server

member=$(sqlite3 "$database" \
  "SELECT m.id FROM members m JOIN purchases p ON p.account_id = m.account_id
   GROUP BY m.id ORDER BY abs(count(*) - 10), m.id LIMIT 1;")
echo "bench: adding $purchases purchases to member $member in one transaction…" >&2
bench_add_purchases "$member" "$purchases" BENCH 2019-01-01
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
  bench_start_server "$bin" --quiet
  token=$(bench_login agent)
  list="purchases"
  second=$(get "$list?limit=50" | field next_cursor)
  deep=$(cursor_at "$list" 50000)
  total_first=$(get "$list?limit=50" | field total)
  total_deep=$(get "$list?limit=50&cursor=$deep" | field total)
  first_ms=$(median_ms "$list?limit=50")
  second_ms=$(median_ms "$list?limit=50&cursor=$second")
  deep_ms=$(median_ms "$list?limit=50&cursor=$deep")
  rows+=("| \`$bin\` | $first_ms | $second_ms | $deep_ms | $total_first / $total_deep |")
  bench_stop_server
done

echo
echo "Member $member with $n_purchases purchases; GET …/purchases?limit=50, median of $samples (curl, ms):"
echo
echo "| server | first page | second page | page at 50,000 | total (first / at 50,000) |"
echo "| --- | ---: | ---: | ---: | --- |"
printf '%s\n' "${rows[@]}"
