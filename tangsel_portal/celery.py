"""The Celery app. Broker and result backend are REDIS_URL (settings.py, CELERY_* names);
without REDIS_URL tasks run eagerly in-process, so `make run` needs no Redis.

Worker: `celery -A tangsel_portal worker`; periodic sweeps: `celery -A tangsel_portal beat`.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangsel_portal.settings")

app = Celery("tangsel_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
