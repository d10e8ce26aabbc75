#!/usr/bin/python3
# bare-adw-window.py — the yardstick of bench/startup.sh: the least a libadwaita
# application does to show a window (an AdwApplicationWindow with a header bar and a
# status page), started the way ours is: an application on the session bus, activated.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Adw", "1")
from gi.repository import Adw, Gio, Gtk  # noqa: E402


def on_activate(app):
    box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
    box.append(Adw.HeaderBar())
    box.append(Adw.StatusPage(title="Bare", vexpand=True))
    window = Adw.ApplicationWindow(application=app, title="Bare", default_width=460, default_height=560)
    window.set_content(box)
    window.present()


app = Adw.Application(application_id="org.loyaltydesk.BenchBare", flags=Gio.ApplicationFlags.NON_UNIQUE)
app.connect("activate", on_activate)
sys.exit(app.run(sys.argv[:1]))
