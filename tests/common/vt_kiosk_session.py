"""The kiosk session as a kiosk machine runs it, for tests and benchmarks: the built
ventanilla-kiosk-session under headless cage, as an unprivileged user (cage refuses root), with
the environment systemd gives a Type=notify unit's main process, and an office key of the
test's own provisioned through `ventanilla --provision` (kiosk mode refuses the development key).

Copyright 2026 The Ventanilla developers
SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import pwd
import shutil
import socket
import struct
import subprocess


class Session:
    """A private kiosk machine in a temporary folder: runtime dir, home, data and settings.
    `build` is the meson build folder."""

    def __init__(self, build, work):
        self.build = build
        self.work = work
        self.runtime = os.path.join(work, "runtime")
        self.data = os.path.join(work, "data")
        self.config = os.path.join(work, "config")
        for path in (self.runtime, self.data, self.config):
            os.makedirs(path, mode=0o700, exist_ok=True)
        self.prefix = []
        if os.getuid() == 0:
            user = pwd.getpwnam("nobody")
            for root, dirs, files in os.walk(work):
                os.chown(root, user.pw_uid, user.pw_gid)
                for name in files:
                    os.chown(os.path.join(root, name), user.pw_uid, user.pw_gid)
            os.chmod(work, 0o755)
            self.prefix = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                           "--clear-groups"]
        self.script = os.path.join(work, "ventanilla-kiosk-session")
        # The built script, executable (meson sets its mode only when installing).
        shutil.copyfile(os.path.join(build, "data", "ventanilla-kiosk-session"), self.script)
        os.chmod(self.script, 0o755)

    def environment(self, **extra):
        """What the unit's processes see: no X or Wayland display of the test's own, settings in
        a key file of this machine's own (so `--provision` and the kiosk share them)."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("DISPLAY", "WAYLAND_DISPLAY", "GTK_A11Y", "NO_AT_BRIDGE",
                            "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")}
        env.update({
            "XDG_RUNTIME_DIR": self.runtime,
            "HOME": self.work,
            "XDG_CONFIG_HOME": self.config,
            "GSETTINGS_BACKEND": "keyfile",
            "GSETTINGS_SCHEMA_DIR": os.path.join(self.build, "data"),
            "WLR_BACKENDS": "headless",
            "WLR_RENDERER": "pixman",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            "GSK_RENDERER": "cairo",
            # The one place the real application's warnings are not fatal (tests/meson.build
            # sets VT_FATAL_WARNINGS for every other child): it runs here as another user, whose
            # session bus it cannot reach, and GTK warns about that.
            "VT_FATAL_WARNINGS": "0",
        })
        env.update(extra)
        return env

    def provision_office_key(self):
        """Makes an office key pair as an office would (`ventanilla-office keygen`) and gives
        this kiosk its public half with `ventanilla --provision`. Returns the public key."""
        keys = os.path.join(self.work, "office-keys")
        subprocess.run([os.path.join(self.build, "src", "office", "ventanilla-office"),
                        "keygen", "--out", keys], check=True, capture_output=True)
        with open(os.path.join(keys, "office.pk")) as f:
            public_key = f.read().strip()
        fleet = os.path.join(self.work, "fleet.ini")
        with open(fleet, "w") as f:
            f.write("[org.ventanilla.Kiosk]\n"
                    f"office-public-key='{public_key}'\n"
                    "kiosk-id='prueba-quiosco-01'\n")
        os.chmod(fleet, 0o644)
        subprocess.run(self.prefix + [os.path.join(self.build, "src", "ventanilla"),
                                      "--provision", fleet],
                       env=self.environment(), check=True, capture_output=True)
        return public_key

    def start(self, program, args="", notify_socket=None, watchdog_usec=None, **popen):
        """Starts the session script as systemd starts a unit's main process: WATCHDOG_PID is
        the script's own PID (set by a shell that then execs the script, so the PID stays)."""
        extra = {"VENTANILLA": program, "VENTANILLA_ARGS": args}
        if notify_socket is not None:
            extra["NOTIFY_SOCKET"] = notify_socket
        if watchdog_usec is not None:
            extra["WATCHDOG_USEC"] = str(watchdog_usec)
        command = [self.script]
        if watchdog_usec is not None:
            command = ["sh", "-c", 'WATCHDOG_PID=$$; export WATCHDOG_PID; exec "$0"', self.script]
        return subprocess.Popen(self.prefix + command, env=self.environment(**extra),
                                start_new_session=True, **popen)


class NotifyListener:
    """A notify socket as systemd's: datagrams with the sender's credentials (SO_PASSCRED)."""

    def __init__(self, path):
        self.path = path
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.socket.bind(path)
        os.chmod(path, 0o777)

    def receive(self, timeout):
        """(text, sender pid), or None after `timeout` seconds without a datagram."""
        self.socket.settimeout(timeout)
        try:
            data, ancillary, _, _ = self.socket.recvmsg(4096, socket.CMSG_SPACE(12))
        except socket.timeout:
            return None
        pid = 0
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", payload[:12])[0]
        return data.decode(errors="replace"), pid

    def close(self):
        self.socket.close()


def parent_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def is_below(pid, ancestor):
    """Whether `pid` is `ancestor` or runs under it: what systemd's NotifyAccess=all checks
    through the unit's cgroup."""
    for _ in range(64):
        if pid == ancestor:
            return True
        if pid <= 1:
            return False
        pid = parent_of(pid)
    return False


def program_name(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def unit_setting(build, name):
    """A [Service] setting of the built unit, as written (None when absent)."""
    with open(os.path.join(build, "data", "ventanilla-kiosk.service")) as f:
        for line in f:
            if line.startswith(name + "="):
                return line.split("=", 1)[1].strip()
    return None
