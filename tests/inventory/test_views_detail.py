"""A business's page at /inventaris/<pk>/: the timeline of visits with thumbnails served in
scope, the map of its kecamatan with the visit points, masking, and the latest visit deciding
whether its owner is a real entrepreneur."""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inventory.maps import visit_map
from inventory.models import InventoryVisit
from inventory.services import visit_record
from participants.models import Participant
from participants.outcomes import real_entrepreneur_q
from tests.core import images
from tests.factories import (
    BusinessFactory,
    BusinessGroupFactory,
    MembershipFactory,
    ParticipantFactory,
    kelurahan_of,
    make_nik,
)

pytestmark = pytest.mark.django_db

CIPUTAT = (Decimal("-6.310000"), Decimal("106.735000"))  # inside Kecamatan Ciputat


@pytest.fixture
def business(db):
    return BusinessFactory(name="Pot Bunga Handuk Bu Rina", kelurahan=kelurahan_of("Ciputat"), owner_name="Rina")


def detail(business) -> str:
    return reverse("inventory:detail", kwargs={"pk": business.pk})


def visit(business, officer, days_ago=0, status="running", **kwargs):
    return visit_record(
        business=business,
        officer=officer,
        visited_on=timezone.localdate() - dt.timedelta(days=days_ago),
        status=status,
        **kwargs,
    )


def test_the_timeline_lists_every_visit_newest_first_with_officer_status_and_accuracy(
    client, petugas_ciputat, business
):
    old = visit(business, petugas_ciputat, days_ago=100, status="not_running")
    new = visit(
        business,
        petugas_ciputat,
        days_ago=1,
        latitude=CIPUTAT[0],
        longitude=CIPUTAT[1],
        location_accuracy=9,
        location_source="gps",
        evidence_photo=images.upload(images.jpeg()),
    )
    client.force_login(petugas_ciputat)
    response = client.get(detail(business))
    html = response.content.decode()
    assert [v.pk for v in response.context["visits"]] == [new.pk, old.pk]
    assert html.index(f'id="kunjungan-{new.pk}"') < html.index(f'id="kunjungan-{old.pk}"')
    assert "GPS ± 9 m" in html
    assert "Tidak berjalan" in html and "Berjalan" in html
    assert new.evidence_thumbnail.url in html and new.evidence_photo.url in html
    assert client.get(new.evidence_thumbnail.url).status_code == 200


def test_the_map_draws_the_kecamatan_and_the_visit_points(client, petugas_ciputat, business):
    visit(business, petugas_ciputat, days_ago=30, latitude=CIPUTAT[0], longitude=CIPUTAT[1])
    visit(business, petugas_ciputat, days_ago=1, latitude=Decimal("-6.300000"), longitude=Decimal("106.740000"))
    client.force_login(petugas_ciputat)
    html = client.get(detail(business)).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<path") == 7  # the seven kelurahan of Ciputat
    assert svg.count("data-visit-point") == 2 and svg.count("data-latest") == 1
    assert "<title>Serua</title>" in svg
    # Drawn where they are, in numbers SVG reads (not the Indonesian decimal comma).
    points = re.findall(r'<circle cx="([^"]+)" cy="([^"]+)"', svg)
    assert len(points) == 2 and all(re.fullmatch(r"\d+(\.\d+)?", n) for xy in points for n in xy), points
    assert all(float(x) > 20 and float(y) > 20 for x, y in points)


def test_a_position_outside_the_kecamatan_is_counted_not_drawn():
    drawn = visit_map(
        kecamatan_code="36.74.04",
        kelurahan_code="36.74.04.1001",
        positions=[(-6.31, 106.735, "dalam"), (-6.2, 106.6, "luar")],
    )
    assert len(drawn.points) == 1 and drawn.outside == 1
    assert drawn.points[0].latest and 0 < drawn.points[0].x < drawn.width and 0 < drawn.points[0].y < drawn.height
    assert sum(area.highlighted for area in drawn.areas) == 1


def test_leadership_see_no_position_and_a_masked_nik(client, pimpinan, petugas_ciputat):
    nik = make_nik(birth_date=dt.date(1980, 3, 4), sex="P", serial=21)
    business = BusinessFactory(
        kelurahan=kelurahan_of("Ciputat"), owner_name="Rina", owner_nik=nik, phone="+6281299990000"
    )
    visit(
        business, petugas_ciputat, latitude=CIPUTAT[0], longitude=CIPUTAT[1], location_accuracy=9, location_source="gps"
    )
    client.force_login(pimpinan)
    html = client.get(detail(business)).content.decode()
    assert nik not in html and "3674********0021" in html
    assert "+6281299990000" not in html
    assert "data-visit-point" not in html and "GPS ±" not in html
    assert "tidak ditampilkan untuk peran Anda" in html


def test_an_officer_sees_the_owners_nik_in_full(client, petugas_ciputat):
    nik = make_nik(birth_date=dt.date(1980, 3, 4), sex="P", serial=21)
    business = BusinessFactory(kelurahan=kelurahan_of("Ciputat"), owner_name="Rina", owner_nik=nik)
    client.force_login(petugas_ciputat)
    assert nik in client.get(detail(business)).content.decode()


