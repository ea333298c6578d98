"""The English catalogue: the compiled .mo (what Django reads) says what the .po says."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.conftest import need

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _unquote(lines: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', lines)
    return "".join(parts).encode().decode("unicode_escape").encode("latin-1").decode()


CONTEXT = "\x04"  # between an entry's msgctxt and its msgid, as in the .mo


def _key(block: str) -> str | None:
    """An entry's msgid, prefixed with its msgctxt and \x04 when it has one (as in the .mo)."""
    msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, flags=re.M)
    if not msgid or not _unquote(msgid.group(1)):
        return None
    context = re.search(r'^msgctxt ((?:".*"\n?)+)', block, flags=re.M)
    return (_unquote(context.group(1)) + CONTEXT if context else "") + _unquote(msgid.group(1))


def po_entries(text: str | None = None) -> dict[str, list[str]]:
    """msgid -> its translations (one, or one per plural form), from the .po."""
    entries = {}
    for block in (text or (CATALOGUE / "django.po").read_text()).split("\n\n"):
        if not (key := _key(block)):
            continue
        single = re.search(r'^msgstr ((?:".*"\n?)+)', block, flags=re.M)
        plural = re.findall(r'^msgstr\[\d\] ((?:".*"\n?)+)', block, flags=re.M)
        entries[key] = [_unquote(single.group(1))] if single else [_unquote(p) for p in plural]
    return entries


def test_the_compiled_catalogue_matches_its_source():
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    entries = po_entries()
    assert entries
    for msgid, translations in entries.items():
        if CONTEXT in msgid:
            assert compiled.pgettext(*msgid.split(CONTEXT)) == translations[0], msgid
        elif len(translations) == 1:
            assert compiled.gettext(msgid) == translations[0], msgid
        else:
            assert [compiled.ngettext(msgid, msgid, n) for n in (1, 2)] == translations, msgid


def test_the_catalogue_translates_the_audit_trails_words():
    entries = po_entries()
    for msgid, english in {"Jejak audit": "Audit trail", "diubah": "updated", "(disembunyikan)": "(hidden)"}.items():
        assert entries[msgid] == [english]


def _flags(block: str) -> set[str]:
    return {flag.strip() for line in re.findall(r"^#,(.*)$", block, flags=re.M) for flag in line.split(",")}


def test_every_entry_is_translated_and_none_is_fuzzy():
    blocks = [b for b in (CATALOGUE / "django.po").read_text().split("\n\n") if re.search(r"^msgid ", b, flags=re.M)]
    assert not [b for b in blocks if "fuzzy" in _flags(b)]
    empty = [msgid for msgid, translations in po_entries().items() if not all(translations)]
    assert not empty, f"untranslated: {empty}"


SOURCES = (".py", ".html", ".txt")  # what makemessages reads for the django domain
NOT_SCANNED = {".git", ".venv", "bench", "tests", "locale", "staticfiles", "media", "__pycache__", "node_modules"}


def _sources_only(directory: str, names: list[str]) -> set[str]:
    return {
        name
        for name in names
        if name in NOT_SCANNED or (Path(directory, name).is_file() and not name.endswith(SOURCES))
    }


def marked_strings(tmp_path: Path) -> set[str]:
    """The msgids `make messages` would extract today, from a copy of the code (the
    repository's own catalogue is left alone)."""
    copy = tmp_path / "portal"
    shutil.copytree(settings.BASE_DIR, copy, ignore=_sources_only)
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "--ignore=bench"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return set(po_entries((copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()))


def test_every_string_marked_for_translation_has_an_english_entry(tmp_path):
    need(shutil.which("xgettext") is not None, "GNU gettext (xgettext) is not installed")
    translated = {msgid for msgid, translations in po_entries().items() if all(translations)}

    marked = marked_strings(tmp_path)
    missing = sorted(marked - translated)

    # Read through the aliases accounts/admin.py and trainings/services.py use.
    assert {"Pilih satu peran saja.", "tidak ditemukan"} <= marked

    assert not missing, f"marked but not in locale/en (run `make messages` and translate them): {missing}"


# %(name)s, %s, {{ name }}, {name}: what a translation must carry over from its source.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{\s*[\w.]+\s*\}\}|\{\w+\}")


def test_every_translation_keeps_the_placeholders_of_its_source():
    # A translation with another placeholder fails when it is shown (KeyError), and one that
    # drops a placeholder hides a figure; both come from a fuzzy guess taken as it was.
    wrong = []
    for key, translations in po_entries().items():
        source = set(PLACEHOLDER.findall(key.split(CONTEXT)[-1]))
        for translation in translations:
            found = set(PLACEHOLDER.findall(translation))
            # A plural form may leave the count out ("One row" for %(n)d rows), never add one.
            if found - source or (len(translations) == 1 and found != source):
                wrong.append(f"{key!r} -> {translation!r}")
    assert not wrong, "Translations whose placeholders differ from the source:\n" + "\n".join(wrong)
