#!/usr/bin/env bash
# The test command: installs what is missing, builds everything with warnings as errors
# in _build-test, runs every test suite and counts single test cases. Then it builds the
# core library, the server and the fuzz targets once more with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in _build-test-asan and runs the core, server and fuzz suites
# there (the fuzz targets over their kept corpus only; bench/fuzz.sh fuzzes).
# The last line is always `N passed, N failed` (`, N skipped` when there are any), counting
# the cases of both builds; the exit status is non-zero when a build or any case failed.
# Arguments go to the main build's `meson test`, e.g. `./tools/test.sh --suite server`;
# LD_TEST_SANITIZERS=0 leaves the sanitizer build out (a quicker run while working).
set -uo pipefail

cd "$(dirname "$(readlink -f "$0")")/.." || exit 1

build=_build-test
log="$build/meson-logs/testlog.json"
asan_build=_build-test-asan
asan_log="$asan_build/meson-logs/testlog.json"
sanitizers=${LD_TEST_SANITIZERS:-1}

fail() {
  echo "test.sh: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# configures $1 with the options that follow, again when it exists (a changed option or
# meson.build), from scratch when that fails
setup() {
  local dir=$1
  shift
  if [[ -f "$dir/meson-private/coredata.dat" ]]; then
    meson setup --reconfigure "$dir" "$@" \
      || meson setup --wipe "$dir" "$@"
  else
    rm -rf "$dir"
    meson setup "$dir" "$@"
  fi
}

./tools/install-deps.sh || fail "installing the dependencies failed"

setup "$build" -Dwerror=true || fail "meson setup failed"
meson compile -C "$build" || fail "the build failed"

if [[ "$sanitizers" != 0 ]]; then
  # clang, so that the same build links the libFuzzer targets; no GUI: the sanitizers
  # watch the code that reads what clients send. b_lundef: with clang's sanitizers the
  # runtime's symbols are resolved at run time
  CC=clang setup "$asan_build" -Dwerror=true -Dgui=false -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false \
    || fail "meson setup of the sanitizer build failed"
  meson compile -C "$asan_build" || fail "the sanitizer build failed"
fi

rm -f "$log" "$asan_log"
# One private PostgreSQL cluster for every test process of the server-postgresql suites
# (each would start its own otherwise); it stops when this script closes its input or dies.
coproc POSTGRES { exec "$build/tests/support/ld-test-postgres"; }
read -r LD_TEST_POSTGRES_HOST <&"${POSTGRES[0]}" && read -r LD_TEST_POSTGRES_PORT <&"${POSTGRES[0]}" \
  || fail "the test PostgreSQL cluster did not start"
export LD_TEST_POSTGRES_HOST LD_TEST_POSTGRES_PORT
# Every test is a GLib TAP program; UI tests start Xvfb and the server, so allow
# three times each test's own time-out on a busy 2-core machine.
meson test -C "$build" --no-rebuild --num-processes 2 --print-errorlogs \
  --timeout-multiplier 3 "$@"
meson_status=$?
[[ -f "$log" ]] || fail "meson test wrote no $log (exit $meson_status)"
logs=("$log")

if [[ "$sanitizers" != 0 ]]; then
  # the environment of tests/meson.build sets ASAN_OPTIONS and UBSAN_OPTIONS
  meson test -C "$asan_build" --no-rebuild --num-processes 2 --print-errorlogs \
    --timeout-multiplier 3 --suite core --suite server --suite fuzz --no-suite server-matrix
  asan_status=$?
  [[ -f "$asan_log" ]] || fail "meson test wrote no $asan_log (exit $asan_status)"
  ((asan_status == 0)) || meson_status=$asan_status
  logs+=("$asan_log")
fi

# closing its input stops the cluster and removes its folder
postgres_pid=$POSTGRES_PID
exec {POSTGRES[1]}>&-
wait "$postgres_pid"

/usr/bin/python3 tools/count-tests.py "${logs[@]}"
count_status=$?

if ((count_status != 0 || meson_status != 0)); then
  exit 1
fi
exit 0
