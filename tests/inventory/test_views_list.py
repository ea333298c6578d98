"""The work list at /inventaris/: the officer's kecamatan, overdue first, search, kecamatan filter, login landing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import BusinessFactory, ParticipantFactory, kecamatan, kelurahan_of, make_nik

pytestmark = pytest.mark.django_db

URL = reverse("inventory:list")


def names(response) -> list[str]:
    return [b.name for b in response.context["page"]]


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def test_an_officer_sees_only_the_businesses_of_their_kecamatan(client, petugas_ciputat):
    BusinessFactory(name="Batik Ciputat", kelurahan=kelurahan_of("Ciputat"))
    BusinessFactory(name="Batik Pamulang", kelurahan=kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)
    response = client.get(URL)
    assert names(response) == ["Batik Ciputat"]
    assert "kecamatan" not in response.context["form"].fields  # one kecamatan: nothing to choose


def test_the_overdue_come_first_never_visited_then_the_longest_ago(client, petugas_ciputat, settings):
    settings.TANGSEL_VISIT_OVERDUE_DAYS = 90
    BusinessFactory(name="A dikunjungi kemarin", last_visit_status="running", last_visited_on=ago(1))
    BusinessFactory(name="B dikunjungi 89 hari lalu", last_visit_status="running", last_visited_on=ago(89))
    BusinessFactory(name="C dikunjungi 91 hari lalu", last_visit_status="closed", last_visited_on=ago(91))
    BusinessFactory(name="D belum pernah")
    BusinessFactory(name="E dikunjungi 200 hari lalu", last_visit_status="running", last_visited_on=ago(200))
    client.force_login(petugas_ciputat)
    response = client.get(URL)
    assert names(response) == [
        "D belum pernah",
        "E dikunjungi 200 hari lalu",
        "C dikunjungi 91 hari lalu",
        "B dikunjungi 89 hari lalu",
        "A dikunjungi kemarin",
    ]
    assert [b.is_overdue for b in response.context["page"]] == [1, 1, 1, 0, 0]
    html = response.content.decode()
    assert html.count("Perlu dikunjungi") == 3


def test_the_overdue_period_is_a_setting(client, petugas_ciputat, settings):
    settings.TANGSEL_VISIT_OVERDUE_DAYS = 30
    BusinessFactory(name="Lama", last_visit_status="running", last_visited_on=ago(40))
    client.force_login(petugas_ciputat)
    assert [b.is_overdue for b in client.get(URL).context["page"]] == [1]


def test_the_list_shows_the_last_visit_date_and_status(client, petugas_ciputat):
    BusinessFactory(name="Tutup Botol", last_visit_status="not_running", last_visited_on=ago(3))
    client.force_login(petugas_ciputat)
    html = client.get(URL).content.decode()
    assert "Tidak berjalan" in html
    assert ago(3).strftime("%d-%m-%Y") in html


def test_a_search_posts_and_finds_by_business_or_owner_name(client, petugas_ciputat):
    owner = ParticipantFactory(name="Siti Aminah")
    BusinessFactory(name="Kaligrafi Telur", owner_participant=owner)
    BusinessFactory(name="Pot Handuk", owner_name="Joko Susilo")
    BusinessFactory(name="Lainnya")
    client.force_login(petugas_ciputat)
    response = client.post(URL, {"q": "aminah"})
    assert response.status_code == 302 and "aminah" not in response["Location"]
    assert names(client.get(response["Location"])) == ["Kaligrafi Telur"]
    response = client.post(URL, {"q": "joko"})
    assert names(client.get(response["Location"])) == ["Pot Handuk"]
    response = client.post(URL, {"q": "pot"})
    assert names(client.get(response["Location"])) == ["Pot Handuk"]


def test_a_typed_nik_never_reaches_the_address(client, petugas_ciputat):
    nik = make_nik(birth_date=dt.date(1990, 5, 17), sex="L", serial=7)
    BusinessFactory(name="Milik NIK", owner_name="Budi", owner_nik=nik)
    client.force_login(petugas_ciputat)
    response = client.post(URL, {"q": nik})
    assert nik not in response["Location"]
    page = client.get(response["Location"])
    assert names(page) == ["Milik NIK"]


def test_leadership_may_look_up_only_a_whole_nik(client, pimpinan):
    nik = make_nik(birth_date=dt.date(1990, 5, 17), sex="L", serial=7)
    BusinessFactory(name="Milik NIK", owner_name="Budi", owner_nik=nik)
    client.force_login(pimpinan)
    response = client.post(URL, {"q": nik[:6]})
    page = client.get(response["Location"], follow=True)
    assert "hanya dapat mencari NIK lengkap" in page.content.decode()
    response = client.post(URL, {"q": nik})
    assert names(client.get(response["Location"])) == ["Milik NIK"]


def test_staff_see_every_kecamatan_and_filter_by_one(client, staf):
    BusinessFactory(name="Batik Ciputat", kelurahan=kelurahan_of("Ciputat"))
    BusinessFactory(name="Batik Pamulang", kelurahan=kelurahan_of("Pamulang"))
    client.force_login(staf)
    assert sorted(names(client.get(URL))) == ["Batik Ciputat", "Batik Pamulang"]
    response = client.get(URL, {"kecamatan": kecamatan("Pamulang").pk})
    assert names(response) == ["Batik Pamulang"]


def test_an_officer_cannot_filter_their_way_into_another_kecamatan(client, petugas_ciputat):
    BusinessFactory(name="Batik Ciputat", kelurahan=kelurahan_of("Ciputat"))
    BusinessFactory(name="Batik Pamulang", kelurahan=kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)
    assert names(client.get(URL, {"kecamatan": kecamatan("Pamulang").pk})) == ["Batik Ciputat"]


def test_the_list_pages_in_a_constant_number_of_queries(client, staf):
    owner = ParticipantFactory()
    client.force_login(staf)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(URL)
        return len(context), response

    for i in range(3):
        BusinessFactory(name=f"Usaha {i:02d}", owner_participant=owner if i % 2 else None, owner_name="Pemilik")
    client.get(URL)  # warm the session and permission caches
    few, _ = queries()
    for i in range(3, 30):
        BusinessFactory(name=f"Usaha {i:02d}", owner_participant=owner if i % 2 else None, owner_name="Pemilik")
    many, response = queries()
    assert many == few
    assert len(response.context["page"]) == 25
    assert 'rel="next"' in response.content.decode()


def test_leadership_read_but_may_not_add_or_visit(client, pimpinan):
    BusinessFactory(name="Batik Ciputat")
    client.force_login(pimpinan)
    html = client.get(URL).content.decode()
    assert "Batik Ciputat" in html
    assert reverse("inventory:create") not in html
    assert "Catat kunjungan" not in html


def test_a_field_officer_lands_on_the_work_list_after_login(client, petugas_ciputat, pimpinan):
    # Roles signing in with the password alone (staff give a second factor first: accounts tests).
    for user, landing in ((petugas_ciputat, URL), (pimpinan, reverse("home"))):
        client.logout()
        response = client.post(reverse("login"), {"username": user.username, "password": "pw-tangsel-123"})
        assert response.status_code == 302
        assert client.get(response["Location"])["Location"] == landing


def test_the_count_is_capped_and_says_more_than(client, staf, settings):
    settings.TANGSEL_LIST_COUNT_CAP = 3
    for i in range(5):
        BusinessFactory(name=f"Usaha {i}")
    client.force_login(staf)
    response = client.get(URL)
    assert response.context["page"].paginator.capped
    assert "Lebih dari 3 usaha" in response.content.decode()


def test_the_home_page_links_a_field_officer_to_the_work_list(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in html
