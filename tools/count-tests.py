#!/usr/bin/python3
"""Counts single test cases in meson testlog.json files (one JSON object per line).

Several logs (the test command's builds: the main one and the sanitizer one) add up into
one count; a failed case is then named with its build folder.

Every test of the project is a GLib test speaking TAP: each `ok` / `not ok` line is one
case, `ok ... # SKIP` is a skipped one. A test without TAP lines (a validation command)
counts as one case by its meson result. A test that crashed or timed out counts the cases
its plan announced but never reported as failed (at least one).

Prints the failed cases, then the last line: `N passed, N failed[, N skipped]`.
Exit status: 0 when nothing failed, 1 otherwise.
"""

import json
import os
import re
import sys

TAP_RESULT = re.compile(r"^(not ok|ok)\b(.*)$")
TAP_PLAN = re.compile(r"^1\.\.(\d+)")
DIRECTIVE = re.compile(r"#\s*(SKIP|TODO)\b", re.IGNORECASE)

# meson results that mean the test program itself went wrong
BAD_RESULTS = {"FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS"}


def count_test(entry):
    """Returns (passed, failed, skipped, [failed case descriptions]) for one meson test."""
    name = entry.get("name", "?")
    result = entry.get("result", "ERROR")
    passed = failed = skipped = 0
    failures = []
    plan = None
    seen = 0

    for line in (entry.get("stdout") or "").splitlines():
        match = TAP_RESULT.match(line)
        if match:
            seen += 1
            status, rest = match.groups()
            directive = DIRECTIVE.search(rest)
            kind = directive.group(1).upper() if directive else None
            if kind == "SKIP":
                skipped += 1
            elif kind == "TODO":
                skipped += 1  # a known, tolerated failure or an unexpected pass
            elif status == "ok":
                passed += 1
            else:
                failed += 1
                failures.append(f"{name}: {line.strip()}")
            continue
        match = TAP_PLAN.match(line)
        if match and plan is None:
            plan = int(match.group(1))

    if seen == 0 and plan in (None, 0):
        # no TAP lines at all: a plain command, or a program that died before its plan
        if result in ("OK", "EXPECTEDFAIL"):
            return 1, 0, 0, []
        if result == "SKIP":
            return 0, 0, 1, []
        return 0, 1, 0, [f"{name}: {result.lower()} (exit {entry.get('returncode')})"]

    if result in BAD_RESULTS:
        missing = max((plan or 0) - seen, 0)
        if missing or failed == 0:
            lost = max(missing, 1)
            failed += lost
            failures.append(f"{name}: {result.lower()} (exit {entry.get('returncode')}), "
                            f"{lost} case(s) not reported")
    return passed, failed, skipped, failures


def count_log(path, prefix):
    """Returns (passed, failed, skipped, [failed case descriptions]) for one testlog.json."""
    passed = failed = skipped = 0
    failures = []
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            for raw in log:
                raw = raw.strip()
                if not raw:
                    continue
                try:
                    entry = json.loads(raw)
                except json.JSONDecodeError:
                    failed += 1
                    failures.append(f"{prefix}{path}: unreadable line")
                    continue
                p, f, s, fl = count_test(entry)
                passed += p
                failed += f
                skipped += s
                failures.extend(prefix + failure for failure in fl)
    except OSError as error:
        print(f"count-tests: {error}", file=sys.stderr)
        failed = max(failed, 1)
        failures.append(f"{prefix}{path}: not readable")
    return passed, failed, skipped, failures


def main(argv):
    if len(argv) < 2:
        print("usage: count-tests.py TESTLOG.json [TESTLOG.json...]", file=sys.stderr)
        return 2
    passed = failed = skipped = 0
    failures = []
    for path in argv[1:]:
        # BUILD/meson-logs/testlog.json: BUILD names the build when there are several
        prefix = ""
        if len(argv) > 2:
            prefix = os.path.basename(os.path.dirname(os.path.dirname(os.path.abspath(path))))
            prefix += ": "
        p, f, s, fl = count_log(path, prefix)
        passed += p
        failed += f
        skipped += s
        failures.extend(fl)

    if passed + failed + skipped == 0:
        failures.append("no test ran")
        failed = 1

    if failures:
        print("Failed:")
        for failure in failures:
            print(f"  {failure}")
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
