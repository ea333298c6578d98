"""Withdrawing the consent to share data with a bank ends the referrals the bank has not
decided yet (draft, referred, documents complete, under review), in the withdrawal's
transaction, with a history entry saying why, who and when; the bank then sees that the
referral ended, not who it was about, nor its documents."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from financing.models import DocumentKind, LoanReferralEvent, ReferralStatus
from financing.services import document_add, referral_create
from participants.models import Consent
from privacy import services as privacy_services
from tests.financing.conftest import TO_REVIEW, walk
from tests.financing.eligible import eligible_participant

pytestmark = pytest.mark.django_db

S = ReferralStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def refer(participant, bank, user, steps, amount=5_000_000, **amounts):
    referral = referral_create(
        participant=participant, bank=bank, purpose="Modal kerja", amount_requested=Decimal(amount), user=user
    )
    return walk(referral, steps, user, **amounts)


def withdraw(participant, user):
    consent = Consent.objects.get(participant=participant, purpose=Consent.Purpose.BANK_REFERRAL)
    return privacy_services.consent_withdraw(consent=consent, reason="Tidak ingin dirujuk lagi", user=user)


@pytest.fixture
def person(staf):
    return eligible_participant(name="Wulan Tarik", user=staf)


def test_undecided_referrals_end_as_cancelled_with_who_when_and_why(staf, bri, person):
    draft = refer(person, bri, staf, [])
    sent = refer(person, bri, staf, [S.REFERRED])
    review = refer(person, bri, staf, TO_REVIEW)
    approved = refer(person, bri, staf, [*TO_REVIEW, S.APPROVED], approved=Decimal(4_000_000))
    rejected = refer(person, bri, staf, [*TO_REVIEW, S.REJECTED])

    consent = withdraw(person, staf)

    for referral, was in ((draft, S.DRAFT), (sent, S.REFERRED), (review, S.UNDER_REVIEW)):
        referral.refresh_from_db()
        assert referral.status == S.CANCELLED
        event = LoanReferralEvent.objects.filter(referral=referral).latest("at", "pk")
        assert (event.from_status, event.to_status, event.by) == (was, S.CANCELLED, staf)
        assert event.at >= consent.withdrawn_at
        assert "menarik persetujuan berbagi data dengan bank" in event.note
        assert referral.allowed_next() == []
    # Decided by the bank already: left as they are, no new history.
    for referral, status in ((approved, S.APPROVED), (rejected, S.REJECTED)):
        referral.refresh_from_db()
        assert referral.status == status
        assert not LoanReferralEvent.objects.filter(referral=referral, to_status=S.CANCELLED).exists()


def test_the_cancellation_is_part_of_the_withdrawals_transaction(staf, bri, person):
    sent = refer(person, bri, staf, [S.REFERRED])
    with pytest.raises(RuntimeError), transaction.atomic():
        withdraw(person, staf)
        raise RuntimeError("the withdrawal's transaction fails")
    sent.refresh_from_db()
    assert sent.status == S.REFERRED
    assert Consent.objects.get(participant=person, purpose="bank_referral").withdrawn_at is None


def test_withdrawing_another_purpose_leaves_referrals_alone(staf, bri, person):
    sent = refer(person, bri, staf, [S.REFERRED])
    photos = Consent.objects.create(
        participant=person, purpose=Consent.Purpose.PHOTOS, granted_at=sent.created_at, method="form"
    )
    privacy_services.consent_withdraw(consent=photos, reason="Tidak mau difoto", user=staf)
    sent.refresh_from_db()
    assert sent.status == S.REFERRED


def test_a_withdrawal_request_closed_for_all_purposes_cancels_too(staf, bri, person):
    sent = refer(person, bri, staf, [S.REFERRED])
    request = privacy_services.request_create(participant=person, kind="withdrawal", channel="letter", user=staf)
    privacy_services.request_close(request=request, user=staf)
    sent.refresh_from_db()
    assert sent.status == S.CANCELLED


def test_the_bank_no_longer_sees_who_a_cancelled_referral_was_about(client, staf, bank_bri, bri, person):
    sent = refer(person, bri, staf, [S.REFERRED], amount=7_654_000)
    document = document_add(
        referral=sent,
        kind=DocumentKind.objects.get(code="ektp"),
        file=SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"),
        user=staf,
    )
    detail = reverse("financing:detail", args=[sent.pk])
    client.force_login(bank_bri)
    before = client.get(detail).content.decode()
    assert "Wulan Tarik" in before and "7.654.000" in before and document.file.url in before
    assert client.get(document.file.url).status_code == 200

    withdraw(person, staf)

    page = client.get(detail)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="cancelled-notice"' in html and "Dibatalkan" in html
    assert "Wulan Tarik" not in html and person.nik[-4:] not in html and "7.654.000" not in html
    assert document.file.url not in html and "Modal kerja" not in html
    assert client.get(document.file.url).status_code == 404
    assert client.get(reverse("financing:letter", args=[sent.pk])).status_code == 404
    listing = client.get(reverse("financing:list")).content.decode()
    assert f'data-referral="{sent.pk}"' in listing and "Wulan Tarik" not in listing and "7.654.000" not in listing
    board = client.get(reverse("financing:board")).content.decode()
    assert f'data-referral="{sent.pk}"' in board and "Wulan Tarik" not in board
    # Searching by the name no longer finds it.
    found = client.post(reverse("financing:list"), {"q": "Wulan"}, follow=True).content.decode()
    assert f'data-referral="{sent.pk}"' not in found
    # Nor the person's record through it.
    assert client.get(reverse("participants:detail", args=[person.pk])).status_code in (403, 404)

    # The department still sees everything, and why it ended.
    client.force_login(staf)
    html = client.get(detail).content.decode()
    assert "Wulan Tarik" in html and "7.654.000" in html and "menarik persetujuan" in html


def test_the_withdrawal_page_says_undecided_referrals_will_be_cancelled(client, staf, person):
    consent = Consent.objects.get(participant=person, purpose=Consent.Purpose.BANK_REFERRAL)
    client.force_login(staf)
    html = client.get(reverse("consents:withdraw", kwargs={"pk": person.pk, "consent_pk": consent.pk})).content
    assert "rujukannya yang belum diputuskan bank" in html.decode()


def test_the_banks_export_keeps_a_cancelled_referral_without_who_or_what(client, staf, bank_bri, bri, person):
    from tests.reports.test_export_lists import sheet
    from tests.reports.test_exports import export, table

    sent = refer(person, bri, staf, [S.REFERRED], amount=7_654_000)
    withdraw(person, staf)
    client.force_login(bank_bri)
    (row,) = table(sheet(export(client, bank_bri, "rujukan")))
    assert row["nomor"] == sent.pk and row["status"] == "Dibatalkan"
    assert "Wulan Tarik" not in str(row.values()) and not row["keperluan pinjaman"]
    assert not row["jumlah diajukan (Rp)"] and not row["NIK"]
    # Staff export it in full.
    client.force_login(staf)
    (row,) = table(sheet(export(client, staf, "rujukan")))
    assert row["pemohon"] == "Wulan Tarik" and row["jumlah diajukan (Rp)"] == 7_654_000


def test_the_banks_home_transition_and_bulk_pages_do_not_name_a_cancelled_referral(client, staf, bank_bri, bri, person):
    sent = refer(person, bri, staf, [S.REFERRED], amount=7_654_000)
    withdraw(person, staf)
    client.force_login(bank_bri)
    pages = [
        (client.get(reverse("home")), f'data-referral="{sent.pk}"'),
        (client.get(reverse("financing:transition", args=[sent.pk]) + "?ke=under_review"), "Dibatalkan"),
        (client.post(reverse("financing:list"), {"langkah": "closed", "rujukan": [sent.pk]}), f"#{sent.pk}"),
    ]
    for page, marker in pages:
        html = page.content.decode()
        assert page.status_code == 200 and marker in html
        assert "Wulan Tarik" not in html and "7.654.000" not in html
