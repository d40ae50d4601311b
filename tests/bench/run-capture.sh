#!/usr/bin/env bash
# Capture benchmarks (see build-aux/bench for the JSON format), measured side by side:
#  - preview at 1280×720@30 for 30 s: frames shown per second (goal >= 29) and CPU against a
#    minimal viewer of the same caps (appsink → GdkMemoryTexture → GtkPicture; goal <= 1.3×);
#  - recording 60 s while previewing: dropped frames (goal <= 1 %), bytes against the
#    5,000,000-byte budget (goal 80–100 %), peak RSS (goal <= 200 MB);
#  - photo verdict latency on the synthetic portrait (goal <= 300 ms).
# Usage: tests/bench/run-capture.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1
out=$2
mkdir -p "$out"
tool="$build/tests/bench/vt-bench-capture"
preview_s=${VT_BENCH_PREVIEW_SECONDS:-30}
record_s=${VT_BENCH_RECORD_SECONDS:-60}

export GSK_RENDERER=cairo GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none
export VENTANILLA_MEDIA_DIR="${VENTANILLA_MEDIA_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/data/media}"

run() {
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    "$tool" "$@" 2>/dev/null
  else
    xvfb-run -a -s "-screen 0 1920x1280x24" "$tool" "$@" 2>/dev/null
  fi
}

viewer=$(run viewer "$preview_s")
preview=$(run preview "$preview_s")
record=$(run record "$record_s")
photo=$(run photo 10)

python3 - "$out/capture.json" "$viewer" "$preview" "$record" "$photo" <<'PY'
import json, sys
path, viewer, preview, record, photo = sys.argv[1], *map(json.loads, sys.argv[2:])
budget = 5_000_000
ratio = lambda v, b: round(v / b, 3) if b else None
expected = record["duration_s"] * 30
dropped_pct = 100.0 * record["dropped"] / expected if expected else 100.0
measures = [
    {"name": "capture.preview_fps", "value": preview["fps"], "unit": "fps",
     "baseline": viewer["fps"], "ratio": ratio(preview["fps"], viewer["fps"]),
     "goal": ">= 29", "met": preview["fps"] >= 29},
    {"name": "capture.preview_cpu", "value": preview["cpu"], "unit": "cores",
     "baseline": viewer["cpu"], "ratio": ratio(preview["cpu"], viewer["cpu"]),
     "goal": "ratio <= 1.3", "met": ratio(preview["cpu"], viewer["cpu"]) <= 1.3},
    {"name": "capture.record_dropped_frames", "value": round(dropped_pct, 2), "unit": "%",
     "baseline": 0, "ratio": None, "goal": "<= 1 %", "met": dropped_pct <= 1.0},
    {"name": "capture.record_bytes", "value": record["bytes"], "unit": "bytes",
     "baseline": budget, "ratio": ratio(record["bytes"], budget), "goal": "80-100 % of budget",
     "met": 0.8 * budget <= record["bytes"] <= budget},
    {"name": "capture.record_peak_rss", "value": record["peak_rss_mb"], "unit": "MB",
     "baseline": None, "ratio": None, "goal": "<= 200 MB", "met": record["peak_rss_mb"] <= 200},
    {"name": "capture.photo_verdict_latency", "value": photo["median_ms"], "unit": "ms",
     "baseline": None, "ratio": None, "goal": "<= 300 ms (median; p95 %.0f)" % photo["p95_ms"],
     "met": photo["median_ms"] <= 300},
]
open(path, "w").write(json.dumps(measures, indent=2) + "\n")
for m in measures:
    print(("ok " if m["met"] else "NOT"), m["name"], m["value"], m["unit"], "baseline", m["baseline"])
PY
