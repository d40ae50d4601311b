"""The camera preview as a person sees it, against the plainest program doing the same job.

Called by run-preview.sh (see build-aux/bench for the JSON format), once per camera:
 - synthetic: `ventanilla --camera synthetic:hd`, the 1280×720@30 synthetic camera of demos
   and tests, against vt-bench-viewer reading the same videotestsrc;
 - pipewire: a real PipeWire camera node (a private pipewire and wireplumber, PipeWire's own
   test video source published as a camera, vt_bench_probe.PipeWire), which the kiosk finds
   with `--camera auto` through its device monitor and drives at 1280×720@30, against
   vt-bench-viewer reading the same node with pipewiresrc at the same mode.
The kiosk is open on the 003 video page (actualizacion-contacto-exterior / captura_video); the
viewer (tests/bench/bench-viewer.c: appsink → newest frame only → texture → GtkPicture) draws
at the size the kiosk's preview has on its page, read from the kiosk's probe. Each side in turn
under the same private Xvfb:
 - frames painted per second: camera frames the window's frame clock painted, read from the
   probe file (VENTANILLA_PROBE), not frames received;
 - CPU of the process from /proc/PID/stat (goal: ratio <= 1.3);
 - resident memory of the process from /proc/PID/status, VmHWM at the end (goal: ratio <= 3).
Rounds alternate the two sides; each figure is the median of its rounds.
VENTANILLA_PROBE_HANDICAP=1 in the environment slows and bloats the kiosk (not the baseline):
every gate must then fail.

Usage: python3 preview.py BUILD_DIR OUT_JSON synthetic|pipewire

Copyright 2026 The Ventanilla developers
SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import vt_bench_probe as vbp

build, out_path, camera = sys.argv[1:4]
if camera not in ("synthetic", "pipewire"):
    raise SystemExit(f"unknown camera {camera!r}: synthetic or pipewire")
rounds = int(os.environ.get("VT_BENCH_ROUNDS", "3"))
seconds = float(os.environ.get("VT_BENCH_PREVIEW_SECONDS", "15"))
page = "actualizacion-contacto-exterior/captura_video"
handicap = os.environ.get("VENTANILLA_PROBE_HANDICAP") == "1"

# The preview's size on the kiosk's page, from the kiosk's probe: the viewer draws the same.
preview_size = None
camera_mode = None


def measure(xvfb, pipewire, kiosk):
    global preview_size, camera_mode
    work = tempfile.mkdtemp(prefix="vt-bench-preview-")
    probe_path = os.path.join(work, "probe.json")
    env = dict(pipewire.env) if pipewire else dict(os.environ)
    for name in ("WAYLAND_DISPLAY", "VENTANILLA_PROBE_PAGE", "VENTANILLA_PROBE_HANDICAP",
                 "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "VT_BENCH_VIEWER_SOURCE"):
        env.pop(name, None)
    env.update({"DISPLAY": xvfb.display, "GSK_RENDERER": "cairo", "GDK_BACKEND": "x11",
                "GSETTINGS_BACKEND": "memory", "GSETTINGS_SCHEMA_DIR": os.path.join(build, "data"),
                "NO_AT_BRIDGE": "1", "GTK_A11Y": "none", "XDG_DATA_HOME": work,
                "VENTANILLA_PROBE": probe_path})
    if kiosk:
        env["VENTANILLA_PROBE_PAGE"] = page
        if handicap:
            env["VENTANILLA_PROBE_HANDICAP"] = "1"
        args = [os.path.join(build, "src", "ventanilla"),
                "--camera", "auto" if pipewire else "synthetic:hd"]
    else:
        if pipewire:
            env["VT_BENCH_VIEWER_SOURCE"] = f"pipewiresrc target-object={pipewire.CAMERA_NODE}"
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
        if kiosk:
            if b["page"] != "captura_video":
                raise RuntimeError(f"the kiosk is on page {b['page']!r}, not captura_video")
            if b.get("preview_width", 0) < 100:
                raise RuntimeError("the kiosk shows no camera preview")
            # The kiosk reads the camera it was meant to, at the mode the viewer asks for.
            wanted = "pipewiresrc" if pipewire else "synthetic"
            if b.get("camera_source") != wanted:
                raise RuntimeError(f"the kiosk's camera is {b.get('camera_source')!r}, "
                                   f"not {wanted}")
            if pipewire and not b.get("camera_mode", "").endswith(" 1280×720 30 fps"):
                raise RuntimeError(f"the kiosk chose {b.get('camera_mode')!r}, not 720p30")
            preview_size = (b["preview_width"], b["preview_height"])
            camera_mode = b.get("camera_mode")
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
pipewire = None
runs = {"viewer": [], "kiosk": []}
try:
    if camera == "pipewire":
        pipewire = vbp.PipeWire()
    for r in range(rounds):
        # The kiosk first in the first round: the viewer needs the preview's size.
        order = ("kiosk", "viewer") if r % 2 == 0 else ("viewer", "kiosk")
        for side in order:
            runs[side].append(measure(xvfb, pipewire, side == "kiosk"))
            print(camera, side, {k: (round(v, 3) if isinstance(v, float) else v)
                                 for k, v in runs[side][-1].items()}, file=sys.stderr)
finally:
    if pipewire is not None:
        pipewire.close()
    xvfb.close()


def med(side, key):
    return statistics.median(x[key] for x in runs[side])


def entry(name, key, unit, goal, met, digits=2):
    value, baseline = med("kiosk", key), med("viewer", key)
    ratio = value / baseline if baseline else None
    return {"name": name, "value": round(value, digits), "unit": unit,
            "baseline": round(baseline, digits), "ratio": round(ratio, 3) if ratio else None,
            "goal": goal, "met": bool(ratio is not None and met(value, ratio)),
            "runs": [round(x[key], digits) for x in runs["kiosk"]],
            "baseline_runs": [round(x[key], digits) for x in runs["viewer"]]}


if camera == "pipewire":
    note = (" (PipeWire camera node at 1280x720@30: ventanilla --camera auto on the 003 video "
            "page vs vt-bench-viewer reading the same node, median of %d alternating rounds of "
            "%.0f s)" % (rounds, seconds))
    # The goal is absolute: a real camera's 30 fps shown, less one at most.
    fps = entry("preview (PipeWire camera): camera frames painted per second" + note, "fps",
                "fps", "value >= 29 (frames the frame clock painted, not frames received)",
                lambda v, r: v >= 29)
else:
    note = (" (ventanilla on the 003 video page vs vt-bench-viewer, the same 1280x720@30 camera, "
            "median of %d alternating rounds of %.0f s)" % (rounds, seconds))
    fps = entry("preview: camera frames painted per second" + note, "fps", "fps",
                "ratio >= 0.95 (frames the frame clock painted, not frames received)",
                lambda v, r: r >= 0.95)
label = "preview (PipeWire camera)" if camera == "pipewire" else "preview"
measures = [
    fps,
    entry(f"{label}: CPU" + note, "cpu", "cores", "ratio <= 1.3", lambda v, r: r <= 1.3, 3),
    entry(f"{label}: peak resident memory (VmHWM) of the process" + note, "hwm_mb", "MB",
          "ratio <= 3", lambda v, r: r <= 3.0, 1),
]
for m in measures:
    m["preview_size"] = f"{preview_size[0]}x{preview_size[1]}"
    m["camera_mode"] = camera_mode
measures[-1]["rss_mb"] = round(med("kiosk", "rss_mb"), 1)
measures[-1]["baseline_rss_mb"] = round(med("viewer", "rss_mb"), 1)
if handicap:
    for m in measures:
        m["name"] += " [HANDICAPPED KIOSK: VENTANILLA_PROBE_HANDICAP=1]"
with open(out_path, "w") as f:
    json.dump(measures, f, indent=2)
