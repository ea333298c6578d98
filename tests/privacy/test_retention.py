"""Retention (issue 13 point 3): periods per kind of data in settings, a beat task that
anonymises or deletes what outlived them, and a record of what it did."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from celery.result import EagerResult
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from financing.models import DocumentKind, LoanReferral, ReferralDocument
from financing.services import document_add
from participants.models import Consent, ConsentWording, Participant
from privacy import retention, services
from privacy.models import RetentionRun
from privacy.tasks import retention_sweep
from tangsel_portal.settings import BASE_DIR
from tests import factories
from tests.conftest import client_for
from tests.test_celery_worker import worker  # noqa: F401 - the real worker fixture

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def years_ago(n: int, days: int = 30) -> dt.datetime:
    now = timezone.now()
    return now.replace(year=now.year - n) - dt.timedelta(days=days)


def stale(**kwargs) -> Participant:
    """A participant registered and last changed six years ago, with nothing since."""
    p = factories.ParticipantFactory(**kwargs)
    Participant.objects.filter(pk=p.pk).update(created_at=years_ago(6), updated_at=years_ago(6))
    return p


@pytest.mark.django_db
def test_the_sweep_anonymises_only_participants_without_activity_for_the_period(staf):
    old = stale(name="Lama Tak Aktif")
    recent = factories.ParticipantFactory(name="Baru Daftar")
    member = stale(name="Anggota Aktif")
    factories.MembershipFactory(participant=member)
    Participant.objects.filter(pk=member.pk).update(updated_at=years_ago(6))
    referred = stale(name="Rujukan Berjalan")
    factories.LoanReferralFactory(participant=referred, status=LoanReferral.Status.UNDER_REVIEW)
    LoanReferral.objects.filter(participant=referred).update(created_at=years_ago(6))
    Participant.objects.filter(pk=referred.pk).update(updated_at=years_ago(6))

    run = retention.run()

    names = dict(Participant.objects.values_list("pk", "name"))
    assert "anonim" in names[old.pk]
    assert names[recent.pk] == "Baru Daftar" and names[member.pk] == "Anggota Aktif"
    assert names[referred.pk] == "Rujukan Berjalan"
    assert run.results["participant"]["count"] == 1 and run.results["participant"]["years"] == 5
    assert run.finished_at is not None and run.error == ""
    # Safe to run twice: nothing is found again.
    assert retention.run().results["participant"]["count"] == 0


@pytest.mark.django_db
def test_the_period_comes_from_settings(settings):
    old = stale()
    settings.TANGSEL_RETENTION_YEARS = {**settings.TANGSEL_RETENTION_YEARS, "participant": 10}
    run = retention.run()
    old.refresh_from_db()
    assert old.anonymised_at is None and run.results["participant"] == {
        "label": "Peserta tanpa kegiatan dianonimkan",
        "years": 10,
        "count": 0,
    }


def test_each_period_is_overridable_by_the_environment():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    script = "from django.conf import settings; print(settings.TANGSEL_RETENTION_YEARS['participant'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=BASE_DIR,
        env={**env, "RETENTION_PARTICIPANT_YEARS": "7"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "7", result.stderr


def test_the_sweep_is_on_the_beat_schedule():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "privacy.tasks.retention_sweep")
    assert entry["schedule"]


@pytest.mark.django_db(transaction=True)  # the files go after the commit
def test_scans_of_closed_referrals_and_withdrawn_consents_are_deleted_after_the_period(staf):
    p = factories.ParticipantFactory()
    referral = factories.LoanReferralFactory(participant=p)
    document = document_add(
        referral=referral,
        kind=DocumentKind.objects.first(),
        file=SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"),
        user=staf,
    )
    LoanReferral.objects.filter(pk=referral.pk).update(
        status=LoanReferral.Status.CLOSED, status_changed_at=years_ago(6)
    )
    consent = services.consent_grant(
        participant=p,
        purpose="photos",
        wording=ConsentWording.objects.get(version="photos-v1"),
        method="paper",
        scan=SimpleUploadedFile("f.pdf", PDF, content_type="application/pdf"),
        user=staf,
    )
    Consent.objects.filter(pk=consent.pk).update(granted_at=years_ago(7), withdrawn_at=years_ago(6))
    kept = services.consent_grant(
        participant=p,
        purpose="publish_name",
        wording=ConsentWording.objects.get(version="publish_name-v1"),
        method="paper",
        scan=SimpleUploadedFile("g.pdf", PDF, content_type="application/pdf"),
        user=staf,
    )
    files = [document.file, consent.scan]
    assert all(f.storage.exists(f.name) for f in files)

    run = retention.run()

    assert run.results["referral_documents"]["count"] == 1 and run.results["consent_scans"]["count"] == 1
    assert not any(f.storage.exists(f.name) for f in files)
    assert ReferralDocument.objects.get(pk=document.pk).file.name == ""
    kept.refresh_from_db()
    assert kept.scan and kept.scan.storage.exists(kept.scan.name)


@pytest.mark.django_db
def test_staff_see_what_each_run_did(client, staf):
    stale()
    retention_sweep.delay()
    html = client_for(client, staf).get(reverse("privacy:retention_list")).content.decode()
    assert "Peserta tanpa kegiatan dianonimkan: <strong>1</strong>" in html
    assert RetentionRun.objects.count() == 1


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep(worker):  # noqa: F811
    old = stale()

    result = retention_sweep.delay()

    assert not isinstance(result, EagerResult)
    run = RetentionRun.objects.get(pk=result.get(timeout=60))
    assert run.results["participant"]["count"] == 1
    old.refresh_from_db()
    assert old.anonymised_at is not None
