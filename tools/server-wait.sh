# tools/server-wait.sh — sourced (bash) by tools/demo.sh and bench/lib.sh: waiting for a
# server just started to say where it listens.
# shellcheck shell=bash

# ld_wait_for_listening PID OUT LOG SECONDS WHO: prints the URL of the server PID's
# "listening on" line in the file OUT once it is there. Fails, saying why on stderr as WHO
# (with the last lines of LOG), when the server exits first or SECONDS pass.
ld_wait_for_listening() {
  local pid=$1 out=$2 log=$3 seconds=$4 who=$5 line
  local deadline=$((SECONDS + seconds))

  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$who: the server exited before it listened; its log ($log):" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    line=$(grep -m1 -o 'listening on http[^[:space:]]*' "$out" || true)
    if [[ -n "$line" ]]; then
      echo "${line#listening on }"
      return 0
    fi
    sleep 0.1
  done
  echo "$who: the server did not say 'listening on' within $seconds s; log: $log" >&2
  return 1
}
