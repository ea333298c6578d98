"""Helpers for the browser tests. The Playwright fixtures (`browser`, `page`, `phone_page`)
live in tests/conftest.py so that one Playwright instance serves every test folder."""

from tests.conftest import totp_code


def login(page, username: str, password: str = "pw-tangsel-123") -> None:
    """Sign in through the form; when the second step asks, type the app's current code."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/dua-langkah/" in page.url and "/daftar/" not in page.url:
        from accounts.models import User

        page.fill("input[name=code]", totp_code(User.objects.get(username=username)))
        page.click("form:has(input[name=code]) button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/dua-langkah/" not in url)
