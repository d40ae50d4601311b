#!/usr/bin/env python3
"""The kiosk session as systemd runs it: the real ventanilla-kiosk-session under headless cage,
started with what systemd gives the unit's main process (NOTIFY_SOCKET, WATCHDOG_USEC from the
unit's WatchdogSec=, WATCHDOG_PID = the script's own PID). The test is systemd's notify socket:
it takes a datagram only from a sender the unit's NotifyAccess= admits, by the sender's
credentials as systemd does. Over 60 s READY=1 arrives and no gap between pings exceeds half the
watchdog; a SIGSTOP of the kiosk stops them (systemd would kill the session); killing the kiosk
ends the session with a status the unit restarts. TAP output.

Usage: test-kiosk-watchdog.py BUILD_DIR
"""
import os
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import vt_kiosk_session as vks  # noqa: E402

build = os.path.abspath(sys.argv[1])
results = []
WATCH_S = 60


def report(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def accepted(listener, session_pid, notify_access, timeout):
    """The next datagram systemd would take, as (text, pid, time), or None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        got = listener.receive(left)
        if got is None:
            return None
        text, pid = got
        if notify_access == "all" and vks.is_below(pid, session_pid):
            return text, pid, time.monotonic()
        if notify_access == "main" and pid == session_pid:
            return text, pid, time.monotonic()
        print(f"# refused as systemd would (NotifyAccess={notify_access}): {text!r} from {pid}")


def run(work):
    usec_text = vks.unit_setting(build, "WatchdogSec")
    notify_access = vks.unit_setting(build, "NotifyAccess") or "none"
    report(usec_text == "15", "the unit watches the kiosk every 15 s", f"WatchdogSec={usec_text}")
    watchdog_usec = int(float(usec_text or "15") * 1000000)
    max_gap = watchdog_usec / 2 / 1e6

    session = vks.Session(build, work)
    session.provision_office_key()
    listener = vks.NotifyListener(os.path.join(work, "notify"))
    stderr_path = os.path.join(work, "session.log")
    with open(stderr_path, "w") as stderr:
        proc = session.start(os.path.join(build, "src", "ventanilla"),
                             args=f"--camera synthetic --data-dir {session.data}",
                             notify_socket=listener.path, watchdog_usec=watchdog_usec,
                             stdout=stderr, stderr=stderr)
    try:
        ready = None
        deadline = time.monotonic() + 90
        while ready is None and time.monotonic() < deadline and proc.poll() is None:
            got = accepted(listener, proc.pid, notify_access, 1.0)
            if got is not None and got[0] == "READY=1":
                ready = got
        if ready is None:
            with open(stderr_path) as f:
                log = f.read()[-1500:]
        report(ready is not None, "READY=1 arrives from the session",
               "" if ready else f"exit status {proc.poll()}\n{log}")
        if ready is None:
            return
        kiosk = ready[1]
        report(vks.program_name(kiosk) == "ventanilla" and kiosk != proc.pid
               and vks.program_name(vks.parent_of(kiosk)) == "cage"
               and vks.parent_of(vks.parent_of(kiosk)) == proc.pid,
               "the kiosk itself, cage's child under the session script, says READY=1",
               f"sender {kiosk} ({vks.program_name(kiosk)}), session {proc.pid}")

        # 60 s of systemd's view: every ping it would take, and the longest silence.
        pings = []
        senders = set()
        last = ready[2]
        longest = 0.0
        end = ready[2] + WATCH_S
        while time.monotonic() < end and proc.poll() is None:
            got = accepted(listener, proc.pid, notify_access, end - time.monotonic())
            now = got[2] if got else time.monotonic()
            if got is not None and got[0] == "WATCHDOG=1":
                longest = max(longest, now - last)
                last = now
                pings.append(now)
                senders.add(got[1])
        longest = max(longest, time.monotonic() - last)
        report(proc.poll() is None and len(pings) >= WATCH_S / max_gap,
               f"the kiosk pings for {WATCH_S} s", f"{len(pings)} pings, status {proc.poll()}")
        report(longest <= max_gap, f"no gap between pings exceeds {max_gap:g} s",
               f"longest {longest:.2f} s")
        report(senders == {kiosk}, "only the kiosk pings", f"senders {sorted(senders)}")

        # A hung kiosk: nothing may keep the session alive.
        os.kill(kiosk, signal.SIGSTOP)
        stopped = time.monotonic()
        late = []
        while time.monotonic() - stopped < max_gap + 1.5:
            got = accepted(listener, proc.pid, notify_access,
                           max_gap + 1.5 - (time.monotonic() - stopped))
            # A ping already on its way when the signal landed is not a ping from a hung kiosk.
            if got is not None and got[0] == "WATCHDOG=1" and got[2] - stopped > 0.5:
                late.append(round(got[2] - stopped, 2))
        report(not late, f"a stopped kiosk sends no ping for {max_gap + 1.5:g} s: systemd kills "
               "the session", f"pings at {late} s")
        os.kill(kiosk, signal.SIGCONT)
        resumed = accepted(listener, proc.pid, notify_access, max_gap + 1)
        report(resumed is not None and resumed[0] == "WATCHDOG=1",
               "the pings come back when it turns again")

        # A kiosk that dies ends the session with a status the unit restarts (not 0 or 75).
        os.kill(kiosk, signal.SIGKILL)
        try:
            status = proc.wait(timeout=15)
            report(status not in (0, 75), "killing the kiosk ends the session, to be restarted",
                   f"exit status {status}")
        except Exception:
            report(False, "killing the kiosk ends the session, to be restarted",
                   "still running 15 s later")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        listener.close()


def main():
    if shutil.which("cage") is None:
        report(False, "cage is installed (build-aux/install-deps --test)")
    else:
        work = tempfile.mkdtemp(prefix="vt-kiosk-watchdog-")
        try:
            run(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"1..{len(results)}")
    failed = 0
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        failed += not ok
        # The figures too when it passed: what was measured, for whoever reads the log.
        for line in detail.splitlines():
            print(f"# {line}")
    return 1 if failed else 0


sys.exit(main())
