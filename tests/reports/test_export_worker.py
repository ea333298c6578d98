"""A large export through a real Celery worker on Redis: queued after commit, written by the
worker, its page at 100% with the download."""

import time
from io import BytesIO

import pytest
from django.db import OperationalError
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ExportJob
from tests import factories
from tests.reports.test_exports import HEADER_ROW, export
from tests.test_celery_worker import worker  # noqa: F401 (the fixture)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_a_large_export_whose_page_reaches_100_percent(client, staf, settings, worker):  # noqa: F811
    settings.TANGSEL_EXPORT_SYNC_LIMIT = 5
    factories.ParticipantFactory.create_batch(12, kelurahan=factories.kelurahan_of("Ciputat"))

    response = export(client, staf, "peserta")
    assert response.status_code == 302
    job = ExportJob.objects.get()

    # Generous: a loaded CI machine (two cores shared by several suites) is slow to start a task.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            job.refresh_from_db()
        except OperationalError:
            # SQLite: the worker thread shares the test's in-memory database, and a read while it
            # writes the job's progress finds the table locked. That is "not yet": poll again.
            pass
        else:
            if job.status in ("done", "failed"):
                break
        time.sleep(0.3)
    assert (job.status, job.error) == ("done", "")

    page = client.get(response.url).content.decode()
    assert 'aria-valuenow="100"' in page
    download = client.get(reverse("reports:export_download", kwargs={"pk": job.pk}))
    wb = load_workbook(BytesIO(b"".join(download.streaming_content)))
    assert len(list(wb.active.iter_rows(min_row=HEADER_ROW + 1))) == 12
