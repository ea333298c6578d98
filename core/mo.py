"""Compile a gettext .po catalogue into the .mo Django reads, in pure Python.

GNU gettext's msgfmt (what `manage.py compilemessages` calls) is often missing on a fresh
machine, and `make run` must not need it; the format is small (Python's own
Tools/i18n/msgfmt.py does the same). Fuzzy entries are left out, as msgfmt does.
Usage: python -m core.mo locale/en/LC_MESSAGES/django.po [...]
"""

import ast
import struct
import sys
from pathlib import Path


def po_parse(text: str) -> dict[bytes, bytes]:
    """msgid (with msgctxt and plural joined the .mo way) -> msgstr, for each entry."""
    messages: dict[bytes, bytes] = {}
    entry: dict[str, str] = {}
    section = None
    fuzzy = False

    def flush():
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            msgid = entry["msgid"]
            if "msgctxt" in entry:
                msgid = entry["msgctxt"] + "\x04" + msgid
            if "msgid_plural" in entry:
                msgid += "\x00" + entry["msgid_plural"]
                forms = sorted(k for k in entry if k.startswith("msgstr["))
                msgstr = "\x00".join(entry[k] for k in forms)
            else:
                msgstr = entry.get("msgstr", "")
            if msgstr.replace("\x00", ""):
                messages[msgid.encode()] = msgstr.encode()
        entry, fuzzy = {}, False

    for line in text.splitlines():
        line = line.strip()
        starts_entry = line.startswith(("#", "msgctxt", "msgid ")) or not line
        if starts_entry and section and section.startswith("msgstr"):
            flush()
            section = None
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith('"'):
            entry[section] += ast.literal_eval(line)
        elif line and not line.startswith("#"):
            section, _, value = line.partition(" ")
            entry[section] = ast.literal_eval(value)
    flush()
    return messages


def mo_bytes(messages: dict[bytes, bytes]) -> bytes:
    """The .mo file: header, two index tables, then the strings (keys sorted, as msgfmt)."""
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\x00"
        strs += messages[key] + b"\x00"
    keys_start = 7 * 4 + 16 * len(keys)
    values_start = keys_start + len(ids)
    key_table, value_table = [], []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_table += [id_length, id_offset + keys_start]
        value_table += [str_length, str_offset + values_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    return (
        header
        + struct.pack(f"{len(key_table)}i", *key_table)
        + struct.pack(f"{len(value_table)}i", *value_table)
        + ids
        + strs
    )


def compile_po(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    mo_path.write_bytes(mo_bytes(po_parse(po_path.read_text(encoding="utf-8"))))
    return mo_path


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"compiled {compile_po(Path(name))}")
