#!/usr/bin/python3
# test-a11y-tree.py — every control on every page has an accessible name, read over AT-SPI.
#
# Runs test-a11y-app (the real application walked page by page) with the accessibility bridge
# on, and at each page walks the application's tree on the real AT-SPI bus, as a screen reader
# would. Fails on any showing button, toggle, check box, radio button, entry, combo box, slider
# or image without a name. TAP output.
#
# Copyright 2026 The Ventanilla developers
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys
import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402

CHECKED_ROLES = {
    Atspi.Role.PUSH_BUTTON: 'button',
    Atspi.Role.TOGGLE_BUTTON: 'toggle button',
    Atspi.Role.CHECK_BOX: 'check box',
    Atspi.Role.RADIO_BUTTON: 'radio button',
    Atspi.Role.ENTRY: 'entry',
    Atspi.Role.PASSWORD_TEXT: 'entry',
    Atspi.Role.SPIN_BUTTON: 'spin button',
    Atspi.Role.COMBO_BOX: 'combo box',
    Atspi.Role.SLIDER: 'slider',
    Atspi.Role.IMAGE: 'image',
    Atspi.Role.LINK: 'link',
}
# GTK 4.8 gives a control with no name its type's name ("GtkExpander"): that is no name.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Vt)[A-Z][A-Za-z]*$')
EXPECTED_PAGES = ['start', 'canal', 'captura_foto_rostro', 'captura_video', 'firma', 'revision',
                  'done', 'idle-warning']


def find_app(pid, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except Exception:
                pass
        time.sleep(0.2)
    return None


def walk(node, path, found, counts, in_combo=False):
    try:
        role = node.get_role()
        # What is on screen only: hidden pages and closed popovers are not the page's.
        if role != Atspi.Role.APPLICATION and \
                not node.get_state_set().contains(Atspi.StateType.VISIBLE):
            return
        name = (node.get_name() or '').strip()
    except Exception:
        return  # gone while walking
    if TYPE_NAME.match(name):
        name = ''
    # A drop-down is one combo box to a screen reader; GTK 4.8 leaves the button inside it
    # unnamed, and its name is the combo box's.
    if role in CHECKED_ROLES and not in_combo:
        counts[0] += 1
        if os.environ.get('VT_A11Y_VERBOSE'):
            print('#   %s "%s"' % (CHECKED_ROLES[role], name))
        if not name:
            found.append('%s without a name at %s' % (CHECKED_ROLES[role], ' > '.join(path)))
    label = '%s "%s"' % (node.get_role_name(), name[:30]) if name else node.get_role_name()
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            walk(child, path + [label], found, counts,
                 in_combo or (role == Atspi.Role.COMBO_BOX and bool(name)))


def start(app_path, *args):
    env = dict(os.environ)
    # The bridge on, as for a person using a screen reader.
    env.pop('NO_AT_BRIDGE', None)
    env['GTK_A11Y'] = 'atspi'
    return subprocess.Popen([app_path] + list(args), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env, text=True, bufsize=1)


def check(app):
    """The problems on the page on show, and how many controls were looked at."""
    # A camera page keeps a slow (sanitized) build's main loop busy: a question the
    # application did not answer in time, or an empty tree, is asked again, a few times.
    for attempt in range(4):
        time.sleep(0.5 + attempt * 2)  # let the page's tree settle
        # Read the tree afresh: the client library's cache may hold the previous page.
        app.clear_cache()
        app.set_cache_mask(Atspi.Cache.NONE)
        found = []
        counts = [0]
        try:
            walk(app, [], found, counts)
        except GLib.Error as error:
            print('# the tree could not be read (%s), asked again' % error.message)
            counts[0] = 0
            continue
        if counts[0] > 0:
            break
    if counts[0] == 0:
        found.append('no controls at all: the tree was not read')
    return found, counts[0]


def positive_control(app_path):
    """An unnamed icon button added to the start page must be reported."""
    child = start(app_path, '--control')
    found = []
    for line in child.stdout:
        if line.startswith('PAGE '):
            app = find_app(child.pid)
            if app is not None:
                found, _ = check(app)
            child.stdin.write('stop\n')
            child.stdin.flush()
    status = child.wait(timeout=60)
    caught = status == 0 and len(found) == 1 and found[0].startswith('button without a name')
    print('%s 1 /kiosk/a11y/tree/an-unnamed-button-is-caught' % ('ok' if caught else 'not ok'))
    for problem in found:
        print('# ' + problem)
    return caught


def main():
    app_path = sys.argv[1]
    failures = 0 if positive_control(app_path) else 1
    test = 1
    child = start(app_path)
    seen = []
    app = None
    for line in child.stdout:
        if not line.startswith('PAGE '):
            continue
        page = line[5:].strip()
        seen.append(page)
        if app is None:
            app = find_app(child.pid)
            if app is None:
                print('Bail out! the application never appeared on the accessibility bus')
                child.kill()
                return 1
        found, count = check(app)
        test += 1
        if found:
            failures += 1
            print('not ok %d /kiosk/a11y/tree/%s' % (test, page))
            for problem in found:
                print('# ' + problem)
        else:
            print('ok %d /kiosk/a11y/tree/%s # %d controls named' % (test, page, count))
        sys.stdout.flush()
        child.stdin.write('next\n')
        child.stdin.flush()
    status = child.wait(timeout=60)
    test += 1
    missing = [p for p in EXPECTED_PAGES if p not in seen]
    if status != 0 or missing:
        failures += 1
        print('not ok %d /kiosk/a11y/tree/every-page # exit %d, missing %s'
              % (test, status, missing))
    else:
        print('ok %d /kiosk/a11y/tree/every-page # %d pages' % (test, len(seen)))
    print('1..%d' % test)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
