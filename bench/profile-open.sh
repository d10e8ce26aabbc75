#!/usr/bin/env bash
# Member-profile benchmark (issue 3: "a member with 100,000 purchases opens as fast as one
# with ten, and memory does not grow with the history").
#
# Builds the server and the in-process driver (bench/profile-open.c, built only when
# asked), seeds a demo database with the real server, then adds 100,000 purchases to one
# member with sqlite3 in one transaction. With the server started again on that file, the
# driver — the app's own LdMemberPage in a window on a private Xvfb display, cairo
# renderer — opens that member, a member with about ten purchases, a member given
# exactly BENCH_FILL purchases (50: one full first page, more rows than the window
# shows) and the demo member with the longest seeded history (1,200), one fresh process
# per run, in turn, and measures:
#   - open: from switching to the Purchases tab to the first frame painted with its rows;
#     also the frame after the one that mapped them (the measure of runs before
#     2026-12-05) and "settled": what the first rows asked for fetched and painted
#   - the process's resident memory (VmRSS) with the profile shown, with the first rows,
#     after scrolling the list to its end BENCH_PAGES times (each fetches a page), and
#     after scrolling back to the top (the pages dropped on the way are fetched again)
# Prints every run as JSON and the medians as a Markdown table. Writes nothing into docs/.
#
# Environment: BENCH_BUILD (build dir, default _build-bench-app, release), BENCH_RUNS (7),
# BENCH_PAGES (40), BENCH_PURCHASES (100000), BENCH_FILL (50), BENCH_SEED (40 demo members).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
build=${BENCH_BUILD:-$root/_build-bench-app}
runs=${BENCH_RUNS:-7}
pages=${BENCH_PAGES:-40}
purchases=${BENCH_PURCHASES:-100000}
fill=${BENCH_FILL:-50}
seed=${BENCH_SEED:-40}

bench_need sqlite3 Xvfb

bench_build "$build" -- src/server/loyalty-desk-server tests/app/bench-profile-open
server_bin="$build/src/server/loyalty-desk-server"
driver="$build/tests/app/bench-profile-open"

bench_init ld-bench-profile

echo "bench: seeding $seed demo members…" >&2
bench_start_server "$server_bin" --seed-demo "$seed"
bench_stop_server

