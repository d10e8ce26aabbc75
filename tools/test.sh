#!/usr/bin/env bash
# The test command: installs what is missing, builds everything with warnings as errors
# in _build-test, runs every test suite and counts single test cases.
# The last line is always `N passed, N failed` (`, N skipped` when there are any);
# the exit status is non-zero when the build or any test case failed.
# Arguments go to `meson test`, e.g. `./tools/test.sh --suite server`.
set -uo pipefail

cd "$(dirname "$(readlink -f "$0")")/.." || exit 1

build=_build-test
log="$build/meson-logs/testlog.json"

fail() {
  echo "test.sh: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

./tools/install-deps.sh || fail "installing the dependencies failed"

if [[ -f "$build/meson-private/coredata.dat" ]]; then
  meson setup --reconfigure "$build" -Dwerror=true \
    || meson setup --wipe "$build" -Dwerror=true \
    || fail "meson setup failed"
else
  rm -rf "$build"
  meson setup "$build" -Dwerror=true || fail "meson setup failed"
fi

meson compile -C "$build" || fail "the build failed"

rm -f "$log"
# Every test is a GLib TAP program; UI tests start Xvfb and the server, so allow
# three times each test's own time-out on a busy 2-core machine.
meson test -C "$build" --no-rebuild --num-processes 2 --print-errorlogs \
  --timeout-multiplier 3 "$@"
meson_status=$?

[[ -f "$log" ]] || fail "meson test wrote no $log (exit $meson_status)"

/usr/bin/python3 tools/count-tests.py "$log"
count_status=$?

if ((count_status != 0 || meson_status != 0)); then
  exit 1
fi
exit 0
