#!/usr/bin/env bash
# The camera preview as a person sees it (see build-aux/bench for the JSON format): the real
# application, `ventanilla --camera synthetic:hd`, open on the 003 video page
# (actualizacion-contacto-exterior / captura_video), against the plainest program doing the same
# job (tests/bench/bench-viewer.c: the same 1280×720@30 camera, appsink → newest frame only →
# texture → GtkPicture drawn at the size the kiosk's preview has on its page, read from the
# kiosk's probe; no relayout per frame), each in turn under the same private Xvfb:
#  - frames painted per second: camera frames the window's frame clock painted, read from the
#    probe file (VENTANILLA_PROBE), not frames received (goal: ratio >= 0.95);
#  - CPU of the process from /proc/PID/stat (goal: ratio <= 1.3);
#  - resident memory of the process from /proc/PID/status, VmHWM at the end (goal: ratio <= 3).
# Rounds alternate the two sides; each figure is the median of its rounds.
# VENTANILLA_PROBE_HANDICAP=1 in the environment slows and bloats the kiosk (not the baseline):
# every gate must then fail.
# Usage: tests/bench/run-preview.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"

export VENTANILLA_MEDIA_DIR="${VENTANILLA_MEDIA_DIR:-$here/../../data/media}"
python3 - "$build" "$out/preview.json" "$here" <<'PY'
import os, shutil, statistics, subprocess, sys, tempfile, time
build, out_path, here = sys.argv[1:4]
sys.path.insert(0, here)
import vt_bench_probe as vbp

rounds = int(os.environ.get("VT_BENCH_ROUNDS", "3"))
seconds = float(os.environ.get("VT_BENCH_PREVIEW_SECONDS", "15"))
page = "actualizacion-contacto-exterior/captura_video"
handicap = os.environ.get("VENTANILLA_PROBE_HANDICAP") == "1"

# The preview's size on the kiosk's page, from the kiosk's probe: the viewer draws the same.
preview_size = None

def measure(xvfb, kiosk):
    global preview_size
    work = tempfile.mkdtemp(prefix="vt-bench-preview-")
    probe_path = os.path.join(work, "probe.json")
    env = {k: v for k, v in os.environ.items()
           if k not in ("WAYLAND_DISPLAY", "VENTANILLA_PROBE_PAGE", "VENTANILLA_PROBE_HANDICAP",
                        "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")}
    env.update({"DISPLAY": xvfb.display, "GSK_RENDERER": "cairo", "GDK_BACKEND": "x11",
                "GSETTINGS_BACKEND": "memory", "GSETTINGS_SCHEMA_DIR": os.path.join(build, "data"),
                "NO_AT_BRIDGE": "1", "GTK_A11Y": "none", "XDG_DATA_HOME": work,
                "VENTANILLA_PROBE": probe_path})
    if kiosk:
        env["VENTANILLA_PROBE_PAGE"] = page
        if handicap:
            env["VENTANILLA_PROBE_HANDICAP"] = "1"
        args = [os.path.join(build, "src", "ventanilla"), "--camera", "synthetic:hd"]
    else:
        args = [os.path.join(build, "tests", "bench", "vt-bench-viewer"), "0",
                str(preview_size[0]), str(preview_size[1])]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # On the page, with camera frames being painted; then a few seconds to settle.
        vbp.wait_probe(probe_path, lambda p: p["camera_frames_painted"] > 10, 60, proc)
        time.sleep(3)
        a = vbp.read_probe(probe_path)
        cpu_a, t_a = vbp.cpu_seconds(proc.pid), time.monotonic()
        time.sleep(seconds)
        b = vbp.wait_probe(probe_path, lambda p: p["now_us"] > a["now_us"] + seconds * 1e6 - 2e6,
                           10, proc)
        cpu_b, t_b = vbp.cpu_seconds(proc.pid), time.monotonic()
        rss, hwm = vbp.memory_kb(proc.pid)
        if kiosk and b["page"] != "captura_video":
            raise RuntimeError(f"the kiosk is on page {b['page']!r}, not captura_video")
        if kiosk:
            if b.get("preview_width", 0) < 100:
                raise RuntimeError("the kiosk shows no camera preview")
            preview_size = (b["preview_width"], b["preview_height"])
        elif (b.get("preview_width"), b.get("preview_height")) != preview_size:
            # The baseline scales the same frames to the same size, or it measures something else.
            raise RuntimeError(f"the viewer shows its picture at {b.get('preview_width')}x"
                               f"{b.get('preview_height')}, not the kiosk's {preview_size}")
        return {
            "size": f'{b.get("preview_width")}x{b.get("preview_height")}',
            "fps": (b["camera_frames_painted"] - a["camera_frames_painted"])
                   / ((b["now_us"] - a["now_us"]) / 1e6),
            "cpu": (cpu_b - cpu_a) / (t_b - t_a),
            "rss_mb": rss / 1024, "hwm_mb": hwm / 1024, "page": b["page"],
        }
    finally:
        vbp.stop(proc)
        shutil.rmtree(work, ignore_errors=True)

xvfb = vbp.Xvfb()
runs = {"viewer": [], "kiosk": []}
try:
    for r in range(rounds):
        # The kiosk first in the first round: the viewer needs the preview's size.
        order = ("kiosk", "viewer") if r % 2 == 0 else ("viewer", "kiosk")
        for side in order:
            runs[side].append(measure(xvfb, side == "kiosk"))
            print(side, {k: (round(v, 3) if isinstance(v, float) else v)
                         for k, v in runs[side][-1].items()}, file=sys.stderr)
finally:
    xvfb.close()

def med(side, key):
    return statistics.median(x[key] for x in runs[side])

def entry(name, key, unit, goal, met, digits=2):
    value, baseline = med("kiosk", key), med("viewer", key)
    ratio = value / baseline if baseline else None
    return {"name": name, "value": round(value, digits), "unit": unit,
            "baseline": round(baseline, digits), "ratio": round(ratio, 3) if ratio else None,
            "goal": goal, "met": bool(ratio is not None and met(ratio)),
            "runs": [round(x[key], digits) for x in runs["kiosk"]],
            "baseline_runs": [round(x[key], digits) for x in runs["viewer"]]}

note = (" (ventanilla on the 003 video page vs vt-bench-viewer, the same 1280x720@30 camera, "
        "median of %d alternating rounds of %.0f s)" % (rounds, seconds))
measures = [
    entry("preview: camera frames painted per second" + note, "fps", "fps",
          "ratio >= 0.95 (frames the frame clock painted, not frames received)",
          lambda r: r >= 0.95),
    entry("preview: CPU" + note, "cpu", "cores", "ratio <= 1.3", lambda r: r <= 1.3, 3),
    entry("preview: peak resident memory (VmHWM) of the process" + note, "hwm_mb", "MB",
          "ratio <= 3", lambda r: r <= 3.0, 1),
]
for m in measures:
    m["preview_size"] = f"{preview_size[0]}x{preview_size[1]}"
measures[-1]["rss_mb"] = round(med("kiosk", "rss_mb"), 1)
measures[-1]["baseline_rss_mb"] = round(med("viewer", "rss_mb"), 1)
if handicap:
    for m in measures:
        m["name"] += " [HANDICAPPED KIOSK: VENTANILLA_PROBE_HANDICAP=1]"
with open(out_path, "w") as f:
    import json
    json.dump(measures, f, indent=2)
PY
