"""A referral from draft to disbursed: staff make it on a phone (eligibility, programme, a scan,
the department's steps), the bank liaison takes it from review to disbursed."""

import pytest
from django.urls import reverse

from financing.models import DocumentView, KurProgramme, LoanReferral, ReferralStatus
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.financing.eligible import eligible_participant
from tests.financing.test_documents import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = ReferralStatus


def step(page, label: str, **fields):
    page.click(f"#steps >> text={label}")
    page.wait_for_selector("#transition-form")
    assert_phone_friendly(page)
    for selector, value in fields.items():
        if selector.startswith("select:"):
            page.select_option(selector[len("select:") :], str(value))
        else:
            page.fill(selector, str(value))
    page.click("#transition-form button[type=submit]")
    page.wait_for_selector(f"text=Status rujukan diubah menjadi “{label}”.")


def test_a_referral_from_draft_to_disbursed(phone_page, page, staf, bank_bri, bri, tmp_path):
    person = eligible_participant(name="Nur Aisyah Pipeline")
    mikro = KurProgramme.objects.get(name="KUR Mikro")

    # Staff, on a phone: find the person, read the check, make the referral.
    p = phone_page
    login(p, "staf")
    p.goto("/pembiayaan/")
    with p.expect_navigation():
        p.click("#new-link")
    assert_phone_friendly(p)
    p.fill("#id_cari", "Aisyah")
    p.click("#pick-form button[type=submit]")
    p.click("#found-people >> text=Nur Aisyah Pipeline")
    p.wait_for_selector("#eligibility")
    assert p.locator("#eligibility [data-passed='1']").count() == 7
    assert_phone_friendly(p)
    p.select_option("#id_bank", str(bri.pk))
    p.select_option("#id_programme", str(mikro.pk))
    p.fill("#id_amount_requested", "5000000")  # below the Mikro band
    p.fill("#id_purpose", "Mesin jahit obras")
    p.click("#referral-form button[type=submit]")
    assert "harus antara Rp10.000.001 dan Rp100.000.000" in p.locator("#referral-form").inner_text()
    p.fill("#id_amount_requested", "25000000")
    p.click("#referral-form button[type=submit]")
    p.wait_for_selector("text=dibuat sebagai draf")
    referral = LoanReferral.objects.get(participant=person)
    assert_phone_friendly(p)

    # The checklist: a PDF of the e-KTP; the letter lists it.
    scan = tmp_path / "ktp.pdf"
    scan.write_bytes(PDF)
    p.select_option("#id_kind", label="e-KTP")
    p.set_input_files("#id_file", str(scan))
    p.click("#upload-form button[type=submit]")
    p.wait_for_selector("text=Dokumen “e-KTP” diunggah.")
    assert p.locator("[data-kind=ektp] [data-document]").count() == 1
    step(p, "Dirujuk", **{"#id_note": "Berkas awal lengkap"})
    step(p, "Dokumen lengkap")
    p.click("#letter-link")
    p.wait_for_selector("#letter")
    assert person.nik in p.locator("#letter-applicant").inner_text()
    assert "e-KTP" in p.locator("#letter-documents").inner_text()
    assert_phone_friendly(p)

    # The bank liaison: the board, the document, its steps.
    b = page
    login(b, "bank.bri")
    b.goto(reverse("financing:board"))
    column = b.locator("[data-column=documents_complete]")
    column.locator("text=Nur Aisyah Pipeline").click()
    b.wait_for_url(f"**/pembiayaan/{referral.pk}/")
    with b.expect_download() as download:
        b.click("[data-kind=ektp] [data-document]")
    assert download.value.path().read_bytes() == PDF
    assert DocumentView.objects.filter(by=bank_bri).count() == 1
    step(b, "Dalam penilaian bank")
    step(b, "Disetujui", **{"#id_amount": "20000000", "select:#id_programme": mikro.pk})
    step(b, "Dicairkan", **{"#id_disbursed_on": "2026-11-30"})
    referral.refresh_from_db()
    assert (referral.status, referral.amount_approved, referral.amount_disbursed) == (
        S.DISBURSED,
        20_000_000,
        20_000_000,
    )
    assert [e.by.username for e in referral.events.order_by("at", "pk")] == [
        "staf",
        "staf",
        "staf",
        "bank.bri",
        "bank.bri",
        "bank.bri",
    ]


def test_the_board_and_a_group_referral_on_a_phone(phone_page, staf, bri):
    from decimal import Decimal

    from financing.services import referral_create
    from groups.models import BusinessGroup

    ketua = eligible_participant(name="Ketua Papan Kelompok")
    group = BusinessGroup.objects.get(memberships__participant=ketua)
    referral = referral_create(
        bank=bri, purpose="Modal kelompok", amount_requested=Decimal(60_000_000), user=staf, group=group
    )
    p = phone_page
    login(p, "staf")
    p.goto(reverse("financing:board"))
    assert p.locator("[data-column=draft] [data-referral]").count() == 1
    assert_phone_friendly(p)
    p.click(f"[data-referral='{referral.pk}'] a")
    p.wait_for_selector("#group-kur")
    assert_phone_friendly(p)
    p.check(f"#agree-{ketua.pk}")
    p.click("#liability-form button[type=submit]")
    p.wait_for_selector("text=1 persetujuan tanggung renteng dicatat.")
    p.click("#group-letter-link")
    p.wait_for_selector("#group-letter")
    assert "Ketua Papan Kelompok" in p.locator("#group-letter-ketua").inner_text()
    assert_phone_friendly(p)
