"""Writes for UU 27/2022: consents per purpose (grant, withdraw), data subjects' requests
(log, close) and what closing does for each kind, restriction of processing, and the
anonymisation of a person that keeps every aggregate figure.

Consent (Pasal 20–25): each purpose separately, on a versioned wording, with proof (who, when,
how: the portal's form or a paper form's scan); a participant under 18 consents through a
parent or guardian, named with their relation. Withdrawing keeps the row (the proof) and
stops the use: the catalogue drops the name, a referral is refused (financing.services),
withdrawing the programme itself restricts all processing.

Anonymisation replaces what identifies the person and keeps what the figures count: the
kelurahan, the sex, the birth year and month (age bands stay), the trainings, memberships,
visits and referrals. The NIK becomes a placeholder of the same structure whose district code
is 99 (no kecamatan of Tangsel has it, so no real NIK collides) and whose date part agrees with
the kept birth month; a business of the inventory whose owner NIK was the person's gets the
same placeholder, so the 2% indicator still counts the person once.
"""

import datetime as dt

from auditlog.context import disable_auditlog, set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from core.privacy import age
from financing.models import JointLiability, LoanReferral, ReferralDocument
from groups.models import Membership
from inventory.models import Business, InventoryVisit
from participants.models import Consent, ConsentWording, Participant
from records.recycle import purge_for_participant
from trainings.models import Attendance, Enrollment

from .models import RestrictionLift, RightsRequest

ADULT_AGE = 18
PLACEHOLDER_DISTRICT = "367499"
ANONYMISED = "(dianonimkan)"
ANONYMOUS_NAME = "Peserta anonim #{pk}"
# The participant's own fields an audit entry may hold a value of.
PERSONAL_FIELDS = ("nik", "name", "phone", "address", "birth_date")
# Fields of their records (consents, businesses, visits, documents) whose audited values are withheld.
SCRUBBED_FIELDS = (*PERSONAL_FIELDS, "guardian_name", "scan", "owner_name", "owner_nik", "evidence_photo", "file")


class ProcessingStopped(ValidationError):
    """The person asked to restrict or object, or was anonymised: no new processing."""


def check_processing_allowed(participant: Participant) -> None:
    """Raise ProcessingStopped for a participant whose data may not be processed further
    (a new enrolment, a referral): called by those services. Read from the database, not the
    instance passed, which may predate the request."""
    participant = Participant.objects.only("anonymised_at", "processing_restricted").get(pk=participant.pk)
    if participant.anonymised_at is not None:
        raise ProcessingStopped(_("Data peserta ini sudah dianonimkan; tidak dapat diproses lagi."), code="anonymised")
    if participant.processing_restricted:
        raise ProcessingStopped(
            _("Pemrosesan data peserta ini dibatasi atas permintaan yang bersangkutan."), code="restricted"
        )


# --- consent ---------------------------------------------------------------------------------


def current_wording(purpose: str) -> ConsentWording | None:
    today = timezone.localdate()
    return ConsentWording.objects.filter(purpose=purpose, valid_from__lte=today).order_by("-valid_from", "-pk").first()


def needs_guardian(participant: Participant, *, on: dt.date | None = None) -> bool:
    return age(participant.birth_date, on=on) < ADULT_AGE


