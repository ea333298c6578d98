"""The Celery app. Broker and result backend are REDIS_URL (settings.py, CELERY_* names);
without REDIS_URL tasks run eagerly in-process, so `make run` needs no Redis.

Worker: `celery -A tangsel_portal worker`; periodic sweeps: `celery -A tangsel_portal beat`.
"""

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangsel_portal.settings")

app = Celery("tangsel_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@worker_process_init.connect
def _jobs_get_their_own_statement_timeout(**kwargs):
    """A worker's queries get the longer limit of background jobs (core/db.py)."""
    from core import db

    db.serve_as(db.JOB)
