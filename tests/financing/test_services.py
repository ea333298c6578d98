"""Loan referrals move draft → referred → documents complete → under review →
approved / rejected → disbursed → closed, and every step records who and when."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from financing.models import LoanReferral, LoanReferralEvent, ReferralStatus
from financing.services import referral_create, referral_transition
from tests.factories import BusinessGroupFactory, ParticipantFactory, kecamatan, kelurahan_of

pytestmark = pytest.mark.django_db

S = ReferralStatus


@pytest.fixture
def referral(bri, staf):
    return referral_create(
        bank=bri,
        purpose="Modal bahan baku",
        amount_requested=Decimal("5000000"),
        user=staf,
        participant=ParticipantFactory(),
    )


def move(referral, to_status, user, **kwargs):
    return referral_transition(referral=referral, to_status=to_status, user=user, **kwargs)


def walk(referral, steps, user):
    for step in steps:
        kwargs = {"amount_approved": Decimal("4000000")} if step == S.APPROVED else {}
        if step == S.REJECTED:
            kwargs = {"note": "Usaha belum berjalan 6 bulan."}
        referral = move(referral, step, user, **kwargs)
    return referral


def refused(referral, to_status, user, **kwargs) -> ValidationError:
    """Assert that the move is refused and that the referral and its history are untouched."""
    before = LoanReferral.objects.get(pk=referral.pk)
    events = LoanReferralEvent.objects.filter(referral=referral).count()
    with pytest.raises(ValidationError) as caught:
        move(referral, to_status, user, **kwargs)
    after = LoanReferral.objects.get(pk=referral.pk)
    assert (after.status, after.status_changed_at, after.amount_approved, after.amount_disbursed) == (
        before.status,
        before.status_changed_at,
        before.amount_approved,
        before.amount_disbursed,
    )
    assert LoanReferralEvent.objects.filter(referral=referral).count() == events
    return caught.value


def test_a_new_referral_is_a_draft_with_its_first_event(referral, staf):
    assert referral.status == S.DRAFT
    assert referral.created_by == staf
    assert referral.kecamatan == kecamatan("Ciputat")
    event = referral.events.get()
    assert (event.from_status, event.to_status, event.by) == ("", S.DRAFT, staf)


def test_the_whole_path_records_who_and_when_at_every_step(referral, staf, bank_bri):
    steps = [
        (S.REFERRED, staf, {}),
        (S.DOCUMENTS_COMPLETE, staf, {}),
        (S.UNDER_REVIEW, bank_bri, {}),
        (S.APPROVED, bank_bri, {"amount_approved": Decimal("4000000")}),
        (S.DISBURSED, bank_bri, {"amount_disbursed": Decimal("3500000")}),
        (S.CLOSED, staf, {"note": "Lunas."}),
    ]
    started = timezone.now()
    for to_status, user, kwargs in steps:
        referral = move(referral, to_status, user, **kwargs)
        assert referral.status == to_status
    finished = timezone.now()

    referral.refresh_from_db()
    assert referral.status == S.CLOSED
    assert (referral.amount_approved, referral.amount_disbursed) == (Decimal("4000000"), Decimal("3500000"))
    events = list(referral.events.order_by("at", "pk"))
    assert [(e.from_status, e.to_status, e.by) for e in events] == [
        ("", S.DRAFT, staf),
        (S.DRAFT, S.REFERRED, staf),
        (S.REFERRED, S.DOCUMENTS_COMPLETE, staf),
        (S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW, bank_bri),
        (S.UNDER_REVIEW, S.APPROVED, bank_bri),
        (S.APPROVED, S.DISBURSED, bank_bri),
        (S.DISBURSED, S.CLOSED, staf),
    ]
    for event in events[1:]:
        assert started <= event.at <= finished
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert referral.status_changed_at == events[-1].at
    assert events[-1].note == "Lunas."


def test_draft_cannot_jump_to_approved_and_is_told_the_next_step(referral, staf, bank_bri):
    error = refused(referral, S.APPROVED, bank_bri, amount_approved=Decimal("1000000"))
    assert error.code == "bad_transition"
    message = error.messages[0]
    assert "“Draf”" in message and "“Disetujui”" in message
    assert "Langkah berikutnya: Dirujuk." in message


def test_under_review_names_both_possible_next_steps(referral, staf):
    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW], staf)
    error = refused(referral, S.DISBURSED, staf)
    assert "Disetujui" in error.messages[0] and "Ditolak" in error.messages[0]


@pytest.mark.parametrize("to_status", [S.DRAFT, S.REFERRED, S.APPROVED, S.DISBURSED, S.CLOSED])
def test_a_closed_referral_moves_nowhere(referral, staf, to_status):
    referral = walk(
        referral, [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW, S.APPROVED, S.DISBURSED, S.CLOSED], staf
    )
    error = refused(referral, to_status, staf)
    assert error.code == "bad_transition"
    assert "tidak ada (sudah selesai)" in error.messages[0]


def test_a_rejected_referral_cannot_be_disbursed_only_closed(referral, staf, bank_bri):
    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW, S.REJECTED], staf)
    error = refused(referral, S.DISBURSED, bank_bri, amount_disbursed=Decimal("1"))
    assert "Langkah berikutnya: Selesai." in error.messages[0]
    assert move(referral, S.CLOSED, bank_bri).status == S.CLOSED


def test_a_step_cannot_be_skipped_backwards_either(referral, staf):
    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE], staf)
    error = refused(referral, S.REFERRED, staf)
    assert "Langkah berikutnya: Dalam penilaian bank." in error.messages[0]


def test_an_unknown_status_is_refused(referral, staf):
    error = refused(referral, "lunas", staf)
    assert "tidak dikenal" in error.messages[0]


@pytest.mark.parametrize("amount", [None, Decimal("0"), Decimal("-5")])
def test_approval_requires_an_amount(referral, staf, bank_bri, amount):
    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW], staf)
    error = refused(referral, S.APPROVED, bank_bri, amount_approved=amount)
    assert "jumlah yang disetujui" in error.message_dict["amount_approved"][0]


def test_disbursement_cannot_exceed_the_approved_amount(referral, staf, bank_bri):
    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW, S.APPROVED], staf)
    error = refused(referral, S.DISBURSED, bank_bri, amount_disbursed=Decimal("4000001"))
    assert "melebihi jumlah yang disetujui" in error.message_dict["amount_disbursed"][0]


def test_disbursement_defaults_to_the_approved_amount(referral, staf, bank_bri):
    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW, S.APPROVED], staf)
    referral = move(referral, S.DISBURSED, bank_bri)
    assert referral.amount_disbursed == Decimal("4000000")


def test_disbursing_exactly_the_approved_amount_is_fine(referral, staf, bank_bri):
    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW, S.APPROVED], staf)
    assert move(referral, S.DISBURSED, bank_bri, amount_disbursed=Decimal("4000000")).status == S.DISBURSED


@pytest.mark.parametrize("note", ["", "   "])
def test_rejection_requires_a_note(referral, staf, bank_bri, note):
    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW], staf)
    error = refused(referral, S.REJECTED, bank_bri, note=note)
    assert "alasan penolakan" in error.message_dict["note"][0]


def test_a_rejection_keeps_its_note_in_the_history(referral, staf, bank_bri):
    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW], staf)
    move(referral, S.REJECTED, bank_bri, note="  Agunan tidak mencukupi. ")
    event = referral.events.get(to_status=S.REJECTED)
    assert (event.note, event.by) == ("Agunan tidak mencukupi.", bank_bri)


def test_a_referral_for_a_kub_takes_the_kubs_kecamatan(bri, staf):
    group = BusinessGroupFactory(kecamatan=kecamatan("Pamulang"))
    referral = referral_create(
        bank=bri, purpose="Alat produksi", amount_requested=Decimal("10000000"), user=staf, group=group
    )
    assert (referral.group, referral.participant, referral.kecamatan) == (group, None, kecamatan("Pamulang"))


def test_a_participants_referral_takes_the_kecamatan_of_their_kelurahan(bri, staf):
    participant = ParticipantFactory(kelurahan=kelurahan_of("Setu"))
    referral = referral_create(
        bank=bri, purpose="Modal", amount_requested=Decimal("1000000"), user=staf, participant=participant
    )
    assert referral.kecamatan == kecamatan("Setu")


@pytest.mark.parametrize("both", [True, False])
def test_a_referral_is_for_exactly_one_participant_or_one_kub(bri, staf, both):
    applicants = {"participant": ParticipantFactory(), "group": BusinessGroupFactory()} if both else {}
    with pytest.raises(ValidationError) as caught:
        referral_create(bank=bri, purpose="Modal", amount_requested=Decimal("1000000"), user=staf, **applicants)
    assert "satu peserta atau satu KUB" in caught.value.messages[0]
    assert not LoanReferral.objects.exists()


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1"), None])
def test_the_requested_amount_must_be_positive(bri, staf, amount):
    with pytest.raises(ValidationError) as caught:
        referral_create(bank=bri, purpose="Modal", amount_requested=amount, user=staf, participant=ParticipantFactory())
    assert "amount_requested" in caught.value.message_dict


@pytest.mark.parametrize("both", [True, False])
def test_the_database_refuses_a_referral_for_both_or_neither(bri, both):
    applicants = {"participant": ParticipantFactory(), "group": BusinessGroupFactory()} if both else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        LoanReferral.objects.create(
            bank=bri, kecamatan=kecamatan("Ciputat"), purpose="Modal", amount_requested=Decimal("1"), **applicants
        )


def test_a_bank_liaison_cannot_record_the_departments_steps(referral, bank_bri):
    error = refused(referral, S.REFERRED, bank_bri)
    assert error.code == "not_bank_step"
    assert "Disperindag" in error.messages[0]


def test_another_banks_liaison_cannot_move_the_referral(referral, staf, bank_bri):
    from django.core.exceptions import PermissionDenied

    from tests.factories import BankFactory

    referral = walk(referral, [S.REFERRED, S.DOCUMENTS_COMPLETE], staf)
    bank_bri.bank = BankFactory(short_name="BJB")
    bank_bri.save()
    with pytest.raises(PermissionDenied):
        move(referral, S.UNDER_REVIEW, bank_bri)
    assert LoanReferral.objects.get(pk=referral.pk).status == S.DOCUMENTS_COMPLETE
