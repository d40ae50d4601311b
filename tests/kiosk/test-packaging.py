#!/usr/bin/env python3
"""Packaging: the Flatpak manifest pins every source and keeps the sandbox tight, and
`meson install` puts everything a distribution package needs in place. TAP output.

Usage: test-packaging.py SOURCE_DIR BUILD_DIR
"""
import json, os, shutil, subprocess, sys, tempfile

source_dir, build_dir = (os.path.abspath(p) for p in sys.argv[1:3])
results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def manifest_checks():
    path = os.path.join(source_dir, "flatpak", "org.ventanilla.Kiosk.json")
    manifest = json.load(open(path))
    check(manifest["id"] == "org.ventanilla.Kiosk" and manifest["command"] == "ventanilla",
          "manifest: application id and command")
    check(manifest["runtime"] == "org.gnome.Platform" and manifest["sdk"] == "org.gnome.Sdk",
          "manifest: GNOME runtime")

    unpinned = []
    for module in manifest["modules"]:
        for source in module.get("sources", []):
            kind = source["type"]
            if kind in ("archive", "file"):
                sha = source.get("sha256", "")
                if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
                    unpinned.append(module["name"])
            elif kind == "git":
                if len(source.get("commit", "")) != 40:
                    unpinned.append(module["name"])
            elif kind == "dir":
                if module["name"] != "ventanilla":
                    unpinned.append(module["name"])
            elif kind not in ("script", "patch", "shell"):
                unpinned.append(f"{module['name']} ({kind})")
    check(not unpinned, "manifest: every dependency's source is pinned by checksum",
          ", ".join(unpinned))
    check(manifest["modules"][-1]["name"] == "ventanilla", "manifest: the app is built last")

    # Every module's source file is named in the fetch script's table (or is the traineddata).
    fetch = open(os.path.join(source_dir, "flatpak", "fetch-sources")).read()
    missing = [s["path"] for m in manifest["modules"] for s in m.get("sources", [])
               if s.get("path", "").startswith("sources/") and s["path"] != "sources/spa.traineddata"
               and f"[{s['path'][len('sources/'):].split('_')[0]}]" not in fetch]
    check(not missing, "manifest: fetch-sources knows where each tarball comes from",
          ", ".join(missing))

    args = manifest["finish-args"]
    check("--share=network" in args, "sandbox: network for uploads")
    check("--filesystem=xdg-run/pipewire-0" in args, "sandbox: camera through PipeWire")
    broad = [a for a in args if a.startswith("--filesystem=") and
             a.split("=", 1)[1].split(":")[0] in ("home", "host", "host-os", "host-etc", "~")]
    check(not broad, "sandbox: no access to home or host files", " ".join(broad))
    check("--device=all" not in args, "sandbox: no raw access to every device")

    names = [m["name"] for m in manifest["modules"]]
    # libphonenumber links to protobuf and Abseil and runs protoc while it builds.
    position = {name: i for i, name in enumerate(names)}
    check(all(position.get(dep, len(names)) < position.get("libphonenumber", -1)
              for dep in ("protobuf", "abseil")),
          "manifest: protobuf and Abseil are built before libphonenumber")
    for needed in ("libsodium", "qrencode", "tesseract", "leptonica", "tessdata-spa",
                   "x264", "gst-plugins-ugly-x264", "opencv", "gst-plugins-bad-opencv",
                   "espeak-ng", "webrtc-audio-processing", "zbar", "protobuf", "abseil",
                   "libphonenumber"):
        check(needed in names, f"manifest: builds {needed}, which the runtime lacks")


def install_checks():
    destdir = tempfile.mkdtemp(prefix="vt-install-")
    try:
        run = subprocess.run(["meson", "install", "-C", build_dir, "--no-rebuild",
                              "--destdir", destdir, "--quiet"],
                             capture_output=True, text=True)
        check(run.returncode == 0, "meson install succeeds", run.stderr[-500:])
        info = json.loads(subprocess.run(["meson", "introspect", "--buildoptions", build_dir],
                                         capture_output=True, text=True, check=True).stdout)
        opts = {o["name"]: o["value"] for o in info}
        prefix = destdir + opts["prefix"]
        datadir = os.path.join(prefix, opts["datadir"])
        bindir = os.path.join(prefix, opts["bindir"])
        expected = [
            os.path.join(bindir, "ventanilla"),
            os.path.join(bindir, "ventanilla-office"),
            os.path.join(bindir, "ventanilla-kiosk-session"),
            os.path.join(datadir, "applications", "org.ventanilla.Kiosk.desktop"),
            os.path.join(datadir, "metainfo", "org.ventanilla.Kiosk.metainfo.xml"),
            os.path.join(datadir, "glib-2.0", "schemas", "org.ventanilla.Kiosk.gschema.xml"),
            os.path.join(datadir, "icons", "hicolor", "scalable", "apps", "org.ventanilla.Kiosk.svg"),
            os.path.join(datadir, "locale", "en", "LC_MESSAGES", "ventanilla.mo"),
            os.path.join(datadir, "ventanilla", "fleet-example.ini"),
        ]
        for path in expected:
            check(os.path.isfile(path), "installs " + os.path.relpath(path, destdir))
        session = os.path.join(bindir, "ventanilla-kiosk-session")
        check(os.path.isfile(session) and os.access(session, os.X_OK),
              "the session script is executable")
        units = [os.path.join(r, f) for r, _, fs in os.walk(destdir) for f in fs
                 if f == "ventanilla-kiosk.service"]
        check(len(units) == 1 and "/systemd/user/" in units[0], "installs the systemd user unit")
        if units:
            unit = open(units[0]).read()
            check("ExecStart=" + os.path.join(opts["prefix"], opts["bindir"],
                                              "ventanilla-kiosk-session") in unit,
                  "the unit starts the installed session script")
    finally:
        shutil.rmtree(destdir, ignore_errors=True)


def metainfo_checks():
    import re
    text = open(os.path.join(source_dir, "data", "org.ventanilla.Kiosk.metainfo.xml.in")).read()
    images = re.findall(r"<image>([^<]+)</image>", text)
    check(len(images) >= 5, "metainfo: screenshots of the main pages", f"{len(images)} found")
    missing = [i for i in images
               if not os.path.isfile(os.path.join(source_dir, "data", "screenshots",
                                                  os.path.basename(i)))]
    check(not missing, "metainfo: every screenshot is in data/screenshots", ", ".join(missing))
    check(re.search(r'<release version="%s"' % re.escape(project_version()), text) is not None,
          "metainfo: release notes for this version")


def project_version():
    info = json.loads(subprocess.run(["meson", "introspect", "--projectinfo", build_dir],
                                     capture_output=True, text=True, check=True).stdout)
    return info["version"]


manifest_checks()
metainfo_checks()
install_checks()
print(f"1..{len(results)}")
for i, (ok, name, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
    if not ok and detail:
        for line in detail.splitlines():
            print(f"# {line}")
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
