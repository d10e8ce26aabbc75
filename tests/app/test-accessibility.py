#!/usr/bin/python3
# test-accessibility.py — every entry and button of the app has a name for screen readers
#
# Runs the real program (and the real server with demo data) on the accessibility bus
# and reads its windows over AT-SPI, as Orca would: the login window, then the main
# window after `loyalty-desk --server … --login … --call …` logged in and took a call.
# Prints TAP. Run by run-ui-test.sh (own Xvfb display, private D-Bus session).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import tempfile
import time

# G_DEBUG=fatal-warnings is for the program under test, not for libatspi in this process,
# whose own "dbind-WARNING"s would abort the test at random; GLib reads G_DEBUG when it is
# loaded, so it goes before gi is imported and comes back in the program's environment.
APP_G_DEBUG = os.environ.pop('G_DEBUG', None)

import gi  # noqa: E402
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, Gio, GLib  # noqa: E402

NAMED_ROLES = {
    Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON, Atspi.Role.CHECK_BOX,
    Atspi.Role.ENTRY, Atspi.Role.PASSWORD_TEXT, Atspi.Role.TEXT, Atspi.Role.COMBO_BOX,
    Atspi.Role.SPIN_BUTTON, Atspi.Role.TABLE, Atspi.Role.TREE_TABLE, Atspi.Role.LIST,
}
processes = []


def start(args, **kwargs):
    process = subprocess.Popen(args, **kwargs)
    processes.append(process)
    return process


def stop_all():
    for process in reversed(processes):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()


def find_window(title_start, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is None or 'loyalty-desk' not in (app.get_name() or ''):
                continue
            for j in range(app.get_child_count()):
                window = app.get_child_at_index(j)
                if window is not None and (window.get_name() or '').startswith(title_start):
                    return window
        time.sleep(0.1)
    return None


def unnamed(node, found, path='', parent_role=None):
    try:
        role = node.get_role()
        name = (node.get_name() or '').strip()
    except GLib.Error:
        return
    here = path + '/' + role.value_nick
    generic = name == '' or name.startswith('Gtk') or name.startswith('Adw')
    # a column view's rows are GTK's own list inside the (named) table
    inner = role == Atspi.Role.LIST and parent_role == Atspi.Role.TREE_TABLE
    if role in NAMED_ROLES and generic and not inner:
        found.append('%s %r' % (here, name))
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            unnamed(child, found, here, role)


def check(number, test_name, window):
    if window is None:
        print('not ok %d %s # the window did not show up' % (number, test_name))
        return False
    time.sleep(1)  # let it finish laying out
    found = []
    unnamed(window, found)
    for line in found:
        print('# unnamed: ' + line)
    print('%s %d %s' % ('not ok' if found else 'ok', number, test_name))
    return not found


def main():
    print('1..2')
    tmp = tempfile.mkdtemp(prefix='ld-a11y-')
    env = dict(os.environ, GTK_A11Y='atspi')
    if APP_G_DEBUG is not None:
        env['G_DEBUG'] = APP_G_DEBUG
    env.pop('NO_AT_BRIDGE', None)
    env.pop('LOYALTY_DESK_PASSWORD', None)

    server = start([os.environ['LD_SERVER_BINARY'], '--listen', '127.0.0.1:0',
                    '--database', os.path.join(tmp, 'a11y.db'), '--seed-demo', '10'],
                   stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline().strip()
    if not line.startswith('listening on '):
        print('Bail out! the server did not start: %r' % line)
        return 1
    url = line[len('listening on '):]

    # the accessibility bus first: an app that starts before it is not on it. Its registry
    # prints to stdout, which is TAP here: it and the programs write to stderr
    start(['/usr/libexec/at-spi-bus-launcher', '--launch-immediately'], env=env,
          stdout=sys.stderr)
    session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    deadline = time.time() + 15
    while time.time() < deadline:
        owner = session.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                  'org.freedesktop.DBus', 'NameHasOwner',
                                  GLib.Variant('(s)', ('org.a11y.Bus',)), None,
                                  Gio.DBusCallFlags.NONE, -1, None)
        if owner.unpack()[0]:
            break
        time.sleep(0.05)
    else:
        print('Bail out! the accessibility bus did not start')
        return 1
    Atspi.get_desktop(0)

    app = os.environ['LD_APP_BINARY']
    start([app], env=env, stdout=sys.stderr)
    ok = check(1, '/app/accessibility/login-window-all-named', find_window('Log In'))

    remote = subprocess.run([app, '--server', url, '--login', 'agent', '--call', '+79990001122'],
                            env=dict(env, LOYALTY_DESK_PASSWORD='demo'), stdout=sys.stderr,
                            timeout=60)
    ok = check(2, '/app/accessibility/main-window-all-named',
               find_window('Loyalty Desk') if remote.returncode == 0 else None) and ok
    return 0 if ok else 1


if __name__ == '__main__':
    try:
        status = main()
    finally:
        stop_all()
    sys.exit(status)
