#!/usr/bin/env bash
# Outbox sealing benchmarks (see build-aux/bench for the JSON format):
#  - seal + enqueue of a complete 003 submission (3 photos of 2 MB, a 5 MB video) against raw
#    secretstream + fsync of the same bytes (goal: ratio <= 2);
#  - `ventanilla --queue-status` with 10,000 queued items (goal: <= 100 ms), baseline the same
#    command with an empty queue.
# Usage: tests/bench/run-outbox-seal.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1
out=$2
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/vt-bench-seal-XXXXXX")
trap 'rm -rf "$work"' EXIT

tool="$build/tests/outbox/vt-bench-outbox-seal"
"$tool" seal "$work/seal.json" "$work/seal" >/dev/null

export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"

# Median wall time in ms of `ventanilla --queue-status` with XDG_DATA_HOME=$1; checks the total.
status_ms() {
  local home=$1 expected=$2
  python3 - "$build/src/ventanilla" "$home" "$expected" <<'PY'
import json, os, statistics, subprocess, sys, time
exe, home, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
env = dict(os.environ, XDG_DATA_HOME=home)
times = []
for _ in range(7):
    t = time.perf_counter()
    r = subprocess.run([exe, "--queue-status"], env=env, capture_output=True, text=True, check=True)
    times.append((time.perf_counter() - t) * 1000)
    status = json.loads(r.stdout)
    assert status["total"] == expected, status
print(f"{statistics.median(times):.1f}")
PY
}

mkdir -p "$work/empty/ventanilla" "$work/full/ventanilla"
"$tool" fill-queue "$work/full/ventanilla/queue" 10000
empty=$(status_ms "$work/empty" 0)
full=$(status_ms "$work/full" 10000)

python3 - "$work/seal.json" "$out/outbox-seal.json" "$full" "$empty" <<'PY'
import json, sys
measures = json.load(open(sys.argv[1]))
full, empty = float(sys.argv[3]), float(sys.argv[4])
measures.append({
    "name": "outbox: ventanilla --queue-status with 10,000 queued items",
    "value": full, "unit": "ms", "baseline": empty, "ratio": round(full / empty, 2),
    "goal": "value <= 100 ms (baseline: the same command, empty queue)", "met": full <= 100.0,
})
json.dump(measures, open(sys.argv[2], "w"), indent=2)
for m in measures:
    print(f"{m['name']}: {m['value']} {m['unit']} (baseline {m['baseline']}, ratio {m['ratio']})")
PY
