"""Helpers for the browser tests. The Playwright fixtures (`browser`, `page`, `phone_page`)
live in tests/conftest.py so that one Playwright instance serves every test folder."""


def login(page, username: str, password: str = "pw-tangsel-123") -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
