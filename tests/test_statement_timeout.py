"""Bounded work (issue 9, point 3): PostgreSQL cancels a web request's slow query itself,
the user gets the portal's own page, and background jobs and commands keep their limits."""

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import path

from core import db
from tangsel_portal.urls import urlpatterns as portal_urls
from tests.conftest import need

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def slow(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    raise AssertionError("the query should have been cancelled")


urlpatterns = [path("uji/lambat/", slow), *portal_urls]


@pytest.fixture(autouse=True)
def _postgres_only():
    need(connection.vendor == "postgresql", "statement_timeout is PostgreSQL's (set DATABASE_URL)")


@pytest.fixture
def role():
    # A test's process is no web server nor worker; an in-process Celery worker of an
    # earlier test may have declared the job role.
    db.serve_as(None)
    yield db.serve_as
    db.serve_as(None)


def limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def sleeping_queries() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(5)%%' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@override_settings(TANGSEL_WEB_STATEMENT_TIMEOUT_MS=25_000, TANGSEL_JOB_STATEMENT_TIMEOUT_MS=600_000)
def test_each_kind_of_process_gets_its_own_limit(role):
    assert limit() == "0"  # a management command, or a test: no limit
    role(db.WEB)
    assert limit() == "25s"
    role(db.JOB)
    assert limit() == "10min"
    role(None)
    assert limit() == "0"


@override_settings(TANGSEL_WEB_STATEMENT_TIMEOUT_MS=25_000)
def test_a_new_connection_gets_the_limit_when_it_opens(role):
    role(db.WEB)
    connection.close()
    assert limit() == "25s"


@override_settings(ROOT_URLCONF=__name__, TANGSEL_WEB_STATEMENT_TIMEOUT_MS=200)
def test_a_slow_page_is_cancelled_in_the_database_and_answered_in_indonesian(role, client, staf):
    role(db.WEB)
    client.force_login(staf)
    response = client.get("/uji/lambat/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Halaman ini terlalu lama dimuat" in page and "Persempit pencarian atau filter" in page
    assert 'href="/"' in page  # inside the portal's layout, with a way back
    assert sleeping_queries() == 0  # PostgreSQL stopped it; nothing runs on after the request
    # The connection is usable again for the next request.
    assert client.get("/").status_code == 200


def test_the_web_server_declares_the_web_role_and_the_worker_the_job_role(role):
    import importlib

    import tangsel_portal.wsgi

    importlib.reload(tangsel_portal.wsgi)
    assert db.current_role() == db.WEB

    from tangsel_portal.celery import _jobs_get_their_own_statement_timeout

    _jobs_get_their_own_statement_timeout()
    assert db.current_role() == db.JOB


def test_the_jit_compiler_is_off_for_every_connection():
    # A roster of 83 rows spent 3 s in JIT compilation with it on (bench/README.md, "pages").
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
