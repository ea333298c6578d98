"""What each role may do in the admin: Pimpinan and bank liaisons none of it (403); they read
and work in the portal (tests/financing, tests/participants, tests/groups)."""

import pytest
from auditlog.models import LogEntry

from accounts.models import User
from financing.models import Bank, LoanReferral, LoanReferralEvent, ReferralStatus
from financing.services import referral_transition
from participants.models import Participant
from tests.admin.conftest import admin_url
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
    response = client.post(
        admin_url(LoanReferral, "changelist"), {"action": "mark_referred", "_selected_action": [places.referral_bri.pk]}
    )
    assert response.status_code == 403
    places.referral_bri.refresh_from_db()
    assert places.referral_bri.status == ReferralStatus.DRAFT


def test_a_bank_liaison_gets_403_for_the_referrals_banks_and_people_of_their_bank(client, bank_bri, bri, staf, places):
    referral_transition(referral=places.referral_bri, to_status=ReferralStatus.REFERRED, user=staf)
    client.force_login(bank_bri)
    event = places.referral_bri.events.last()
    for url in (
        admin_url(LoanReferral, "changelist"),
        admin_url(places.referral_bri),
        admin_url(places.referral_bri, "transition"),
        admin_url(Bank, "changelist"),
        admin_url(bri),
        admin_url(LoanReferralEvent, "changelist"),
        admin_url(event),
        admin_url(Participant, "changelist"),
        admin_url(places.participant_ciputat),
    ):
        assert client.get(url).status_code == 403, url
    data = {"to_status": ReferralStatus.DOCUMENTS_COMPLETE, "purpose": "Lain", "amount_requested": "1"}
    assert client.post(admin_url(places.referral_bri), data).status_code == 403
    assert client.post(admin_url(places.referral_bri, "transition"), data).status_code == 403
    places.referral_bri.refresh_from_db()
    assert (places.referral_bri.status, places.referral_bri.purpose) == (ReferralStatus.REFERRED, "Modal")


@pytest.mark.parametrize(("who", "status"), [("admin_user", 200), ("staf", 200), ("petugas_ciputat", 403)])
def test_the_audit_trail_is_open_to_admin_and_staff(client, request, places, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(admin_url(LogEntry, "changelist")).status_code == status


def test_only_the_admin_manages_users(client, staf, admin_user):
    client.force_login(staf)
    assert client.get(admin_url(User, "changelist")).status_code == 403
    client.force_login(admin_user)
    assert client.get(admin_url(User, "changelist")).status_code == 200
