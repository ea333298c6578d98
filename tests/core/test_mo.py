"""core.mo compiles a .po into the .mo that Python's (and so Django's) gettext reads,
without GNU gettext."""

import gettext
import io
import shutil
import subprocess

from core.mo import compile_po, mo_bytes, po_parse
from tests.conftest import need

PO = r"""# A comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Simpan"
msgstr "Save"

msgid ""
"Satu kalimat yang "
"panjang “%(name)s”"
msgstr ""
"One long "
"sentence “%(name)s”"

msgid "%(n)s sesi"
msgid_plural "%(n)s sesi"
msgstr[0] "%(n)s session"
msgstr[1] "%(n)s sessions"

msgctxt "hari"
msgid "Minggu"
msgstr "Sunday"

#, fuzzy
msgid "Keluar"
msgstr "Leave"

#, python-format
msgid "Belum"
msgstr ""

msgid "Baris\n"
"kedua"
msgstr "Line\n"
"two"
"""


def translations(po: str) -> gettext.GNUTranslations:
    return gettext.GNUTranslations(io.BytesIO(mo_bytes(po_parse(po))))


def test_singular_plural_context_and_continued_lines_are_compiled():
    catalogue = translations(PO)
    assert catalogue.gettext("Simpan") == "Save"
    assert catalogue.gettext("Satu kalimat yang panjang “%(name)s”") == "One long sentence “%(name)s”"
    assert catalogue.ngettext("%(n)s sesi", "%(n)s sesi", 1) == "%(n)s session"
    assert catalogue.ngettext("%(n)s sesi", "%(n)s sesi", 3) == "%(n)s sessions"
    assert catalogue.pgettext("hari", "Minggu") == "Sunday"
    assert catalogue.gettext("Baris\nkedua") == "Line\ntwo"
    assert catalogue.info()["content-type"] == "text/plain; charset=UTF-8"


def test_fuzzy_and_untranslated_entries_are_left_out_as_msgfmt_does():
    catalogue = translations(PO)
    assert catalogue.gettext("Keluar") == "Keluar"
    assert catalogue.gettext("Belum") == "Belum"


def test_the_result_reads_the_same_as_gnu_msgfmt(tmp_path):
    need(shutil.which("msgfmt") is not None, "GNU gettext (msgfmt) is not installed")
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(tmp_path / "gnu.mo"), str(po)], check=True)
    ours = gettext.GNUTranslations(io.BytesIO(compile_po(po).read_bytes()))
    with open(tmp_path / "gnu.mo", "rb") as gnu:
        assert ours._catalog == gettext.GNUTranslations(gnu)._catalog
