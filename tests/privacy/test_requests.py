"""Data subjects' requests with a 3×24-hour clock (issue 13 point 2): logged, listed by their
deadline, warned about before they are late, and closed by doing what they ask."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from financing.services import referral_create
from participants.models import Consent, ConsentWording
from privacy import services
from privacy.models import RightsRequest
from reports.models import ExportJob
from tests import factories
from tests.conftest import client_for
from trainings.services import enrollment_create

pytestmark = pytest.mark.django_db


def make(participant, kind="access", *, hours_ago=0, user=None):
    return services.request_create(
        participant=participant,
        kind=kind,
        channel="letter",
        received_at=timezone.now() - dt.timedelta(hours=hours_ago),
        user=user,
    )


def test_a_request_is_due_three_times_24_hours_after_it_arrived(client, staf):
    p = factories.ParticipantFactory()
    client_for(client, staf)
    received = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(hours=5)
    response = client.post(
        reverse("privacy:request_create"),
        {"peserta": p.pk, "kind": "correction", "channel": "email", "received_at": received.strftime("%Y-%m-%dT%H:%M")},
    )
    request = RightsRequest.objects.get()
    assert response["Location"] == reverse("privacy:request_detail", kwargs={"pk": request.pk})
    assert request.due_at - request.received_at == dt.timedelta(hours=72)
    assert (request.kind, request.channel, request.created_by, request.status) == ("correction", "email", staf, "open")


def test_a_request_received_in_the_future_is_refused(staf):
    with pytest.raises(ValidationError):
        make(factories.ParticipantFactory(), hours_ago=-5, user=staf)


def test_the_list_puts_the_most_urgent_first_marks_late_ones_red_and_warns_within_24_hours(client, staf):
    relaxed = make(factories.ParticipantFactory(name="Santai"), hours_ago=1)
    late = make(factories.ParticipantFactory(name="Terlambat"), hours_ago=80)
    soon = make(factories.ParticipantFactory(name="Segera"), hours_ago=60)
    closed = make(factories.ParticipantFactory(name="Sudah Ditutup"), hours_ago=90)
    services.request_close(request=closed, user=staf, outcome="Diserahkan")
    client_for(client, staf)
    html = client.get(reverse("privacy:request_list")).content.decode()
    assert html.index("Terlambat") < html.index("Segera") < html.index("Santai")
    assert "Sudah Ditutup" not in html  # open ones by default
    assert html.count("table-danger overdue") == 1 and "due-overdue" in html and "due-soon" in html
    # The warning on every page of those who handle requests: one late, one due within 24 hours.
    home = client.get(reverse("participants:list")).content.decode()
    assert 'id="rights-due"' in home and 'id="rights-due-badge">2<' in home
    assert relaxed.pk and late.pk and soon.pk


def test_no_warning_for_roles_that_do_not_handle_requests(client, petugas_ciputat):
    make(factories.ParticipantFactory(), hours_ago=80)
    html = client_for(client, petugas_ciputat).get(reverse("participants:list")).content.decode()
    assert 'id="rights-due"' not in html


def test_the_access_file_holds_everything_about_the_person_and_is_logged_as_an_export(client, staf, bri):
    p = factories.ParticipantFactory(name="Dewi Akses", phone="+6281211112222")
    factories.EnrollmentFactory(participant=p)
    group = factories.BusinessGroupFactory(name="KUB Akses")
    factories.MembershipFactory(group=group, participant=p)
    factories.InventoryVisitFactory(business=factories.BusinessFactory(owner_participant=p, name="Usaha Dewi"))
    factories.LoanReferralFactory(participant=p, bank=bri)
    services.consent_grant(
        participant=p,
        purpose="bank_referral",
        wording=ConsentWording.objects.get(version="bank_referral-v1"),
        method="form",
        user=staf,
    )
    ExportJob.objects.create(
        kind="peserta", requested_by=staf, contains_personal_data=True, filters={"Kecamatan": "Ciputat"}
    )
    request = make(p, user=staf)
    client_for(client, staf)
    response = client.post(reverse("privacy:request_access_file", kwargs={"pk": request.pk}))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert p.nik not in response["Content-Disposition"] and "Dewi" not in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    text = {ws.title: " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c) for ws in book}
    assert p.nik in text["Data diri"] and "+6281211112222" in text["Data diri"]
    assert "bank_referral-v1" in text["Persetujuan"]
    assert factories.kecamatan("Ciputat").name in text["Pelatihan"]
    assert "KUB Akses" in text["Keanggotaan KUB"]
    assert "Usaha Dewi" in text["Kunjungan usaha"]
    assert "Bank Rakyat Indonesia" in text["Rujukan"] and "Bank Rakyat Indonesia" in text["Bank penerima data"]
    assert "Ciputat" in text["Ekspor yang mungkin memuat"]
    assert "Persetujuan" in text["Jejak audit"] or "persetujuan" in text["Jejak audit"]
    job = ExportJob.objects.get(kind="akses-data")
    assert job.requested_by == staf and job.contains_personal_data and job.row_count > 5


def test_a_correction_goes_through_the_normal_edit_and_closing_records_the_change(client, staf):
    p = factories.ParticipantFactory(name="Budi Salah Ketik")
    request = make(p, "correction", user=staf)
    client_for(client, staf)
    detail = client.get(reverse("privacy:request_detail", kwargs={"pk": request.pk})).content.decode()
    edit_url = reverse("participants:update", kwargs={"pk": p.pk}) + f"?permintaan={request.pk}"
    assert edit_url in detail
    assert 'id="correction-request"' in client.get(edit_url).content.decode()
    # Nothing changed yet: closing needs the change or a written outcome.
    assert client.post(reverse("privacy:request_close", kwargs={"pk": request.pk}), {}).status_code == 400

    from participants.services import participant_update

    participant_update(
        user=staf,
        participant=p,
        nik=p.nik,
        name="Budi Benar",
        sex=p.sex,
        birth_date=p.birth_date,
        phone=p.phone,
        address=p.address,
        kelurahan=p.kelurahan,
        consent_given=True,
        different_person=True,
    )
    client.post(reverse("privacy:request_close", kwargs={"pk": request.pk}), {})
    request.refresh_from_db()
    assert request.status == "done" and "nama lengkap" in request.outcome


def test_restriction_stops_new_enrolment_referral_and_export_rows(client, staf):
    p = factories.ParticipantFactory(name="Rudi Batasi")
    other = factories.ParticipantFactory(name="Ani Biasa")
    services.request_close(request=make(p, "restriction"), user=staf)
    p.refresh_from_db()
    assert p.processing_restricted
    with pytest.raises(ValidationError):
        enrollment_create(batch=factories.TrainingBatchFactory(), participant=p, user=staf)
    with pytest.raises(ValidationError):
        referral_create(
            participant=p, bank=factories.BankFactory(), purpose="M", amount_requested=Decimal(1), user=staf
        )
    page = client_for(client, staf).get(reverse("participants:detail", kwargs={"pk": p.pk})).content.decode()
    assert 'id="restricted-notice"' in page

    from reports import exports

    export = exports.get("peserta").build(user=staf, params={})
    names = [row.name for row in export.sheets[0].rows]
    assert "Rudi Batasi" not in names and other.name in names


def test_an_objection_restricts_too(staf):
    p = factories.ParticipantFactory()
    services.request_close(request=make(p, "objection"), user=staf)
    p.refresh_from_db()
    assert p.processing_restricted


def test_a_withdrawal_request_withdraws_the_purpose_asked_for(staf):
    p = factories.ParticipantFactory()
    for purpose in ("photos", "publish_name"):
        services.consent_grant(
            participant=p,
            purpose=purpose,
            wording=ConsentWording.objects.get(version=f"{purpose}-v1"),
            method="form",
            user=staf,
        )
    request = services.request_create(participant=p, kind="withdrawal", channel="phone", purpose="photos", user=staf)
    services.request_close(request=request, user=staf)
    in_force = set(Consent.objects.filter(participant=p, withdrawn_at__isnull=True).values_list("purpose", flat=True))
    assert in_force == {"publish_name"}
    request.refresh_from_db()
    assert "Foto diri" in request.outcome


def test_a_refusal_needs_its_reason_and_does_nothing_else(staf):
    p = factories.ParticipantFactory()
    request = make(p, "deletion")
    with pytest.raises(ValidationError):
        services.request_close(request=request, user=staf, refuse=True)
    services.request_close(request=request, user=staf, refuse=True, outcome="Bukan orang yang bersangkutan")
    p.refresh_from_db()
    request.refresh_from_db()
    assert p.anonymised_at is None and request.status == "refused"
    with pytest.raises(ValidationError):
        services.request_close(request=request, user=staf, outcome="lagi")


def test_requests_of_participants_outside_an_officers_area_are_not_found(client, petugas_pamulang, staf):
    # Officers hold no permission for requests at all; scoping would cut them to their area too.
    from privacy import selectors

    make(factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Ciputat")))
    assert selectors.request_list(user=petugas_pamulang).count() == 0
    assert selectors.request_list(user=staf).count() == 1
