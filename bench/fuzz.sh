#!/usr/bin/env bash
# Fuzzes what reads untrusted bytes (issue 11) with clang's libFuzzer: builds the targets of
# tests/fuzz in _build-fuzz (clang, ASan, UBSan; -Dfuzzing=true), runs each for SECONDS
# (default 60) from its kept corpus tests/fuzz/corpus/<target>/, then merges the inputs
# that reached new code into that corpus (libFuzzer's -merge=1 counting edges only, not
# hit counts, so it stays small; commit them). Prints per target the inputs run and
# whether it crashed; a crash's input stays in _build-fuzz/tests/fuzz/crashes/ with the
# command that replays it.
# json-glib itself is not instrumented: libFuzzer sees the coverage of our code only.
#
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]   (targets: json cursor validate; default all)
# Environment: FUZZ_MAX_LEN (4096 bytes, the largest input tried), FUZZ_JOBS (1: parallel
# fuzzing processes per target; the machine has 2 cores shared with everything else).
# Exit status: 0 when no target crashed, 1 otherwise, 2 when the build failed.
set -uo pipefail

cd "$(dirname "$(readlink -f "$0")")/.." || exit 2

seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(json cursor validate)
max_len=${FUZZ_MAX_LEN:-4096}
jobs=${FUZZ_JOBS:-1}
build=_build-fuzz
crashes="$build/tests/fuzz/crashes"

[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: bench/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2; }

if [[ -f "$build/meson-private/coredata.dat" ]]; then
  meson setup --reconfigure "$build" -Dfuzzing=true >/dev/null \
    || { echo "fuzz.sh: meson setup failed" >&2; exit 2; }
else
  CC=clang meson setup "$build" -Dgui=false -Dwerror=true -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null \
    || { echo "fuzz.sh: meson setup failed" >&2; exit 2; }
fi
build_targets=()
for target in "${targets[@]}"; do
  [[ -f "tests/fuzz/fuzz-$target.c" ]] || { echo "fuzz.sh: no target $target" >&2; exit 2; }
  build_targets+=("tests/fuzz/fuzz-$target")
done
meson compile -C "$build" "${build_targets[@]}" >/dev/null \
  || { echo "fuzz.sh: the build failed (meson compile -C $build)" >&2; exit 2; }

# as the fuzz suite runs them: warnings fatal, a leak per input is a finding
export G_DEBUG=fatal-warnings LC_ALL=C.UTF-8 G_SLICE=always-malloc
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

mkdir -p "$crashes"
status=0
for target in "${targets[@]}"; do
  exe="$build/tests/fuzz/fuzz-$target"
  corpus="tests/fuzz/corpus/$target"
  work=$(mktemp -d)
  log="$build/tests/fuzz/fuzz-$target.log"
  before=$(find "$corpus" -type f | wc -l)
  mkdir -p "$corpus"

  # new inputs go to $work first; the kept corpus gets only what -merge=1 picks
  timeout $((seconds + 120)) "$exe" -max_total_time="$seconds" -max_len="$max_len" \
    -timeout=10 -print_final_stats=1 -jobs="$jobs" -workers="$jobs" \
    -artifact_prefix="$crashes/$target-" "$work" "$corpus" >"$log" 2>&1
  run_status=$?

  runs=$(grep -h '^stat::number_of_executed_units:' "$log" | awk '{ n += $2 } END { print n + 0 }')
  crash=$(grep -ho "Test unit written to .*" "$log" | tail -n 1 | sed 's/Test unit written to //')

  "$exe" -merge=1 -use_counters=0 -max_len="$max_len" "$corpus" "$work" >"$log.merge" 2>&1 \
    || echo "fuzz.sh: merging into $corpus failed, see $log.merge" >&2
  rm -rf "$work"
  after=$(find "$corpus" -type f | wc -l)

  if [[ -n "$crash" ]]; then
    status=1
    echo "fuzz-$target: $runs inputs in ${seconds} s, CRASHED on $crash"
    echo "  replay: $exe $crash   (log: $log)"
    echo "  once fixed, keep it as a test: cp $crash $corpus/"
  elif ((run_status != 0)); then
    status=1
    echo "fuzz-$target: $runs inputs in ${seconds} s, FAILED (exit $run_status, see $log)"
  else
    echo "fuzz-$target: $runs inputs in ${seconds} s, no crash; corpus $before → $after files"
  fi
done
exit $status
