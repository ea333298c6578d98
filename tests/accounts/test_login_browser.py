"""The sign-in pages on a 360-pixel phone: a locked account reads as such, and the way
out through a forgotten password is in reach."""

import re

import pytest
from django.core import mail

from tests.accounts.conftest import WRONG
from tests.browser.layout import assert_phone_friendly

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page, username, password):
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_on_a_phone_a_locked_account_is_told_so_and_keeps_the_username(phone_page, staf):
    phone_page.goto("/accounts/login/")
    for _ in range(5):
        _submit(phone_page, "staf", WRONG)

    alert = phone_page.locator(".alert-danger, .alert-block")
    assert "dikunci sementara" in alert.first.inner_text()
    assert "15 menit" in alert.first.inner_text()
    assert phone_page.input_value("input[name=username]") == "staf"
    assert phone_page.input_value("input[name=password]") == ""
    assert_phone_friendly(phone_page)


def test_on_a_phone_a_user_asks_for_a_new_password(phone_page, staf):
    staf.email = "staf@example.org"
    staf.save()
    phone_page.goto("/accounts/login/")
    assert_phone_friendly(phone_page)

    phone_page.click("text=Lupa sandi?")
    phone_page.wait_for_url("**/accounts/password-reset/")
    assert_phone_friendly(phone_page)
    phone_page.fill("input[name=email]", "staf@example.org")
    phone_page.click("button[type=submit]")
    phone_page.wait_for_url("**/accounts/password-reset/sent/")

    assert "Periksa e-mail Anda" in phone_page.inner_text("h1")
    assert_phone_friendly(phone_page)
    assert [m.to for m in mail.outbox] == [["staf@example.org"]]

    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    phone_page.goto(link)
    assert_phone_friendly(phone_page)
    phone_page.fill("input[name=new_password1]", "batik-tangsel-2026")
    phone_page.fill("input[name=new_password2]", "batik-tangsel-2026")
    phone_page.click("button[type=submit]")
    phone_page.wait_for_url("**/accounts/password-reset/done/")
    assert "Sandi tersimpan" in phone_page.inner_text("h1")
    assert_phone_friendly(phone_page)
