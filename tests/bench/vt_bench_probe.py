"""What the benchmarks read from a running process: the probe file the kiosk and its baselines
write (VENTANILLA_PROBE, src/kiosk/vt-probe.c), and the process's own figures in /proc.

Copyright 2026 The Ventanilla developers
SPDX-License-Identifier: GPL-3.0-or-later
"""
import ctypes
import json
import os
import shutil
import signal
import subprocess
import tempfile
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


def _die_with_parent():
    """In a child before exec: whatever happens to the benchmark, its daemons end with it."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class PipeWire:
    """A private PipeWire with a camera and a microphone, as tests/devices/vt-test-pipewire.c
    starts one: the machine's own pipewire and wireplumber with PipeWire's shipped
    configuration, its test video source published as a camera (media.class Video/Source,
    1280×720 at 30 fps among its ranges) and its test audio source as a microphone (an
    Audio/Source that drives the graph, as an ALSA device does), on a runtime directory and a
    D-Bus session of the benchmark's own. Processes that should see it take `env`."""

    CAMERA_NODE = "vt-test-camera"
    CAMERA_NAME = "PipeWire test camera"
    MICROPHONE_NODE = "vt-test-microphone"
    MICROPHONE_NAME = "PipeWire test microphone"

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="vt-bench-pipewire-")
        os.chmod(self.dir, 0o700)
        self.procs = []
        with open("/usr/share/pipewire/pipewire.conf") as f:
            config = f.read()
        for plugin in ("videotestsrc", "audiotestsrc"):
            enable = f"#{plugin}   = {plugin}/libspa-{plugin}"
            if enable not in config:
                raise RuntimeError(f"PipeWire's shipped configuration has no {plugin}")
            config = config.replace(enable, enable[1:], 1)
        if "context.objects = [" not in config:
            raise RuntimeError("PipeWire's shipped configuration has no context.objects")
        config = config.replace(
            "context.objects = [",
            "context.objects = [\n    { factory = spa-node-factory args = {"
            f" factory.name = videotestsrc node.name = {self.CAMERA_NODE}"
            f' node.description = "{self.CAMERA_NAME}" media.class = Video/Source }} }}\n'
            "    { factory = adapter args = { factory.name = audiotestsrc"
            f" node.name = {self.MICROPHONE_NODE} node.driver = true priority.driver = 2000"
            f' node.description = "{self.MICROPHONE_NAME}" media.class = Audio/Source }} }}', 1)
        conf_path = os.path.join(self.dir, "pipewire.conf")
        with open(conf_path, "w") as f:
            f.write(config)
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("PIPEWIRE_REMOTE", "PULSE_SERVER", "DBUS_SESSION_BUS_ADDRESS")}
        self.env["XDG_RUNTIME_DIR"] = self.dir
        try:
            bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                   preexec_fn=_die_with_parent)
            self.procs.append(bus)
            self.env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
            self._spawn(["pipewire", "-c", conf_path])
            self._wait(lambda: os.path.exists(os.path.join(self.dir, "pipewire-0")),
                       "pipewire's socket")
            self._spawn(["wireplumber"])
            self._wait(self._camera_published, "the camera node")
        except BaseException:
            self.close()
            raise

    def _spawn(self, argv):
        self.procs.append(subprocess.Popen(argv, env=self.env, cwd=self.dir,
                                           stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL,
                                           preexec_fn=_die_with_parent))

    def _camera_published(self):
        dump = subprocess.run(["pw-dump"], env=self.env, capture_output=True, text=True)
        try:
            objects = json.loads(dump.stdout or "[]")
        except ValueError:
            return False
        return any(((o.get("info") or {}).get("props") or {}).get("node.name")
                   == self.CAMERA_NODE for o in objects)

    @staticmethod
    def _wait(ready, what, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if ready():
                return
            time.sleep(0.2)
        raise RuntimeError(f"private PipeWire: {what} did not appear in {timeout} s")

    def close(self):
        for proc in reversed(self.procs):
            stop(proc)
        self.procs = []
        shutil.rmtree(self.dir, ignore_errors=True)
