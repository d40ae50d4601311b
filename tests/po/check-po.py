#!/usr/bin/env python3
"""Checks the translations in po/ (run by meson as the 'check-po' test).

Usage: check-po.py SOURCE_ROOT [BUILD_ROOT]

  a. msgfmt --check --statistics on every language in po/LINGUAS: no errors, no fuzzy and no
     untranslated messages.
  b. Re-extracts the template the way build-aux/update-po does (xgettext over po/POTFILES.in
     plus build-aux/extract-procedure-strings.py, joined with msgcat --use-first) into a
     temporary directory, and fails when a msgid of that fresh template is missing from
     po/en.po (or from any other language): a new string must come with its translation.
  c. printf placeholders (%s, %u, %'d, %1$s, ...) must match between msgid and msgstr, in the
     same order (any order for positional ones); msgfmt only checks entries flagged c-format,
     this covers the others. {placeholders} of the procedure texts must match too.
  d. Every C file under src/ that calls _(), N_(), C_() or NC_() is listed in po/POTFILES.in,
     and every file listed there exists.

Only the standard library is used. Exit status: 0 on success, 1 when a problem is found,
77 (skipped) when the gettext tools are not installed.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

# Used when build-aux/update-po cannot be read; keep in sync with it.
DEFAULT_XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2", "--keyword=g_dngettext:2,3", "--package-name=ventanilla",
]

problems = []


def problem(message):
    problems.append(message)
    print("FAIL: " + message, flush=True)


def note(message):
    print("note: " + message, flush=True)


# --- PO files -----------------------------------------------------------------------------

class Entry:
    def __init__(self, line):
        self.line = line
        self.flags = set()
        self.msgctxt = None
        self.msgid = None
        self.msgid_plural = None
        self.msgstr = {}          # index -> text; msgstr is index 0
        self.obsolete = False

    @property
    def key(self):
        return (self.msgctxt, self.msgid)

    def describe(self):
        text = self.msgid if len(self.msgid) <= 70 else self.msgid[:67] + "..."
        return repr(text)


ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
           "f": "\f", "v": "\v"}


def unquote(text, path, lineno):
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{path}:{lineno}: cannot parse {text!r}")
    out = []
    i = 1
    while i < len(text) - 1:
        c = text[i]
        if c == "\\" and i + 1 < len(text) - 1:
            out.append(ESCAPES.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_po(path):
    """Returns the entries of a PO file, header included (msgid "")."""
    entries = []
    current = None
    field = None
    keyword = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')

    def finish():
        if current is not None and current.msgid is not None:
            entries.append(current)

    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
                if line.startswith("|"):
                    continue
            if not line.strip():
                finish()
                current = None
                field = None
                continue
            if line.startswith("#"):
                if current is not None and current.msgid is not None:
                    finish()
                    current = None
                if current is None:
                    current = Entry(lineno)
                if line.startswith("#,"):
                    current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
                continue
            if current is None:
                current = Entry(lineno)
            current.obsolete = current.obsolete or obsolete
            match = keyword.match(line)
            if match:
                name, index, value = match.groups()
                value = unquote(value, path, lineno)
                if name == "msgctxt":
                    if current.msgid is not None:
                        finish()
                        current = Entry(lineno)
                    current.msgctxt = value
                    field = ("msgctxt", None)
                elif name == "msgid":
                    if current.msgid is not None:
                        finish()
                        current = Entry(lineno)
                    current.msgid = value
                    field = ("msgid", None)
                elif name == "msgid_plural":
                    current.msgid_plural = value
                    field = ("msgid_plural", None)
                else:
                    i = int(index) if index is not None else 0
                    current.msgstr[i] = value
                    field = ("msgstr", i)
            elif line.lstrip().startswith('"') and field is not None:
                value = unquote(line, path, lineno)
                name, i = field
                if name == "msgstr":
                    current.msgstr[i] += value
                else:
                    setattr(current, name, getattr(current, name) + value)
            else:
                raise ValueError(f"{path}:{lineno}: cannot parse {line!r}")
    finish()
    return entries


def live_messages(entries):
    return [e for e in entries if not e.obsolete and e.msgid != ""]


# --- a. msgfmt ----------------------------------------------------------------------------

def check_msgfmt(root, languages):
    env = dict(os.environ, LC_ALL="C", LANGUAGE="")
    for lang in languages:
        po = root / "po" / f"{lang}.po"
        rel = po.relative_to(root)
        if not po.exists():
            problem(f"{rel}: missing, but '{lang}' is listed in po/LINGUAS")
            continue
        result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
                                capture_output=True, text=True, env=env)
        output = (result.stdout + result.stderr).strip()
        print(f"{rel}: {output.splitlines()[-1] if output else '(no output)'}")
        if result.returncode != 0:
            problem(f"{rel}: msgfmt --check failed:\n{output}")
        fuzzy = re.search(r"(\d+) fuzzy translations?", output)
        untranslated = re.search(r"(\d+) untranslated messages?", output)
        if fuzzy or untranslated:
            details = []
            for entry in live_messages(parse_po(po)):
                if "fuzzy" in entry.flags:
                    details.append(f"  {rel}:{entry.line}: fuzzy: {entry.describe()}")
                elif not entry.msgstr or any(s == "" for s in entry.msgstr.values()):
                    details.append(f"  {rel}:{entry.line}: untranslated: {entry.describe()}")
            counts = ", ".join(m.group(0) for m in (fuzzy, untranslated) if m)
            problem(f"{rel}: {counts}; every message must be translated and not fuzzy "
                    "(for es.po, a Spanish msgid is its own translation: run build-aux/update-po)"
                    + ("\n" + "\n".join(details) if details else ""))


# --- b. fresh template --------------------------------------------------------------------

def xgettext_args(root):
    script = root / "build-aux" / "update-po"
    try:
        text = script.read_text(encoding="utf-8")
    except OSError:
        return DEFAULT_XGETTEXT_ARGS
    args = re.findall(r"(--(?:from-code|keyword|package-name)=[^\s\\]+|--add-comments(?:=[^\s\\]+)?)",
                      text)
    return args if any(a.startswith("--keyword=") for a in args) else DEFAULT_XGETTEXT_ARGS


def extract_template(root, workdir):
    code = workdir / "code.pot"
    procedures = workdir / "procedures.pot"
    template = workdir / "ventanilla.pot"
    steps = [
        ["xgettext", *xgettext_args(root), "--files-from=po/POTFILES.in", "--directory=.",
         f"--output={code}"],
        [sys.executable, "build-aux/extract-procedure-strings.py", ".", str(procedures)],
        ["msgcat", "--use-first", str(code), str(procedures), "-o", str(template)],
    ]
    for cmd in steps:
        result = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            problem("could not re-extract the template: " + " ".join(cmd) + "\n"
                    + (result.stdout + result.stderr).strip())
            return None
    return template


def check_template(root, languages, build):
    tmp_parent = build if build is not None and build.is_dir() else None
    with tempfile.TemporaryDirectory(prefix="check-po-", dir=tmp_parent) as tmp:
        template = extract_template(root, pathlib.Path(tmp))
        if template is None:
            return
        fresh = live_messages(parse_po(template))
    fresh_keys = {e.key for e in fresh}
    print(f"fresh template: {len(fresh)} messages")
    for lang in languages:
        po = root / "po" / f"{lang}.po"
        if not po.exists():
            continue
        rel = po.relative_to(root)
        have = {e.key for e in live_messages(parse_po(po))}
        missing = [e for e in fresh if e.key not in have]
        if missing:
            lines = []
            for e in missing:
                ctx = f" (context {e.msgctxt!r})" if e.msgctxt is not None else ""
                lines.append(f"  msgid {e.msgid!r}{ctx}")
            problem(f"{rel}: {len(missing)} msgid(s) of the current sources are missing; run "
                    "build-aux/update-po and translate them:\n" + "\n".join(lines))
        stale = have - fresh_keys
        if stale:
            note(f"{rel}: {len(stale)} msgid(s) no longer in the sources (build-aux/update-po "
                 "will drop them)")


# --- c. placeholders ----------------------------------------------------------------------

PRINTF = re.compile(r"%(?:(\d+)\$)?[-+#0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
                    r"(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspnm%]")
BRACES = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def printf_tokens(text):
    tokens = []
    positional = False
    for m in PRINTF.finditer(text):
        if m.group(0) == "%%":
            continue
        if m.group(1):
            positional = True
        tokens.append(m.group(0))
    return tokens, positional


def canonical(token):
    # %1$s and %s are the same conversion; flags and width may differ between languages.
    return token[-1], token.count("*")


def check_placeholders(root, languages):
    for lang in languages:
        po = root / "po" / f"{lang}.po"
        if not po.exists():
            continue
        rel = po.relative_to(root)
        for entry in live_messages(parse_po(po)):
            if "no-c-format" in entry.flags:
                continue
            for index, translation in sorted(entry.msgstr.items()):
                if translation == "":
                    continue
                source = entry.msgid_plural if index > 0 and entry.msgid_plural else entry.msgid
                want, want_pos = printf_tokens(source)
                got, got_pos = printf_tokens(translation)
                a = [canonical(t) for t in want]
                b = [canonical(t) for t in got]
                if want_pos or got_pos:
                    a, b = sorted(a), sorted(b)
                if a != b:
                    problem(f"{rel}:{entry.line}: printf placeholders differ: msgid has "
                            f"{want or 'none'}, msgstr has {got or 'none'}: {entry.describe()}")
                if sorted(BRACES.findall(source)) != sorted(BRACES.findall(translation)):
                    problem(f"{rel}:{entry.line}: {{placeholders}} differ: msgid has "
                            f"{sorted(set(BRACES.findall(source))) or 'none'}, msgstr has "
                            f"{sorted(set(BRACES.findall(translation))) or 'none'}: "
                            f"{entry.describe()}")


# --- d. POTFILES.in -----------------------------------------------------------------------

def strip_comments(code):
    """Blanks C comments, keeping string and character literals."""
    out = []
    i = 0
    n = len(code)
    while i < n:
        c = code[i]
        if code.startswith("/*", i):
            end = code.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("\n" * code.count("\n", i, end))
            i = end
        elif code.startswith("//", i):
            end = code.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            j = i + 1
            while j < n and code[j] != c and code[j] != "\n":
                j += 2 if code[j] == "\\" else 1
            out.append(code[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


GETTEXT_CALL = re.compile(r"(?<![\w])(?:NC_|C_|N_|_)\s*\(")


def check_potfiles(root):
    potfiles = root / "po" / "POTFILES.in"
    listed = []
    for line in potfiles.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            listed.append(line)
    for name in listed:
        if not (root / name).is_file():
            problem(f"po/POTFILES.in lists {name}, which does not exist")
    listed_set = set(listed)
    unlisted = []
    for path in sorted((root / "src").rglob("*")):
        if path.suffix not in (".c", ".h") or not path.is_file():
            continue
        code = strip_comments(path.read_text(encoding="utf-8", errors="replace"))
        calls = [m for m in GETTEXT_CALL.finditer(code)
                 if not code[:m.start()].rsplit("\n", 1)[-1].lstrip().startswith("#define")]
        rel = path.relative_to(root).as_posix()
        if calls and rel not in listed_set:
            lineno = code.count("\n", 0, calls[0].start()) + 1
            unlisted.append(f"  {rel} (first at line {lineno})")
    if unlisted:
        problem("these files mark strings for translation but are not in po/POTFILES.in, "
                "so their strings are never translated; add them:\n" + "\n".join(unlisted))


# --- main ---------------------------------------------------------------------------------

def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    root = pathlib.Path(sys.argv[1]).resolve()
    build = pathlib.Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None

    missing_tools = [t for t in ("msgfmt", "xgettext", "msgcat") if shutil.which(t) is None]
    if missing_tools:
        print("SKIP: gettext tools not installed: " + ", ".join(missing_tools))
        return 77

    languages = []
    for line in (root / "po" / "LINGUAS").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        languages += line.split()

    print("== a. msgfmt --check --statistics")
    check_msgfmt(root, languages)
    print("== b. fresh template against the translations")
    check_template(root, languages, build)
    print("== c. placeholders")
    check_placeholders(root, languages)
    print("== d. po/POTFILES.in")
    check_potfiles(root)

    if problems:
        print(f"\ncheck-po: {len(problems)} problem(s) found")
        return 1
    print("\ncheck-po: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
