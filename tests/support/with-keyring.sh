#!/bin/sh
# with-keyring.sh COMMAND [ARGS…] — runs COMMAND inside a private D-Bus session with a
# throw-away HOME and an unlocked gnome-keyring (secrets component), so tests of the
# libsecret credential store use a real keyring but never the user's. The keyring daemon
# ends with the session's bus; the HOME is removed afterwards.
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS…]" >&2
    exit 2
fi

for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keyring.sh: $tool is missing (packages dbus-daemon, gnome-keyring)" >&2
        exit 77
    fi
done

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/ld-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT INT TERM
mkdir -m 700 "$keyring_home/run"

# stdout stays the command's own (TAP); the daemons write only to stderr
status=0
HOME="$keyring_home" \
XDG_DATA_HOME="$keyring_home/.local/share" \
XDG_CONFIG_HOME="$keyring_home/.config" \
XDG_CACHE_HOME="$keyring_home/.cache" \
XDG_RUNTIME_DIR="$keyring_home/run" \
dbus-run-session -- sh -c '
    # unlocking with a password creates the login keyring; --start then adopts it. The
    # daemon is not under test: G_DEBUG=fatal-warnings (set for our tests) would let one
    # of its own warnings kill it in the middle of a test.
    env_vars=$(printf "with-keyring" | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets)
    [ -n "$env_vars" ] && export $env_vars
    env_vars=$(env -u G_DEBUG gnome-keyring-daemon --start --components=secrets)
    [ -n "$env_vars" ] && export $env_vars
    exec "$@"
' with-keyring "$@" || status=$?
exit "$status"
