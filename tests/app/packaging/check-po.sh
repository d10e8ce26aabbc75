#!/bin/sh
# check-po.sh SOURCE_ROOT: fail unless the translations are complete.
#  1. po/POTFILES.in lists exactly the files with translatable strings;
#  2. every po/LANG.po of po/LINGUAS compiles (msgfmt --check) with no fuzzy or
#     untranslated message;
#  3. it translates every string of a template made from the current sources.
# The fix is always: po/update-po.sh, translate what it reports, commit.
set -u

top=${1:?usage: check-po.sh SOURCE_ROOT}
cd "$top" || exit 1
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

po/update-po.sh --list > "$tmp/expected"
grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES.in | LC_ALL=C sort -u > "$tmp/listed"
if ! diff -u "$tmp/listed" "$tmp/expected" > "$tmp/potfiles.diff"; then
  echo "po/POTFILES.in is out of date (- listed, + has translatable strings):"
  sed -n '3,$p' "$tmp/potfiles.diff"
  status=1
fi

if ! po/update-po.sh --pot "$tmp/current.pot"; then
  echo "xgettext failed on the files of po/POTFILES.in"
  exit 1
fi

for lang in $(grep -v '^#' po/LINGUAS); do
  po="po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "$po is missing (listed in po/LINGUAS)"
    status=1
    continue
  fi
  if ! stats=$(LC_ALL=C msgfmt --check --statistics --output-file=/dev/null "$po" 2>&1); then
    echo "$po: msgfmt --check failed:"
    echo "$stats"
    status=1
    continue
  fi
  echo "$po: $stats"
  case "$stats" in
    *fuzzy*|*untranslated*)
      echo "$po: fuzzy or untranslated messages:"
      msgattrib --only-fuzzy --no-obsolete "$po"
      msgattrib --untranslated --no-obsolete "$po"
      status=1
      ;;
  esac
  # a string in the sources that the translation lacks (not yet merged)
  if ! msgcmp "$po" "$tmp/current.pot" > "$tmp/msgcmp.out" 2>&1; then
    echo "$po lacks translations of strings in the sources:"
    cat "$tmp/msgcmp.out"
    status=1
  fi
done

if [ "$status" -ne 0 ]; then
  echo "run po/update-po.sh, translate what it reports, and commit po/"
fi
exit "$status"
