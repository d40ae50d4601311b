#!/usr/bin/env python3
"""Writes a .pot of the translatable strings of the procedure definitions.

The keys that hold text for people are listed in data/procedures/FORMAT.md; each entry
carries a reference to its file and JSON path, so translators see where it is shown.
"""
import json
import pathlib
import sys

TEXT_KEYS = {"title", "summary", "instructions", "after", "label", "help", "placeholder",
             "description", "note", "text", "body", "video_text", "addressee",
             "unavailable_reason", "outside_option"}
LIST_KEYS = {"bring"}


def quote(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + s + '"'


def walk(node, path, out):
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}"
            if key in TEXT_KEYS and isinstance(value, str):
                out.append((sub, value))
            elif key in LIST_KEYS and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        out.append((f"{sub}[{i}]", item))
            else:
                walk(value, sub, out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            walk(item, f"{path}[{i}]", out)


def main():
    source_root = pathlib.Path(sys.argv[1])
    output = pathlib.Path(sys.argv[2])
    entries = {}
    order = []
    for f in sorted((source_root / "data" / "procedures").glob("*.json")):
        found = []
        walk(json.loads(f.read_text(encoding="utf-8")), "$", found)
        rel = f.relative_to(source_root)
        for path, text in found:
            if text not in entries:
                entries[text] = []
                order.append(text)
            entries[text].append(f"{rel}:{path}")
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for text in order:
        refs = entries[text]
        lines.append("#. " + ", ".join(refs[:3]) + (" …" if len(refs) > 3 else ""))
        lines.append("msgid " + quote(text))
        lines.append('msgstr ""')
        lines.append("")
    output.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
