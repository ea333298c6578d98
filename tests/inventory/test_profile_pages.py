"""The IKM profile page: read in scope, owner's NIK and phone as the privacy registry says,
the derived classes shown; officers edit the numbers through the portal form."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from inventory.models import Business, Kbli
from tests import factories

pytestmark = pytest.mark.django_db

NIK = factories.make_nik(birth_date=dt.date(1980, 3, 4), sex="P", serial=12)


@pytest.fixture
def business(db):
    return factories.BusinessFactory(
        kelurahan=factories.kelurahan_of("Ciputat"),
        owner_name="Ani Suryani",
        owner_nik=NIK,
        phone="081234567890",
        turnover_per_year=Decimal(300_000_000),
        workers_male=2,
        workers_female=5,
        investment=Decimal(40_000_000),
        channels=["marketplace", "social"],
    )


def test_kbli_reference_data_holds_the_craft_codes():
    assert Kbli.objects.get(code="13134").title == "Industri Batik"
    assert Kbli.objects.filter(code="16291").exists()
    assert all(len(code) == 5 and code.isdigit() for code in Kbli.objects.values_list("code", flat=True))


def test_staff_see_the_full_owner_data_and_the_derived_classes(client, staf, business):
    client.force_login(staf)
    page = client.get(reverse("ikm:profile", args=[business.pk])).content.decode()
    assert NIK in page and "081234567890" in page
    assert 'id="size-class">Mikro<' in page
    assert 'id="industry-class">Industri kecil<' in page
    assert "Marketplace, Media sosial" in page


def test_leadership_sees_the_owner_nik_and_phone_masked(client, pimpinan, business):
    client.force_login(pimpinan)
    page = client.get(reverse("ikm:profile", args=[business.pk])).content.decode()
    assert NIK not in page and "081234567890" not in page
    assert NIK[:4] + "********" + NIK[-4:] in page
    assert "Ubah profil" not in page


def test_an_officer_edits_the_profile_and_the_classes_follow(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    url = reverse("ikm:profile_edit", args=[business.pk])
    form = client.get(url).content.decode()
    assert 'name="size_class"' not in form and 'name="industry_class"' not in form
    response = client.post(
        url,
        {
            "legal_form": "ud",
            "kbli": Kbli.objects.get(code="16291").pk,
            "phone": business.phone,
            "workers_male": "12",
            "workers_female": "10",
            "turnover_per_year": "3000000000",
            "investment": "2000000000",
            "channels": ["offline", "exhibition"],
            "exports": "on",
            "export_destinations": "Malaysia, Jepang",
            "market_reach": "export",
        },
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.legal_form == "ud" and business.kbli.code == "16291"
    assert (business.size_class, business.industry_class) == ("kecil", "menengah")
    assert business.channels == ["offline", "exhibition"]
    assert business.owner_nik == NIK  # not on the form, untouched


def test_destinations_without_export_are_refused_in_words(client, staf, business):
    client.force_login(staf)
    response = client.post(
        reverse("ikm:profile_edit", args=[business.pk]),
        {"phone": business.phone, "export_destinations": "Singapura", "channels": business.channels},
    )
    assert response.status_code == 200
    assert "hanya bila usaha ini mengekspor" in response.content.decode()
    assert Business.objects.get(pk=business.pk).export_destinations == ""


def test_the_admin_shows_the_classes_read_only(client, staf, business):
    client.force_login(staf)
    page = client.get(reverse("admin:inventory_business_change", args=[business.pk])).content.decode()
    assert "Skala usaha (PP 7/2021)" in page or "skala usaha (PP 7/2021)" in page.lower()
    assert 'name="size_class"' not in page
    assert 'name="licences-TOTAL_FORMS"' in page
