"""Shared fixtures: the demo personas of DESIGN.md, and the rules for optional services.

Under CI=true a test that needs PostgreSQL, Redis, a Celery worker or the browser
fails when the service is missing; elsewhere it is skipped with the reason.
"""

import os
import shutil

import pytest
from django.contrib.auth.models import Group
from django.test.client import ClientMixin

from accounts import roles
from tests import factories

IN_CI = os.getenv("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip locally, fail in CI, when a real service a test needs is not there."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def _load_reference_data(django_db_blocker) -> None:
    """Kecamatan, kelurahan, population figures and roles come from data migrations; put
    them back (committed) when a flush has removed them."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from regions.models import Kecamatan

    with django_db_blocker.unblock():
        if Kecamatan.objects.exists():
            return
        # The flush gave content types new ids; forget the cached old ones.
        ContentType.objects.clear_cache()
        for module, func in (
            ("regions.migrations.0002_load_kecamatan_kelurahan", "load"),
            ("regions.migrations.0003_population_2020_estimate", "load"),
            ("regions.migrations.0005_population_2023_2025", "load"),
            ("inventory.migrations.0005_kbli_2020_crafts", "load"),
            ("financing.migrations.0003_kur_schemes", "load"),
            ("reports.migrations.0004_city_targets", "add_targets"),
            ("participants.migrations.0008_consent_wordings", "seed"),
            ("accounts.migrations.0003_roles", "create_roles"),  # the current role table
        ):
            getattr(import_module(module), func)(apps, connection.schema_editor())


@pytest.fixture
def _reload_after_flush(request, django_db_blocker):
    yield
    if request.node.get_closest_marker("django_db") or "live_server" in request.fixturenames:
        _load_reference_data(django_db_blocker)


@pytest.fixture
def _django_db_helper(_reload_after_flush, _django_db_helper):
    """pytest-django's database fixture, with the reference data restored after a
    transactional test's closing flush (set up before it, so torn down after it)."""
    return _django_db_helper


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    """Before a database test, make sure the reference data is there."""
    uses_db = request.node.get_closest_marker("django_db") or (
        {"db", "transactional_db", "live_server", "django_db_setup"} & set(request.fixturenames)
    )
    if uses_db:
        request.getfixturevalue("django_db_setup")
        _load_reference_data(django_db_blocker)


@pytest.fixture(autouse=True)
def _eager_celery():
    # Tests run tasks in-process unless a test starts a real worker itself
    # (tests/test_celery_worker.py), even when REDIS_URL is set for the suite.
    from tangsel_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _fresh_figures():
    # The dashboard's and outcomes' figures are cached until their data changes
    # (reports.freshness); each test's data is new, so each test starts with a new version.
    from reports import freshness

    freshness.reset()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 takes seconds per persona on two cores; tests don't need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _indonesian_to_begin_with():
    # A request in English leaves English active in the thread (Django activates a language per
    # request and does not switch back); each test starts in the portal's own language.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# The second factor is on in the tests as in production (OTP_REQUIRED_ROLES). The personas whose
# role requires it have enrolled a TOTP app; `client.force_login` then marks the session verified
# by django-otp's own session key, as the code page does (accounts/views.py), and browser logins
# type the app's current code (tests/browser/conftest.py `login`).
_force_login_without_second_factor = ClientMixin.force_login


def totp_device(user):
    """The user's confirmed TOTP app, enrolled now if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=True)


def totp_code(user) -> str:
    """The code the user's app shows now. A code is accepted once: when this time step's is
    used up (a second login in the same 30 seconds), the next step's, which the device also
    accepts; past that the device's last step is moved back, as if time had passed."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = totp_device(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now_t = totp.t()
    step = max(now_t, device.last_t + 1)
    if step > now_t + device.tolerance:
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=now_t - 1)
        step = now_t
    totp.time = device.t0 + (step - device.drift) * device.step
    return f"{totp.token():0{device.digits}d}"


def mark_second_factor_given(client, user) -> None:
    """What the code page does after a right code: the session holds the device's id."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import second_factor

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and second_factor.required_for(user):
        device = totp_device(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def _force_login_with_second_factor(self, user, backend=None):
    _force_login_without_second_factor(self, user, backend)
    mark_second_factor_given(self, user)


@pytest.fixture(autouse=True)
def _second_factor_given_at_force_login(monkeypatch):
    monkeypatch.setattr(ClientMixin, "force_login", _force_login_with_second_factor)


def force_login_password_only(client, user) -> None:
    """Signed in with the password, the second factor not yet given."""
    _force_login_without_second_factor(client, user)


@pytest.fixture
def officers_in_admin(monkeypatch):
    """Field officers work in the portal and the admin refuses them (tangsel_portal/admin_site.py).
    Every admin queryset, choice and autocomplete is still cut by the one scoping function, so a
    scoped role let in by mistake sees only its own: these tests let officers in to check that."""
    from accounts import roles
    from tangsel_portal import admin_site

    monkeypatch.setattr(admin_site, "BACK_OFFICE_ROLES", admin_site.BACK_OFFICE_ROLES | {roles.FIELD_OFFICER})


def _persona(username: str, role: str, **extra):
    from accounts import second_factor

    user = factories.UserFactory(username=username, first_name=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    for key, value in extra.items():
        setattr(user, key, value)
    if role == roles.ADMIN:
        user.is_superuser = True
    user.save()
    if second_factor.required_for(user):
        totp_device(user)
    return user


@pytest.fixture
def admin_user(db):
    return _persona("admin", roles.ADMIN)


@pytest.fixture
def staf(db):
    return _persona("staf", roles.STAFF)


@pytest.fixture
def petugas_ciputat(db):
    user = _persona("petugas.ciputat", roles.FIELD_OFFICER)
    user.kecamatan.add(factories.kecamatan("Ciputat"))
    return user


@pytest.fixture
def petugas_pamulang(db):
    user = _persona("petugas.pamulang", roles.FIELD_OFFICER)
    user.kecamatan.add(factories.kecamatan("Pamulang"))
    return user


@pytest.fixture
def bri(db):
    return factories.BankFactory(short_name="BRI", name="Bank Rakyat Indonesia")


@pytest.fixture
def bank_bri(db, bri):
    return _persona("bank.bri", roles.BANK_LIAISON, bank=bri)


@pytest.fixture
def pimpinan(db):
    return _persona("pimpinan", roles.LEADERSHIP)


PERSONAS = ["anonymous", "admin_user", "staf", "petugas_ciputat", "petugas_pamulang", "bank_bri", "pimpinan"]


@pytest.fixture
def persona(request):
    """Parametrize with a persona name; yields the user or None for anonymous."""
    name = request.param
    if name == "anonymous":
        return None
    return request.getfixturevalue(name)


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


# Playwright in Debian's chromium against pytest-django's live server. Playwright's own
# browser download does not work here, so the system chromium is used. One session-wide
# instance for the whole run: a second sync_playwright() in the same process fails.
CHROMIUM = os.getenv("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    need(shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM), f"chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        need(False, "the playwright package is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


def fail_on_csp_violations(page):
    """The Content-Security-Policy is on in the browser tests: a page it blocks something on
    fails the test (chromium reports each refusal as a console message)."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = fail_on_csp_violations(page)
    yield page
    context.close()
    assert not violations, violations


@pytest.fixture
def phone_page(browser, live_server):
    """A 360-pixel-wide phone, as field officers use."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = fail_on_csp_violations(page)
    yield page
    context.close()
    assert not violations, violations
