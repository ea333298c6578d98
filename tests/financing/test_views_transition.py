"""The bank's steps at /pembiayaan/<pk>/status/: review, approve with an amount, reject with a
reason, disburse, close; each through referral_transition, confirmed, in Indonesian."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from financing.models import ReferralStatus

pytestmark = pytest.mark.django_db

S = ReferralStatus


def url(referral, step: str = "") -> str:
    base = reverse("financing:transition", kwargs={"pk": referral.pk})
    return f"{base}?ke={step}" if step else base


def test_the_step_page_asks_to_confirm_and_moves_nothing_by_itself(client, bank_bri, loans):
    client.force_login(bank_bri)
    response = client.get(url(loans.review, S.APPROVED))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ya, catat “Disetujui”" in html
    assert "Jumlah disetujui (Rp)" in html
    loans.review.refresh_from_db()
    assert loans.review.status == S.UNDER_REVIEW


def test_a_bank_approves_with_an_amount_and_the_step_records_who_and_when(client, bank_bri, loans):
    client.force_login(bank_bri)
    response = client.post(url(loans.review), {"to_status": S.APPROVED, "amount": "8000000", "note": "Plafon KUR"})
    assert response.status_code == 302
    assert response["Location"] == reverse("financing:detail", kwargs={"pk": loans.review.pk})
    loans.review.refresh_from_db()
    assert (loans.review.status, loans.review.amount_approved) == (S.APPROVED, Decimal("8000000"))
    event = loans.review.events.last()
    assert (event.to_status, event.by, event.note) == (S.APPROVED, bank_bri, "Plafon KUR")
    assert "8000000" not in response["Location"]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "Isi jumlah yang disetujui bank."),
        ("8jt", "Tulis jumlah dalam rupiah, angka saja (misalnya 5000000)."),
        ("-5", "Jumlah tidak boleh negatif."),
        ("1.5", "Jumlah dalam rupiah bulat, tanpa sen."),
    ],
)
def test_approval_without_a_usable_amount_is_refused_and_keeps_what_was_typed(client, bank_bri, loans, amount, message):
    client.force_login(bank_bri)
    response = client.post(url(loans.review), {"to_status": S.APPROVED, "amount": amount, "note": "Catatan saya"})
    assert response.status_code == 200
    assert message in response.context["form"].errors["amount"]
    html = response.content.decode()
    assert "Catatan saya" in html
    assert f'value="{amount}"' in html or not amount
    loans.review.refresh_from_db()
    assert loans.review.status == S.UNDER_REVIEW


def test_rejection_needs_a_reason_and_records_it(client, bank_bri, loans):
    client.force_login(bank_bri)
    response = client.post(url(loans.review), {"to_status": S.REJECTED, "note": "  "})
    assert "Tuliskan alasan penolakan." in response.context["form"].errors["note"]
    loans.review.refresh_from_db()
    assert loans.review.status == S.UNDER_REVIEW
    client.post(url(loans.review), {"to_status": S.REJECTED, "note": "Riwayat kredit belum memenuhi."})
    loans.review.refresh_from_db()
    assert loans.review.status == S.REJECTED
    assert loans.review.events.last().note == "Riwayat kredit belum memenuhi."


def test_disbursing_offers_the_approved_amount_and_refuses_more(client, bank_bri, loans):
    client.force_login(bank_bri)
    page = client.get(url(loans.approved, S.DISBURSED))
    assert 'value="8750000"' in page.content.decode()
    response = client.post(url(loans.approved), {"to_status": S.DISBURSED, "amount": "9000000"})
    assert "Jumlah dicairkan melebihi jumlah yang disetujui." in response.context["form"].errors["amount"]
    client.post(url(loans.approved), {"to_status": S.DISBURSED, "amount": "8500000"})
    loans.approved.refresh_from_db()
    assert (loans.approved.status, loans.approved.amount_disbursed) == (S.DISBURSED, Decimal("8500000"))
    client.post(url(loans.approved), {"to_status": S.CLOSED})
    loans.approved.refresh_from_db()
    assert loans.approved.status == S.CLOSED
    assert "sudah selesai" in client.get(url(loans.approved)).content.decode()


def test_a_bank_cannot_record_the_departments_step(client, bank_bri, loans):
    client.force_login(bank_bri)
    response = client.post(url(loans.sent), {"to_status": S.DOCUMENTS_COMPLETE})
    assert response.status_code == 200
    assert "dicatat oleh Disperindag, bukan oleh bank" in response.content.decode()
    loans.sent.refresh_from_db()
    assert loans.sent.status == S.REFERRED


def test_a_jump_is_refused_in_indonesian(client, staf, loans):
    client.force_login(staf)
    response = client.post(url(loans.sent), {"to_status": S.APPROVED, "amount": "1000"})
    assert "Langkah itu tidak dapat Anda catat untuk rujukan ini sekarang." in response.content.decode()
    loans.sent.refresh_from_db()
    assert loans.sent.status == S.REFERRED


def test_staff_record_every_step(client, staf, loans):
    client.force_login(staf)
    client.post(url(loans.sent), {"to_status": S.DOCUMENTS_COMPLETE})
    client.post(url(loans.draft), {"to_status": S.REFERRED})
    loans.sent.refresh_from_db()
    loans.draft.refresh_from_db()
    assert (loans.sent.status, loans.draft.status) == (S.DOCUMENTS_COMPLETE, S.REFERRED)


def test_a_step_needs_the_csrf_token(bank_bri, loans):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(bank_bri)
    assert browser.post(url(loans.review), {"to_status": S.REJECTED, "note": "x"}).status_code == 403
    page = browser.get(url(loans.review, S.REJECTED))
    token = page.context["csrf_token"]
    response = browser.post(url(loans.review), {"to_status": S.REJECTED, "note": "x", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_bank_cannot_move_another_banks_referral(client, bank_bri, loans):
    client.force_login(bank_bri)
    assert client.post(url(loans.other), {"to_status": S.DOCUMENTS_COMPLETE}).status_code == 404
    loans.other.refresh_from_db()
    assert loans.other.status == S.REFERRED
