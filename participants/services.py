"""Writes for participants: registration and correction of a participant's record.

The NIK is unique in the database; the check before the insert gives the friendly
answer, the unique constraint catches the race of two officers registering the same
person at once, and both end in the same DuplicateNikError.
"""

import datetime as dt

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import scope_queryset
from regions.models import Kelurahan

from .models import Participant
from .nik import check_nik_matches
from .phone import normalize_phone


class DuplicateNikError(ValidationError):
    """The NIK belongs to a participant already registered; `existing` is that record."""

    def __init__(self, existing: Participant):
        super().__init__({"nik": ValidationError(_("NIK ini sudah terdaftar."), code="nik_duplicate")})
        self.existing = existing


def participant_with_nik(nik: str, *, exclude_pk: int | None = None) -> Participant | None:
    qs = Participant.objects.filter(nik=nik)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _check(*, user, nik: str, sex: str, birth_date: dt.date, kelurahan: Kelurahan, consent_given: bool) -> None:
    errors = check_nik_matches(nik, birth_date=birth_date, sex=sex)
    if not scope_queryset(user, Kelurahan.objects.filter(pk=kelurahan.pk)).exists():
        errors["kelurahan"] = ValidationError(
            _("Kelurahan %(name)s di luar wilayah tugas Anda.") % {"name": kelurahan.name}, code="out_of_scope"
        )
    if not consent_given:
        errors["consent_given"] = ValidationError(
            _("Persetujuan peserta wajib ada sebelum data pribadinya disimpan."), code="consent_required"
        )
    if errors:
        raise ValidationError(errors)


def _save(participant: Participant, *, user) -> Participant:
    """Insert or update in a savepoint so a unique-NIK race leaves the outer transaction usable."""
    try:
        with transaction.atomic(), set_actor(user):
            participant.save()
    except IntegrityError:
        existing = participant_with_nik(participant.nik, exclude_pk=participant.pk)
        if existing is None:
            raise
        raise DuplicateNikError(existing) from None
    return participant


def _fill(participant: Participant, *, nik, name, sex, birth_date, kelurahan, phone, address) -> Participant:
    participant.nik = nik
    participant.name = name.strip()
    participant.sex = sex
    participant.birth_date = birth_date
    participant.phone = normalize_phone(phone)
    participant.address = address.strip()
    participant.kelurahan = kelurahan
    return participant


@transaction.atomic
def participant_register(
    *,
    user,
    nik: str,
    name: str,
    sex: str,
    birth_date: dt.date,
    kelurahan: Kelurahan,
    consent_given: bool,
    phone: str = "",
    address: str = "",
) -> Participant:
    """Register a resident in a kelurahan the user may work in, with their consent."""
    nik = nik.strip()
    _check(user=user, nik=nik, sex=sex, birth_date=birth_date, kelurahan=kelurahan, consent_given=consent_given)
    existing = participant_with_nik(nik)
    if existing is not None:
        raise DuplicateNikError(existing)
    participant = Participant(consent_given=True, consent_at=timezone.now(), registered_by=user)
    _fill(
        participant,
        nik=nik,
        name=name,
        sex=sex,
        birth_date=birth_date,
        kelurahan=kelurahan,
        phone=phone,
        address=address,
    )
    return _save(participant, user=user)


@transaction.atomic
def participant_update(
    *,
    user,
    participant: Participant,
    nik: str,
    name: str,
    sex: str,
    birth_date: dt.date,
    kelurahan: Kelurahan,
    consent_given: bool,
    phone: str = "",
    address: str = "",
) -> Participant:
    """Correct a participant's record; the same checks as registration. The user must see the
    participant now and the kelurahan it moves to."""
    participant = scope_queryset(user, Participant.objects.select_for_update(of=("self",))).get(pk=participant.pk)
    nik = nik.strip()
    _check(user=user, nik=nik, sex=sex, birth_date=birth_date, kelurahan=kelurahan, consent_given=consent_given)
    existing = participant_with_nik(nik, exclude_pk=participant.pk)
    if existing is not None:
        raise DuplicateNikError(existing)
    _fill(
        participant,
        nik=nik,
        name=name,
        sex=sex,
        birth_date=birth_date,
        kelurahan=kelurahan,
        phone=phone,
        address=address,
    )
    if not participant.consent_given or participant.consent_at is None:
        participant.consent_given = True
        participant.consent_at = timezone.now()
    return _save(participant, user=user)
