#!/usr/bin/env bash
# Refreshes docs/screenshots/ on purpose: builds, runs the UI tests (suite `app`), which
# write their screenshots into BUILD/screenshots/ (LD_SCREENSHOT_DIR, tests/app/meson.build),
# and copies them into docs/screenshots/, saying which ones are new or changed.
# Running the tests alone never touches the source tree; this is the one command that does.
# Usage: tools/refresh-screenshots.sh [BUILD-DIR]   (default _build-test, the test command's)
# Nothing is copied when a UI test fails: a failing run's pictures may show a broken screen.
set -uo pipefail

cd "$(dirname "$(readlink -f "$0")")/.." || exit 1

build=${1:-_build-test}
shots="$build/screenshots"
docs=docs/screenshots

fail() {
  echo "refresh-screenshots: $*" >&2
  exit 1
}

if [[ ! -f "$build/meson-private/coredata.dat" ]]; then
  meson setup "$build" -Dwerror=true || fail "meson setup failed"
fi
meson compile -C "$build" || fail "the build failed"

# only this run's pictures: one a removed test took earlier must not come back
rm -rf "$shots"
meson test -C "$build" --no-rebuild --suite app --print-errorlogs --timeout-multiplier 3 \
  || fail "a UI test failed; $docs/ is left as it was"

shopt -s nullglob
taken=("$shots"/*.png)
((${#taken[@]} > 0)) || fail "the UI tests wrote no screenshot into $shots/"

mkdir -p "$docs"
changed=0
for png in "${taken[@]}"; do
  name=$(basename "$png")
  if [[ ! -e "$docs/$name" ]]; then
    echo "new:       $docs/$name"
  elif ! cmp -s "$png" "$docs/$name"; then
    echo "changed:   $docs/$name"
  else
    continue
  fi
  cp "$png" "$docs/$name"
  changed=$((changed + 1))
done

# a picture in docs/ that no test takes any more is reported, not removed: the README
# may still link it
for png in "$docs"/*.png; do
  name=$(basename "$png")
  [[ -e "$shots/$name" ]] || echo "not taken: $docs/$name (no UI test writes it any more)"
done

echo "refresh-screenshots: ${#taken[@]} screenshots taken, $changed new or changed in $docs/"
