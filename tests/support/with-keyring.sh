#!/bin/sh
# with-keyring.sh COMMAND [ARGS…] — runs COMMAND inside a private D-Bus session with a
# throw-away HOME and an unlocked gnome-keyring (secrets component), so tests of the
# libsecret credential store use a real keyring but never the user's. The keyring daemon
# ends with the session's bus; the HOME is removed afterwards.
#
# The session is hermetic: its bus activates only the keyring and the accessibility bus,
# never what a GNOME workstation also has (the portals, whose document portal mounts a
# FUSE file system in XDG_RUNTIME_DIR; gvfs; dconf). COMMAND's stdout is its own (TAP):
# the bus and everything it starts (at-spi's registry prints to stdout) write to stderr.
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
cleanup () {
    set +e
    # a FUSE mount left under the runtime folder (a portal started despite all) would make
    # rm fail with "Is a directory": undo it first
    for mnt in $(awk -v home="$keyring_home/" 'index($2, home) == 1 { print $2 }' /proc/self/mounts 2>/dev/null); do
        fusermount3 -u -z "$mnt" 2>/dev/null || fusermount -u -z "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
    done
    rm -rf "$keyring_home" || echo "with-keyring.sh: could not remove $keyring_home" >&2
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -m 700 "$keyring_home/run" "$keyring_home/dbus" "$keyring_home/dbus/services"

# the services this session may start, from where the system keeps them
for name in org.freedesktop.secrets org.gnome.keyring org.a11y.Bus; do
    for dir in $(echo "${XDG_DATA_DIRS:-/usr/local/share:/usr/share}:/usr/share" | tr ':' ' '); do
        if [ -f "$dir/dbus-1/services/$name.service" ]; then
            cp "$dir/dbus-1/services/$name.service" "$keyring_home/dbus/services/"
            break
        fi
    done
done

# the session bus's own configuration: the standard one's, but only the services above
cat >"$keyring_home/dbus/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=$keyring_home/run</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$keyring_home/dbus/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

# fd 3 is the caller's stdout, handed to COMMAND alone; the bus gets stderr as stdout
status=0
exec 3>&1
HOME="$keyring_home" \
XDG_DATA_HOME="$keyring_home/.local/share" \
XDG_CONFIG_HOME="$keyring_home/.config" \
XDG_CACHE_HOME="$keyring_home/.cache" \
XDG_RUNTIME_DIR="$keyring_home/run" \
GIO_USE_VFS=local \
dbus-run-session --config-file="$keyring_home/dbus/session.conf" -- sh -c '
    # unlocking with a password creates the login keyring; --start then adopts it. The
    # daemon is not under test: G_DEBUG=fatal-warnings (set for our tests) would let one
    # of its own warnings kill it in the middle of a test.
    env_vars=$(printf "with-keyring" | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets 3>&-)
    [ -n "$env_vars" ] && export $env_vars
    env_vars=$(env -u G_DEBUG gnome-keyring-daemon --start --components=secrets 3>&-)
    [ -n "$env_vars" ] && export $env_vars
    exec "$@" >&3 3>&-
' with-keyring "$@" >&2 || status=$?
exec 3>&-
exit "$status"
