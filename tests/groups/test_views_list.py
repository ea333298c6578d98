"""/kub/: search, filters, sorting, pagination, scope, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import BusinessGroup
from tests.factories import BusinessGroupFactory, CraftTypeFactory, LoanReferralFactory, kecamatan

pytestmark = pytest.mark.django_db

URL = reverse("groups:list")


def names(response):
    return [g.name for g in response.context["page"]]


@pytest.fixture
def groups(db):
    telur = CraftTypeFactory(name="Kaligrafi kulit telur")
    handuk = CraftTypeFactory(name="Pot bunga handuk")
    return {
        "serua": BusinessGroupFactory(
            name="KUB Serua Indah",
            kecamatan=kecamatan("Ciputat"),
            craft_type=telur,
            status=BusinessGroup.Status.ACTIVE,
            active_member_count=10,
        ),
        "jombang": BusinessGroupFactory(
            name="KUB Jombang", kecamatan=kecamatan("Ciputat"), craft_type=handuk, active_member_count=7
        ),
        "benda": BusinessGroupFactory(
            name="KUB Benda Baru", kecamatan=kecamatan("Pamulang"), craft_type=telur, active_member_count=3
        ),
    }


def test_it_lists_every_kub_with_its_status_and_member_count(client, staf, groups):
    client.force_login(staf)
    response = client.get(URL)
    html = response.content.decode()
    assert names(response) == ["KUB Benda Baru", "KUB Jombang", "KUB Serua Indah"]
    assert "10/10" in html and "7/10" in html
    assert html.count('data-status="forming"') == 2 and html.count('data-status="active"') == 1
    assert "Sedang dibentuk" in html


def test_it_searches_by_name(client, staf, groups):
    client.force_login(staf)
    assert names(client.get(URL, {"q": "serua"})) == ["KUB Serua Indah"]


def test_it_filters_by_kecamatan_status_and_craft(client, staf, groups):
    client.force_login(staf)
    assert names(client.get(URL, {"kecamatan": kecamatan("Pamulang").pk})) == ["KUB Benda Baru"]
    assert names(client.get(URL, {"status": "active"})) == ["KUB Serua Indah"]
    craft = groups["serua"].craft_type
    assert names(client.get(URL, {"craft": craft.pk, "status": "forming"})) == ["KUB Benda Baru"]


def test_an_invalid_filter_is_ignored(client, staf, groups):
    client.force_login(staf)
    assert len(names(client.get(URL, {"kecamatan": "999999", "q": "jombang"}))) == 1


def test_it_sorts(client, staf, groups):
    client.force_login(staf)
    assert names(client.get(URL, {"sort": "-members"}))[0] == "KUB Serua Indah"
    assert names(client.get(URL, {"sort": "members"}))[0] == "KUB Benda Baru"
    assert names(client.get(URL, {"sort": "-name"}))[0] == "KUB Serua Indah"


def test_it_paginates_and_keeps_the_filters_in_page_links(client, staf):
    for i in range(30):
        BusinessGroupFactory(name=f"KUB {i:02d}")
    client.force_login(staf)
    response = client.get(URL, {"q": "KUB"})
    assert len(names(response)) == 25
    assert "?q=KUB&amp;page=2" in response.content.decode()
    assert names(client.get(URL, {"q": "KUB", "page": 2})) == [f"KUB {i:02d}" for i in range(25, 30)]


def test_a_field_officer_sees_only_their_kecamatan(client, petugas_pamulang, groups):
    client.force_login(petugas_pamulang)
    response = client.get(URL)
    assert names(response) == ["KUB Benda Baru"]
    assert [k.name for k in response.context["form"].fields["kecamatan"].queryset] == ["Pamulang"]
    assert "Bentuk KUB" not in response.content.decode()


def test_a_bank_liaison_lists_only_kubs_referred_to_their_bank(client, bank_bri, bri):
    referred = BusinessGroupFactory()
    BusinessGroupFactory()
    LoanReferralFactory(participant=None, group=referred, bank=bri, kecamatan=referred.kecamatan)
    client.force_login(bank_bri)
    response = client.get(URL)
    assert response.status_code == 200
    assert [g.pk for g in response.context["page"]] == [referred.pk]


def test_the_number_of_queries_does_not_grow_with_the_page(client, staf):
    client.force_login(staf)
    BusinessGroupFactory()
    client.get(URL)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(24):
        BusinessGroupFactory(kecamatan=kecamatan("Pamulang"), craft_type=CraftTypeFactory())
    with CaptureQueriesContext(connection) as full:
        response = client.get(URL)
    assert len(names(response)) == 25
    assert len(full) == len(one), [q["sql"] for q in full.captured_queries]


def test_the_count_is_capped_and_says_more_than(client, staf, groups, settings):
    # Tens of thousands of KUBs at a million participants: the list counts at most the cap.
    settings.TANGSEL_LIST_COUNT_CAP = 2
    client.force_login(staf)
    response = client.get(URL)
    assert response.context["page"].paginator.capped
    assert "Lebih dari 2 KUB" in response.content.decode()
    settings.TANGSEL_LIST_COUNT_CAP = 3
    response = client.get(URL)
    assert not response.context["page"].paginator.capped
    assert "3 KUB" in response.content.decode()
