"""One referral at /pembiayaan/<pk>/: the applicant, the loan, the history and the next steps."""

import pytest
from django.urls import reverse

from core.privacy import mask_value
from financing.models import ReferralStatus
from tests.financing.conftest import walk

pytestmark = pytest.mark.django_db

S = ReferralStatus


def url(referral) -> str:
    return reverse("financing:detail", kwargs={"pk": referral.pk})


def test_a_bank_reads_the_applicant_masked_with_an_age_and_the_whole_history(client, bank_bri, staf, loans):
    walk(loans.review, [S.REJECTED], staf)  # rejected, with the reason
    client.force_login(bank_bri)
    response = client.get(url(loans.review))
    assert response.status_code == 200
    html = response.content.decode()
    p = loans.review.participant
    for text in (
        "Rina Dua",
        "3674********",
        p.nik[-4:],
        mask_value(p.phone),
        response.context["r"].participant.kelurahan.name,
        "Ciputat",
        "Rp8.450.000",
        "Modal Rina Dua",
        "Dokumen lengkap",
        "Dalam penilaian bank",
        "Ditolak",
        "Usaha belum berjalan 6 bulan.",
        "staf",
    ):
        assert text in html, text
    assert p.nik not in html and p.phone not in html and p.address not in html
    assert "07-03-1988" not in html and "1988-03-07" not in html and "7 Maret 1988" not in html
    assert 'id="age">3' in html  # an age in years instead


def test_staff_read_the_full_nik_and_phone(client, staf, loans):
    client.force_login(staf)
    html = client.get(url(loans.sent)).content.decode()
    assert loans.sent.participant.nik in html and loans.sent.participant.phone in html


def test_a_kubs_referral_names_its_active_members(client, bank_bri, loans):
    client.force_login(bank_bri)
    html = client.get(url(loans.kub)).content.decode()
    assert "KUB Mawar Biru" in html
    for membership in loans.members:
        assert membership.participant.name in html
    assert "3 anggota aktif" in html


def test_a_bank_is_offered_only_the_banks_steps(client, bank_bri, staf, loans):
    client.force_login(bank_bri)
    assert client.get(url(loans.sent)).context["steps"] == []
    assert "dicatat oleh Disperindag" in client.get(url(loans.sent)).content.decode()
    assert client.get(url(loans.review)).context["steps"] == [S.APPROVED, S.REJECTED]
    client.force_login(staf)
    assert client.get(url(loans.sent)).context["steps"] == [S.DOCUMENTS_COMPLETE]


def test_another_banks_referral_and_a_draft_are_not_there_for_the_bank(client, bank_bri, loans):
    client.force_login(bank_bri)
    assert client.get(url(loans.other)).status_code == 404
    assert client.get(url(loans.draft)).status_code == 404


def test_leadership_and_field_officers_open_no_single_referral(client, pimpinan, petugas_ciputat, loans):
    for user in (pimpinan, petugas_ciputat):
        client.force_login(user)
        response = client.get(url(loans.approved))
        assert response.status_code == 403
        assert "Ani Tiga" not in response.content.decode()
