#!/usr/bin/env python3
"""The kiosk session's unit and its way out: the systemd unit verifies, restarts a session that
failed and not one a technician ended on purpose (status 75), and the session script turns the
marker a technician's "leave kiosk mode" leaves into that status under cage. The session as
systemd runs it (READY=1, watchdog pings, a hung or killed kiosk) is
tests/devices/test-kiosk-watchdog.py. TAP output.

Usage: test-kiosk-session.py BUILD_DIR
"""
import os, pwd, shutil, subprocess, sys, tempfile

build = os.path.abspath(sys.argv[1])
results = []


def report(ok, name, detail=""):
    results.append((ok, name, detail))


def missing(name, why):
    # Whatever build-aux/install-deps --test installs must be there: its absence is a failure.
    results.append((False, name, why + " (build-aux/install-deps --test installs it)"))


def verify_unit(work):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        missing("unit verifies", "systemd-analyze is not installed")
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
    report("Restart=always" in unit and "RestartPreventExitStatus=75" in unit,
           "the unit restarts a failed session, not one ended on purpose")


def session_script(work):
    """The built session script, executable (meson sets its mode only when installing)."""
    path = os.path.join(work, "ventanilla-kiosk-session")
    if not os.path.exists(path):
        shutil.copyfile(os.path.join(build, "data", "ventanilla-kiosk-session"), path)
        os.chmod(path, 0o755)
    return path


def run_left_kiosk(work):
    """A technician's way out: the kiosk leaves the marker and quits; the session must end with
    75, which the unit's RestartPreventExitStatus keeps from being restarted."""
    if shutil.which("cage") is None:
        missing("leaving kiosk mode is not restarted", "cage is not installed")
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
        os.chmod(work, 0o755)  # the session script lives there
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
