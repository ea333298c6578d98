"""The second factor on a 360-pixel phone: a new member of staff signs in, scans (here: reads)
the secret, confirms it with the app's code, sees the recovery codes, and next time signs in
with a code; everything in reach without scrolling sideways."""

from base64 import b32decode

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts import roles
from tests import factories
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _app_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret (a later step's for a second login)."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = totp.time + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_new_staff_member_enrols_on_a_phone_and_then_signs_in_with_a_code(phone_page, settings):
    # After the wrong code below, django-otp makes the next try wait a second; a loaded machine
    # types the right one within it. The throttle has its own test (tests/accounts).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = factories.UserFactory(username="staf.baru", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STAFF))
    page = phone_page

    page.goto("/accounts/login/")
    page.fill("input[name=username]", "staf.baru")
    page.fill("input[name=password]", "pw-tangsel-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/dua-langkah/daftar/**")
    assert page.locator("main svg").is_visible()  # the QR code
    assert_phone_friendly(page)
    secret = page.locator("[data-secret]").inner_text()

    page.fill("input[name=code]", "000000")
    page.click("form:has(input[name=code]) button[type=submit]")
    # The click returns before the answer arrives: wait for the error instead of reading at once.
    expect(page.get_by_text("Kode salah.")).to_be_visible()
    assert page.locator("[data-secret]").inner_text() == secret

    page.fill("input[name=code]", _app_code(secret))
    page.click("form:has(input[name=code]) button[type=submit]")
    page.wait_for_url("**/accounts/dua-langkah/kode-pemulihan/**")
    assert page.locator("[data-recovery-codes] li").count() == 10
    assert_phone_friendly(page)
    page.get_by_role("link", name="Saya sudah menyimpan kode ini, lanjutkan").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)

    page.context.clear_cookies()
    page.goto("/peserta/")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=username]", "staf.baru")
    page.fill("input[name=password]", "pw-tangsel-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/dua-langkah/?next=**")
    assert_phone_friendly(page)
    # The code used for enrolment is spent; the app's next one is accepted (one step of drift).
    page.fill("input[name=code]", _app_code(secret, steps_ahead=1))
    page.click("form:has(input[name=code]) button[type=submit]")
    page.wait_for_url("**/peserta/")
    assert page.locator("h1").first.is_visible()


def test_the_persona_login_helper_types_the_real_code(page, staf):
    login(page, "staf")
    assert "/accounts/" not in page.url
    page.context.clear_cookies()
    login(page, "staf")  # a second login within the same 30 seconds
    assert "/accounts/" not in page.url
