"""The security event log (issue 13.8): each hook writes its event, and no event holds a NIK,
a phone number or a person's name, nor what a user typed as a username."""

import datetime as dt
import json

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from financing.models import DocumentKind
from financing.services import document_add
from security import services
from security.events import username_hash
from security.models import SecurityEvent
from tests import factories
from tests.accounts.conftest import OFFICE, PASSWORD, WRONG, login

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
NIK = "3674015505900001"  # what someone might type as a username


@pytest.fixture(autouse=True)
def _fresh_counts():
    from accounts import login_throttle

    login_throttle.address_forget(OFFICE)
    cache.delete(f"security:csp-reports:{OFFICE}")
    cache.delete("security:csp-reports:127.0.0.1")
    yield
    login_throttle.address_forget(OFFICE)


@pytest.fixture
def person():
    return factories.ParticipantFactory(name="Siti Rahayu Ciputat", phone="+6281299887766")


def every_value() -> str:
    """Everything the log holds, as one text to search."""
    return json.dumps(list(SecurityEvent.objects.values()), default=str)


def assert_no_personal_data(*people):
    text = every_value()
    for p in people:
        assert p.nik not in text and p.name not in text and p.phone not in text and p.phone[3:] not in text


def test_a_login_and_a_logout_are_recorded_with_the_account_and_the_address(client, staf):
    assert login(client, "staf", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    login_event, logout_event = SecurityEvent.objects.order_by("pk")
    assert (login_event.kind, login_event.user, login_event.ip) == (Kind.LOGIN, staf, OFFICE)
    assert login_event.path == reverse("login")
    assert (logout_event.kind, logout_event.user) == (Kind.LOGOUT, staf)


def test_a_failure_on_a_known_account_names_the_account(client, staf):
    login(client, "staf", WRONG)
    event = SecurityEvent.objects.get()
    assert (event.kind, event.user, event.subject) == (Kind.LOGIN_FAILED, staf, "")


def test_a_failure_on_an_unknown_username_keeps_only_a_keyed_hash_of_it(client, db):
    login(client, NIK, WRONG)
    login(client, NIK, WRONG)
    events = list(SecurityEvent.objects.all())
    assert [e.kind for e in events] == [Kind.LOGIN_FAILED, Kind.LOGIN_FAILED]
    assert events[0].user is None and events[0].subject == events[1].subject == username_hash(NIK)
    assert NIK not in every_value() and NIK[:8] not in every_value()


def test_the_fifth_failure_records_the_lockout_once_and_refusals_after_it_say_so(client, staf):
    for _ in range(5):
        login(client, "staf", WRONG)
    assert SecurityEvent.objects.filter(kind=Kind.LOCKOUT, user=staf).count() == 1
    login(client, "staf", PASSWORD)  # refused: the account is locked
    assert SecurityEvent.objects.filter(kind=Kind.LOCKOUT).count() == 1
    refused = SecurityEvent.objects.filter(kind=Kind.LOGIN_FAILED).latest("pk")
    assert (refused.user, refused.detail) == (staf, "akun sedang dikunci")
    assert SecurityEvent.objects.filter(kind=Kind.LOGIN_FAILED).count() == 6
    assert not SecurityEvent.objects.filter(kind=Kind.LOGIN).exists()


def test_a_record_out_of_scope_is_a_denied_event_with_its_type_and_id_only(client, petugas_pamulang, person):
    client.force_login(petugas_pamulang)
    url = reverse("participants:detail", args=[person.pk])
    assert client.get(url + "?q=" + NIK).status_code == 404
    event = SecurityEvent.objects.get(kind=Kind.DENIED)
    assert event.user == petugas_pamulang
    assert (event.object_type, event.object_id, event.detail) == ("participants.participant", str(person.pk), "404")
    assert event.path == url  # no query string
    assert_no_personal_data(person)
    assert NIK not in every_value()


def test_a_403_is_a_denied_event(client, pimpinan):
    client.force_login(pimpinan)
    assert client.get(reverse("admin:index")).status_code == 403
    event = SecurityEvent.objects.get(kind=Kind.DENIED)
    assert (event.user, event.detail, event.object_type) == (pimpinan, "403", "admin:index")


def test_an_address_that_matches_no_page_is_not_a_denied_event(client, staf):
    client.force_login(staf)
    assert client.get("/tidak-ada/3674015505900001/").status_code == 404
    assert not SecurityEvent.objects.filter(kind=Kind.DENIED).exists()


def test_an_export_is_recorded_with_its_kind_and_job(client, staf, person):
    client.force_login(staf)
    response = client.post(reverse("reports:export_start", kwargs={"kind": "peserta"}))
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.EXPORT)
    assert (event.user, event.object_type, event.detail) == (staf, "reports.exportjob", "peserta · data pribadi")
    assert event.ip == "127.0.0.1"
    assert_no_personal_data(person)


