"""Loan referrals in the admin: created by the service, moved only one legal step at a time."""

from decimal import Decimal

from financing.models import LoanReferral, ReferralStatus
from regions.models import Kecamatan
from tests.admin.conftest import admin_url, form_data


def _action(client, action, *referrals):
    return client.post(
        admin_url(LoanReferral, "changelist"),
        {"action": action, "_selected_action": [r.pk for r in referrals]},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_referral_added_in_the_admin_takes_the_kecamatan_of_its_participant(client, staf, bri, places):
    client.force_login(staf)
    response = client.post(
        admin_url(LoanReferral, "add"),
        {
            "participant": places.participant_pamulang.pk,
            "bank": bri.pk,
            "purpose": "Alat jahit",
            "amount_requested": "2500000",
            "reason_to_refer": "Pelatihan dan kunjungan dicatat di kertas.",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
            "joint_liabilities-TOTAL_FORMS": "0",
            "joint_liabilities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    referral = LoanReferral.objects.get(purpose="Alat jahit")
    assert referral.override_reason == "Pelatihan dan kunjungan dicatat di kertas."
    assert referral.kecamatan == Kecamatan.objects.get(name="Pamulang")
    assert referral.status == ReferralStatus.DRAFT
    assert referral.created_by == staf
    assert [(e.to_status, e.by) for e in referral.events.all()] == [(ReferralStatus.DRAFT, staf)]


def test_the_admin_runs_the_eligibility_check_and_names_the_failed_points(client, staf, bri, places):
    client.force_login(staf)
    response = client.post(
        admin_url(LoanReferral, "add"),
        {
            "participant": places.participant_pamulang.pk,
            "bank": bri.pk,
            "purpose": "Tanpa alasan",
            "amount_requested": "2500000",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
            "joint_liabilities-TOTAL_FORMS": "0",
            "joint_liabilities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Syarat yang belum terpenuhi" in page and "Setuju datanya dibagikan ke bank" in page
    assert not LoanReferral.objects.filter(purpose="Tanpa alasan").exists()


def test_a_referral_is_for_a_participant_or_a_group_not_both(client, staf, bri, places):
    client.force_login(staf)
    response = client.post(
        admin_url(LoanReferral, "add"),
        {
            "participant": places.participant_ciputat.pk,
            "group": places.group_ciputat.pk,
            "bank": bri.pk,
            "purpose": "Dua pemohon",
            "amount_requested": "1000000",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
            "joint_liabilities-TOTAL_FORMS": "0",
            "joint_liabilities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "satu peserta atau satu KUB" in response.content.decode()
    assert not LoanReferral.objects.filter(purpose="Dua pemohon").exists()


def test_the_change_form_ignores_a_posted_status(client, staf, places):
    referral = places.referral_bri
    client.force_login(staf)
    data = form_data(client.get(admin_url(referral)))
    response = client.post(admin_url(referral), {**data, "status": ReferralStatus.APPROVED, "purpose": "Bahan"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.purpose == "Bahan"
    assert referral.status == ReferralStatus.DRAFT
    assert referral.events.count() == 1


def test_the_status_page_refuses_a_jump(client, staf, places):
    referral = places.referral_bri
    client.force_login(staf)
    response = client.post(
        admin_url(referral, "transition"), {"to_status": ReferralStatus.APPROVED, "amount": "5000000"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT
    assert referral.events.count() == 1


def test_the_status_page_moves_one_step_and_records_who(client, staf, places):
    referral = places.referral_bri
    client.force_login(staf)
    page = client.get(admin_url(referral, "transition"))
    assert [value for value, _label in page.context["form"].fields["to_status"].choices] == ["referred"]
    response = client.post(admin_url(referral, "transition"), {"to_status": ReferralStatus.REFERRED})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED
    assert referral.events.last().by == staf


def test_approval_on_the_status_page_needs_an_amount(client, staf, places):
    referral = places.referral_bri
    LoanReferral.objects.filter(pk=referral.pk).update(status=ReferralStatus.UNDER_REVIEW)
    client.force_login(staf)
    response = client.post(admin_url(referral, "transition"), {"to_status": ReferralStatus.APPROVED})
    assert response.status_code == 200
    assert "Isi jumlah yang disetujui bank." in response.context["form"].errors["amount"]
    response = client.post(
        admin_url(referral, "transition"), {"to_status": ReferralStatus.APPROVED, "amount": "4000000"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPROVED
    assert referral.amount_approved == Decimal("4000000")
    assert referral.events.last().by == staf


def test_rejection_needs_a_reason(client, staf, places):
    referral = places.referral_bri
    LoanReferral.objects.filter(pk=referral.pk).update(status=ReferralStatus.UNDER_REVIEW)
    client.force_login(staf)
    response = client.post(admin_url(referral, "transition"), {"to_status": ReferralStatus.REJECTED})
    assert "Tuliskan alasan penolakan." in response.context["form"].errors["note"]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.UNDER_REVIEW


def test_an_action_moves_the_referrals_it_may_and_names_those_it_may_not(client, staf, places):
    moved, stuck = places.referral_bri, places.referral_other
    LoanReferral.objects.filter(pk=stuck.pk).update(status=ReferralStatus.CLOSED)
    client.force_login(staf)
    response = _action(client, "mark_referred", moved, stuck)
    moved.refresh_from_db()
    stuck.refresh_from_db()
    assert moved.status == ReferralStatus.REFERRED
    assert stuck.status == ReferralStatus.CLOSED
    messages = _messages(response)
    assert any("1 rujukan" in m for m in messages)
    assert any(str(stuck) in m and "tidak bisa langsung" in m for m in messages)


def test_an_action_cannot_skip_steps(client, staf, places):
    referral = places.referral_bri
    client.force_login(staf)
    _action(client, "mark_closed", referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT
    assert referral.events.count() == 1


def test_pimpinan_cannot_move_a_referral(client, pimpinan, places):
    client.force_login(pimpinan)
    url = admin_url(places.referral_bri, "transition")
    assert client.post(url, {"to_status": ReferralStatus.REFERRED}).status_code == 403
    _action(client, "mark_referred", places.referral_bri)
    places.referral_bri.refresh_from_db()
    assert places.referral_bri.status == ReferralStatus.DRAFT


def test_the_change_page_links_to_the_status_page_and_the_audit_trail(client, staf, places):
    client.force_login(staf)
    page = client.get(admin_url(places.referral_bri)).content.decode()
    assert admin_url(places.referral_bri, "transition") in page
    assert admin_url(places.referral_bri, "auditlog") in page


def test_a_referral_past_draft_cannot_be_deleted(client, staf, places):
    referral = places.referral_bri
    LoanReferral.objects.filter(pk=referral.pk).update(status=ReferralStatus.REFERRED)
    client.force_login(staf)
    assert client.post(admin_url(referral, "delete"), {"post": "yes"}).status_code == 403
    assert LoanReferral.objects.filter(pk=referral.pk).exists()
