"""Shared fixtures: the demo personas of DESIGN.md, and the rules for optional services.

Under CI=true a test that needs PostgreSQL, Redis, a Celery worker or the browser
fails when the service is missing; elsewhere it is skipped with the reason.
"""

import os

import pytest
from django.contrib.auth.models import Group

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


@pytest.fixture(autouse=True)
def _reference_data(django_db_setup, django_db_blocker):
    """Kecamatan, kelurahan, population figures and roles come from data migrations; a
    transactional test's flush removes them, so put them back (committed) for the tests
    that follow, before their own transaction starts."""
    from django.apps import apps
    from django.db import connection

    from regions.models import Kecamatan

    with django_db_blocker.unblock():
        if Kecamatan.objects.exists():
            return
        from importlib import import_module

        for module, func in (
            ("regions.migrations.0002_load_kecamatan_kelurahan", "load"),
            ("regions.migrations.0003_population_2020_estimate", "load"),
            ("accounts.migrations.0003_roles", "create_roles"),  # the current role table
        ):
            getattr(import_module(module), func)(apps, connection.schema_editor())


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    # Tests run tasks in-process unless a test starts a real worker itself.
    from tangsel_portal.celery import app

    app.conf.task_always_eager = True
    yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 takes seconds per persona on two cores; tests don't need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _persona(username: str, role: str, **extra):
    user = factories.UserFactory(username=username, first_name=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    for key, value in extra.items():
        setattr(user, key, value)
    if role == roles.ADMIN:
        user.is_superuser = True
    user.save()
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
