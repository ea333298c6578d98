import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangsel_portal.settings")

app = Celery("tangsel_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
