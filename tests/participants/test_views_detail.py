"""The participant profile at /peserta/<pk>/: the whole journey on one page."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from groups.models import Membership
from tests.factories import (
    BankFactory,
    BusinessFactory,
    BusinessGroupFactory,
    CraftTypeFactory,
    EnrollmentFactory,
    ExhibitionEntryFactory,
    ExhibitionFactory,
    LoanReferralFactory,
    MembershipFactory,
    ParticipantFactory,
    ProductFactory,
    TrainingBatchFactory,
    kelurahan_of,
)

pytestmark = pytest.mark.django_db


def url(participant) -> str:
    return reverse("participants:detail", kwargs={"pk": participant.pk})


@pytest.fixture
def journey(bri):
    """A participant who trained twice, left one KUB, leads another that runs a business,
    exhibited, and was referred to BRI and to another bank."""
    today = timezone.localdate()
    p = ParticipantFactory(
        name="Siti Aminah", nik="3674015205900007", sex="P", birth_date=dt.date(1990, 5, 12), phone="+6281299990000"
    )
    towel = CraftTypeFactory(name="Pot bunga handuk")
    EnrollmentFactory(
        participant=p,
        batch=TrainingBatchFactory(name="Angkatan Handuk I", craft_type=towel),
        attendance_rate=Decimal("0.8333"),
        completed=True,
    )
    EnrollmentFactory(
        participant=p,
        batch=TrainingBatchFactory(
            name="Angkatan Kaligrafi", start_date=dt.date(2025, 1, 6), end_date=dt.date(2025, 2, 1)
        ),
        attendance_rate=Decimal("0.5000"),
        completed=False,
    )
    old = BusinessGroupFactory(name="KUB Lama")
    MembershipFactory(participant=p, group=old, joined_on=dt.date(2025, 3, 1), left_on=dt.date(2025, 9, 1))
    group = BusinessGroupFactory(name="KUB Melati", craft_type=towel)
    MembershipFactory(participant=p, group=group, role=Membership.Role.KETUA, joined_on=dt.date(2025, 10, 1))
    ProductFactory(group=group, name="Pot Handuk Mawar")
    ProductFactory(group=old, name="Produk KUB lama")
    BusinessFactory(group=group, name="Usaha KUB Melati", last_visit_status="running", last_visited_on=today)
    ExhibitionEntryFactory(group=group, exhibition=ExhibitionFactory(name="Festival HUT Tangsel"), booth="A-12")
    LoanReferralFactory(participant=p, bank=bri, purpose="Modal mesin jahit")
    LoanReferralFactory(participant=p, bank=BankFactory(short_name="BJB"), purpose="Modal bahan kain")
    return p


def test_staff_see_the_whole_journey(client, staf, journey):
    client.force_login(staf)
    html = client.get(url(journey)).content.decode()
    for text in (
        "Angkatan Handuk I",
        "83%",
        "Lulus",
        "Angkatan Kaligrafi",
        "50%",
        "Belum lulus",
        "<strong>KUB Melati</strong></a> sebagai <strong>Ketua</strong>",
        "KUB Lama",
        "Pot Handuk Mawar",
        "Usaha KUB Melati",
        "Berjalan",
        "Festival HUT Tangsel",
        "A-12",
        "Modal mesin jahit",
        "Modal bahan kain",
        journey.nik,
        "+6281299990000",
    ):
        assert text in html, text
    assert "Produk KUB lama" not in html  # products are of the current KUB


def test_it_says_why_the_participant_is_a_real_entrepreneur(client, staf, journey):
    client.force_login(staf)
    html = client.get(url(journey)).content.decode()
    assert "Pelaku usaha nyata: ya</strong>" in html
    assert "karena usaha KUB Melati ditemukan berjalan" in html


def test_it_says_why_the_participant_is_not_a_real_entrepreneur(client, staf):
    p = ParticipantFactory()
    client.force_login(staf)
    html = client.get(url(p)).content.decode()
    assert "Pelaku usaha nyata: tidak</strong>" in html
    assert "karena belum menjadi anggota aktif KUB dan tidak tercatat memiliki usaha." in html


def test_leadership_see_the_nik_masked_and_no_referral_at_all(client, pimpinan, journey):
    client.force_login(pimpinan)
    html = client.get(url(journey)).content.decode()
    assert journey.nik not in html
    assert "3674********0007" in html
    assert "+6281299990000" not in html
    assert "Modal mesin jahit" not in html and "Modal bahan kain" not in html
    # Not even how many: that a person asked for a loan is loan data too (tests/financing).
    assert "rujukan" not in html.lower()
    assert "Angkatan Handuk I" in html  # the rest of the journey is theirs to read


def test_a_bank_liaison_sees_only_their_banks_referrals_and_no_training_detail(client, bank_bri, journey):
    client.force_login(bank_bri)
    response = client.get(url(journey))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Modal mesin jahit" in html
    assert "Modal bahan kain" not in html
    assert journey.nik not in html
    assert "Angkatan Handuk I" not in html
    profile = response.context["profile"]
    assert profile.enrollments is None and profile.outcome is None


def test_a_field_officer_sees_no_loan_data(client, petugas_ciputat, journey):
    client.force_login(petugas_ciputat)
    response = client.get(url(journey))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Modal mesin jahit" not in html
    assert 'id="referrals"' not in html
    assert journey.nik in html


def test_a_participant_of_another_kecamatan_is_not_found_for_a_field_officer(client, petugas_pamulang, journey):
    client.force_login(petugas_pamulang)
    assert client.get(url(journey)).status_code == 404


def test_a_participant_without_a_referral_to_their_bank_is_not_found_for_a_bank_liaison(client, bank_bri):
    p = ParticipantFactory(kelurahan=kelurahan_of("Pamulang"))
    LoanReferralFactory(participant=p)
    client.force_login(bank_bri)
    assert client.get(url(p)).status_code == 404


def _count(client, participant) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(participant)).status_code == 200
    return len(ctx.captured_queries)


def test_the_profile_costs_the_same_queries_however_long_the_journey(client, staf, journey, bri):
    client.force_login(staf)
    before = _count(client, journey)
    group = journey.memberships.get(left_on__isnull=True).group
    for _ in range(4):
        EnrollmentFactory(participant=journey)
        LoanReferralFactory(participant=journey, bank=bri)
        ExhibitionEntryFactory(group=group)
        ProductFactory(group=group)
        BusinessFactory(owner_participant=journey)
    MembershipFactory(participant=journey, joined_on=dt.date(2024, 1, 1), left_on=dt.date(2024, 6, 1))
    assert _count(client, journey) == before


def _links(html: str) -> set[str]:
    return set(re.findall(r'<a href="([^"]+)"', html))


def test_it_links_each_batch_kub_and_product_the_user_may_open(client, staf, journey):
    client.force_login(staf)
    html = client.get(url(journey)).content.decode()
    links = _links(html)
    current = journey.memberships.get(left_on__isnull=True).group
    old = journey.memberships.get(left_on__isnull=False).group
    for enrollment in journey.enrollments.all():
        assert reverse("trainings:batch_detail", args=[enrollment.batch_id]) in links
    assert {reverse("groups:detail", args=[current.pk]), reverse("groups:detail", args=[old.pk])} <= links
    product = current.products.get()
    assert f"{reverse('groups:detail', args=[current.pk])}#produk-{product.pk}" in links
    # Exhibitions have no portal page yet: named, not linked.
    assert "Festival HUT Tangsel (" in html
    assert not any("pameran" in link for link in links)


def test_it_names_the_kub_once(client, staf, journey):
    client.force_login(staf)
    html = client.get(url(journey)).content.decode()
    assert "KUB KUB" not in html
    assert "Anggota aktif <a" in html and "<strong>KUB Melati</strong>" in html
    assert "KUB Melati</a> · <span" in html  # the exhibition line


def test_a_kub_without_kub_in_its_name_is_still_called_a_kub(client, staf):
    p = ParticipantFactory()
    MembershipFactory(participant=p, group=BusinessGroupFactory(name="Karya Ibu"))
    client.force_login(staf)
    assert "<strong>KUB Karya Ibu</strong>" in client.get(url(p)).content.decode()


def test_no_link_to_a_page_the_user_may_not_open(client, pimpinan, journey):
    leadership = Group.objects.get(name=roles.LEADERSHIP)
    leadership.permissions.remove(*Permission.objects.filter(codename__in=["view_trainingbatch", "view_businessgroup"]))
    client.force_login(pimpinan)
    html = client.get(url(journey)).content.decode()
    assert "Angkatan Handuk I" in html and "KUB Melati" in html and "Pot Handuk Mawar" in html
    assert not any(link.startswith(("/pelatihan/", "/kub/")) for link in _links(html))


def test_product_prices_are_written_in_rupiah(client, staf, journey):
    client.force_login(staf)
    assert "Rp75.000" in client.get(url(journey)).content.decode()
