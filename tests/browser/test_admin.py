import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from participants.models import Participant
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_log_in_and_find_a_seeded_participant_in_the_admin(page, settings):
    settings.DEBUG = True  # seed_demo runs only with DEBUG on
    call_command("seed_demo", participants=50, bulk=True, verbosity=0)
    settings.DEBUG = False
    participant = Participant.objects.order_by("pk").first()

    login(page, "staf", settings.DEMO_PASSWORD)
    page.goto("/admin/participants/participant/")
    page.fill("#searchbar", participant.name)
    page.press("#searchbar", "Enter")

    # The search is posted; the list comes back at a token, not the text.
    page.wait_for_url("**/admin/participants/participant/?cari=*")
    row = page.locator("#result_list tbody tr", has_text=participant.name).first
    expect(row).to_be_visible()
    row.locator("a").first.click()
    assert page.locator("input[name=name]").input_value() == participant.name
    # The NIK is never part of an admin address.
    assert participant.nik not in page.url
