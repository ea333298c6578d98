"""The English catalogue: the compiled .mo (what Django reads) says what the .po says."""

import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _unquote(lines: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', lines)
    return "".join(parts).encode().decode("unicode_escape").encode("latin-1").decode()


def po_entries() -> dict[str, list[str]]:
    """msgid -> its translations (one, or one per plural form), from the .po."""
    entries = {}
    for block in (CATALOGUE / "django.po").read_text().split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, flags=re.M)
        if not msgid or not _unquote(msgid.group(1)):
            continue
        single = re.search(r'^msgstr ((?:".*"\n?)+)', block, flags=re.M)
        plural = re.findall(r'^msgstr\[\d\] ((?:".*"\n?)+)', block, flags=re.M)
        entries[_unquote(msgid.group(1))] = [_unquote(single.group(1))] if single else [_unquote(p) for p in plural]
    return entries


def test_the_compiled_catalogue_matches_its_source():
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    entries = po_entries()
    assert entries
    for msgid, translations in entries.items():
        if len(translations) == 1:
            assert compiled.gettext(msgid) == translations[0], msgid
        else:
            assert [compiled.ngettext(msgid, msgid, n) for n in (1, 2)] == translations, msgid


def test_the_catalogue_translates_the_audit_trails_words():
    entries = po_entries()
    for msgid, english in {"Jejak audit": "Audit trail", "diubah": "updated", "(disembunyikan)": "(hidden)"}.items():
        assert entries[msgid] == [english]