def consent_grant_check(
    *,
    participant: Participant,
    purpose: str,
    wording: ConsentWording,
    method: str,
    granted_at: dt.datetime,
    scan=None,
    guardian_name: str = "",
    guardian_relation: str = "",
) -> None:
    """The rules of a consent, raised as a ValidationError by field: consent_grant's own, which the
    admin's form asks as well before anything (a scan's file included) is written."""
    errors = {}
    if participant.anonymised_at is not None:
        raise ValidationError(_("Data peserta ini sudah dianonimkan."), code="anonymised")
    if wording.purpose != purpose:
        errors["wording"] = _("Naskah ini untuk keperluan lain.")
    if method == Consent.Method.PAPER and not scan:
        errors["scan"] = _("Unggah pindaian formulir kertas yang ditandatangani.")
    if needs_guardian(participant, on=timezone.localdate(granted_at)):
        if not guardian_name.strip():
            errors["guardian_name"] = _("Peserta belum 18 tahun: persetujuan diberikan oleh orang tua atau wali.")
        if not guardian_relation.strip():
            errors["guardian_relation"] = _("Tuliskan hubungan orang tua/wali dengan peserta.")
    if Consent.objects.filter(participant=participant, purpose=purpose, withdrawn_at__isnull=True).exists():
        errors["purpose"] = _("Persetujuan untuk keperluan ini sudah tercatat dan masih berlaku.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consent_grant(
    *,
    participant: Participant,
    purpose: str,
    wording: ConsentWording,
    method: str,
    user,
    granted_at: dt.datetime | None = None,
    scan=None,
    guardian_name: str = "",
    guardian_relation: str = "",
) -> Consent:
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    granted_at = granted_at or timezone.now()
    guardian_name, guardian_relation = guardian_name.strip(), guardian_relation.strip()
    consent_grant_check(
        participant=participant,
        purpose=purpose,
        wording=wording,
        method=method,
        granted_at=granted_at,
        scan=scan,
        guardian_name=guardian_name,
        guardian_relation=guardian_relation,
    )
    consent = Consent(
        participant=participant,
        purpose=purpose,
        granted_at=granted_at,
        recorded_by=user,
        method=method,
        wording=wording,
        wording_version=wording.version,
        guardian_name=guardian_name,
        guardian_relation=guardian_relation,
    )
    if scan:
        consent.scan = scan
    with set_actor(user):
        consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, reason: str, user, at: dt.datetime | None = None) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan atau cara penarikan disampaikan.")})
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Persetujuan ini sudah ditarik."), code="already_withdrawn")
    at = at or timezone.now()
    if at < consent.granted_at:
        raise ValidationError({"at": _("Waktu penarikan tidak boleh sebelum waktu persetujuan.")})
    consent.withdrawn_at, consent.withdrawn_reason, consent.withdrawn_by = at, reason, user
    with set_actor(user):
        consent.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_by"])
        if consent.purpose == Consent.Purpose.PROGRAMME:
            # Without the programme's consent there is no basis to process anything further.
            _set_restricted(consent.participant, True)
    if consent.purpose == Consent.Purpose.BANK_REFERRAL:
        # Processing stops with the withdrawal: the referrals the bank has not decided end now.
        from financing.services import referrals_cancel_for_withdrawn_consent

        referrals_cancel_for_withdrawn_consent(participant=consent.participant, user=user, at=at)
    return consent


def _set_restricted(participant: Participant, restricted: bool) -> None:
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.processing_restricted == restricted:
        return
    participant.processing_restricted = restricted
    participant.restricted_at = timezone.now() if restricted else None
    participant.save(update_fields=["processing_restricted", "restricted_at", "updated_at"])


@transaction.atomic
def participant_restrict(*, participant: Participant, user, restricted: bool = True) -> None:
    with set_actor(user):
        _set_restricted(participant, restricted)


def may_lift_restriction(user) -> bool:
    """Lifting a restriction is an administrator's decision (the data protection officer's)."""
    return bool(user is not None and user.is_authenticated and user.role == roles.ADMIN)


@transaction.atomic
def restriction_lift(
    *, participant: Participant, user, reason: str, request: RightsRequest | None = None
) -> RestrictionLift:
    """Lift the restriction of processing, with the reason, who and when (a RestrictionLift row
    and the participant's audit entry). Refused for an anonymised person (it is for good), a
    participant not restricted, while a restriction or objection request is still open (closing
    it would restrict again), and while the programme consent stays withdrawn (there is no basis
    to process: record a new consent first)."""
    from django.core.exceptions import PermissionDenied

    if not may_lift_restriction(user):
        raise PermissionDenied
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    reason = reason.strip()
    if participant.anonymised_at is not None:
        raise ValidationError(_("Data peserta ini sudah dianonimkan; pembatasannya tetap."), code="anonymised")
    if not participant.processing_restricted:
        raise ValidationError(_("Pemrosesan data peserta ini tidak sedang dibatasi."), code="not_restricted")
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pencabutan pembatasan.")})
    still_open = RightsRequest.objects.filter(
        participant=participant,
        status=RightsRequest.Status.OPEN,
        kind__in=[RightsRequest.Kind.RESTRICTION, RightsRequest.Kind.OBJECTION],
    )
    if still_open.exists():
        raise ValidationError(
            _("Masih ada permintaan pembatasan atau keberatan yang terbuka; tutup dulu permintaan itu."),
            code="request_open",
        )
    programme = Consent.objects.filter(participant=participant, purpose=Consent.Purpose.PROGRAMME)
    if (
        programme.filter(withdrawn_at__isnull=False).exists()
        and not programme.filter(withdrawn_at__isnull=True).exists()
    ):
        raise ValidationError(
            _("Persetujuan mengikuti program sudah ditarik; catat persetujuan baru sebelum mencabut pembatasan."),
            code="programme_withdrawn",
        )
    if request is not None and (
        request.participant_id != participant.pk
        or request.kind not in (RightsRequest.Kind.RESTRICTION, RightsRequest.Kind.OBJECTION)
    ):
        request = None
    with set_actor(user):
        lift = RestrictionLift.objects.create(
            participant=participant,
            restricted_at=participant.restricted_at,
            lifted_at=timezone.now(),
            lifted_by=user,
            reason=reason,
            request=request,
        )
        _set_restricted(participant, False)
    return lift


