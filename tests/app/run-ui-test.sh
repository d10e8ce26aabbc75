#!/bin/bash
# run-ui-test.sh TEST-BINARY [ARGS…] — runs one UI test binary the way the app runs:
# on its own Xvfb display, inside a private D-Bus session with an unlocked
# gnome-keyring (tests/support/with-keyring.sh), with the cairo renderer.
set -u

xvfb_pid=
cleanup () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
}
trap cleanup EXIT

# a display of its own: one still closing makes the next app fail to open one
display=
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  n=$((100 + RANDOM % 500))
  if [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; then
    continue
  fi
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  for i in $(seq 1 200); do
    if [ -e "/tmp/.X11-unix/X$n" ]; then
      display=":$n"
      break
    fi
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -n "$display" ]; then
    break
  fi
  kill "$xvfb_pid" 2>/dev/null
  wait "$xvfb_pid" 2>/dev/null
  xvfb_pid=
done

if [ -z "$display" ]; then
  echo "Bail out! Xvfb did not start"
  exit 1
fi

export DISPLAY="$display"
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
unset WAYLAND_DISPLAY

# the test runs in a process group of its own: whatever it leaves behind when it
# crashes (the server it started) is ended with it, so the runner is not kept waiting
set -m

with_keyring="${LD_WITH_KEYRING:-$(dirname "$0")/../support/with-keyring.sh}"
if [ ! -x "$with_keyring" ]; then
  echo "Bail out! $with_keyring is missing"
  exit 1
fi
# a private, hermetic D-Bus session (no portal; the bus's chatter on stderr, not in the TAP)
"$with_keyring" "$@" &
test_pid=$!
wait "$test_pid"
status=$?
kill -TERM -- "-$test_pid" 2>/dev/null
exit $status
