"""What each role may do in the admin: Pimpinan reads, a bank liaison sees their bank only."""

import pytest
from auditlog.models import LogEntry

from accounts.models import User
from financing.models import Bank, LoanReferral, LoanReferralEvent, ReferralStatus
from financing.services import referral_transition
from participants.models import Participant
from tests.admin.conftest import admin_url, form_data
from trainings.models import TrainingBatch


def test_pimpinan_holds_only_view_permissions(pimpinan):
    perms = pimpinan.get_all_permissions()
    assert perms
    assert {p.split(".", 1)[1].split("_", 1)[0] for p in perms} == {"view"}


@pytest.mark.parametrize("attr", ["participant_ciputat", "batch_ciputat", "group_ciputat", "referral_bri"])
def test_pimpinan_cannot_change_or_delete(client, pimpinan, places, attr):
    obj = getattr(places, attr)
    client.force_login(pimpinan)
    assert client.post(admin_url(obj), {"name": "Diubah", "purpose": "Diubah"}).status_code == 403
    assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", [Participant, TrainingBatch, LoanReferral])
def test_pimpinan_cannot_add(client, pimpinan, places, model):
    client.force_login(pimpinan)
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "add"), {"name": "Baru"}).status_code == 403


def test_pimpinan_is_offered_no_actions(client, pimpinan, places):
    client.force_login(pimpinan)
    response = client.get(admin_url(LoanReferral, "changelist"))
    assert response.status_code == 200
    assert response.context["action_form"] is None or not response.context["cl"].actions


def _send(referral, staf):
    """Drafts stay with the department; a bank sees a referral once it is sent."""
    return referral_transition(referral=referral, to_status=ReferralStatus.REFERRED, user=staf)


def test_a_bank_liaison_does_not_see_the_departments_drafts(client, bank_bri, places):
    client.force_login(bank_bri)
    assert list(client.get(admin_url(LoanReferral, "changelist")).context["cl"].result_list) == []
    assert client.get(admin_url(places.referral_bri)).status_code == 404


def test_a_bank_liaison_lists_only_their_banks_referrals(client, bank_bri, staf, places):
    _send(places.referral_bri, staf)
    _send(places.referral_other, staf)
    client.force_login(bank_bri)
    rows = list(client.get(admin_url(LoanReferral, "changelist")).context["cl"].result_list)
    assert rows == [places.referral_bri]
    assert client.get(admin_url(places.referral_bri)).status_code == 200
    assert client.get(admin_url(places.referral_other)).status_code == 404
    assert client.get(admin_url(places.referral_other, "transition")).status_code == 404


def test_a_bank_liaison_sees_only_their_bank_and_its_status_history(client, bank_bri, bri, staf, places):
    _send(places.referral_bri, staf)
    _send(places.referral_other, staf)
    client.force_login(bank_bri)
    assert list(client.get(admin_url(Bank, "changelist")).context["cl"].result_list) == [bri]
    events = list(client.get(admin_url(LoanReferralEvent, "changelist")).context["cl"].result_list)
    assert set(events) == set(places.referral_bri.events.all())
    assert len(events) == 2


def test_a_bank_liaison_cannot_edit_the_request_itself(client, bank_bri, staf, places):
    _send(places.referral_bri, staf)
    client.force_login(bank_bri)
    data = form_data(client.get(admin_url(places.referral_bri)))
    response = client.post(admin_url(places.referral_bri), {**data, "purpose": "Lain", "amount_requested": "1"})
    assert response.status_code == 302
    places.referral_bri.refresh_from_db()
    assert places.referral_bri.purpose == "Modal"
    assert places.referral_bri.amount_requested == 5000000


def test_a_bank_liaison_reads_only_the_participants_referred_to_their_bank(client, bank_bri, staf, places):
    _send(places.referral_bri, staf)
    _send(places.referral_other, staf)
    client.force_login(bank_bri)
    rows = list(client.get(admin_url(Participant, "changelist")).context["cl"].result_list)
    assert rows == [places.participant_ciputat]
    assert client.get(admin_url(places.participant_pamulang)).status_code == 404
    assert client.post(admin_url(places.participant_ciputat), {"name": "Diubah"}).status_code == 403


@pytest.mark.parametrize(("who", "status"), [("admin_user", 200), ("staf", 200), ("petugas_ciputat", 403)])
def test_the_audit_trail_is_open_to_admin_and_staff(client, request, places, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(admin_url(LogEntry, "changelist")).status_code == status


def test_only_the_admin_manages_users(client, staf, admin_user):
    client.force_login(staf)
    assert client.get(admin_url(User, "changelist")).status_code == 403
    client.force_login(admin_user)
    assert client.get(admin_url(User, "changelist")).status_code == 200
