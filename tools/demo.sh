#!/usr/bin/env bash
# The run command: installs what is missing, builds in _build-demo, seeds a fresh demo
# SQLite database, starts the server on 127.0.0.1:8080 and opens the agent app logged in
# as the demo agent. Without a display (or before the app is built) only the server runs,
# in the foreground, until Ctrl+C. The server stops when the app exits.
#
# Environment: LD_DEMO_PORT (default 8080), LD_DEMO_MEMBERS (default 2000),
#              LD_DEMO_DATABASE (default ~/.local/share/loyalty-desk-demo/demo.db).
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")/.."
# shellcheck source=tools/server-wait.sh
source tools/server-wait.sh
root=$PWD
build="$root/_build-demo"
port=${LD_DEMO_PORT:-8080}
members=${LD_DEMO_MEMBERS:-2000}
data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/loyalty-desk-demo"
database=${LD_DEMO_DATABASE:-$data_dir/demo.db}

./tools/install-deps.sh

if [[ -f "$build/meson-private/coredata.dat" ]]; then
  meson setup --reconfigure "$build" >/dev/null
else
  meson setup "$build" >/dev/null
fi
meson compile -C "$build"

server_bin="$build/src/server/loyalty-desk-server"
app_bin="$build/src/app/loyalty-desk"
[[ -x "$server_bin" ]] || { echo "demo: $server_bin was not built" >&2; exit 1; }

# a fresh, deterministic demo database every time
mkdir -p "$(dirname "$database")"
rm -f "$database" "$database-wal" "$database-shm"
server_log="$(dirname "$database")/server.log"
: >"$server_log"

server_pid=
app_pid=
bus_pid=
# shellcheck disable=SC2317  # called from the EXIT trap
stop_server() {
  # the app first (when this script is stopped while it runs), then the server
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=
  # the D-Bus session this script started for the app (its services end with it)
  if [[ -n "$bus_pid" ]]; then
    kill -TERM "$bus_pid" 2>/dev/null || true
  fi
  bus_pid=
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    echo "demo: server stopped"
  fi
  server_pid=
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "demo: seeding $members demo members into $database and starting the server…"
"$server_bin" --database "$database" --seed-demo "$members" \
  --listen "127.0.0.1:$port" >"$server_log" 2>&1 &
server_pid=$!

# up to 120 s for seeding and start-up
if ! url=$(ld_wait_for_listening "$server_pid" "$server_log" "$server_log" 120 demo); then
  kill -0 "$server_pid" 2>/dev/null || server_pid=
  exit 1
fi

cat <<EOF

Loyalty Desk demo server: $url  (database $database, log $server_log)
Demo operators, password "demo" for each:
  agent          agent: search, view, register, edit, contacts, cards
  supervisor     supervisor: everything an agent does plus blocking, merging, removal…
  admin          admin: every right, configuration and operators included
  agent-limited  agent without card.link and member.favorites

EOF

have_display=0
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  have_display=1
fi

if [[ ! -x "$app_bin" ]]; then
  echo "demo: the app is not built ($app_bin); the server keeps running. Ctrl+C stops it."
elif ((!have_display)); then
  echo "demo: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the app cannot open;"
  echo "      the server keeps running for other clients. Ctrl+C stops it."
else
  echo "demo: starting the app logged in as agent…"
  app_env=(env "LOYALTY_DESK_PASSWORD=demo")
  # run from the build tree: its own compiled GSettings schemas
  for dir in "$build/data" "$build/data/schemas"; do
    if [[ -f "$dir/gschemas.compiled" ]]; then
      app_env+=("GSETTINGS_SCHEMA_DIR=$dir")
      break
    fi
  done
  app_cmd=("${app_env[@]}" "$app_bin" --server "http://127.0.0.1:$port" --login agent)
  if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" && ! -S "${XDG_RUNTIME_DIR:-/nonexistent}/bus" ]]; then
    # no session bus: start one for the app (GApplication, keyring, accessibility need it)
    bus_env=$(dbus-launch --sh-syntax) || { echo "demo: dbus-launch failed" >&2; exit 1; }
    eval "$bus_env"
    bus_pid=${DBUS_SESSION_BUS_PID:-}
    export DBUS_SESSION_BUS_ADDRESS
  fi
  # in the background, so that a signal to this script (Ctrl+C) also ends the app
  "${app_cmd[@]}" </dev/null &
  app_pid=$!
  app_status=0
  wait "$app_pid" || app_status=$?
  app_pid=
  echo "demo: the app exited (status $app_status)"
  exit "$app_status"
fi

# foreground: show the server's log until it stops (Ctrl+C stops it through the trap)
tail -n +1 -f --pid="$server_pid" "$server_log" &
tail_pid=$!
server_status=0
wait "$server_pid" || server_status=$?
server_pid=
kill "$tail_pid" 2>/dev/null || true
echo "demo: the server exited (status $server_status)"
exit "$server_status"
