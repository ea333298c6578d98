"""Adding a business found in the field: the officer's own kecamatan only, the owner's NIK validated."""

import datetime as dt

import pytest
from django.urls import reverse

from inventory.models import Business
from tests.factories import CraftTypeFactory, ParticipantFactory, kelurahan_of, make_nik

pytestmark = pytest.mark.django_db

URL = reverse("inventory:create")


def data(**overrides) -> dict:
    return {
        "name": "Kerajinan Tutup Botol Pak Joko",
        "owner_name": "Joko Susilo",
        "owner_nik": "",
        "kelurahan": kelurahan_of("Ciputat").pk,
        "craft_type": "",
        "address": "Jl. Serua Raya 5",
        "phone": "0812 3456 7890",
        **overrides,
    }


def test_an_officer_adds_a_business_of_their_kecamatan(client, petugas_ciputat):
    craft = CraftTypeFactory(name="Tutup botol")
    client.force_login(petugas_ciputat)
    response = client.post(URL, data(craft_type=craft.pk))
    business = Business.objects.get()
    assert response["Location"] == reverse("inventory:detail", kwargs={"pk": business.pk})
    assert business.created_by == petugas_ciputat
    assert business.craft_type == craft
    assert business.phone == "+6281234567890"
    assert business.last_visit_status == ""  # never visited: first on the work list


def test_the_kelurahan_offered_are_those_of_the_officers_kecamatan(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    options = client.get(URL).context["form"].fields["kelurahan"].queryset
    assert {k.kecamatan.name for k in options} == {"Ciputat"}


def test_a_kelurahan_of_another_kecamatan_is_refused_and_the_form_keeps_what_was_typed(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    response = client.post(URL, data(kelurahan=kelurahan_of("Pamulang").pk))
    assert response.status_code == 200
    assert not Business.objects.exists()
    assert "di luar wilayah tugas Anda" in response.content.decode()
    assert 'value="Kerajinan Tutup Botol Pak Joko"' in response.content.decode()


def test_a_malformed_owner_nik_is_refused_in_indonesian(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    response = client.post(URL, data(owner_nik="12345"))
    assert not Business.objects.exists()
    assert "16" in str(response.context["form"].errors["owner_nik"])


def test_the_nik_of_a_participant_the_officer_may_see_links_the_business_to_them(client, petugas_ciputat):
    owner = ParticipantFactory(name="Siti Aminah", kelurahan=kelurahan_of("Ciputat"))
    client.force_login(petugas_ciputat)
    client.post(URL, data(owner_nik=owner.nik))
    business = Business.objects.get()
    assert business.owner_participant == owner
    assert business.owner_nik == ""  # kept once, on the participant


def test_a_participant_of_another_kecamatan_is_not_revealed_by_their_nik(client, petugas_ciputat):
    elsewhere = ParticipantFactory(name="Rahasia", kelurahan=kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)
    client.post(URL, data(owner_nik=elsewhere.nik))
    business = Business.objects.get()
    assert business.owner_participant is None
    assert business.owner_nik == elsewhere.nik
    assert "Rahasia" not in client.get(reverse("inventory:detail", kwargs={"pk": business.pk})).content.decode()


def test_an_owner_nik_of_someone_not_a_participant_is_kept(client, petugas_ciputat):
    nik = make_nik(birth_date=dt.date(1975, 2, 3), sex="P", serial=12)
    client.force_login(petugas_ciputat)
    client.post(URL, data(owner_nik=nik))
    assert Business.objects.get().owner_nik == nik