# the member with about ten purchases, another one that gets the long history and a
# third that gets exactly $fill
mapfile -t picked < <(sqlite3 "$database" \
  "SELECT m.id FROM members m JOIN purchases p ON p.account_id = m.account_id
   GROUP BY m.id ORDER BY abs(count(*) - 10), m.id LIMIT 3;")
short_member=${picked[0]}
long_member=${picked[1]}
fill_member=${picked[2]}
mid_member=$(sqlite3 "$database" \
  "SELECT m.id FROM members m JOIN purchases p ON p.account_id = m.account_id
   GROUP BY m.id ORDER BY count(*) DESC, m.id LIMIT 1;")

echo "bench: adding $purchases purchases to member $long_member in one transaction…" >&2
insert_start=$(date +%s%N)
bench_add_purchases "$long_member" "$purchases" BENCH 2019-01-01
insert_ms=$(( ($(date +%s%N) - insert_start) / 1000000 ))

# the member whose history just fills the first page: the same rows, as many as needed
have=$(sqlite3 "$database" "SELECT count(*) FROM purchases p JOIN members m ON p.account_id = m.account_id WHERE m.id = $fill_member;")
if (( have < fill )); then
  bench_add_purchases "$fill_member" $((fill - have)) FILL 2020-01-01
fi
counts=$(sqlite3 "$database" \
  "SELECT m.id || ':' || count(*) FROM members m JOIN purchases p ON p.account_id = m.account_id
   WHERE m.id IN ($short_member, $fill_member, $mid_member, $long_member) GROUP BY m.id ORDER BY m.id;" | tr '\n' ' ')
echo "bench: inserted in $insert_ms ms; purchases per member: $counts" >&2

bench_start_server "$server_bin"

# the server's part: the first page the tab asks for, timed with curl (median of 9)
token=$(bench_login agent)
server_ms() {
  for _ in $(seq 9); do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
      "$base/api/v1/members/$1/purchases?sort=date&order=desc&limit=50"
  done | sort -n | sed -n 5p | awk '{ printf "%.1f", $1 * 1000 }'
}
short_server_ms=$(server_ms "$short_member")
fill_server_ms=$(server_ms "$fill_member")
mid_server_ms=$(server_ms "$mid_member")
long_server_ms=$(server_ms "$long_member")
echo "bench: GET first page of purchases (median of 9, curl): member $short_member ${short_server_ms} ms," \
  "member $fill_member ${fill_server_ms} ms, member $mid_member ${mid_server_ms} ms, member $long_member ${long_server_ms} ms" >&2

# a display of our own
bench_start_xvfb

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results="$work/results.jsonl"
members=("$short_member" "$fill_member" "$mid_member" "$long_member")
for run in $(seq "$runs"); do
  # each goes first in turn, so drift in the machine's load hits all alike
  first=$((run % ${#members[@]}))
  for member in "${members[@]:first}" "${members[@]:0:first}"; do
    DISPLAY=$display GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory \
      timeout 180 "$driver" "$base" "$member" "$pages" | tee -a "$results"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

"$py" - "$results" "$short_member" "$fill_member" "$mid_member" "$long_member" "$load_before" "$load_after" "$insert_ms" \
  "$short_server_ms" "$fill_server_ms" "$mid_server_ms" "$long_server_ms" <<'PY'
import json, statistics, sys
(path, short, fill, mid, long_, load_before, load_after, insert_ms,
 short_server, fill_server, mid_server, long_server) = sys.argv[1:]
server = {short: short_server, fill: fill_server, mid: mid_server, long_: long_server}
runs = [json.loads(line) for line in open(path) if line.startswith("{")]
def med(member, key):
    return statistics.median(r[key] for r in runs if r["member_id"] == int(member))
def n(member):
    return sum(1 for r in runs if r["member_id"] == int(member))
print()
print(f"{n(short)} runs of each; load average before / after: {load_before} / {load_after}; "
      f"100,000-row insert took {insert_ms} ms")
print()
print("| member | purchases | server: first page | tab ready | rows mapped | first rows painted | next frame | settled | rows after open | RSS with profile | RSS with first rows | RSS after scrolling | rows after scrolling | pages holding rows | RSS back at the top | pages fetched (again) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for member in (short, fill, mid, long_):
    total = next(r["total"] for r in runs if r["member_id"] == int(member))
    print(f"| {member} | {total:,} | {server[member]} ms | {med(member, 'ready_ms'):.0f} ms | {med(member, 'rows_ms'):.0f} ms "
          f"| {med(member, 'open_ms'):.0f} ms | {med(member, 'next_frame_ms'):.0f} ms | {med(member, 'settled_ms'):.0f} ms "
          f"| {med(member, 'rows_first'):.0f} "
          f"| {med(member, 'rss_kb_profile') / 1024:.1f} MiB | {med(member, 'rss_kb_first_rows') / 1024:.1f} MiB "
          f"| {med(member, 'rss_kb_after_scroll') / 1024:.1f} MiB | {med(member, 'rows_after_scroll'):.0f} "
          f"| {med(member, 'live_pages_after_scroll'):.0f} | {med(member, 'rss_kb_after_back') / 1024:.1f} MiB "
          f"| {med(member, 'requests_after_scroll'):.0f} ({med(member, 'requests_after_back') - med(member, 'requests_after_scroll'):.0f}) |")
print()
print("(medians; times from switching to the Purchases tab; the server's time is curl's for the first page of 50)")
for member in (short, fill, mid, long_):
    spread = sorted(r["open_ms"] for r in runs if r["member_id"] == int(member))
    print(f"first rows painted, member {member}: {spread[0]:.0f}–{spread[-1]:.0f} ms over {len(spread)} runs")
print(f"next frame, long / ten: {med(long_, 'next_frame_ms') / med(short, 'next_frame_ms'):.2f}×; "
      f"long / one full page: {med(long_, 'next_frame_ms') / med(fill, 'next_frame_ms'):.2f}×; "
      f"settled, long / one full page: {med(long_, 'settled_ms') / med(fill, 'settled_ms'):.2f}×")
print(f"first rows painted, long / ten: {med(long_, 'open_ms') / med(short, 'open_ms'):.2f}×; "
      f"long / one full page: {med(long_, 'open_ms') / med(fill, 'open_ms'):.2f}×; "
      f"long / 1,200: {med(long_, 'open_ms') / med(mid, 'open_ms'):.2f}×")
for member in (mid, long_):
    marks = sorted({int(k) for r in runs if r["member_id"] == int(member) for k in r.get("rss_kb_by_scrolls", {})})
    curve = []
    for k in marks:
        values = [r["rss_kb_by_scrolls"][str(k)] for r in runs if r["member_id"] == int(member) and str(k) in r.get("rss_kb_by_scrolls", {})]
        curve.append(f"{k} scrolls: {statistics.median(values) / 1024:.1f} MiB")
    if curve:
        print(f"RSS while scrolling, member {member}: " + "; ".join(curve))
print(f"RSS after scrolling, long − 1,200: {(med(long_, 'rss_kb_after_scroll') - med(mid, 'rss_kb_after_scroll')) / 1024:+.1f} MiB; "
      f"long − ten: {(med(long_, 'rss_kb_after_scroll') - med(short, 'rss_kb_after_scroll')) / 1024:+.1f} MiB")
PY
