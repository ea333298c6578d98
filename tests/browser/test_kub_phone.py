"""The KUB pages on a 360×740 phone: every action in reach without scrolling sideways."""

import datetime as dt

import pytest

from groups.models import Membership
from groups.services import group_add_member
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import (
    BusinessGroupFactory,
    CraftTypeFactory,
    EnrollmentFactory,
    ParticipantFactory,
    ProductFactory,
    TrainingBatchFactory,
    kecamatan,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Role = Membership.Role


def completer(batch, name):
    participant = ParticipantFactory(name=name)
    EnrollmentFactory(batch=batch, participant=participant, completed=True)
    return participant


@pytest.fixture
def batch(db):
    craft = CraftTypeFactory(name="Pot bunga dari handuk bekas")
    return TrainingBatchFactory(name="Angkatan Ciputat Handuk II", kecamatan=kecamatan("Ciputat"), craft_type=craft)


@pytest.fixture
def kub(batch, staf):
    group = BusinessGroupFactory(
        name="KUB Karya Ibu Serua Indah Bersatu", kecamatan=kecamatan("Ciputat"), craft_type=batch.craft_type
    )
    roles = [Role.KETUA, Role.SEKRETARIS, Role.BENDAHARA]
    for i in range(9):
        group_add_member(
            group=group,
            participant=completer(batch, f"Siti Nurhaliza Kusumawardhani {i}"),
            role=roles[i] if i < 3 else Role.ANGGOTA,
            joined_on=dt.date(2026, 4, 1),
            user=staf,
            override_reason="",
        )
    for i in range(3):
        completer(batch, f"Calon Anggota Berikutnya Yang Namanya Panjang {i}")
    ProductFactory(group=group, name="Pot Bunga Handuk Mawar Merah Besar", price=1250000)
    return group


def test_the_kub_page_with_its_member_actions_fits_a_phone(phone_page, staf, kub):
    login(phone_page, "staf")
    phone_page.goto(f"/kub/{kub.pk}/")
    assert phone_page.locator("#members a.btn").count() == 9  # leave / replace, one per member
    assert phone_page.locator("#ketua-form").is_visible()
    assert phone_page.locator("#add-member-form").is_visible()
    assert_phone_friendly(phone_page)

    # The buttons work from the phone: hand the ketua over to the first ordinary member.
    new = kub.memberships.filter(role=Role.ANGGOTA).order_by("participant__name").first()
    phone_page.select_option("#ketua-form select", str(new.pk))
    phone_page.click("#ketua-form button[type=submit]")
    phone_page.wait_for_url(f"**/kub/{kub.pk}/#anggota")
    assert "sekarang ketua" in phone_page.locator("main").inner_text()
    new.refresh_from_db()
    assert new.role == Role.KETUA
    assert_phone_friendly(phone_page)


def test_the_kub_list_fits_a_phone(phone_page, staf, kub):
    BusinessGroupFactory(name="KUB Tutup Botol Pondok Cabe Ilir Makmur", kecamatan=kecamatan("Pamulang"))
    login(phone_page, "staf")
    phone_page.goto("/kub/")
    assert phone_page.locator("#group-list a").count() == 2
    assert_phone_friendly(phone_page)


def test_the_formation_page_fits_a_phone(phone_page, staf, kub, batch):
    login(phone_page, "staf")
    phone_page.goto(f"/kub/bentuk/?batch={batch.pk}")
    assert phone_page.locator("#candidates .member-check").count() == 12
    assert_phone_friendly(phone_page)
