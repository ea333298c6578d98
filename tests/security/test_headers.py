"""The headers of issue 13.7, read from real responses: a Content-Security-Policy without
unsafe-inline, the headers of `check --deploy`, and templates that need nothing inline."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


def test_the_login_page_carries_a_policy_that_runs_only_the_portals_own_scripts(client):
    policy = directives(client.get(reverse("login")))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]  # no nonce unless a page asks for one
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["report-uri"] == [reverse("security:csp_report")]
    assert "'unsafe-inline'" not in response_text(policy) and "'unsafe-eval'" not in response_text(policy)


def response_text(policy: dict) -> str:
    return " ".join(" ".join(values) for values in policy.values())


def test_a_signed_in_page_carries_the_policy_and_the_browser_feature_headers(client, staf):
    client.force_login(staf)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "microphone=()" in permissions and "geolocation=(self)" in permissions


def test_the_error_pages_and_the_public_catalogue_carry_it_too(client):
    assert "Content-Security-Policy" in client.get("/tidak-ada-halaman-ini/")
    assert "Content-Security-Policy" in client.get(reverse("catalogue:index"))


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
)
def test_production_answers_https_with_strict_transport_security(client):
    # settings.py sets these when DEBUG is off; the test settings run with DEBUG on.
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert client.get(reverse("login")).status_code == 301  # plain http goes to https


def test_the_bare_500_page_styles_itself_with_the_requests_nonce(rf):
    from csp.middleware import CSPMiddleware

    from tangsel_portal import errors

    request = rf.get("/")
    middleware = CSPMiddleware(lambda r: None)
    middleware.process_request(request)
    context = {"status": 500, "title": "t", "explanation": "e", "csp_nonce": request.csp_nonce}
    from django.template import loader

    body = loader.render_to_string("errors/500_plain.html", context)
    response = middleware.process_response(request, errors.HttpResponse(body, status=500))
    nonce = re.search(r'<style nonce="([^"]+)"', body).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]


def test_deploy_checks_pass_with_the_production_settings(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # set for Playwright by conftest
    with override_settings(
        DEBUG=False,
        SECRET_KEY="x" * 60 + "production-like-key-for-the-check",
        SECURE_SSL_REDIRECT=True,
        SECURE_HSTS_SECONDS=31536000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=True,
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        ALLOWED_HOSTS=["portal.example.org"],
    ):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def _template_files():
    roots = [TEMPLATES] + [p / "templates" for p in Path(settings.BASE_DIR).iterdir() if (p / "templates").is_dir()]
    for root in roots:
        yield from root.rglob("*.html")


def test_no_template_has_an_inline_script_an_event_attribute_or_a_style_attribute():
    offences = []
    for path in _template_files():
        text = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>",
            r"\son[a-z]+\s*=",
            r"javascript:",
            r"\sstyle\s*=",
        ):
            offences += [f"{path.relative_to(settings.BASE_DIR)}: {m.group(0)}" for m in re.finditer(pattern, text)]
        if "<style" in text and path.name != "500_plain.html":
            offences.append(f"{path.relative_to(settings.BASE_DIR)}: <style>")
    assert not offences
