"""The referral list at /pembiayaan/: a bank liaison's work list, the department's view of all."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from financing.models import ReferralStatus
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("financing:list")
S = ReferralStatus


def rows(response) -> list:
    return list(response.context["page"].object_list)


def test_a_bank_liaison_lists_only_the_referrals_sent_to_their_bank(client, bank_bri, loans):
    client.force_login(bank_bri)
    response = client.get(URL)
    assert response.status_code == 200
    assert set(rows(response)) == {loans.sent, loans.review, loans.approved, loans.kub}
    html = response.content.decode()
    assert "Dina Empat" not in html and "Oki Lima" not in html
    assert "Draf" not in [label for _v, label in response.context["form"].fields["status"].choices]


def test_staff_list_every_referral_of_every_bank_and_drafts(client, staf, loans):
    client.force_login(staf)
    response = client.get(URL)
    assert len(rows(response)) == 6
    assert response.context["show_bank"]
    assert set(rows(client.get(URL, {"bank": loans.bni.pk}))) == {loans.other}
    assert set(rows(client.get(URL, {"status": S.DRAFT}))) == {loans.draft}


def test_field_officers_have_no_referral_pages(client, petugas_ciputat, loans):
    client.force_login(petugas_ciputat)
    assert client.get(URL).status_code == 403


def test_the_search_for_a_name_is_posted_and_stays_out_of_the_address(client, bank_bri, loans):
    client.force_login(bank_bri)
    response = client.post(URL, {"q": "rina", "status": ""})
    assert response.status_code == 302
    assert "rina" not in response["Location"].lower()
    assert "cari=" in response["Location"]
    found = client.get(response["Location"])
    assert rows(found) == [loans.review]
    assert 'value="rina"' in found.content.decode()  # the box keeps what was typed


def test_the_search_finds_a_kub_by_its_name(client, bank_bri, loans):
    client.force_login(bank_bri)
    found = client.get(client.post(URL, {"q": "Mawar Biru"})["Location"])
    assert rows(found) == [loans.kub]


def test_it_filters_by_status_and_sorts_by_status_or_date(client, bank_bri, loans):
    client.force_login(bank_bri)
    assert rows(client.get(URL, {"status": S.UNDER_REVIEW})) == [loans.review]
    by_status = rows(client.get(URL, {"sort": "status"}))
    assert [r.status for r in by_status] == [S.REFERRED, S.REFERRED, S.UNDER_REVIEW, S.APPROVED]
    oldest_first = rows(client.get(URL, {"sort": "dibuat"}))
    assert oldest_first == [loans.sent, loans.review, loans.approved, loans.kub]
    # A stale or forged filter is ignored, not an error.
    assert len(rows(client.get(URL, {"status": "nope", "sort": "x", "kecamatan": "abc"}))) == 4


def test_a_page_of_referrals_costs_the_same_queries_for_2_or_12_rows(client, bank_bri, bri):
    client.force_login(bank_bri)
    for _ in range(2):
        factories.LoanReferralFactory(bank=bri)
    group = factories.BusinessGroupFactory()
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(5):
        factories.LoanReferralFactory(bank=bri)
        factories.LoanReferralFactory(bank=bri, participant=None, group=group, kecamatan=group.kecamatan)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(rows(response)) == 12
    assert len(many.captured_queries) == len(few.captured_queries)


# --- several at once ---------------------------------------------------------------------


def test_a_bank_marks_several_referrals_under_review_after_confirming(client, bank_bri, staf, loans):
    from tests.financing.conftest import walk

    walk(loans.sent, [S.DOCUMENTS_COMPLETE], staf)
    walk(loans.kub, [S.DOCUMENTS_COMPLETE], staf)
    client.force_login(bank_bri)
    data = {"langkah": S.UNDER_REVIEW, "rujukan": [loans.sent.pk, loans.kub.pk]}
    confirm = client.post(URL, data)
    assert confirm.status_code == 200
    assert "Ya, ubah 2 rujukan" in confirm.content.decode()
    loans.sent.refresh_from_db()
    assert loans.sent.status == S.DOCUMENTS_COMPLETE  # nothing moves before the confirmation

    done = client.post(URL, {**data, "konfirmasi": "1"}, follow=True)
    assert "2 rujukan menjadi “Dalam penilaian bank”." in [str(m) for m in done.context["messages"]]
    for referral in (loans.sent, loans.kub):
        referral.refresh_from_db()
        assert referral.status == S.UNDER_REVIEW
        assert referral.events.last().by == bank_bri


def test_a_referral_that_cannot_take_the_step_is_named_and_left_alone(client, bank_bri, loans):
    client.force_login(bank_bri)
    data = {"langkah": S.DISBURSED, "rujukan": [loans.approved.pk, loans.review.pk], "konfirmasi": "1"}
    done = client.post(URL, data, follow=True)
    messages = [str(m) for m in done.context["messages"]]
    assert "1 rujukan menjadi “Dicairkan”." in messages
    assert any(str(loans.review) in m and "tidak bisa langsung" in m for m in messages)
    loans.approved.refresh_from_db()
    loans.review.refresh_from_db()
    assert (loans.approved.status, loans.approved.amount_disbursed) == (S.DISBURSED, Decimal("8750000"))
    assert loans.review.status == S.UNDER_REVIEW


def test_a_bank_cannot_take_a_department_step_for_several_at_once(client, bank_bri, loans):
    client.force_login(bank_bri)
    data = {"langkah": S.DOCUMENTS_COMPLETE, "rujukan": [loans.sent.pk], "konfirmasi": "1"}
    done = client.post(URL, data, follow=True)
    assert "Langkah itu tidak dapat Anda catat dari daftar." in [str(m) for m in done.context["messages"]]
    loans.sent.refresh_from_db()
    assert loans.sent.status == S.REFERRED


def test_a_bank_cannot_tick_another_banks_referral(client, bank_bri, loans):
    client.force_login(bank_bri)
    data = {"langkah": S.CLOSED, "rujukan": [loans.other.pk], "konfirmasi": "1"}
    done = client.post(URL, data, follow=True)
    assert "Ada rujukan yang tidak dapat Anda lihat." in " ".join(str(m) for m in done.context["messages"])
    loans.other.refresh_from_db()
    assert loans.other.status == S.REFERRED


def test_ticking_nothing_says_so(client, bank_bri, loans):
    client.force_login(bank_bri)
    done = client.post(URL + "?status=referred", {"langkah": S.CLOSED}, follow=True)
    assert done.redirect_chain[-1][0] == URL + "?status=referred"
    assert "Centang dulu rujukan yang akan diubah." in [str(m) for m in done.context["messages"]]


def test_staff_take_department_steps_for_several_at_once(client, staf, loans):
    client.force_login(staf)
    done = client.post(URL, {"langkah": S.REFERRED, "rujukan": [loans.draft.pk], "konfirmasi": "1"}, follow=True)
    assert "1 rujukan menjadi “Dirujuk”." in [str(m) for m in done.context["messages"]]
    loans.draft.refresh_from_db()
    assert loans.draft.status == S.REFERRED
