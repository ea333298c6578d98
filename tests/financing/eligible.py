"""A participant who passes every point of the department's check, and a KUB that does."""

import datetime as dt

from django.utils import timezone

from groups.models import BusinessGroup
from participants.models import Consent
from tests import factories


def eligible_participant(*, name="Siti Eligibel", months_running=8, user=None):
    today = timezone.localdate()
    group = factories.BusinessGroupFactory(name=f"KUB {name}", status=BusinessGroup.Status.ACTIVE)
    participant = factories.ParticipantFactory(name=name)
    factories.EnrollmentFactory(participant=participant, completed=True)
    factories.MembershipFactory(group=group, participant=participant, role="ketua")
    BusinessGroup.objects.filter(pk=group.pk).update(status=BusinessGroup.Status.ACTIVE)
    business = factories.BusinessFactory(owner_participant=participant)
    factories.InventoryVisitFactory(business=business, visited_on=today - dt.timedelta(days=months_running * 31))
    factories.InventoryVisitFactory(business=business, visited_on=today - dt.timedelta(days=10))
    Consent.objects.create(
        participant=participant,
        purpose=Consent.Purpose.BANK_REFERRAL,
        granted_at=timezone.now(),
        recorded_by=user,
        method=Consent.Method.PAPER,
        wording_version="rujukan-bank-v1",
    )
    return participant


def eligible_group(*, name="KUB Siap Kredit"):
    today = timezone.localdate()
    group = factories.BusinessGroupFactory(name=name)
    factories.MembershipFactory(
        group=group, participant=factories.ParticipantFactory(name=f"Ketua {name}"), role="ketua"
    )
    BusinessGroup.objects.filter(pk=group.pk).update(status=BusinessGroup.Status.ACTIVE)
    group.refresh_from_db()
    business = factories.BusinessFactory(group=group)
    factories.InventoryVisitFactory(business=business, visited_on=today - dt.timedelta(days=300))
    factories.InventoryVisitFactory(business=business, visited_on=today - dt.timedelta(days=5))
    return group
