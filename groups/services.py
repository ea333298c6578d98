"""Writes for KUBs. The size and one-KUB-per-person rules hold under concurrency:
the group row is locked before members are counted, and partial unique constraints
back the rest in the database."""

import datetime as dt
from typing import NamedTuple

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.derived import refresh_deferred
from participants.models import Participant
from trainings.models import Enrollment

from .models import BusinessGroup, Membership


def kub_size() -> int:
    return settings.TANGSEL_KUB_SIZE


def group_refresh_status(*, group: BusinessGroup) -> BusinessGroup:
    """Recount active members and derive the status: active at exactly KUB size, else forming.

    The first time the KUB has its full size, whether at formation, by a later member or by a
    replacement, it gets its formed date: the day the last of those members joined. A KUB that
    drops below size and fills up again keeps the date it was first formed on. Run by
    groups.signals after every write of a membership; writes only on change."""
    active = group.memberships.filter(left_on__isnull=True)
    count = active.count()
    if group.status == BusinessGroup.Status.DISSOLVED:
        status = group.status
    else:
        status = BusinessGroup.Status.ACTIVE if count == kub_size() else BusinessGroup.Status.FORMING
    formed_on = group.formed_on
    if status == BusinessGroup.Status.ACTIVE and formed_on is None:
        formed_on = max(active.values_list("joined_on", flat=True), default=None) or timezone.localdate()
    if (count, status, formed_on) != (group.active_member_count, group.status, group.formed_on):
        group.active_member_count = count
        group.status = status
        group.formed_on = formed_on
        group.save(update_fields=["active_member_count", "status", "formed_on"])
    return group


def _lock_group(group: BusinessGroup) -> BusinessGroup:
    return BusinessGroup.objects.select_for_update().get(pk=group.pk)


@transaction.atomic
def group_create(
    *,
    name: str,
    kecamatan,
    craft_type,
    user,
    kelurahan=None,
    source_batch=None,
) -> BusinessGroup:
    name = name.strip()
    if BusinessGroup.objects.filter(kecamatan=kecamatan, name__iexact=name).exists():
        raise ValidationError({"name": _("Sudah ada KUB bernama “%(name)s” di kecamatan ini.") % {"name": name}})
    with set_actor(user):
        return BusinessGroup.objects.create(
            name=name,
            kecamatan=kecamatan,
            kelurahan=kelurahan,
            craft_type=craft_type,
            source_batch=source_batch,
            created_by=user,
        )


def participant_completed_training(participant: Participant) -> bool:
    return Enrollment.objects.filter(participant=participant, completed=True).exists()


@transaction.atomic
def group_add_member(
    *,
    group: BusinessGroup,
    participant: Participant,
    user,
    role: str = Membership.Role.ANGGOTA,
    joined_on: dt.date | None = None,
    override_reason: str = "",
) -> Membership:
    """Add a member. Refuses an (n+1)th member, a member active in another KUB, a second
    ketua/sekretaris/bendahara, and an untrained participant without a written reason."""
    group = _lock_group(group)
    if group.status == BusinessGroup.Status.DISSOLVED:
        raise ValidationError(_("KUB ini sudah bubar; anggota tidak bisa ditambahkan."))
    active = group.memberships.filter(left_on__isnull=True)
    if active.count() >= kub_size():
        raise ValidationError(
            _("%(group)s sudah memiliki %(size)d anggota aktif; tidak bisa menambah anggota lagi.")
            % {"group": group.kub_name, "size": kub_size()},
            code="group_full",
        )
    other = Membership.objects.filter(participant=participant, left_on__isnull=True).select_related("group").first()
    if other is not None:
        if other.group_id == group.pk:
            msg = _("%(name)s sudah menjadi anggota aktif KUB ini.")
        else:
            msg = _("%(name)s masih anggota aktif %(group)s; keluarkan dulu dari KUB itu.")
        raise ValidationError(msg % {"name": participant.name, "group": other.group.kub_name}, code="already_member")
    if role != Membership.Role.ANGGOTA and active.filter(role=role).exists():
        raise ValidationError(
            _("KUB ini sudah memiliki %(role)s aktif.") % {"role": Membership.Role(role).label.lower()},
            code="role_taken",
        )
    override_reason = (override_reason or "").strip()
    if not participant_completed_training(participant) and not override_reason:
        raise ValidationError(
            _("%(name)s belum lulus pelatihan. Tuliskan alasan bila tetap ingin memasukkannya.")
            % {"name": participant.name},
            code="not_trained",
        )
    try:
        with transaction.atomic(), set_actor(user):
            membership = Membership.objects.create(
                group=group,
                participant=participant,
                role=role,
                joined_on=joined_on or timezone.localdate(),
                override_reason=override_reason,
                added_by=user,
            )
    except IntegrityError:
        # A concurrent request won the race for this participant or role.
        raise ValidationError(
            _("%(name)s baru saja ditambahkan ke KUB lain atau jabatan ini baru saja terisi. Muat ulang halaman.")
            % {"name": participant.name},
            code="conflict",
        ) from None
    return membership


