"""The recycle bin: a deletion moves a record and what cascades from it; restore brings all
of it back (with its audit trail); purge destroys it."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from groups.models import BusinessGroup, Membership
from participants.models import Consent, Participant
from records import recycle
from records.models import RecycledItem
from reports import dashboard
from reports.selectors import kecamatan_counts
from tests.core.images import jpeg
from tests.factories import (
    AttendanceFactory,
    BusinessFactory,
    BusinessGroupFactory,
    EnrollmentFactory,
    InventoryVisitFactory,
    LoanReferralFactory,
    MembershipFactory,
    ParticipantFactory,
    TrainingSessionFactory,
    kecamatan,
)
from trainings.models import Attendance, Enrollment

pytestmark = pytest.mark.django_db


def _ciputat_participants(user) -> int:
    return next(row["participants"] for row in kecamatan_counts(user=user) if row["kecamatan"].name == "Ciputat")


def _participant_with_history():
    participant = ParticipantFactory()
    enrollment = EnrollmentFactory(participant=participant)
    AttendanceFactory(enrollment=enrollment, session=TrainingSessionFactory(batch=enrollment.batch))
    Consent.objects.create(
        participant=participant, purpose=Consent.Purpose.PROGRAMME, granted_at=timezone.now(), wording_version="v1"
    )
    participant.name = "Nama Baru"
    participant.save()
    return participant, enrollment


def test_moving_a_participant_takes_its_enrolments_out_of_every_figure(admin_user):
    participant, enrollment = _participant_with_history()
    before = _ciputat_participants(admin_user)
    pk, enrollment_pk = participant.pk, enrollment.pk

    item = recycle.recycle_move(obj=participant, user=admin_user)

    assert not Participant.objects.filter(pk=pk).exists()
    assert not Enrollment.objects.filter(pk=enrollment_pk).exists()
    assert _ciputat_participants(admin_user) == before - 1
    assert item.summary[str(Enrollment._meta.verbose_name_plural)] == 1
    assert item.summary[str(Attendance._meta.verbose_name_plural)] == 1
    assert pk in item.participant_ids
    # The label names no person: neither the name nor the NIK.
    assert participant.name not in item.label and participant.nik not in item.label


def test_restore_brings_back_the_participant_with_enrolments_and_audit_history(admin_user):
    participant, enrollment = _participant_with_history()
    created_at = Participant.objects.get(pk=participant.pk).created_at
    before = _ciputat_participants(admin_user)
    history = set(LogEntry.objects.get_for_object(participant).values_list("pk", flat=True))
    assert history
    pk, enrollment_pk = participant.pk, enrollment.pk
    item = recycle.recycle_move(obj=participant, user=admin_user)

    restored = recycle.recycle_restore(item=item, user=admin_user)

    back = Participant.objects.get(pk=pk)
    assert restored.pk == back.pk
    assert (back.nik, back.name, back.created_at) == (participant.nik, "Nama Baru", created_at)
    assert Enrollment.objects.filter(pk=enrollment_pk, participant=back).exists()
    assert Attendance.objects.filter(enrollment=enrollment_pk).count() == 1
    assert back.consents.count() == 1
    assert _ciputat_participants(admin_user) == before
    # The audit trail before the deletion is attached again, after it the deletion and the return.
    assert history <= set(LogEntry.objects.get_for_object(back).values_list("pk", flat=True))
    assert not RecycledItem.objects.exists()


def test_restore_is_refused_when_the_nik_was_registered_again(admin_user):
    participant = ParticipantFactory()
    nik = participant.nik
    item = recycle.recycle_move(obj=participant, user=admin_user)
    ParticipantFactory(nik=nik, sex=participant.sex, birth_date=participant.birth_date)

    with pytest.raises(ValidationError) as refused:
        recycle.recycle_restore(item=item, user=admin_user)

    assert "Tidak dapat dipulihkan" in " ".join(refused.value.messages)
    assert "NIK" in " ".join(refused.value.messages)
    assert nik not in " ".join(refused.value.messages)
    assert RecycledItem.objects.filter(pk=item.pk).exists()
    assert Participant.objects.filter(nik=nik).count() == 1


def test_a_kub_comes_back_active_with_its_members(admin_user):
    group = BusinessGroupFactory(kecamatan=kecamatan("Ciputat"))
    group_pk = group.pk
    roles = ["ketua", "sekretaris", "bendahara"] + ["anggota"] * 7
    for role in roles:
        MembershipFactory(group=group, role=role)
    group.refresh_from_db()
    assert group.status == BusinessGroup.Status.ACTIVE
    active = BusinessGroup.objects.filter(status=BusinessGroup.Status.ACTIVE).count()
    item = recycle.recycle_move(obj=group, user=admin_user)
    assert BusinessGroup.objects.filter(status=BusinessGroup.Status.ACTIVE).count() == active - 1

    recycle.recycle_restore(item=item, user=admin_user)

    group = BusinessGroup.objects.get(pk=group_pk)
    assert group.status == BusinessGroup.Status.ACTIVE
    assert group.memberships.count() == 10


def test_a_kub_is_not_restored_when_a_member_joined_another_meanwhile(admin_user):
    group = BusinessGroupFactory()
    group_pk = group.pk
    member = MembershipFactory(group=group, role="anggota").participant
    item = recycle.recycle_move(obj=group, user=admin_user)
    MembershipFactory(participant=member, role="anggota")

    with pytest.raises(ValidationError):
        recycle.recycle_restore(item=item, user=admin_user)
    assert not BusinessGroup.objects.filter(pk=group_pk).exists()
    assert Membership.objects.filter(participant=member).count() == 1


def test_a_referral_is_refused_while_its_participant_is_in_the_bin(admin_user):
    referral = LoanReferralFactory()
    participant, referral_pk = referral.participant, referral.pk
    referral_item = recycle.recycle_move(obj=referral, user=admin_user)
    participant_item = recycle.recycle_move(obj=participant, user=admin_user)

    with pytest.raises(ValidationError) as refused:
        recycle.recycle_restore(item=referral_item, user=admin_user)
    assert "pulihkan itu dulu" in " ".join(refused.value.messages)

    back = recycle.recycle_restore(item=participant_item, user=admin_user)
    recycle.recycle_restore(item=referral_item, user=admin_user)
    assert back.loan_referrals.filter(pk=referral_pk).exists()


def test_a_business_keeps_its_visit_photo_aside_and_gets_it_back(admin_user, django_capture_on_commit_callbacks):
    visit = InventoryVisitFactory()
    visit.evidence_photo.save("bukti.jpg", ContentFile(jpeg()), save=True)
    name, visit_pk = visit.evidence_photo.name, visit.pk
    content = visit.evidence_photo.read()
    storage = visit.evidence_photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        item = recycle.recycle_move(obj=visit.business, user=admin_user)
    assert not storage.exists(name)
    assert storage.exists(item.payload["files"][0]["kept"])

    with django_capture_on_commit_callbacks(execute=True):
        recycle.recycle_restore(item=item, user=admin_user)

    visit = type(visit).objects.get(pk=visit_pk)
    assert storage.exists(visit.evidence_photo.name)
    assert not storage.exists(item.payload["files"][0]["kept"])
    assert storage.open(visit.evidence_photo.name).read() == content


def test_items_are_purged_after_their_period(admin_user, settings):
    settings.RECYCLE_BIN_DAYS = 30
    old = recycle.recycle_move(obj=ParticipantFactory(), user=admin_user)
    fresh = recycle.recycle_move(obj=ParticipantFactory(), user=admin_user)
    RecycledItem.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - dt.timedelta(days=31))
    RecycledItem.objects.filter(pk=old.pk).update(purge_after=timezone.now() - dt.timedelta(days=1))
    assert fresh.purge_after > timezone.now() + dt.timedelta(days=29)

    from records.tasks import recycle_purge_expired

    assert recycle_purge_expired.delay().get() == 1
    assert list(RecycledItem.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_purging_deletes_the_files_kept_aside(admin_user, django_capture_on_commit_callbacks):
    visit = InventoryVisitFactory()
    visit.evidence_photo.save("bukti.jpg", ContentFile(jpeg()), save=True)
    storage = visit.evidence_photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        item = recycle.recycle_move(obj=visit.business, user=admin_user)
    kept = [f["kept"] for f in item.payload["files"]]
    assert kept and all(storage.exists(name) for name in kept)

    with django_capture_on_commit_callbacks(execute=True):
        recycle.recycle_purge(item=item, user=admin_user)

    assert not any(storage.exists(name) for name in kept)


def test_purge_for_participant_destroys_every_item_holding_them(admin_user):
    referral = LoanReferralFactory()
    participant = referral.participant
    participant_pk = participant.pk
    other = recycle.recycle_move(obj=ParticipantFactory(), user=admin_user)
    recycle.recycle_move(obj=referral, user=admin_user)
    recycle.recycle_move(obj=participant, user=admin_user)

    assert recycle.purge_for_participant(participant_pk) == 2

    assert list(RecycledItem.objects.values_list("pk", flat=True)) == [other.pk]


def test_a_batch_comes_back_and_the_kub_formed_from_it_points_at_it_again(admin_user):
    enrollment = EnrollmentFactory()
    batch = enrollment.batch
    batch_pk = batch.pk
    group = BusinessGroupFactory(source_batch=batch)
    item = recycle.recycle_move(obj=batch, user=admin_user)
    group.refresh_from_db()
    assert group.source_batch_id is None
    assert not Enrollment.objects.filter(pk=enrollment.pk).exists()

    recycle.recycle_restore(item=item, user=admin_user)

    group.refresh_from_db()
    assert group.source_batch_id == batch_pk
    assert Enrollment.objects.filter(batch=batch_pk).count() == 1


def test_the_dashboard_figures_drop_and_come_back(admin_user):
    participant, _enrollment = _participant_with_history()
    group = BusinessGroupFactory()
    for role in ["ketua", "sekretaris", "bendahara"] + ["anggota"] * 7:
        MembershipFactory(group=group, role=role)

    def figures():
        total = dashboard.kecamatan_figures(user=admin_user, filters=dashboard.Filters()).total
        groups = dashboard.group_figures(user=admin_user, filters=dashboard.Filters())
        return total.registered, total.trained, groups.active

    registered, trained, active = figures()
    people = recycle.recycle_move(obj=participant, user=admin_user)
    kub = recycle.recycle_move(obj=group, user=admin_user)
    assert figures() == (registered - 1, trained - 1, active - 1)

    recycle.recycle_restore(item=kub, user=admin_user)
    recycle.recycle_restore(item=people, user=admin_user)
    assert figures() == (registered, trained, active)


def test_a_participant_restored_owns_their_business_again(admin_user):
    participant = ParticipantFactory()
    pk = participant.pk
    business = BusinessFactory(owner_participant=participant)
    item = recycle.recycle_move(obj=participant, user=admin_user)
    business.refresh_from_db()
    assert business.owner_participant_id is None

    recycle.recycle_restore(item=item, user=admin_user)

    business.refresh_from_db()
    assert business.owner_participant_id == pk


def test_a_restore_does_not_fail_on_a_user_account_removed_meanwhile(admin_user, staf):
    participant = ParticipantFactory(registered_by=staf)
    pk = participant.pk
    item = recycle.recycle_move(obj=participant, user=admin_user)
    staf.delete()

    recycle.recycle_restore(item=item, user=admin_user)

    assert Participant.objects.get(pk=pk).registered_by is None
