"""The back office in a real browser: the status page of a referral and a scoped autocomplete."""

import pytest

from financing.models import ReferralStatus
from tests.admin.conftest import admin_url
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_move_a_referral_from_its_change_page(page, staf, places):
    referral = places.referral_bri
    login(page, "staf")
    page.goto(admin_url(referral))
    page.click("text=Ubah status")
    page.select_option("select[name=to_status]", ReferralStatus.REFERRED)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{admin_url(referral)}")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED
    assert "Dirujuk" in page.content()


@pytest.mark.usefixtures("officers_in_admin")  # the admin's scoping, should an officer be let in
def test_an_officers_participant_picker_offers_only_their_kecamatan(page, petugas_ciputat, places):
    login(page, "petugas.ciputat")
    page.goto(admin_url(type(places.enrollment_ciputat), "add"))
    page.click(".field-participant .select2-selection")
    page.fill(".select2-search__field", "Warga")
    from playwright.sync_api import expect

    # Retries until the answer has replaced the "searching" line.
    expect(page.locator(".select2-results__option")).to_have_text(["Warga Ciputat"])
