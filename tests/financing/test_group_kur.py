"""Group KUR for a KUB (Permenko 12/2025 Pasal 4): members each checked, through the ketua,
agreements to joint liability recorded, and the department's validation letter."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from financing import eligibility
from financing.models import JointLiability, KurProgramme
from financing.services import joint_liability_record, referral_create
from groups.models import BusinessGroup
from tests import factories
from tests.financing.eligible import eligible_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def kub():
    """An active KUB: an eligible ketua (with the business) and a member who never trained."""
    ketua = eligible_participant(name="Ketua Renteng")
    group = BusinessGroup.objects.get(memberships__participant=ketua)
    member = factories.ParticipantFactory(name="Anggota Belum Latih")
    factories.MembershipFactory(group=group, participant=member)
    BusinessGroup.objects.filter(pk=group.pk).update(status=BusinessGroup.Status.ACTIVE)
    factories.InventoryVisitFactory(
        business=factories.BusinessFactory(group=group), visited_on=ketua.businesses.get().visits.last().visited_on
    )
    group.refresh_from_db()
    group.ketua_person, group.member_person = ketua, member
    return group


@pytest.fixture
def referral(kub, staf, bri):
    return referral_create(
        bank=bri,
        purpose="Modal kelompok",
        amount_requested=Decimal(60_000_000),
        user=staf,
        group=kub,
        programme=KurProgramme.objects.get(name="KUR Mikro"),
        check_eligibility=True,
    )


def test_the_kub_referral_goes_through_the_ketua(referral, kub):
    assert referral.ketua == kub.ketua_person


def test_a_kub_without_a_ketua_fails_that_point(kub):
    kub.memberships.filter(role="ketua").update(role="anggota")
    failed = {p.code for p in eligibility.check(group=kub).failed}
    assert failed == {"ketua"}


def test_each_member_has_their_own_check(kub):
    results = {m.participant: r for m, r in eligibility.check_members(kub)}
    assert results[kub.ketua_person].ok
    assert "trained" in {p.code for p in results[kub.member_person].failed}


def test_joint_liability_is_recorded_once_per_member(referral, kub, staf):
    recorded = joint_liability_record(referral=referral, participants=[kub.ketua_person], method="paper", user=staf)
    assert [a.participant for a in recorded] == [kub.ketua_person]
    again = joint_liability_record(
        referral=referral, participants=[kub.ketua_person, kub.member_person], method="paper", user=staf
    )
    assert [a.participant for a in again] == [kub.member_person]
    assert JointLiability.objects.filter(referral=referral).count() == 2


def test_only_active_members_can_agree(referral, staf):
    outsider = factories.ParticipantFactory(name="Orang Luar")
    with pytest.raises(ValidationError):
        joint_liability_record(referral=referral, participants=[outsider], method="paper", user=staf)


def test_the_detail_page_lists_members_and_records_agreements(client, staf, referral, kub):
    client.force_login(staf)
    url = reverse("financing:detail", args=[referral.pk])
    page = client.get(url).content.decode()
    assert "Ketua Renteng" in page and "Anggota Belum Latih" in page
    assert page.count('data-eligible="0"') == 1 and page.count('data-agreed="0"') == 2
    client.post(reverse("financing:joint_liability", args=[referral.pk]), {"anggota": [kub.member_person.pk]})
    page = client.get(url).content.decode()
    assert page.count('data-agreed="1"') == 1


def test_the_group_letter_for_staff_and_the_bank(client, staf, bank_bri, referral, kub):
    from financing.models import ReferralStatus
    from financing.services import referral_transition

    referral_transition(referral=referral, to_status=ReferralStatus.REFERRED, user=staf)
    joint_liability_record(referral=referral, participants=[kub.ketua_person], method="paper", user=staf)
    for user in (staf, bank_bri):
        client.force_login(user)
        page = client.get(reverse("financing:group_letter", args=[referral.pk])).content.decode()
        assert "Permenko Perekonomian Nomor 12 Tahun 2025 Pasal 4" in page
        assert "Ketua Renteng" in page and "Anggota Belum Latih" in page
        assert "Belum semua anggota menyetujui tanggung renteng." in page
        assert kub.ketua_person.nik not in page and kub.ketua_person.phone not in page
