"""The dashboard in a browser: charts drawn by the vendored Chart.js, the server-drawn map, no
console error, a figure's link opening a list of the same count, and a phone's 360 px."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import BusinessFactory, EnrollmentFactory, ParticipantFactory, TrainingBatchFactory, kelurahan_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(db):
    recent = timezone.localdate() - dt.timedelta(days=20)
    batch = TrainingBatchFactory()
    for i in range(5):
        p = ParticipantFactory(kelurahan=kelurahan_of("Ciputat"))
        EnrollmentFactory(batch=batch, participant=p, completed=True)
        if i < 2:
            BusinessFactory(owner_participant=p, last_visit_status="running", last_visited_on=recent)


def _errors(page) -> list[str]:
    errors = []

    def console(message):
        # The browser's own request for /favicon.ico (the portal has none) is not the page's.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"{message.text} {message.location.get('url', '')}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_the_dashboard_draws_its_charts_and_map_and_a_figure_opens_its_list(page, staf, data):
    errors = _errors(page)
    login(page, "staf")
    page.goto("/")
    for name in ("conversion", "population", "trend", "funnel"):
        canvas = page.locator(f'canvas[data-chart="{name}"]')
        assert canvas.count() == 1
        # Chart.js has drawn: it sized the canvas and registered a chart on it.
        assert page.evaluate(f"!!Chart.getChart(document.querySelector('canvas[data-chart=\"{name}\"]'))")
    assert page.locator("svg.city-map g.map-area").count() == 7
    assert page.locator("svg.city-map path").count() >= 54
    figure = page.locator('#conversion-table tr[data-kecamatan="36.74.04"] a[data-figure="real"]')
    assert figure.inner_text() == "2"
    figure.click()
    page.wait_for_url(re.compile(r"/peserta/\?"))
    assert page.locator("#participant-table tbody tr").count() == 2
    assert not errors, errors


def test_the_dashboard_prints_its_tables_without_controls(page, staf, data):
    login(page, "staf")
    page.goto("/")
    page.emulate_media(media="print")
    assert not page.locator("#dashboard-filters").is_visible()
    assert not page.locator("#shortcuts").is_visible()
    assert not page.locator('canvas[data-chart="conversion"]').is_visible()
    assert page.locator("#conversion-table").is_visible() and page.locator("svg.city-map").is_visible()


def test_the_dashboard_fits_a_phone(phone_page, petugas_ciputat, data):
    errors = _errors(phone_page)
    login(phone_page, "petugas.ciputat")
    phone_page.goto("/")
    assert phone_page.locator("svg.city-map").is_visible()
    assert_phone_friendly(phone_page)
    assert not errors, errors
