#!/bin/sh
# lint-openapi.sh DOCUMENT RULESET — openapi.json against Spectral's OpenAPI ruleset: every
# finding, a hint included, fails. Skipped (exit 77) where Spectral is not installed;
# tools/install-deps.sh installs it into /opt/loyalty-desk-tools (or $LD_TOOLS_PREFIX).
set -eu

spectral=
for candidate in "${LD_TOOLS_PREFIX:-/opt/loyalty-desk-tools}/node_modules/.bin/spectral" \
                 "$(command -v spectral || true)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    spectral=$candidate
    break
  fi
done

if [ -z "$spectral" ]; then
  echo "lint-openapi: Spectral is not installed (tools/install-deps.sh installs it); skipped"
  exit 77
fi

exec "$spectral" lint --ruleset "$2" --fail-severity hint "$1"
