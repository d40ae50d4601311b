"""What the benchmarks read from a running process: the probe file the kiosk and its baselines
write (VENTANILLA_PROBE, src/kiosk/vt-probe.c), and the process's own figures in /proc.

Copyright 2026 The Ventanilla developers
SPDX-License-Identifier: GPL-3.0-or-later
"""
import json
import os
import subprocess
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def read_probe(path):
    """The probe file as a dict, or None before its first write."""
    try:
        with open(path) as f:
            return json.loads(f.read())
    except (OSError, ValueError):
        return None


def wait_probe(path, ready, timeout, proc=None):
    """Polls the probe file until ready(probe) is true; raises after `timeout` seconds or when
    `proc` has ended."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the process ended with status {proc.returncode}")
        probe = read_probe(path)
        if probe is not None and ready(probe):
            return probe
        time.sleep(0.05)
    raise RuntimeError(f"{path}: not ready in {timeout} s (last: {read_probe(path)})")


def cpu_seconds(pid):
    """User + system CPU time of the process (all its threads), from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_kb(pid):
    """VmRSS and VmHWM of the process, in kB, from /proc/PID/status."""
    found = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    return found["VmRSS"], found["VmHWM"]


class Xvfb:
    """One private X server for a run, so that the measured process is our own child."""

    def __init__(self, size="1920x1080x24"):
        read, write = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size,
                                      "-nolisten", "tcp"], pass_fds=(write,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            self.display = ":" + f.readline().strip()

    def close(self):
        self.proc.terminate()
        self.proc.wait()


def stop(proc):
    """Ends a process started for a measure: SIGTERM, then SIGKILL."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def detectors(build):
    """Which detectors this build and machine have, as the kiosk would find them."""
    exe = os.path.join(build, "src", "ventanilla")
    try:
        libs = subprocess.run(["ldd", exe], capture_output=True, text=True).stdout
    except OSError:
        libs = ""
    cascade = any(os.path.exists(os.path.join(d, "haarcascade_frontalface_default.xml"))
                  for d in ("/usr/share/opencv4/haarcascades", "/app/share/opencv4/haarcascades"))
    def element(name):
        return subprocess.run(["gst-inspect-1.0", "--exists", name],
                              capture_output=True).returncode == 0
    return {
        "opencv_face_cascade": cascade and element("facedetect"),
        "webrtc_vad_linked": "webrtc" in libs,
        "gst_webrtcdsp_element": element("webrtcdsp"),
        "libphonenumber": "libphonenumber" in libs,
        "tesseract_ocr": "libtesseract" in libs,
    }
