"""The participant list and profile on a 360×740 phone: every action in reach without
scrolling sideways."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from groups.models import Membership
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import (
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
    kecamatan,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(bri):
    """A participant with a long name and every part of the profile filled."""
    p = ParticipantFactory(name="Siti Nurhaliza Kusumawardhani Prameswari")
    craft = CraftTypeFactory(name="Pot bunga dari handuk bekas")
    batch = TrainingBatchFactory(name="Angkatan Ciputat Pot Bunga Handuk II", craft_type=craft)
    EnrollmentFactory(participant=p, batch=batch, attendance_rate=Decimal("0.8333"), completed=True)
    old = BusinessGroupFactory(name="KUB Kaligrafi Kulit Telur Serua Indah")
    MembershipFactory(participant=p, group=old, joined_on=dt.date(2025, 3, 1), left_on=dt.date(2025, 9, 1))
    group = BusinessGroupFactory(
        name="KUB Karya Ibu Serua Indah Bersatu", craft_type=craft, kecamatan=kecamatan("Ciputat")
    )
    MembershipFactory(participant=p, group=group, role=Membership.Role.KETUA, joined_on=dt.date(2025, 10, 1))
    ProductFactory(group=group, name="Pot Bunga Handuk Mawar Merah Besar", price=Decimal("1250000"))
    BusinessFactory(
        group=group,
        name="Usaha Pot Bunga Handuk KUB Karya Ibu",
        last_visit_status="running",
        last_visited_on=timezone.localdate(),
    )
    ExhibitionEntryFactory(
        group=group, exhibition=ExhibitionFactory(name="Festival HUT Kota Tangerang Selatan ke-18"), booth="A-12"
    )
    LoanReferralFactory(participant=p, bank=bri, purpose="Modal pembelian mesin jahit dan bahan handuk")
    return p


def test_the_participant_list_fits_a_phone(phone_page, staf, journey):
    for i in range(5):
        ParticipantFactory(name=f"Peserta Dengan Nama Yang Cukup Panjang {i}")
    login(phone_page, "staf")
    phone_page.goto("/peserta/")
    assert phone_page.locator("#participant-table tbody a").count() == 6
    assert_phone_friendly(phone_page)


def test_the_participant_profile_fits_a_phone(phone_page, staf, journey):
    login(phone_page, "staf")
    phone_page.goto(f"/peserta/{journey.pk}/")
    main = phone_page.locator("main")
    for link in ("Angkatan Ciputat Pot Bunga Handuk II", "KUB Karya Ibu Serua Indah Bersatu", "Pot Bunga Handuk Mawar"):
        assert main.get_by_role("link", name=link).first.is_visible(), link
    assert_phone_friendly(phone_page)

    # The product link opens the KUB page at the product.
    main.get_by_role("link", name="Pot Bunga Handuk Mawar Merah Besar").click()
    phone_page.wait_for_url("**/kub/*/#produk-*")
    assert "Pot Bunga Handuk Mawar Merah Besar" in phone_page.locator(":target").inner_text()
