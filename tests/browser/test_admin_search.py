"""A NIK typed into the admin's search box or into a picker (select2) goes in a POST body:
no request the page makes, and no address it ends on, holds its digits."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import ParticipantFactory, kelurahan_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _holding_nik_digits(urls, nik: str) -> list[str]:
    """The URLs holding a run of 4 or more of the NIK's digits (what a prefix search would leak)."""
    runs = {nik[i : i + 4] for i in range(len(nik) - 3)}
    return [url for url in urls if any(run in digits for digits in re.findall(r"\d{4,}", url) for run in runs)]


def _record_requests(page) -> list:
    requests = []
    page.on("request", lambda request: requests.append(request))
    return requests


def test_a_nik_typed_into_the_participant_search_stays_out_of_every_address(page, staf):
    wanted = ParticipantFactory(name="Rina Wati", kelurahan=kelurahan_of("Ciputat"))
    ParticipantFactory(name="Lain Orang", kelurahan=kelurahan_of("Pamulang"))
    login(page, "staf")
    requests = _record_requests(page)

    page.goto("/admin/participants/participant/")
    page.locator("#searchbar").press_sequentially(wanted.nik)
    page.press("#searchbar", "Enter")

    page.wait_for_url("**/admin/participants/participant/?cari=*")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list tbody tr")).to_contain_text("Rina Wati")
    assert page.input_value("#searchbar") == wanted.nik  # what was typed stays in the box
    assert [r.method for r in requests if r.resource_type == "document"] == ["GET", "POST", "GET"]
    assert _holding_nik_digits([r.url for r in requests] + [page.url], wanted.nik) == []


def test_a_nik_typed_into_a_participant_picker_is_posted_not_put_in_the_address(page, staf):
    wanted = ParticipantFactory(name="Rina Wati", kelurahan=kelurahan_of("Ciputat"))
    ParticipantFactory(name="Lain Orang", kelurahan=kelurahan_of("Pamulang"))
    login(page, "staf")
    requests = _record_requests(page)

    page.goto("/admin/trainings/enrollment/add/")
    page.click(".field-participant .select2-selection")
    page.locator(".select2-search__field").press_sequentially(wanted.nik, delay=20)
    # Retries until the answer to the whole NIK has replaced the earlier ones.
    expect(page.locator(".select2-results__option")).to_have_text(["Rina Wati"])
    page.click(".select2-results__option")
    assert page.input_value("select[name=participant]") == str(wanted.pk)

    asked = [r for r in requests if "/admin/autocomplete/" in r.url]
    assert asked and {r.method for r in asked} == {"POST"}
    assert any(wanted.nik in (r.post_data or "") for r in asked)  # the term went in the body
    assert _holding_nik_digits([r.url for r in requests] + [page.url], wanted.nik) == []
