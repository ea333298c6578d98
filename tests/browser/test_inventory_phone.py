"""A field officer's round on a 360×740 phone: the work list, a business, a visit recorded with
a camera photo and the phone's GPS position, and the visit on the business's timeline. A double
tap on "Simpan" records one visit."""

import datetime as dt

import pytest
from django.utils import timezone

from inventory.models import InventoryVisit
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.core import images
from tests.factories import BusinessFactory, CraftTypeFactory, ParticipantFactory, kelurahan_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERUA = {"latitude": -6.3147, "longitude": 106.7122, "accuracy": 14}


@pytest.fixture
def gps_phone(browser, live_server):
    """A 360-pixel phone whose owner allowed the portal to read its position."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    context.grant_permissions(["geolocation"])
    context.set_geolocation(SERUA)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def round_of_visits(db):
    craft = CraftTypeFactory(name="Kaligrafi kulit telur")
    owner = ParticipantFactory(name="Siti Nurhaliza Kusumawardhani", kelurahan=kelurahan_of("Ciputat"))
    target = BusinessFactory(
        name="Kaligrafi Kulit Telur Bu Siti Nurhaliza Serua Indah",
        owner_participant=owner,
        kelurahan=kelurahan_of("Ciputat"),
        craft_type=craft,
    )
    for i in range(4):
        BusinessFactory(
            name=f"Kerajinan Tutup Botol Dan Pot Handuk Bekas Nomor {i}",
            owner_name="Pemilik Dengan Nama Cukup Panjang",
            kelurahan=kelurahan_of("Ciputat"),
            last_visit_status="running",
            last_visited_on=timezone.localdate() - dt.timedelta(days=10 + i),
        )
    BusinessFactory(name="Usaha Di Pamulang", kelurahan=kelurahan_of("Pamulang"))
    return target


def test_an_officer_records_a_visit_with_a_photo_and_gps_and_sees_it_on_the_timeline(
    gps_phone, petugas_ciputat, round_of_visits
):
    page = gps_phone
    login(page, "petugas.ciputat")
    page.wait_for_url("**/inventaris/")  # an officer's home is the work list
    items = page.locator("#businesses > li")
    assert items.count() == 5  # Ciputat only
    # Never visited: first, and marked.
    assert items.first.get_attribute("data-business") == str(round_of_visits.pk)
    assert items.first.get_attribute("data-overdue") == "1"
    assert_phone_friendly(page)

    page.get_by_role("link", name=round_of_visits.name).click()
    page.wait_for_url(f"**/inventaris/{round_of_visits.pk}/")
    assert page.locator("#visit-map svg path").count() == 7
    assert_phone_friendly(page)

    page.locator("#record-visit").click()
    page.wait_for_url(f"**/inventaris/{round_of_visits.pk}/kunjungan/")
    page.locator("#location-status").filter(has_text="akurasi ± 14 m").wait_for()
    assert page.input_value("[name=latitude]") == "-6.314700"
    assert page.input_value("[name=location_source]") == "gps"
    client_id = page.input_value("[name=client_id]")
    assert len(client_id) == 36
    assert_phone_friendly(page)

    page.get_by_label("Berjalan", exact=True).check()
    page.fill("[name=active_members]", "5")
    page.fill("[name=monthly_output]", "80")
    page.fill("[name=monthly_turnover]", "2500000")
    page.fill("[name=products_seen]", "Kaligrafi bingkai A4")
    page.set_input_files(
        "[name=evidence_photo]",
        {"name": "kamera.jpg", "mimeType": "image/jpeg", "buffer": images.jpeg(size=(1600, 1200))},
    )
    page.fill("[name=notes]", "Siap untuk pameran HUT kota.")
    page.get_by_label("Direkomendasikan untuk pameran").check()

    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    page.locator("#visit-submit").dblclick()
    page.wait_for_url(f"**/inventaris/{round_of_visits.pk}/?kunjungan=*")

    visit = InventoryVisit.objects.get()  # one visit, however many taps reached the server
    assert str(visit.client_id) == client_id
    assert posts, "the form was not sent"
    assert (visit.location_accuracy, visit.location_source) == (14, "gps")
    assert visit.evidence_thumbnail
    entry = page.locator(f"#kunjungan-{visit.pk}")
    assert "Berjalan" in entry.inner_text() and "GPS ± 14 m" in entry.inner_text()
    thumbnail = entry.locator("img")
    thumbnail.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth", thumbnail.element_handle()) == 320
    # The point sits where Serua is inside the drawn kecamatan, not in a corner.
    # Both boxes read in one go: read one by one, a layout shift between the two reads (the
    # thumbnail loading, the scroll to the visit's anchor) moved one and not the other.
    box, dot = page.evaluate(
        """() => ["#visit-map svg", "#visit-map [data-latest]"].map((selector) => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height};
        })"""
    )
    assert box["x"] + 10 < dot["x"] < box["x"] + box["width"] - 10
    assert box["y"] + 10 < dot["y"] < box["y"] + box["height"] - 10
    assert page.locator("#owner-real").is_visible()  # the running visit made the owner a real entrepreneur
    assert_phone_friendly(page)


def test_a_refused_position_is_typed_and_a_form_sent_three_times_is_one_visit(
    phone_page, petugas_ciputat, round_of_visits
):
    page = phone_page  # no permission granted: the phone refuses
    login(page, "petugas.ciputat")
    page.goto(f"/inventaris/{round_of_visits.pk}/kunjungan/")
    page.locator("#location-status").filter(has_text="tidak diizinkan").wait_for()
    page.get_by_label("Tidak berjalan", exact=True).check()
    page.fill("[name=latitude]", "-6,3150")
    page.fill("[name=longitude]", "106,7120")
    # A weak connection: the phone sends the same form twice (a retry whose first answer was
    # lost, as an offline queue will later), then the officer taps "Simpan" once more. Sent one
    # after the other: the test database (SQLite in memory) refuses parallel writers outright;
    # tests/inventory/test_concurrency.py races them on PostgreSQL.
    statuses = page.evaluate(
        """async (form) => {
             const send = () => fetch(location.href, {method: "POST", body: new FormData(form)});
             return [(await send()).status, (await send()).status];
           }""",
        page.locator("#visit-form").element_handle(),
    )
    assert statuses == [200, 200]
    page.locator("#visit-submit").click()
    page.wait_for_url(f"**/inventaris/{round_of_visits.pk}/?kunjungan=*")
    visit = InventoryVisit.objects.get()  # three submissions of one form: one visit
    assert (visit.location_source, visit.location_accuracy) == ("typed", None)
    assert "koordinat diketik" in page.locator(f"#kunjungan-{visit.pk}").inner_text()
    assert "sudah tercatat sebelumnya" in page.locator("main").inner_text()
    assert page.locator("#timeline > li").count() == 1


def test_staff_filter_the_work_list_by_kecamatan_on_a_phone(phone_page, staf, round_of_visits):
    page = phone_page
    login(page, "staf")
    page.goto("/inventaris/")
    assert page.locator("#businesses > li").count() == 6
    assert_phone_friendly(page)
    page.select_option("[name=kecamatan]", label="Pamulang")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**/inventaris/?*kecamatan=*")
    assert page.locator("#businesses > li").all_inner_texts()[0].startswith("Usaha Di Pamulang")
    assert page.locator("#businesses > li").count() == 1
    assert_phone_friendly(page)
