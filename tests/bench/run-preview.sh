#!/usr/bin/env bash
# The camera preview as a person sees it (see build-aux/bench for the JSON format), against the
# plainest program doing the same job, on two cameras in turn (tests/bench/preview.py):
#  - the synthetic 1280×720@30 camera of demos and tests (`--camera synthetic:hd`);
#  - a real PipeWire camera node at 1280×720@30, found by the kiosk with `--camera auto`, on a
#    private pipewire and wireplumber started here.
# Usage: tests/bench/run-preview.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"

export VENTANILLA_MEDIA_DIR="${VENTANILLA_MEDIA_DIR:-$here/../../data/media}"
status=0
for camera in synthetic pipewire; do
  name=preview
  [ "$camera" = synthetic ] || name="preview-$camera"
  PYTHONPATH="$here" python3 "$here/preview.py" "$build" "$out/$name.json" "$camera" || status=$?
done
exit $status
