"""Writes for participants: registration and correction of a participant's record.

The NIK is unique in the database; the check before the insert gives the friendly
answer, the unique constraint catches the race of two officers registering the same
person at once, and both end in the same DuplicateNikError.

Two things are not errors but need the user's word before the write (ConfirmationNeeded):
a NIK whose regency or district code is not in the current code list (a NIK issued before
a region was split keeps its old code), and a participant with the same name and birth
date (perhaps the same person under another NIK). The caller confirms with
`nik_confirmed=True` / `different_person=True`; an import gets the same questions.
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
from .nik import check_nik_matches, nik_region_warning
from .phone import normalize_phone


class DuplicateNikError(ValidationError):
    """The NIK belongs to a participant already registered; `existing` is that record."""

    def __init__(self, existing: Participant):
        super().__init__({"nik": ValidationError(_("NIK ini sudah terdaftar."), code="nik_duplicate")})
        self.existing = existing


class ConfirmationNeeded(ValidationError):
    """The write waits for the user's confirmation. `error_dict` is keyed by the keyword that
    confirms (`nik_confirmed`, `different_person`); `similar` holds the participants with the
    same name and birth date, whether or not the user may see them (the caller decides what
    to show)."""

    def __init__(self, errors: dict[str, ValidationError], *, similar: list[Participant]):
        super().__init__(errors)
        self.similar = similar


def name_key(name: str) -> str:
    """A name compared without case or spaces: `Nur  Aini` and `NURAINI` are one key."""
    return "".join(name.split()).casefold()


def participants_like(*, name: str, birth_date: dt.date, exclude_pk: int | None = None) -> list[Participant]:
    """Participants, in any kecamatan, with the same birth date and the same name apart from case
    and spaces. One birth date holds a few dozen of a million participants."""
    key = name_key(name)
    qs = Participant.objects.filter(birth_date=birth_date).select_related("kelurahan__kecamatan").order_by("pk")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return [p for p in qs if name_key(p.name) == key]


def _confirmations(
    *,
    nik: str | None,
    name: str | None,
    birth_date: dt.date,
    exclude_pk: int | None,
    nik_confirmed: bool,
    different_person: bool,
) -> None:
    """Raise ConfirmationNeeded for what is unconfirmed; `nik` / `name` None: nothing to ask about it."""
    errors = {}
    if nik is not None and not nik_confirmed:
        warning = nik_region_warning(nik)
        if warning is not None:
            errors["nik_confirmed"] = warning
    similar = []
    if name is not None and not different_person:
        similar = participants_like(name=name, birth_date=birth_date, exclude_pk=exclude_pk)
        if similar:
            errors["different_person"] = ValidationError(
                _(
                    "Sudah ada peserta dengan nama dan tanggal lahir yang sama. Pastikan ini bukan orang yang "
                    "sama; jika memang orang yang berbeda, centang “Ini orang yang berbeda”."
                ),
                code="possible_duplicate",
            )
    if errors:
        raise ConfirmationNeeded(errors, similar=similar)


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
    nik_confirmed: bool = False,
    different_person: bool = False,
) -> Participant:
    """Register a resident in a kelurahan the user may work in, with their consent. An unknown
    regency/district code in the NIK, or a participant with the same name and birth date,
    needs `nik_confirmed` / `different_person` (ConfirmationNeeded otherwise)."""
    nik = nik.strip()
    _check(user=user, nik=nik, sex=sex, birth_date=birth_date, kelurahan=kelurahan, consent_given=consent_given)
    existing = participant_with_nik(nik)
    if existing is not None:
        raise DuplicateNikError(existing)
    _confirmations(
        nik=nik,
        name=name,
        birth_date=birth_date,
        exclude_pk=None,
        nik_confirmed=nik_confirmed,
        different_person=different_person,
    )
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
    nik_confirmed: bool = False,
    different_person: bool = False,
) -> Participant:
    """Correct a participant's record; the same checks as registration. The user must see the
    participant now and the kelurahan it moves to. The confirmations are asked only about what
    changes: a new NIK, or a new name or birth date."""
    participant = scope_queryset(user, Participant.objects.select_for_update(of=("self",))).get(pk=participant.pk)
    nik = nik.strip()
    _check(user=user, nik=nik, sex=sex, birth_date=birth_date, kelurahan=kelurahan, consent_given=consent_given)
    existing = participant_with_nik(nik, exclude_pk=participant.pk)
    if existing is not None:
        raise DuplicateNikError(existing)
    same_person = name_key(name) == name_key(participant.name) and birth_date == participant.birth_date
    _confirmations(
        nik=None if nik == participant.nik else nik,
        name=None if same_person else name,
        birth_date=birth_date,
        exclude_pk=participant.pk,
        nik_confirmed=nik_confirmed,
        different_person=different_person,
    )
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


# ---- many at once (the Excel import) -----------------------------------------------------------
# The same rules as participant_register, for thousands of rows with a bounded number of
# queries: the checks that need no database are the caller's (check_nik_matches, consent, the
# scope of a kelurahan, normalize_phone), the ones that do are asked once for all rows here.

BULK_BATCH = 1000


def participants_with_niks(niks) -> dict[str, Participant]:
    """The participants already registered under any of these NIKs, by NIK (one query per 1,000)."""
    niks = sorted(set(niks))
    found = {}
    for start in range(0, len(niks), BULK_BATCH):
        batch = niks[start : start + BULK_BATCH]
        found.update((p.nik, p) for p in Participant.objects.filter(nik__in=batch).only("pk", "nik", "kelurahan"))
    return found


def namesakes_registered(pairs) -> set[tuple[str, dt.date]]:
    """Which (name_key, birth_date) pairs a registered participant already has: what
    participant_register asks `different_person` about, for many rows at once."""
    from django.db.models import Value
    from django.db.models.functions import Lower, Replace

    by_date: dict[dt.date, set[str]] = {}
    for key, born in pairs:
        by_date.setdefault(born, set()).add(key)
    dates = sorted(by_date)
    found = set()
    for start in range(0, len(dates), BULK_BATCH):
        batch = dates[start : start + BULK_BATCH]
        keys = set().union(*(by_date[d] for d in batch))
        rows = (
            Participant.objects.filter(birth_date__in=batch)
            .annotate(key=Lower(Replace("name", Value(" "), Value(""))))
            .filter(key__in=keys)
            .values_list("name", "birth_date")
        )
        found |= {(name_key(name), born) for name, born in rows} & {(k, d) for d in batch for k in by_date[d]}
    return found


def participants_register_bulk(*, user, rows: list[dict], on_progress=None) -> int:
    """Register many checked rows (participant_register's keywords, its checks already passed
    and its confirmations given) with bulk_create in batches, in the caller's transaction. What
    the one-by-one path gets from save() is done here: the kept real-entrepreneur status
    (`real_until`, core.derived does not follow bulk_create) and one audit entry per participant.
    A NIK registered meanwhile raises DuplicateNikError (the unique constraint). Returns how
    many were registered; the rows are not kept (a file may hold 100,000)."""
    from core.audit import log_created_bulk

    from .real_status import participants_refresh_real_until

    now = timezone.now()
    made = 0
    for start in range(0, len(rows), BULK_BATCH):
        batch = []
        for values in rows[start : start + BULK_BATCH]:
            participant = Participant(consent_given=True, consent_at=now, registered_by=user)
            _fill(
                participant,
                **{k: values[k] for k in ("nik", "name", "sex", "birth_date", "kelurahan", "phone", "address")},
            )
            batch.append(participant)
        try:
            with transaction.atomic():
                Participant.objects.bulk_create(batch)
        except IntegrityError:
            taken = participants_with_niks(p.nik for p in batch)
            if not taken:
                raise
            raise DuplicateNikError(next(iter(taken.values()))) from None
        participants_refresh_real_until(participant_ids=[p.pk for p in batch])
        log_created_bulk(batch, actor=user)
        made += len(batch)
        if on_progress:
            on_progress(made, len(rows))
    return made