# --- rights requests -------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *,
    participant: Participant,
    kind: str,
    channel: str,
    user,
    received_at: dt.datetime | None = None,
    purpose: str = "",
    notes: str = "",
) -> RightsRequest:
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"received_at": _("Waktu diterima tidak boleh di masa depan.")})
    if purpose and kind != RightsRequest.Kind.WITHDRAWAL:
        purpose = ""
    with set_actor(user):
        return RightsRequest.objects.create(
            participant=participant,
            kind=kind,
            channel=channel,
            received_at=received_at,
            purpose=purpose,
            notes=notes.strip(),
            created_by=user,
        )


def changes_since(participant: Participant, since: dt.datetime) -> list[str]:
    """The fields of the participant's record changed since `since`, by their labels (a
    correction's proof); values are not repeated (they are in the audit trail, masked)."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant),
        object_pk=str(participant.pk),
        action=LogEntry.Action.UPDATE,
        timestamp__gte=since,
    )
    fields = []
    for entry in entries.order_by("timestamp"):
        for name in entry.changes or {}:
            try:
                label = str(Participant._meta.get_field(name).verbose_name)
            except Exception:  # noqa: BLE001 - a field since removed
                label = name
            if label not in fields and name not in ("updated_at", "real_until"):
                fields.append(label)
    return fields


@transaction.atomic
def request_close(*, request: RightsRequest, user, outcome: str = "", refuse: bool = False) -> RightsRequest:
    """Close a request and do what its kind asks: deletion anonymises the person, restriction
    and objection stop processing, withdrawal withdraws the consents (one purpose or all),
    correction records the fields changed since the request arrived. A refusal needs its
    reason and does nothing else."""
    request = RightsRequest.objects.select_for_update().select_related("participant").get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(_("Permintaan ini sudah ditutup."), code="closed")
    outcome = outcome.strip()
    participant = request.participant
    Kind = RightsRequest.Kind
    if refuse:
        if not outcome:
            raise ValidationError({"outcome": _("Tuliskan alasan penolakan.")})
    elif request.kind == Kind.DELETION:
        anonymise_participant(participant, by=user, request=request)
        outcome = outcome or _("Data pribadi dianonimkan; angka program tetap.")
    elif request.kind in (Kind.RESTRICTION, Kind.OBJECTION):
        participant_restrict(participant=participant, user=user)
        outcome = outcome or _("Pemrosesan data dibatasi: tidak ada pendaftaran, rujukan, atau ekspor baru.")
    elif request.kind == Kind.WITHDRAWAL:
        consents = Consent.objects.filter(participant=participant, withdrawn_at__isnull=True)
        if request.purpose:
            consents = consents.filter(purpose=request.purpose)
        withdrawn = [
            consent_withdraw(consent=c, reason=_("Permintaan #%(pk)s") % {"pk": request.pk}, user=user)
            for c in consents
        ]
        outcome = outcome or _("Persetujuan ditarik: %(purposes)s.") % {
            "purposes": ", ".join(str(c.get_purpose_display()) for c in withdrawn) or "—"
        }
    elif request.kind == Kind.CORRECTION:
        changed = changes_since(participant, request.received_at)
        if not changed and not outcome:
            raise ValidationError(
                {
                    "outcome": _(
                        "Belum ada perubahan data sejak permintaan diterima; ubah datanya dulu atau tuliskan hasilnya."
                    )
                }
            )
        if changed:
            outcome = (outcome + "\n" if outcome else "") + _("Diubah: %(fields)s.") % {"fields": ", ".join(changed)}
    elif not outcome:
        outcome = _("Berkas akses diserahkan kepada yang bersangkutan.")
    request.status = RightsRequest.Status.REFUSED if refuse else RightsRequest.Status.DONE
    request.outcome = outcome
    request.handled_by = user
    request.closed_at = timezone.now()
    with set_actor(user):
        request.save(update_fields=["status", "outcome", "handled_by", "closed_at"])
    return request


# --- anonymisation ---------------------------------------------------------------------------


def placeholder_birth_date(birth_date: dt.date) -> dt.date:
    return birth_date.replace(day=1)


def placeholder_nik(*, birth_date: dt.date, sex: str) -> str:
    """A NIK no one has (district 99), of the right structure and agreeing with the birth date
    and sex kept: free serials are found under a row lock of the participant being changed."""
    day = birth_date.day + (40 if sex == Participant.Sex.FEMALE else 0)
    prefix = f"{PLACEHOLDER_DISTRICT}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"
    taken = set(Participant.objects.filter(nik__startswith=prefix).values_list("nik", flat=True))
    for serial in range(1, 10000):
        nik = f"{prefix}{serial:04d}"
        if nik not in taken:
            return nik
    raise ValidationError(_("Tidak ada NIK pengganti yang tersisa untuk tanggal lahir ini."))


def _delete_file(field_file) -> bool:
    if not field_file:
        return False
    field_file.storage.delete(field_file.name)
    return True


def _scrub_log_entries(*, model, pks, names: dict[str, str]) -> None:
    """The audit entries about these records keep what was done, when and by whom, without
    the person's values: object names are replaced, personal fields' values withheld."""
    ct = ContentType.objects.get_for_model(model)
    for entry in LogEntry.objects.filter(content_type=ct, object_pk__in=[str(pk) for pk in pks]):
        changes = entry.changes or {}
        for field in SCRUBBED_FIELDS:
            if field in changes:
                changes[field] = [ANONYMISED, ANONYMISED]
        text = entry.object_repr
        for old, new in names.items():
            text = text.replace(old, new)
        LogEntry.objects.filter(pk=entry.pk).update(
            changes=changes, object_repr=text, serialized_data=None, changes_text=""
        )


@transaction.atomic
def anonymise_participant(participant: Participant, *, by, request: RightsRequest | None = None) -> Participant:
    """Remove what identifies the person while every figure stays (see the module's text).
    Files (consent scans, referral documents, evidence photos of their own businesses) are
    deleted from storage after the transaction commits. Safe to call twice."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.anonymised_at is not None:
        return participant
    old_nik, old_name = participant.nik, participant.name
    birth_date = placeholder_birth_date(participant.birth_date)
    new_nik = placeholder_nik(birth_date=birth_date, sex=participant.sex)
    # Stored data, not a label: in Indonesian whatever the language of who asked.
    new_name = ANONYMOUS_NAME.format(pk=participant.pk)
    files = []

    with disable_auditlog():
        participant.nik, participant.name = new_nik, new_name
        participant.phone, participant.address, participant.birth_date = "", "", birth_date
        participant.anonymised_at = timezone.now()
        participant.processing_restricted = True
        participant.restricted_at = participant.restricted_at or participant.anonymised_at
        participant.save()

        consents = list(Consent.objects.filter(participant=participant))
        for consent in consents:
            if consent.scan:
                files.append(consent.scan)
        Consent.objects.filter(participant=participant).update(scan="", guardian_name="")

        # Businesses of the inventory: their owner's identity is the person's.
        businesses = list(
            Business.objects.filter(Q(owner_nik=old_nik) | Q(owner_participant=participant)).values_list(
                "pk", flat=True
            )
        )
        Business.objects.filter(owner_nik=old_nik).update(owner_nik=new_nik, owner_name=new_name)
        own = Business.objects.filter(owner_participant=participant)
        own.update(owner_nik="", owner_name="", phone="", address="")
        visits = InventoryVisit.objects.filter(business__owner_participant=participant)
        for visit in visits:
            files += [f for f in (visit.evidence_photo, visit.evidence_thumbnail) if f]
        visits.update(evidence_photo="", evidence_thumbnail="")

        documents = ReferralDocument.objects.filter(referral__participant=participant)
        files += [d.file for d in documents if d.file]
        documents.update(file="")

    names = {old_name: new_name}
    _scrub_log_entries(model=Participant, pks=[participant.pk], names=names)
    _scrub_log_entries(model=Consent, pks=[c.pk for c in consents], names=names)
    _scrub_log_entries(model=LoanReferral, pks=participant.loan_referrals.values_list("pk", flat=True), names=names)
    _scrub_log_entries(model=Business, pks=businesses, names=names)
    # Records whose name in the audit trail starts with the person's ("Siti — KUB Melati").
    for model, pks in (
        (Membership, Membership.objects.filter(participant=participant).values_list("pk", flat=True)),
        (Enrollment, Enrollment.objects.filter(participant=participant).values_list("pk", flat=True)),
        (Attendance, Attendance.objects.filter(enrollment__participant=participant).values_list("pk", flat=True)),
        (JointLiability, JointLiability.objects.filter(participant=participant).values_list("pk", flat=True)),
    ):
        _scrub_log_entries(model=model, pks=list(pks), names=names)
    _scrub_log_entries(model=ReferralDocument, pks=[d.pk for d in documents], names=names)
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Participant),
        object_pk=str(participant.pk),
        object_id=participant.pk,
        object_repr=new_name,
        action=LogEntry.Action.UPDATE,
        changes={"anonymised_at": ["None", participant.anonymised_at.isoformat()]},
        actor=by,
        additional_data={"rights_request": request.pk} if request is not None else {"retention": True},
    )
    # A deletion purges for real: nothing of the person may come back out of the recycle bin
    # (a deleted KUB holding their membership, a deleted referral of theirs…).
    purge_for_participant(participant.pk)
    transaction.on_commit(lambda: [_delete_file(f) for f in files])
    return participant
