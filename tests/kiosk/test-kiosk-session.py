#!/usr/bin/env python3
"""The kiosk session for real: the systemd unit verifies, and cage (headless wlroots) runs
ventanilla-kiosk-session; the kiosk sends READY=1 through $NOTIFY_SOCKET as it would to systemd
(NotifyAccess=all), and when the kiosk is killed cage ends too, so Restart=always starts both
again. TAP output.

Usage: test-kiosk-session.py BUILD_DIR
"""
import os, pwd, shutil, signal, socket, subprocess, sys, tempfile, time

build = os.path.abspath(sys.argv[1])
results = []


def report(ok, name, detail=""):
    results.append((ok, name, detail))


def skip(name, why):
    results.append((None, name, why))


def verify_unit(work):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        skip("unit verifies", "systemd-analyze is not installed")
        return
    unit = open(os.path.join(build, "data", "ventanilla-kiosk.service")).read()
    # The installed path does not exist yet; point ExecStart at the built script.
    script = session_script(work)
    lines = [("ExecStart=" + script) if l.startswith("ExecStart=") else l for l in unit.splitlines()]
    path = os.path.join(work, "ventanilla-kiosk.service")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    # (--user needs a running user manager; the unit's syntax is the same either way.)
    env = dict(os.environ, XDG_RUNTIME_DIR=work)
    run = subprocess.run([analyze, "verify", path], capture_output=True, text=True, env=env)
    problems = [l for l in (run.stdout + run.stderr).splitlines() if "ventanilla-kiosk" in l]
    report(run.returncode == 0 and not problems, "unit verifies", "; ".join(problems))
    report("Restart=always" in unit and "Type=notify" in unit and "WatchdogSec=" in unit,
           "unit restarts the kiosk and watches it")


def session_script(work):
    """The built session script, executable (meson sets its mode only when installing)."""
    path = os.path.join(work, "ventanilla-kiosk-session")
    if not os.path.exists(path):
        shutil.copyfile(os.path.join(build, "data", "ventanilla-kiosk-session"), path)
        os.chmod(path, 0o755)
    return path


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    return found


def program_name(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def run_session(work):
    if shutil.which("cage") is None:
        skip("session starts under cage", "cage is not installed")
        return
    runtime = os.path.join(work, "runtime")
    data = os.path.join(work, "data")
    os.makedirs(runtime, mode=0o700)
    os.makedirs(data)
    notify_path = os.path.join(work, "notify")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(notify_path)
    os.chmod(notify_path, 0o777)

    prefix = []
    if os.getuid() == 0:
        # cage refuses to run as root: the session runs as an unprivileged user, as on a kiosk.
        user = pwd.getpwnam("nobody")
        for path in (work, runtime, data):
            os.chown(path, user.pw_uid, user.pw_gid)
        os.chmod(work, 0o755)
        prefix = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]

    env = dict(os.environ)
    env.update({
        "XDG_RUNTIME_DIR": runtime,
        "HOME": work,
        "WLR_BACKENDS": "headless",
        "WLR_RENDERER": "pixman",
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "NOTIFY_SOCKET": notify_path,
        "VENTANILLA": os.path.join(build, "src", "ventanilla"),
        "VENTANILLA_ARGS": f"--camera synthetic --data-dir {data}",
        "GSK_RENDERER": "cairo",
    })
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "GTK_A11Y", "NO_AT_BRIDGE"):
        env.pop(name, None)
    session = subprocess.Popen(prefix + [session_script(work)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        listener.settimeout(1.0)
        ready = False
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and session.poll() is None and not ready:
            try:
                ready = listener.recv(256).decode() == "READY=1"
            except socket.timeout:
                pass
        report(ready, "kiosk under cage says READY=1",
               "" if ready else (session.stderr.read().decode(errors="replace")[-800:]
                                 if session.poll() is not None else "no READY=1 in 90 s"))
        if not ready:
            return

        # The session script runs cage; cage's child is the kiosk.
        cage = [p for p in children_of(session.pid) if program_name(p) == "cage"]
        kiosk = [p for c in cage for p in children_of(c) if program_name(p) == "ventanilla"]
        report(len(cage) == 1 and len(kiosk) == 1,
               "the session is cage with the kiosk as its child", f"{cage} {kiosk}")
        if len(kiosk) != 1:
            return
        os.kill(kiosk[0], signal.SIGKILL)
        try:
            status = session.wait(timeout=10)
            report(status not in (0, 75),
                   "killing the kiosk ends the session with a failure, so systemd restarts it",
                   f"exit status {status}")
        except subprocess.TimeoutExpired:
            report(False, "killing the kiosk ends the session, so systemd restarts it",
                   "cage still running 10 s later")
    finally:
        if session.poll() is None:
            os.killpg(session.pid, signal.SIGKILL)
            session.wait()
        listener.close()


def run_left_kiosk(work):
    """A technician's way out: the kiosk leaves the marker and quits; the session must end with
    75, which the unit's RestartPreventExitStatus keeps from being restarted."""
    if shutil.which("cage") is None:
        skip("leaving kiosk mode is not restarted", "cage is not installed")
        return
    unit = open(os.path.join(build, "data", "ventanilla-kiosk.service")).read()
    report("RestartPreventExitStatus=75" in unit, "the unit does not restart status 75")
    base = os.path.join(work, "left")
    runtime = os.path.join(base, "runtime")
    os.makedirs(runtime, mode=0o700)
    leaver = os.path.join(base, "leaver")
    # What staff mode's "Salir del modo quiosco" does at the end (vt_kiosk_mode_leave, quit).
    with open(leaver, "w") as f:
        f.write('#!/bin/sh\n: > "$XDG_RUNTIME_DIR/ventanilla-left-kiosk"\nexit 0\n')
    os.chmod(leaver, 0o755)
    prefix = []
    if os.getuid() == 0:
        user = pwd.getpwnam("nobody")
        for path in (base, runtime):
            os.chown(path, user.pw_uid, user.pw_gid)
        os.chmod(base, 0o755)
        prefix = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({"XDG_RUNTIME_DIR": runtime, "HOME": base, "WLR_BACKENDS": "headless",
                "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1", "VENTANILLA": leaver})
    run = subprocess.run(prefix + [session_script(work)], env=env, capture_output=True,
                         timeout=60)
    report(run.returncode == 75, "leaving kiosk mode ends the session with 75",
           f"exit status {run.returncode}")
    report(not os.path.exists(os.path.join(runtime, "ventanilla-left-kiosk")),
           "the marker is removed, so the next session is a kiosk again")


def main():
    work = tempfile.mkdtemp(prefix="vt-kiosk-session-")
    try:
        verify_unit(work)
        run_session(work)
        run_left_kiosk(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"1..{len(results)}")
    failed = 0
    for i, (ok, name, detail) in enumerate(results, 1):
        if ok is None:
            print(f"ok {i} {name} # SKIP {detail}")
        elif ok:
            print(f"ok {i} {name}")
        else:
            failed += 1
            print(f"not ok {i} {name}")
            for line in detail.splitlines():
                print(f"# {line}")
    return 1 if failed else 0


sys.exit(main())