def test_a_document_view_is_recorded_with_the_document_id(client, staf, bri, person):
    referral = factories.LoanReferralFactory(bank=bri, participant=person)
    pdf = SimpleUploadedFile("KTP Siti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    document = document_add(referral=referral, kind=DocumentKind.objects.get(code="ektp"), file=pdf, user=staf)
    client.force_login(staf)
    assert client.get(document.file.url).status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.DOCUMENT_VIEW)
    assert (event.user, event.object_type, event.object_id) == (staf, "financing.referraldocument", str(document.pk))
    assert "Siti" not in every_value()
    assert_no_personal_data(person)


def test_a_csp_violation_report_is_recorded_without_the_query_string(client):
    report = {
        "csp-report": {
            "document-uri": f"http://testserver/peserta/?q={NIK}",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "blocked-uri": "https://cdn.example.org/x.js?id=1",
        }
    }
    url = reverse("security:csp_report")
    response = client.post(url, json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    event = SecurityEvent.objects.get(kind=Kind.CSP_VIOLATION)
    assert (event.path, event.detail) == ("/peserta/", "script-src-elem https://cdn.example.org")
    assert NIK not in every_value()


def test_report_to_reports_are_recorded_too(client):
    body = [
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "http://testserver/",
                "effectiveDirective": "style-src-attr",
                "blockedURL": "inline",
            },
        }
    ]
    client.post(reverse("security:csp_report"), json.dumps(body), content_type="application/reports+json")
    assert SecurityEvent.objects.get().detail == "style-src-attr inline"


def test_the_retention_task_deletes_what_is_older_than_the_setting(settings):
    settings.SECURITY_EVENT_RETENTION_DAYS = 30
    old = SecurityEvent.objects.create(kind=Kind.LOGIN, at=timezone.now() - dt.timedelta(days=31), ip="10.0.0.1")
    recent = SecurityEvent.objects.create(kind=Kind.LOGIN, at=timezone.now() - dt.timedelta(days=29))
    from security.tasks import security_events_purge

    assert security_events_purge.delay().get() == 1
    assert list(SecurityEvent.objects.all()) == [recent]
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert services.security_events_purge() == 0


def test_the_beat_schedule_runs_the_purge():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "security.tasks.security_events_purge" in tasks


def test_only_the_admin_sees_the_log_and_nobody_can_change_it(client, admin_user, staf):
    event = SecurityEvent.objects.create(kind=Kind.LOGIN, user=staf, ip="10.0.0.1", path="/accounts/login/")
    url = reverse("admin:security_securityevent_changelist")
    client.force_login(admin_user)
    page = client.get(url + "?kind__exact=login")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"#{staf.pk}" in text and "10.0.0.1" in text
    if staf.get_full_name():
        assert staf.get_full_name() not in text
    assert client.get(reverse("admin:security_securityevent_add")).status_code == 403
    change = client.post(reverse("admin:security_securityevent_change", args=[event.pk]), {"detail": "x"})
    assert change.status_code == 403
    model_admin = admin.site._registry[SecurityEvent]
    assert not model_admin.has_delete_permission(None)
    client.force_login(staf)
    assert client.get(url).status_code == 403


def test_a_wrong_second_factor_code_is_recorded(client, staf):
    from tests.conftest import force_login_password_only

    force_login_password_only(client, staf)
    response = client.post(reverse("second_factor"), {"code": "000000"})

    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.OTP_FAILED)
    assert event.user == staf and event.path == reverse("second_factor")
    assert "000000" not in event.detail
