"""The department's check before a referral: each point passes, fails with its name, or is overridden."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from financing import eligibility
from financing.models import KurProgramme, ReferralStatus
from financing.services import referral_create, referral_transition
from groups.models import BusinessGroup
from inventory.models import InventoryVisit
from participants.models import Consent, Participant
from tests import factories
from tests.financing.eligible import eligible_group, eligible_participant

pytestmark = pytest.mark.django_db


def failed(person_or_group):
    kwargs = (
        {"group": person_or_group} if isinstance(person_or_group, BusinessGroup) else {"participant": person_or_group}
    )
    return {p.code for p in eligibility.check(**kwargs).failed}


def test_an_eligible_participant_passes_every_point():
    result = eligibility.check(participant=eligible_participant())
    assert result.ok, result.summary()
    assert [p.code for p in result.points] == [
        "nik",
        "trained",
        "member",
        "running",
        "six_months",
        "no_open",
        "consent",
    ]


def test_a_nik_that_does_not_match_the_birth_date_fails():
    p = eligible_participant()
    Participant.objects.filter(pk=p.pk).update(birth_date=dt.date(1970, 1, 1))
    p.refresh_from_db()
    assert failed(p) == {"nik"}


def test_no_completed_training_fails():
    p = eligible_participant()
    p.enrollments.update(completed=False)
    assert failed(p) == {"trained"}


def test_not_an_active_member_of_an_active_kub_fails():
    p = eligible_participant()
    p.memberships.update(left_on=timezone.localdate())
    assert "member" in failed(p)
    q = eligible_participant(name="Rina Forming")
    BusinessGroup.objects.filter(memberships__participant=q).update(status=BusinessGroup.Status.FORMING)
    assert failed(q) == {"member"}


def test_latest_visit_not_running_fails():
    p = eligible_participant()
    business = p.businesses.get()
    factories.InventoryVisitFactory(
        business=business, visited_on=timezone.localdate(), status=InventoryVisit.Status.CLOSED
    )
    assert failed(p) == {"running"}
    point = next(x for x in eligibility.check(participant=p).points if x.code == "running")
    assert "Tutup" in point.detail


def test_running_less_than_six_months_fails():
    p = eligible_participant(months_running=4)
    assert failed(p) == {"six_months"}


def test_never_visited_fails_both_business_points():
    p = eligible_participant()
    InventoryVisit.objects.filter(business__owner_participant=p).delete()
    assert failed(p) == {"running", "six_months"}


def test_an_open_referral_fails_and_a_closed_one_does_not(staf, bri):
    p = eligible_participant()
    first = referral_create(bank=bri, purpose="Modal", amount_requested=Decimal(5_000_000), user=staf, participant=p)
    assert failed(p) == {"no_open"}
    referral_transition(referral=first, to_status=ReferralStatus.REFERRED, user=staf)
    assert failed(p) == {"no_open"}
    first.status = ReferralStatus.CLOSED
    first.save()
    assert failed(p) == set()


def test_consent_missing_or_withdrawn_fails():
    p = eligible_participant()
    Consent.objects.filter(participant=p).update(withdrawn_at=timezone.now())
    assert failed(p) == {"consent"}
    Consent.objects.filter(participant=p).delete()
    Consent.objects.create(
        participant=p, purpose=Consent.Purpose.PHOTOS, granted_at=timezone.now(), wording_version="foto-v1"
    )
    assert failed(p) == {"consent"}  # another purpose is not consent to share with a bank


def test_a_kub_referral_checks_the_kub():
    group = eligible_group()
    assert eligibility.check(group=group).ok
    BusinessGroup.objects.filter(pk=group.pk).update(status=BusinessGroup.Status.FORMING)
    group.refresh_from_db()
    assert failed(group) == {"kub_active"}


def test_a_failed_point_refuses_the_referral_with_its_name(staf, bri):
    p = eligible_participant()
    p.enrollments.update(completed=False)
    with pytest.raises(ValidationError) as caught:
        referral_create(
            bank=bri,
            purpose="Modal",
            amount_requested=Decimal(5_000_000),
            user=staf,
            participant=p,
            check_eligibility=True,
        )
    message = " ".join(caught.value.message_dict["override_reason"])
    assert "Sudah lulus pelatihan" in message
    assert "Setuju datanya" not in message  # only the failed points are named


def test_staff_override_with_a_reason_is_recorded(staf, bri):
    p = eligible_participant()
    p.enrollments.update(completed=False)
    referral = referral_create(
        bank=bri,
        purpose="Modal",
        amount_requested=Decimal(5_000_000),
        user=staf,
        participant=p,
        check_eligibility=True,
        override_reason="Pelatihan selesai minggu lalu; nilai belum diinput.",
    )
    assert referral.override_reason == "Pelatihan selesai minggu lalu; nilai belum diinput."
    first = referral.events.get()
    assert "Sudah lulus pelatihan" in first.note
    assert "nilai belum diinput" in first.note
    assert first.by == staf


def test_an_eligible_referral_keeps_no_override(staf, bri):
    p = eligible_participant()
    referral = referral_create(
        bank=bri,
        purpose="Modal",
        amount_requested=Decimal(5_000_000),
        user=staf,
        participant=p,
        check_eligibility=True,
        override_reason="tidak perlu",
        programme=KurProgramme.objects.get(name="KUR Super Mikro"),
    )
    assert referral.override_reason == ""
    assert referral.events.get().note == ""


def test_months_ago_handles_month_ends():
    assert eligibility.months_ago(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert eligibility.months_ago(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)
