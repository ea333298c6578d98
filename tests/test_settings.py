"""Settings come from the environment: production variables pass Django's deploy check,
DEBUG off without a SECRET_KEY refuses to start, the UI is Indonesian with English switchable."""

import os
import secrets
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

from tangsel_portal.settings import BASE_DIR

# What README "Running it for real" tells an operator to set.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "kreatif.tangerangselatankota.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://kreatif.tangerangselatankota.go.id",
    "DATABASE_URL": "postgres://tangsel@db.internal:5432/tangsel",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh interpreter with only the given settings variables."""
    # Not this test process's DJANGO_* variables either (the browser tests allow async-unsafe calls).
    base = {
        key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV and not key.startswith("DJANGO_")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_deploy_check_finds_nothing_to_warn_about_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_the_deploy_check_would_warn_about_a_weak_secret_key():
    # The check above is not vacuous: it does look at what the environment says.
    result = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION_ENV, "SECRET_KEY": "short"})

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_it_refuses_to_start_with_debug_off_and_no_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_is_on_and_a_development_key_is_used_when_nothing_is_set():
    result = manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "dev-only-insecure-key-do-not-use-in-production"]


def test_the_portal_speaks_indonesian_in_jakarta_time_by_default():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True
    assert [code for code, _name in settings.LANGUAGES] == ["id", "en"]


def test_a_page_is_in_indonesian_until_the_visitor_switches_to_english(client):
    login = reverse("login")
    assert '<html lang="id">' in client.get(login).text

    response = client.post(reverse("set_language"), {"language": "en", "next": login})

    assert response.status_code == 302
    assert response["Location"] == login
    assert '<html lang="en">' in client.get(login).text


def test_an_unknown_language_leaves_the_page_in_indonesian(client):
    client.post(reverse("set_language"), {"language": "xx", "next": reverse("login")})

    assert '<html lang="id">' in client.get(reverse("login")).text


def test_a_browser_that_prefers_english_still_gets_indonesian_until_the_user_switches(client):
    login = reverse("login")
    page = client.get(login, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in page
    client.post(reverse("set_language"), {"language": "en", "next": login})
    assert '<html lang="en">' in client.get(login, HTTP_ACCEPT_LANGUAGE="id").content.decode()


def test_gunicorn_kills_a_worker_only_after_the_database_has_cancelled_its_query():
    import runpy

    from django.conf import settings

    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    assert config["timeout"] * 1000 > settings.TANGSEL_WEB_STATEMENT_TIMEOUT_MS
    # gunicorn 27's control socket is one per home folder: a second instance would take it over.
    assert config["control_socket_disable"] is True