def test_photos_of_another_kecamatan_do_not_exist_for_an_officer(client, petugas_pamulang, petugas_ciputat, business):
    shown = visit(business, petugas_ciputat, evidence_photo=images.upload(images.jpeg()))
    client.force_login(petugas_pamulang)
    assert client.get(detail(business)).status_code == 404
    assert client.get(shown.evidence_photo.url).status_code == 404
    assert client.get(shown.evidence_thumbnail.url).status_code == 404


def test_recording_a_running_visit_on_the_page_makes_the_owner_a_real_entrepreneur(client, petugas_ciputat):
    owner = ParticipantFactory(name="Siti Aminah", kelurahan=kelurahan_of("Ciputat"))
    business = BusinessFactory(kelurahan=kelurahan_of("Ciputat"), owner_participant=owner)
    real = Participant.objects.filter(real_entrepreneur_q())
    assert owner not in real
    client.force_login(petugas_ciputat)
    response = client.post(
        reverse("inventory:visit", kwargs={"pk": business.pk}),
        {"client_id": str(uuid.uuid4()), "visited_on": timezone.localdate().isoformat(), "status": "running"},
    )
    assert owner in real.all()
    html = client.get(response["Location"]).content.decode()
    assert 'id="owner-real"' in html
    assert reverse("participants:detail", kwargs={"pk": owner.pk}) in html
    # A later visit that finds it closed takes it back.
    client.post(
        reverse("inventory:visit", kwargs={"pk": business.pk}),
        {"client_id": str(uuid.uuid4()), "visited_on": timezone.localdate().isoformat(), "status": "closed"},
    )
    assert owner not in real.all()
    assert 'id="owner-real"' not in client.get(detail(business)).content.decode()


def test_the_visit_just_recorded_is_marked_on_the_timeline(client, petugas_ciputat, business):
    shown = visit(business, petugas_ciputat)
    client.force_login(petugas_ciputat)
    html = client.get(detail(business), {"kunjungan": shown.pk}).content.decode()
    assert re.search(rf'class="card mb-2 border-success" id="kunjungan-{shown.pk}"', html)


def test_the_page_costs_the_same_queries_for_one_visit_or_many(client, petugas_ciputat, business):
    visit(business, petugas_ciputat, days_ago=50)
    client.force_login(petugas_ciputat)
    client.get(detail(business))
    with CaptureQueriesContext(connection) as one:
        client.get(detail(business))
    for days in range(1, 10):
        visit(business, petugas_ciputat, days_ago=days)
    with CaptureQueriesContext(connection) as many:
        client.get(detail(business))
    assert len(many) == len(one)
    assert InventoryVisit.objects.filter(business=business).count() == 10


def test_an_owner_living_in_another_kecamatan_is_named_but_neither_linked_nor_explained(client, petugas_ciputat):
    owner = ParticipantFactory(name="Warga Pamulang", kelurahan=kelurahan_of("Pamulang"))
    business = BusinessFactory(kelurahan=kelurahan_of("Ciputat"), owner_participant=owner)
    client.force_login(petugas_ciputat)
    response = client.get(detail(business))
    assert response.context["owner_outcome"] is None
    assert reverse("participants:detail", kwargs={"pk": owner.pk}) not in response.content.decode()


def test_the_page_lists_changes_to_the_business_but_not_those_each_visit_writes(client, staf, petugas_ciputat):
    nik = make_nik(birth_date=dt.date(1980, 3, 4), sex="P", serial=21)
    with set_actor(staf):
        business = BusinessFactory(name="Nama Lama", kelurahan=kelurahan_of("Ciputat"), owner_nik=nik)
        business.name = "Nama Baru"
        business.save()
    visit(business, petugas_ciputat)  # writes last_visit_status / last_visited_on to the business
    client.force_login(staf)
    response = client.get(detail(business))
    rows = response.context["changes"]
    assert len(rows) == 2  # the change of name and the creation; not the visit's
    html = response.content.decode()
    assert "Nama Lama" in html and "Nama Baru" in html
    assert reverse("admin:inventory_business_auditlog", args=[business.pk]) in html


def test_leadership_read_the_changes_with_the_nik_masked(client, pimpinan, staf):
    nik = make_nik(birth_date=dt.date(1980, 3, 4), sex="P", serial=21)
    with set_actor(staf):
        business = BusinessFactory(kelurahan=kelurahan_of("Ciputat"), owner_nik=nik)
    client.force_login(pimpinan)
    html = client.get(detail(business)).content.decode()
    section = html[html.index('id="changes"') :]
    assert "dibuat" in section
    assert nik not in html


def test_a_running_visit_to_a_kubs_business_makes_its_active_members_real_entrepreneurs(client, petugas_ciputat):
    group = BusinessGroupFactory()
    member = MembershipFactory(group=group).participant
    left = MembershipFactory(group=group, left_on=dt.date(2026, 5, 1)).participant
    business = BusinessFactory(kelurahan=kelurahan_of("Ciputat"), group=group)
    client.force_login(petugas_ciputat)
    client.post(
        reverse("inventory:visit", kwargs={"pk": business.pk}),
        {"client_id": str(uuid.uuid4()), "visited_on": timezone.localdate().isoformat(), "status": "running"},
    )
    real = set(Participant.objects.filter(real_entrepreneur_q()))
    assert member in real and left not in real


def test_a_visit_whose_officer_account_was_deleted_still_shows(client, staf, business):
    visit(business, None, days_ago=3)
    client.force_login(staf)

    response = client.get(detail(business))

    assert response.status_code == 200
    assert "Petugas: —" in " ".join(response.content.decode().split())
