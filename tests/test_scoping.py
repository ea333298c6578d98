"""The one scoping function: who sees which rows.

Field officers see their kecamatan only; a bank liaison sees their bank's referrals
and the participants and KUBs of those referrals; staff, leadership and admins see
everything; an inactive user or a user without a role sees nothing."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.base import ContentFile
from django.http import Http404
from django.utils import timezone

from accounts import roles
from accounts.models import User
from accounts.scoping import KECAMATAN_PATHS, get_scoped_or_404, in_scope, scope_queryset
from exhibitions.models import BuyerLead
from financing.models import (
    DocumentKind,
    DocumentView,
    JointLiability,
    LoanReferral,
    LoanReferralEvent,
    ReferralDocument,
)
from groups.models import BusinessGroup, ProductPhoto
from inventory.curation import curation_nominate
from inventory.models import Business, BusinessLicence, InventoryVisit
from participants.models import Consent, Participant
from privacy.models import RightsRequest
from tests import factories as f
from trainings.models import TrainingBatch

pytestmark = pytest.mark.django_db

MODELS = [Participant, TrainingBatch, BusinessGroup, Business, InventoryVisit, LoanReferral]


def event(referral):
    LoanReferralEvent.objects.create(referral=referral, to_status="draft", at=referral.created_at)
    return referral


def corner(name: str, bank, mandiri):
    """One of everything in a kecamatan."""
    kec = f.kecamatan(name)
    kel = f.kelurahan_of(name)
    participant = f.ParticipantFactory(name=f"Peserta {name}", kelurahan=kel)
    batch = f.TrainingBatchFactory(name=f"Angkatan {name}", kecamatan=kec, venue=f.VenueFactory(kecamatan=kec))
    session = f.TrainingSessionFactory(batch=batch)
    enrollment = f.EnrollmentFactory(batch=batch, participant=participant)
    f.AttendanceFactory(session=session, enrollment=enrollment)
    group = f.BusinessGroupFactory(name=f"KUB {name}", kecamatan=kec)
    f.MembershipFactory(group=group, participant=participant)
    product = f.ProductFactory(group=group)
    entry = f.ExhibitionEntryFactory(group=group)
    f.ExhibitionSaleFactory(entry=entry, product=product)
    BuyerLead.objects.create(entry=entry, product=product, interest="Grosir")
    ProductPhoto.objects.create(product=product, image=f"products/{name}.jpg", position=0)
    business = f.BusinessFactory(name=f"Usaha {name}", kelurahan=kel)
    visit = f.InventoryVisitFactory(business=business)
    BusinessLicence.objects.create(business=business, kind="halal", number=f"ID-{name}")
    curation_nominate(user=None, business=business)
    Consent.objects.create(
        participant=participant, purpose="bank_referral", granted_at=timezone.now(), wording_version="v1"
    )
    RightsRequest.objects.create(participant=participant, kind="access", channel="letter", received_at=timezone.now())
    return SimpleNamespace(
        kecamatan=kec, participant=participant, batch=batch, group=group, business=business, visit=visit
    )


@pytest.fixture
def world(db, bri):
    mandiri = f.BankFactory(short_name="MANDIRI", name="Bank Mandiri")
    ciputat = corner("Ciputat", bri, mandiri)
    pamulang = corner("Pamulang", bri, mandiri)
    referrals = SimpleNamespace(
        # A Ciputat participant referred to BRI twice: they must still appear once.
        bri_person=event(f.LoanReferralFactory(participant=ciputat.participant, bank=bri)),
        bri_person_again=event(f.LoanReferralFactory(participant=ciputat.participant, bank=bri)),
        # A Pamulang KUB referred to BRI.
        bri_kub=event(
            LoanReferral.objects.create(
                group=pamulang.group,
                bank=bri,
                kecamatan=pamulang.kecamatan,
                purpose="Alat",
                amount_requested=Decimal("1000000"),
                status=LoanReferral.Status.REFERRED,
            )
        ),
        # A draft for BRI that the department has not sent yet: the bank must not see it or its person.
        bri_draft=event(f.LoanReferralFactory(participant=pamulang.participant, bank=bri, status="draft")),
        # A Pamulang participant referred to Mandiri only.
        mandiri_person=event(f.LoanReferralFactory(participant=pamulang.participant, bank=mandiri)),
    )
    for referral in (referrals.bri_person, referrals.mandiri_person):
        document = ReferralDocument.objects.create(
            referral=referral,
            kind=DocumentKind.objects.get(code="ektp"),
            file=ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name="ktp.pdf"),
        )
        DocumentView.objects.create(document=document)
    for referral, person in ((referrals.bri_person, ciputat.participant), (referrals.bri_kub, pamulang.participant)):
        JointLiability.objects.create(referral=referral, participant=person, agreed_at=timezone.now())
    return SimpleNamespace(ciputat=ciputat, pamulang=pamulang, referrals=referrals, bri=bri, mandiri=mandiri)


def visible(user, model):
    return set(scope_queryset(user, model.objects.all()))


def rows_of(corner, referrals):
    return {
        Participant: {corner.participant},
        TrainingBatch: {corner.batch},
        BusinessGroup: {corner.group},
        Business: {corner.business},
        InventoryVisit: {corner.visit},
        LoanReferral: {r for r in vars(referrals).values() if r.kecamatan == corner.kecamatan},
    }


@pytest.mark.parametrize("persona", ["admin_user", "staf", "pimpinan"])
def test_city_wide_roles_see_every_row(request, world, persona):
    user = request.getfixturevalue(persona)
    for model in MODELS:
        assert visible(user, model) == set(model.objects.all()), model.__name__
        assert len(visible(user, model)) >= 2


@pytest.mark.parametrize(
    "persona, mine, theirs", [("petugas_ciputat", "ciputat", "pamulang"), ("petugas_pamulang", "pamulang", "ciputat")]
)
def test_a_field_officer_sees_their_own_kecamatan_only(request, world, persona, mine, theirs):
    user = request.getfixturevalue(persona)
    expected = rows_of(getattr(world, mine), world.referrals)
    for model in MODELS:
        assert visible(user, model) == expected[model], model.__name__
    assert world.referrals.mandiri_person not in visible(request.getfixturevalue("petugas_ciputat"), LoanReferral)


def test_a_bank_liaison_sees_their_banks_referrals_and_who_they_are_for(world, bank_bri):
    r = world.referrals
    assert visible(bank_bri, LoanReferral) == {r.bri_person, r.bri_person_again, r.bri_kub}
    assert visible(bank_bri, Participant) == {world.ciputat.participant}
    assert visible(bank_bri, BusinessGroup) == {world.pamulang.group}
    for model in (TrainingBatch, Business, InventoryVisit):
        assert visible(bank_bri, model) == set(), model.__name__


def test_a_bank_liaison_does_not_see_a_draft_nor_the_person_it_is_about(world, bank_bri):
    assert world.referrals.bri_draft not in visible(bank_bri, LoanReferral)
    assert world.pamulang.participant not in visible(bank_bri, Participant)
    assert not scope_queryset(bank_bri, LoanReferralEvent.objects.filter(referral=world.referrals.bri_draft)).exists()


def test_a_bank_liaison_sees_each_participant_once_however_many_referrals(world, bank_bri):
    rows = list(scope_queryset(bank_bri, Participant.objects.all()))
    assert rows == [world.ciputat.participant]


def test_a_bank_liaison_sees_the_history_of_their_referrals_only(world, bank_bri):
    events = scope_queryset(bank_bri, LoanReferralEvent.objects.all())
    assert {e.referral for e in events} == {
        world.referrals.bri_person,
        world.referrals.bri_person_again,
        world.referrals.bri_kub,
    }


def test_a_bank_liaison_sees_only_their_own_bank_among_banks(world, bank_bri):
    from financing.models import Bank

    assert list(scope_queryset(bank_bri, Bank.objects.all())) == [world.bri]


def test_another_banks_liaison_sees_only_that_banks_referral(world):
    liaison = f.UserFactory(username="bank.mandiri", bank=world.mandiri)
    liaison.groups.add(Group.objects.get(name=roles.BANK_LIAISON))
    assert visible(liaison, LoanReferral) == {world.referrals.mandiri_person}
    assert visible(liaison, Participant) == {world.pamulang.participant}
    assert visible(liaison, BusinessGroup) == set()


def test_a_bank_liaison_without_a_bank_sees_nothing(world):
    liaison = f.UserFactory(username="bank.tanpa")
    liaison.groups.add(Group.objects.get(name=roles.BANK_LIAISON))
    for model in MODELS:
        assert visible(liaison, model) == set(), model.__name__


def test_a_field_officer_without_a_kecamatan_sees_no_rows(world):
    officer = f.UserFactory(username="petugas.baru")
    officer.groups.add(Group.objects.get(name=roles.FIELD_OFFICER))
    for model in MODELS:
        assert visible(officer, model) == set(), model.__name__


def test_an_officer_of_two_kecamatan_sees_both(world):
    officer = f.UserFactory(username="petugas.dua")
    officer.groups.add(Group.objects.get(name=roles.FIELD_OFFICER))
    officer.kecamatan.add(world.ciputat.kecamatan, world.pamulang.kecamatan)
    assert visible(officer, Participant) == {world.ciputat.participant, world.pamulang.participant}


def test_an_officer_of_two_kecamatan_appears_once_among_users(world):
    officer = f.UserFactory(username="petugas.dua")
    officer.groups.add(Group.objects.get(name=roles.FIELD_OFFICER))
    officer.kecamatan.add(world.ciputat.kecamatan, world.pamulang.kecamatan)
    rows = list(scope_queryset(officer, User.objects.filter(pk=officer.pk)))
    assert rows == [officer]
    assert get_scoped_or_404(officer, User.objects.all(), pk=officer.pk) == officer


def test_an_inactive_user_sees_nothing(world, staf):
    staf.is_active = False
    staf.save()
    for model in MODELS:
        assert visible(staf, model) == set(), model.__name__


def test_a_user_without_a_role_sees_nothing(world):
    nobody = f.UserFactory(username="tanpa.peran", is_staff=True)
    for model in MODELS:
        assert visible(nobody, model) == set(), model.__name__


def test_an_anonymous_user_sees_nothing(world):
    for user in (AnonymousUser(), None):
        for model in MODELS:
            assert visible(user, model) == set(), model.__name__


def test_every_kecamatan_path_is_valid_and_splits_the_rows(world, petugas_ciputat):
    for label, path in KECAMATAN_PATHS.items():
        if path is None:
            continue
        model = apps.get_model(label)
        everything = model.objects.all()
        seen = scope_queryset(petugas_ciputat, everything)
        kecamatan_seen = set(seen.values_list(path, flat=True))
        assert kecamatan_seen == {world.ciputat.kecamatan.pk}, label
        if label != "accounts.user":
            assert everything.count() > seen.count(), label


def test_get_scoped_or_404_returns_a_row_in_scope(world, petugas_ciputat):
    participant = world.ciputat.participant
    assert get_scoped_or_404(petugas_ciputat, Participant.objects.all(), pk=participant.pk) == participant
    assert in_scope(petugas_ciputat, participant)


def test_get_scoped_or_404_raises_404_out_of_scope(world, petugas_ciputat, bank_bri):
    with pytest.raises(Http404):
        get_scoped_or_404(petugas_ciputat, Participant.objects.all(), pk=world.pamulang.participant.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(bank_bri, LoanReferral.objects.all(), pk=world.referrals.mandiri_person.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(bank_bri, Business.objects.all(), pk=world.ciputat.business.pk)
    assert not in_scope(petugas_ciputat, world.pamulang.group)


def test_get_scoped_or_404_raises_404_for_a_row_that_does_not_exist(world, staf):
    with pytest.raises(Http404):
        get_scoped_or_404(staf, Participant.objects.all(), pk=0)
