#!/usr/bin/env bash
# Installs every Debian 12 package Loyalty Desk needs to build, test, run and benchmark.
# Only what is missing is installed: a second run checks dpkg and returns at once.
# Works as root (CI) and through sudo otherwise. Never starts PostgreSQL.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-bin libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  libsqlite3-dev sqlite3 libpq-dev libsodium-dev libgtk-4-dev libadwaita-1-dev
  # the sanitizer build and the fuzz targets: clang 14 and its runtimes (ASan, UBSan, libFuzzer)
  clang libclang-rt-14-dev
  # the app at run time: SVG (symbolic) icons, GTK's tools, a GNOME font
  librsvg2-common libgtk-4-bin adwaita-icon-theme hicolor-icon-theme fonts-cantarell
  # UI tests: display, input, keyring, D-Bus, accessibility bus, screenshots
  xvfb xauth xdotool gnome-keyring dbus dbus-x11 libsecret-tools at-spi2-core
  python3-gi gir1.2-atspi-2.0 gir1.2-gtk-4.0 imagemagick
  # the portals of every GNOME workstation (the document portal is in xdg-desktop-portal):
  # the UI tests must stay hermetic with them installed
  xdg-desktop-portal xdg-desktop-portal-gtk
  # packaging checks and translations
  desktop-file-utils appstream gettext libxml2-utils
  # benchmark, scripts
  wrk curl ca-certificates python3
  # the server's TLS handshakes tried by the tests (openssl s_client)
  openssl
  # the PostgreSQL storage backend; the server tests start a private cluster of their own
  # (initdb into a temporary folder, as the postgres user when run as root: setpriv)
  postgresql
)

# ---- Spectral, the OpenAPI linter the test openapi-lint runs: from npm into a fixed folder
# outside the source tree (LD_TOOLS_PREFIX), only when it is not there yet
tools_prefix=${LD_TOOLS_PREFIX:-/opt/loyalty-desk-tools}
spectral_version=6.16.3
install_spectral() {
  local sudo=()
  if [[ -x "$tools_prefix/node_modules/.bin/spectral" ]]; then
    echo "install-deps: Spectral is installed in $tools_prefix"
    return 0
  fi
  ((EUID == 0)) || sudo=(sudo)
  if ! command -v npm >/dev/null 2>&1; then
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm
  fi
  "${sudo[@]}" mkdir -p "$tools_prefix"
  # --ignore-scripts: nothing runs at install time (one dependency would report its use)
  "${sudo[@]}" npm install --prefix "$tools_prefix" --no-audit --no-fund --ignore-scripts \
    "@stoplight/spectral-cli@$spectral_version"
}
# ---- end of Spectral

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "installed" ]]; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages are installed"
  install_spectral
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"

as_root=()
if ((EUID != 0)); then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  as_root=(sudo)
fi

# Keep package scripts from starting services (PostgreSQL's cluster above all):
# invoke-rc.d asks /usr/sbin/policy-rc.d, and 101 means "action not allowed".
policy=/usr/sbin/policy-rc.d
created_policy=0
cleanup() {
  if ((created_policy)); then
    "${as_root[@]}" rm -f "$policy"
  fi
}
trap cleanup EXIT
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  created_policy=1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  --no-install-recommends -o Dpkg::Options::=--force-confdef \
  -o Dpkg::Options::=--force-confold "${missing[@]}"

install_spectral
echo "install-deps: done"
