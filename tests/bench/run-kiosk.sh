#!/usr/bin/env bash
# Kiosk benchmark (see build-aux/bench for the JSON format): how soon the kiosk is usable
# again after it dies. The session runs as it does on a kiosk: cage (headless wlroots here)
# started by the session script, the kiosk saying READY=1 after its first painted frame.
# Restart-to-ready = the unit's RestartSec + the median time from starting the session to
# READY=1 (goal: <= 5 s); the baseline is a GTK window with one label under the same cage.
# Usage: tests/bench/run-kiosk.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1
out=$2
mkdir -p "$out"

python3 - "$build" "$out/kiosk.json" <<'PY'
import json, os, pwd, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time
build, out_path = sys.argv[1:3]
runs = 5

if shutil.which("cage") is None:
    print("cage is not installed: no kiosk benchmark", file=sys.stderr)
    json.dump([], open(out_path, "w"))
    sys.exit(0)

unit = open(os.path.join(build, "data", "ventanilla-kiosk.service")).read()
restart_sec = float(re.search(r"^RestartSec=(\d+(?:\.\d+)?)", unit, re.M).group(1))

def time_to_ready(program):
    work = tempfile.mkdtemp(prefix="vt-bench-kiosk-")
    runtime = os.path.join(work, "runtime")
    os.makedirs(runtime, mode=0o700)
    os.makedirs(os.path.join(work, "data"))
    notify = os.path.join(work, "notify")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(notify)
    os.chmod(notify, 0o777)
    script = os.path.join(work, "session")
    shutil.copyfile(os.path.join(build, "data", "ventanilla-kiosk-session"), script)
    os.chmod(script, 0o755)
    prefix = []
    if os.getuid() == 0:
        user = pwd.getpwnam("nobody")
        for root, dirs, _ in os.walk(work):
            os.chown(root, user.pw_uid, user.pw_gid)
        os.chmod(work, 0o755)
        prefix = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({"XDG_RUNTIME_DIR": runtime, "HOME": work, "WLR_BACKENDS": "headless",
                "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1",
                "NOTIFY_SOCKET": notify, "VENTANILLA": program, "GSK_RENDERER": "cairo",
                "GSETTINGS_BACKEND": "memory",
                "GSETTINGS_SCHEMA_DIR": os.path.join(build, "data"),
                "VENTANILLA_ARGS": f"--camera synthetic --data-dir {work}/data"
                                   if program.endswith("/ventanilla") else ""})
    start = time.monotonic()
    session = subprocess.Popen(prefix + [script], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    listener.settimeout(60)
    elapsed = None
    try:
        while elapsed is None:
            if listener.recv(256) == b"READY=1":
                elapsed = time.monotonic() - start
    finally:
        os.killpg(session.pid, signal.SIGKILL)
        session.wait()
        listener.close()
        shutil.rmtree(work, ignore_errors=True)
    return elapsed

kiosk = [time_to_ready(os.path.join(build, "src", "ventanilla")) for _ in range(runs)]
window = [time_to_ready(os.path.join(build, "tests", "bench", "vt-bench-minimal-window"))
          for _ in range(runs)]
value = restart_sec + statistics.median(kiosk)
baseline = restart_sec + statistics.median(window)
entries = [{
    "name": "kiosk restart to ready (RestartSec + session start to first frame, under cage)",
    "value": round(value, 3), "unit": "s", "baseline": round(baseline, 3),
    "ratio": round(value / baseline, 3), "goal": "value <= 5 s", "met": value <= 5.0,
    "runs": [round(x, 3) for x in kiosk], "baseline_runs": [round(x, 3) for x in window],
}]
json.dump(entries, open(out_path, "w"), indent=2)
PY
