#!/usr/bin/env bash
# Start-up benchmark (issue 3, docs/performance-app.md): the time from spawning
# `loyalty-desk` to its first window (the login window) being mapped, against a bare
# libadwaita window (bench/bare-adw-window.py, python3-gi with Adw 1; and, stricter, the
# same window in C, bench/bare-adw-window.c, built here with cc), on a private Xvfb
# display inside a private D-Bus session with an unlocked gnome-keyring (as the UI tests
# run), GSK_RENDERER=cairo. BENCH_RUNS runs of each (default 20), alternating which goes
# first, after one warm-up run of each; the X server is polled every 10 ms for a viewable
# top-level window whose _NET_WM_PID is the process's. Prints every run and the medians.
# Target: the app's median ≤ 1.2 × the bare window's. Writes nothing into docs/.
#
# Environment: BENCH_BUILD (build dir, default _build-bench-app, release), BENCH_RUNS (20).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
build=${BENCH_BUILD:-$root/_build-bench-app}
runs=${BENCH_RUNS:-20}

# the yardstick needs python3-gi with libadwaita's typelib
if ! "$py" -c 'import gi; gi.require_version("Gtk", "4.0"); gi.require_version("Adw", "1")' 2>/dev/null; then
  echo "bench: installing gir1.2-adw-1 for the bare window…" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y gir1.2-adw-1 python3-gi >/dev/null
fi
bench_need Xvfb dbus-run-session gnome-keyring-daemon

bench_build "$build" -- src/app/loyalty-desk data/gschemas.compiled
app_bin="$build/src/app/loyalty-desk"

bench_init ld-bench-startup
# shellcheck disable=SC2046  # pkg-config's flags are meant to split
cc -O2 -o "$work/bare-adw-window" "$root/bench/bare-adw-window.c" $(pkg-config --cflags --libs libadwaita-1)

bench_start_xvfb

export DISPLAY=$display GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
unset WAYLAND_DISPLAY

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$root/tests/support/with-keyring.sh" "$py" - "$runs" "$app_bin" "$root/bench/bare-adw-window.py" "$load_before" \
  "$work/bare-adw-window" <<'PY'
import ctypes, ctypes.util, os, signal, statistics, subprocess, sys, time

runs, app_bin, bare_py, load_before, bare_c = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]

# Xlib through ctypes: no process spawned per poll, so 10 ms polling costs both alike
x = ctypes.CDLL(ctypes.util.find_library("X11"))
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                         ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                         ctypes.POINTER(ctypes.c_uint)]
x.XGetWindowProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long,
                                 ctypes.c_int, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                                 ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
                                 ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte))]
x.XFree.argtypes = [ctypes.c_void_p]


class XWindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", ctypes.c_ulong), ("c_class", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int),
                ("backing_planes", ctypes.c_ulong), ("backing_pixel", ctypes.c_ulong),
                ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
                ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int),
                ("all_event_masks", ctypes.c_long), ("your_event_mask", ctypes.c_long),
                ("do_not_propagate_mask", ctypes.c_long), ("override_redirect", ctypes.c_int),
                ("screen", ctypes.c_void_p)]


x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(XWindowAttributes)]
IS_VIEWABLE = 2
XA_CARDINAL = 6

dpy = x.XOpenDisplay(None)
if not dpy:
    sys.exit("bench: cannot open the display")
root = x.XDefaultRootWindow(dpy)
net_wm_pid = x.XInternAtom(dpy, b"_NET_WM_PID", 0)


def window_pid(window):
    actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
    n_items, after = ctypes.c_ulong(), ctypes.c_ulong()
    data = ctypes.POINTER(ctypes.c_ubyte)()
    if x.XGetWindowProperty(dpy, window, net_wm_pid, 0, 1, 0, XA_CARDINAL, ctypes.byref(actual_type),
                            ctypes.byref(actual_format), ctypes.byref(n_items), ctypes.byref(after),
                            ctypes.byref(data)) != 0 or not data:
        return None
    pid = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0] if n_items.value else None
    x.XFree(data)
    return pid


def mapped_window_of(pid):
    root_ret, parent_ret = ctypes.c_ulong(), ctypes.c_ulong()
    children, n = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    if not x.XQueryTree(dpy, root, ctypes.byref(root_ret), ctypes.byref(parent_ret),
                        ctypes.byref(children), ctypes.byref(n)):
        return False
    found = False
    try:
        for i in range(n.value):
            attributes = XWindowAttributes()
            if not x.XGetWindowAttributes(dpy, children[i], ctypes.byref(attributes)):
                continue
            if attributes.map_state == IS_VIEWABLE and window_pid(children[i]) == pid:
                found = True
                break
    finally:
        if children:
            x.XFree(children)
    return found


def measure(argv):
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not mapped_window_of(process.pid):
            if process.poll() is not None:
                sys.exit(f"bench: {argv[0]} exited with {process.returncode} before showing a window")
            if time.monotonic() - started > 30:
                sys.exit(f"bench: {argv[0]} showed no window in 30 s")
            time.sleep(0.010)
        return time.monotonic() - started
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        time.sleep(0.2)   # let the session bus and the X server forget it


candidates = {
    "loyalty-desk": [app_bin],
    "bare libadwaita window": ["/usr/bin/python3", bare_py],
    "bare libadwaita window in C": [bare_c],
}
times = {name: [] for name in candidates}
for name, argv in candidates.items():   # warm-up: files into the page cache
    measure(argv)
for run in range(runs):
    names = list(candidates)
    order = names[run % len(names):] + names[:run % len(names)]   # each goes first in turn
    for name in order:
        seconds = measure(candidates[name])
        times[name].append(seconds)
        print(f"run {run + 1:2d} {name}: {seconds * 1000:.0f} ms", flush=True)

# what of the yardstick is Python's own: the interpreter with GTK and Adw imported, no window
imports = []
for _ in range(5):
    started = time.monotonic()
    subprocess.run(["/usr/bin/python3", "-c", "import gi; gi.require_version('Gtk', '4.0'); "
                    "gi.require_version('Adw', '1'); from gi.repository import Adw, Gtk"], check=True)
    imports.append(time.monotonic() - started)

load_after = " ".join(open("/proc/loadavg").read().split()[:3])
app = statistics.median(times["loyalty-desk"])
bare = statistics.median(times["bare libadwaita window"])
print()
print(f"{runs} runs each; load average before / after: {load_before} / {load_after}")
print()
print("| first window mapped | median | min | max |")
print("| --- | ---: | ---: | ---: |")
for name, values in times.items():
    print(f"| {name} | {statistics.median(values) * 1000:.0f} ms | {min(values) * 1000:.0f} ms | {max(values) * 1000:.0f} ms |")
bare_in_c = statistics.median(times["bare libadwaita window in C"])
ratio = app / bare
print()
print(f"ratio loyalty-desk / bare (python3-gi, the target's yardstick): {ratio:.2f}× "
      f"(target ≤ 1.20×: {'met' if ratio <= 1.2 else 'MISSED'})")
print(f"ratio loyalty-desk / bare in C (no interpreter): {app / bare_in_c:.2f}× "
      f"({'within' if app / bare_in_c <= 1.2 else 'OVER'} 1.20×)")
print(f"of the bare window's time, python3 starting and importing Gtk 4 and Adw 1 (no window), "
      f"median of 5: {statistics.median(imports) * 1000:.0f} ms")
PY