@transaction.atomic
def group_remove_member(*, membership: Membership, user, left_on: dt.date | None = None) -> Membership:
    """A member leaves; the record stays as history."""
    _lock_group(membership.group)  # one change to a KUB's members at a time
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(_("Anggota ini sudah keluar dari KUB."))
    left_on = left_on or timezone.localdate()
    if left_on < membership.joined_on:
        raise ValidationError(_("Tanggal keluar tidak boleh sebelum tanggal masuk."))
    with set_actor(user):
        membership.left_on = left_on
        membership.save(update_fields=["left_on"])
    return membership


@transaction.atomic
def group_set_role(*, membership: Membership, role: str, user) -> Membership:
    group = _lock_group(membership.group)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(_("Jabatan hanya bisa diubah untuk anggota aktif."))
    if (
        role != Membership.Role.ANGGOTA
        and group.memberships.filter(left_on__isnull=True, role=role).exclude(pk=membership.pk).exists()
    ):
        raise ValidationError(
            _("KUB ini sudah memiliki %(role)s aktif.") % {"role": Membership.Role(role).label.lower()}
        )
    with set_actor(user):
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def group_form(
    *,
    name: str,
    kecamatan,
    craft_type,
    members: list[tuple[Participant, str, str]],
    user,
    source_batch=None,
    kelurahan=None,
) -> BusinessGroup:
    """Form a KUB with its first members, all or nothing: `members` is a list of
    (participant, role, override_reason). Every refusal is collected and raised together,
    and then nothing of the KUB stays."""
    if not any(role == Membership.Role.KETUA for _participant, role, _reason in members):
        raise ValidationError(_("Pilih ketua KUB di antara anggota."), code="no_ketua")
    group = group_create(
        name=name, kecamatan=kecamatan, craft_type=craft_type, user=user, kelurahan=kelurahan, source_batch=source_batch
    )
    errors = []
    with refresh_deferred():  # the status once, after the last member
        for participant, role, reason in members:
            try:
                group_add_member(group=group, participant=participant, role=role, override_reason=reason, user=user)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
    group.refresh_from_db()
    return group


class KetuaHandover(NamedTuple):
    ketua: Membership
    # The ketua before (now anggota), if the KUB had one.
    previous: Membership | None
    # The office the new ketua held before (sekretaris or bendahara), now vacant; or None.
    vacated_role: str | None


@transaction.atomic
def group_hand_over_ketua(*, group: BusinessGroup, membership: Membership, user) -> KetuaHandover:
    """Make an active member the ketua in one step; the ketua before becomes anggota.

    The KUB and its active memberships are locked, and the old ketua steps down before the new
    one steps up, so the one-ketua constraint holds at every statement and two handovers at the
    same moment run one after the other. Both changes are in the audit trail under `user`."""
    group = _lock_group(group)
    active = {
        m.pk: m
        for m in Membership.objects.select_for_update()
        .select_related("participant")
        .filter(group=group, left_on__isnull=True)
        .order_by("pk")
    }
    new = active.get(membership.pk)
    if new is None:
        raise ValidationError(_("Ketua baru harus anggota aktif KUB ini."), code="not_active_member")
    if new.role == Membership.Role.KETUA:
        raise ValidationError(
            _("%(name)s sudah menjadi ketua KUB ini.") % {"name": new.participant.name}, code="already_ketua"
        )
    previous = next((m for m in active.values() if m.role == Membership.Role.KETUA), None)
    vacated = new.role if new.role != Membership.Role.ANGGOTA else None
    with set_actor(user):
        if previous is not None:
            previous.role = Membership.Role.ANGGOTA
            previous.save(update_fields=["role"])
        new.role = Membership.Role.KETUA
        new.save(update_fields=["role"])
    return KetuaHandover(new, previous, vacated)
