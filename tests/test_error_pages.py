"""Error pages are the portal's own: Indonesian (or English when switched), in the layout
with its navigation and a way back, with DEBUG off as in production and on as `make run`
serves; a 403 is one log line, not a traceback."""

import logging

import pytest
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

PAGES = {
    400: ("/uji/400/", "Permintaan tidak dapat diproses"),
    403: ("/uji/403/", "Anda tidak memiliki akses ke halaman ini"),
    404: ("/tidak-ada-halaman-ini/", "Halaman tidak ditemukan"),
    500: ("/uji/500/", "Terjadi kesalahan pada server"),
}


def _console():
    """The console handler of settings.LOGGING (what runserver and gunicorn print)."""
    return next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
@pytest.mark.parametrize("status", sorted(PAGES))
def test_each_error_is_the_portals_page_in_indonesian_with_a_way_back(status, debug, quiet_client, staf):
    url, title = PAGES[status]
    quiet_client.force_login(staf)
    with override_settings(DEBUG=debug):
        response = quiet_client.get(url)

    assert response.status_code == status
    page = response.content.decode()
    assert title in page
    assert '<html lang="id">' in page
    assert 'class="navbar' in page and "Tangsel Kreatif" in page  # the portal's layout
    assert 'href="/"' in page and "Ke beranda" in page  # a way back
    assert "Traceback" not in page and "technical_500" not in page and "Django" not in page


def test_the_error_page_follows_the_language_the_user_chose(quiet_client):
    quiet_client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = quiet_client.get("/tidak-ada-halaman-ini/")

    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()


def test_an_anonymous_visitor_is_offered_the_login_on_an_error_page(quiet_client):
    page = quiet_client.get("/tidak-ada-halaman-ini/").content.decode()

    assert 'href="/accounts/login/?next=/tidak-ada-halaman-ini/"' in page


def test_a_view_that_answers_404_on_purpose_keeps_its_answer_with_debug_on(quiet_client):
    with override_settings(DEBUG=True):
        response = quiet_client.get("/uji/404-sendiri/")

    assert response.status_code == 404
    assert response.content == b"plain answer of a view"


def test_a_developer_can_ask_for_djangos_technical_pages(quiet_client):
    with override_settings(DEBUG=True, TECHNICAL_ERROR_PAGES=True):
        response = quiet_client.get("/tidak-ada-halaman-ini/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" not in response.content.decode()


def test_a_403_is_one_log_line_without_a_traceback(quiet_client, staf, caplog):
    quiet_client.force_login(staf)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        quiet_client.get("/uji/403/")

    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    handler = _console()
    line = handler.format(records[0]) if handler.filter(records[0]) else ""
    assert line.startswith("Forbidden (Permission denied): /uji/403/")
    assert "Traceback" not in line and "\n" not in line


def test_a_500_keeps_its_traceback_in_the_log(quiet_client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        quiet_client.get("/uji/500/")

    record = next(r for r in caplog.records if r.name == "django.request")
    handler = _console()
    assert handler.filter(record)
    assert "RuntimeError: the server broke" in handler.format(record)


def test_a_failed_csrf_check_gets_the_portals_403(staf):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staf)

    response = client.post("/accounts/logout/")

    assert response.status_code == 403
    assert "Anda tidak memiliki akses ke halaman ini" in response.content.decode()
