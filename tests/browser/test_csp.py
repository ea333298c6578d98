"""The Content-Security-Policy in a real browser: the portal's pages run under it (every
browser test fails on a violation, tests/conftest.py), an injected inline script is refused
and the refusal reaches the security event log, and the behaviour moved out of inline code
still works."""

import time

import pytest
from django.db import OperationalError
from django.urls import reverse

from security.models import SecurityEvent
from tests.browser.conftest import login
from tests.conftest import fail_on_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(condition, seconds=10):
    # Polls for what the browser sends in the background (the violation report); not a timed assertion.
    # On SQLite the test's poll and the live server's write share one in-memory database, and a
    # read while the server writes finds the table locked: that is "not yet", poll again.
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if condition():
                return True
        except OperationalError:
            pass
        time.sleep(0.3)  # seldom enough to leave the server's write a free table
    return condition()


def test_an_injected_inline_script_is_refused_and_reported(browser, live_server, staf):
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    violations = fail_on_csp_violations(page)
    login(page, "staf")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "document.body.dataset.injected = 'ran'";
          document.body.appendChild(s);
          const d = document.createElement("div");
          d.setAttribute("style", "width: 1px");
          document.body.appendChild(d);
        }"""
    )
    assert page.evaluate("document.body.dataset.injected") is None
    assert wait_for(lambda: len(violations) >= 1)
    # Both refusals are reported (the script's and the style attribute's), in either order.
    scripts = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.CSP_VIOLATION, detail__startswith="script-src")
    assert wait_for(scripts.exists)
    assert scripts.get().path == "/"
    context.close()


def test_the_language_menu_still_switches_without_an_inline_handler(page, staf):
    login(page, "staf")
    # Choosing a language submits the menu's form: wait for the page it loads.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.select_option("select[name=language]", "id")
    assert page.locator("html").get_attribute("lang") == "id"


def test_the_error_pages_back_button_goes_back(page, staf):
    login(page, "staf")
    page.goto(reverse("participants:list"))
    page.goto("/peserta/999999/")
    page.click("[data-history-back]")
    page.wait_for_url(lambda url: url.endswith(reverse("participants:list")))


def test_the_admin_runs_under_the_policy(page, admin_user):
    login(page, "admin")
    for url in (
        reverse("admin:index"),
        reverse("admin:security_securityevent_changelist"),
        reverse("admin:participants_participant_add"),
        reverse("admin:trainings_trainingbatch_add"),
        reverse("admin:accounts_user_changelist"),
    ):
        assert page.goto(url).status == 200, url
