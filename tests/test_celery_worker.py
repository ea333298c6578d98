"""KUB status recompute through a real Celery worker on a real Redis, and only after commit.

The worker runs in a thread of this process (celery.contrib.testing), so it reads the
same test database: shared in-memory SQLite or the PostgreSQL test database.
"""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings

from groups.models import BusinessGroup, Membership
from groups.tasks import enqueue_group_recompute, group_recompute_status
from tangsel_portal.celery import app
from tangsel_portal.settings import BASE_DIR
from tests import factories
from tests.conftest import need

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# The worker's broker and results go to a Redis database of their own on the same server:
# a cache.clear() (FLUSHDB) in another test or test run must not drop a queued task.
WORKER_REDIS_DB = 15


def redis_url() -> str:
    return urlsplit(settings.REDIS_URL or DEFAULT_REDIS_URL)._replace(path=f"/{WORKER_REDIS_DB}").geturl()


def redis_answers(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def celery_config_under(**env: str) -> list[str]:
    """What the project's Celery app is configured with, in a fresh interpreter with `env`."""
    base = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    script = (
        "from tangsel_portal.celery import app; app.loader.import_default_modules(); c = app.conf; "
        "print(c.broker_url, c.result_backend, c.task_always_eager, 'groups.tasks.group_recompute_status' in app.tasks)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_celery_app_uses_redis_as_broker_and_result_backend_when_redis_url_is_set():
    assert celery_config_under(REDIS_URL="redis://cache.internal:6379/2") == [
        "redis://cache.internal:6379/2",
        "redis://cache.internal:6379/2",
        "False",
        "True",
    ]


def test_without_redis_url_tasks_run_eagerly_in_process():
    assert celery_config_under() == ["memory://", "None", "True", "True"]


@pytest.fixture
def worker():
    """The project's Celery app pointed at Redis, not eager, with a worker consuming a queue
    of its own (other test runs may share the Redis server)."""
    url = redis_url()
    need(redis_answers(url), f"Redis is not reachable at {url}")
    queue = f"tangsel-test-{uuid.uuid4().hex[:12]}"
    overrides = {
        "broker_url": url,
        "result_backend": url,
        "result_expires": 60,
        "task_always_eager": False,
        "task_default_queue": queue,
        "worker_hijack_root_logger": False,
    }
    saved = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    _forget_connections()
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30) as running:
            yield running
    finally:
        app.conf.update(saved)
        _forget_connections()
        client = redis.Redis.from_url(url)
        client.delete(*client.keys(f"*{queue}*"))  # kombu's bindings of this queue; results expire


def _forget_connections() -> None:
    # The app caches its broker pool, queue declarations and result backend; drop them
    # so the next use builds them from the configuration now in force.
    app.__dict__.pop("amqp", None)
    app._pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


def stale_full_group() -> BusinessGroup:
    """A KUB with the full number of members, inserted behind the services' back:
    its stored status still says forming."""
    group = factories.BusinessGroupFactory()
    participants = factories.ParticipantFactory.create_batch(settings.TANGSEL_KUB_SIZE)
    Membership.objects.bulk_create(
        Membership(group=group, participant=participant, joined_on=dt.date(2026, 4, 1)) for participant in participants
    )
    group.refresh_from_db()
    assert (group.status, group.active_member_count) == (BusinessGroup.Status.FORMING, 0)
    return group


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_recomputes_a_stale_group_status(worker):
    group = stale_full_group()

    result = group_recompute_status.delay(group.pk)

    assert not isinstance(result, EagerResult)  # it went through Redis
    assert result.get(timeout=30) == BusinessGroup.Status.ACTIVE
    group.refresh_from_db()
    assert group.status == BusinessGroup.Status.ACTIVE
    assert group.active_member_count == settings.TANGSEL_KUB_SIZE
    assert group.formed_on is not None


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_answers_none_for_a_group_that_is_gone(worker):
    assert group_recompute_status.delay(987654).get(timeout=30) is None


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_recompute_enqueued_in_a_transaction_reaches_the_worker_after_commit(worker):
    from django.db import transaction

    group = stale_full_group()

    with transaction.atomic():
        enqueue_group_recompute(group.pk)

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        group.refresh_from_db()
        if group.status == BusinessGroup.Status.ACTIVE:
            break
        time.sleep(0.1)
    assert group.status == BusinessGroup.Status.ACTIVE


@pytest.mark.django_db
def test_enqueue_sends_nothing_until_the_transaction_commits(django_capture_on_commit_callbacks):
    group = stale_full_group()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_group_recompute(group.pk)

    # Not yet committed: nothing was sent, so nothing ran (tasks are eager here).
    group.refresh_from_db()
    assert group.status == BusinessGroup.Status.FORMING
    assert len(callbacks) == 1

    callbacks[0]()

    group.refresh_from_db()
    assert group.status == BusinessGroup.Status.ACTIVE


@pytest.mark.django_db
def test_enqueue_is_dropped_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    group = stale_full_group()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enqueue_group_recompute(group.pk)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass

    assert callbacks == []
    group.refresh_from_db()
    assert group.status == BusinessGroup.Status.FORMING
