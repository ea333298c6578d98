"""Retention (UU 27/2022 Pasal 43–44): personal data whose purpose ended long enough ago is
anonymised or deleted, by the periods of settings.TANGSEL_RETENTION_YEARS, and each pass is
recorded (RetentionRun) for the staff page /privasi/retensi/.

- participant: nothing happened with the person for N years: their record unchanged, no
  training ended, no KUB membership active or ended, no visit to their own business, no
  referral made or open, no open request. They are anonymised
  (services.anonymise_participant): the figures stay, the person is gone.
- referral_documents: the scans of referrals rejected or closed N years ago are deleted
  (the checklist rows stay, so the referral's history still says what was handed in).
- consent_scans: the scan of a consent withdrawn N years ago is deleted (the row stays: the
  proof that consent was given and withdrawn, and when).

Safe to run twice: what was done is not found again.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.eligibility import OPEN_STATUSES
from financing.models import LoanReferral, ReferralDocument, ReferralStatus
from groups.models import Membership
from inventory.models import Business
from participants.models import Consent, Participant
from trainings.models import Enrollment

from . import services
from .models import RetentionRun, RightsRequest

LABELS = {
    "participant": _("Peserta tanpa kegiatan dianonimkan"),
    "referral_documents": _("Dokumen rujukan yang sudah ditutup dihapus"),
    "consent_scans": _("Pindaian persetujuan yang sudah ditarik dihapus"),
}
CHUNK = 200


def periods() -> list[tuple[str, str, int]]:
    """(kind, label, years) of every kind of data with a retention period."""
    return [(kind, str(LABELS.get(kind, kind)), years) for kind, years in settings.TANGSEL_RETENTION_YEARS.items()]


def _cutoff(years: int, now: dt.datetime) -> dt.datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def expired_participants(cutoff: dt.datetime):
    day = timezone.localdate(cutoff)
    person = OuterRef("pk")
    recent = [
        Enrollment.objects.filter(participant=person, batch__end_date__gte=day),
        Membership.objects.filter(Q(left_on__isnull=True) | Q(left_on__gte=day), participant=person),
        Business.objects.filter(owner_participant=person, last_visited_on__gte=day),
        LoanReferral.objects.filter(Q(created_at__gte=cutoff) | Q(status__in=OPEN_STATUSES), participant=person),
        RightsRequest.objects.filter(participant=person, status=RightsRequest.Status.OPEN),
    ]
    qs = Participant.objects.filter(anonymised_at__isnull=True, created_at__lt=cutoff, updated_at__lt=cutoff)
    for activity in recent:
        qs = qs.filter(~Exists(activity))
    return qs.order_by("pk")


def _participants(cutoff: dt.datetime, by) -> int:
    count = 0
    while True:
        pks = list(expired_participants(cutoff).values_list("pk", flat=True)[:CHUNK])
        if not pks:
            return count
        for participant in Participant.objects.filter(pk__in=pks):
            services.anonymise_participant(participant, by=by)
            count += 1


def _referral_documents(cutoff: dt.datetime) -> int:
    documents = ReferralDocument.objects.filter(
        referral__status__in=[ReferralStatus.REJECTED, ReferralStatus.CLOSED],
        referral__status_changed_at__lt=cutoff,
    ).exclude(file="")
    count = 0
    for document in documents.iterator(chunk_size=CHUNK):
        name = document.file.name
        ReferralDocument.objects.filter(pk=document.pk).update(file="")
        transaction.on_commit(lambda name=name, storage=document.file.storage: storage.delete(name))
        count += 1
    return count


def _consent_scans(cutoff: dt.datetime) -> int:
    consents = Consent.objects.filter(withdrawn_at__lt=cutoff).exclude(scan="")
    count = 0
    for consent in consents.iterator(chunk_size=CHUNK):
        name = consent.scan.name
        Consent.objects.filter(pk=consent.pk).update(scan="")
        transaction.on_commit(lambda name=name, storage=consent.scan.storage: storage.delete(name))
        count += 1
    return count


SWEEPS = {"participant": _participants, "referral_documents": _referral_documents, "consent_scans": _consent_scans}


def run(*, by=None, now: dt.datetime | None = None) -> RetentionRun:
    now = now or timezone.now()
    record = RetentionRun.objects.create(started_at=now, started_by=by)
    results = {}
    try:
        for kind, label, years in periods():
            sweep = SWEEPS.get(kind)
            if sweep is None:
                continue
            cutoff = _cutoff(years, now)
            with transaction.atomic():
                count = sweep(cutoff, by) if kind == "participant" else sweep(cutoff)
            results[kind] = {"label": label, "years": years, "count": count}
    except Exception as exc:
        record.results, record.error = results, f"{type(exc).__name__}"
        record.save(update_fields=["results", "error"])
        raise
    record.results, record.finished_at = results, timezone.now()
    record.save(update_fields=["results", "finished_at"])
    return record
