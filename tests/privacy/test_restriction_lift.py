"""Lifting a restriction of processing (/privasi/peserta/<pk>/cabut-pembatasan/): an
administrator's decision, with a confirmation and a reason, recorded with who and when (a row
and the audit trail); the participant's pages say it was lifted; processing starts again."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from financing.services import referral_create
from participants.models import Consent, Participant
from privacy import services
from privacy.models import RestrictionLift, RightsRequest
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def restricted(staf, name="Rudi Batasi", kind="restriction"):
    p = factories.ParticipantFactory(name=name, kelurahan=factories.kelurahan_of("Ciputat"))
    request = services.request_create(participant=p, kind=kind, channel="letter", user=staf)
    services.request_close(request=request, user=staf)
    p.refresh_from_db()
    assert p.processing_restricted
    return p, request


def url(p, **query):
    base = reverse("privacy:restriction_lift", kwargs={"pk": p.pk})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_an_admin_lifts_it_after_confirming_with_a_reason_and_it_is_recorded(client, staf, admin_user):
    p, request = restricted(staf)
    client_for(client, admin_user)
    detail = client.get(reverse("participants:detail", kwargs={"pk": p.pk})).content.decode()
    assert 'id="lift-restriction"' in detail

    page = client.get(url(p, permintaan=request.pk)).content.decode()
    assert 'id="lift-effect"' in page and f"permintaan #{request.pk}" in page
    # Without the confirmation, or without a reason: nothing changes.
    client.post(url(p), {"reason": "Peserta minta pembatasan diakhiri", "permintaan": request.pk})
    client.post(url(p), {"reason": " ", "confirm": "on", "permintaan": request.pk})
    p.refresh_from_db()
    assert p.processing_restricted and not RestrictionLift.objects.exists()

    since = p.restricted_at
    response = client.post(
        url(p), {"reason": "Peserta minta pembatasan diakhiri", "confirm": "on", "permintaan": request.pk}
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert not p.processing_restricted and p.restricted_at is None
    lift = RestrictionLift.objects.get()
    assert (lift.participant, lift.lifted_by, lift.reason, lift.request) == (
        p,
        admin_user,
        "Peserta minta pembatasan diakhiri",
        request,
    )
    assert lift.restricted_at == since and abs(lift.lifted_at - timezone.now()).total_seconds() < 60
    # Audited: the participant's flag and the lift itself, by the admin.
    flag = LogEntry.objects.get_for_object(p).filter(actor=admin_user).latest("timestamp")
    assert "processing_restricted" in flag.changes
    assert LogEntry.objects.get_for_object(lift).filter(actor=admin_user, action=LogEntry.Action.CREATE).exists()

    # The participant's pages say it was lifted, by whom and why.
    for page_url in (
        reverse("participants:detail", kwargs={"pk": p.pk}),
        reverse("consents:list", kwargs={"pk": p.pk}),
        reverse("privacy:request_detail", kwargs={"pk": request.pk}),
    ):
        html = client.get(page_url).content.decode()
        assert 'id="restriction-lifted-notice"' in html and 'id="restricted-notice"' not in html
        who = admin_user.get_full_name() or admin_user.username
        assert "Peserta minta pembatasan diakhiri" in html and f"oleh {who}." in html


def test_processing_starts_again_once_lifted(staf, admin_user):
    p, _request = restricted(staf)
    services.restriction_lift(participant=p, user=admin_user, reason="Keberatan sudah diselesaikan")
    services.check_processing_allowed(p)  # no longer raises
    referral = referral_create(
        participant=p, bank=factories.BankFactory(), purpose="Modal", amount_requested=Decimal(1_000_000), user=staf
    )
    assert referral.pk


def test_only_an_admin_may_lift_it(client, staf, petugas_ciputat, admin_user):
    p, _request = restricted(staf)
    with pytest.raises(PermissionDenied):
        services.restriction_lift(participant=p, user=staf, reason="Staf mencoba")
    for user in (staf, petugas_ciputat):
        client_for(client, user)
        assert client.get(url(p)).status_code == 403
        assert client.post(url(p), {"reason": "x", "confirm": "on"}).status_code == 403
        detail = client.get(reverse("participants:detail", kwargs={"pk": p.pk})).content.decode()
        assert 'id="restricted-notice"' in detail and 'id="lift-restriction"' not in detail
    assert Participant.objects.get(pk=p.pk).processing_restricted


def test_it_is_refused_while_a_restriction_request_is_open(staf, admin_user):
    p, _request = restricted(staf)
    services.request_create(participant=p, kind=RightsRequest.Kind.OBJECTION, channel="letter", user=staf)
    with pytest.raises(ValidationError) as exc:
        services.restriction_lift(participant=p, user=admin_user, reason="Diminta")
    assert exc.value.code == "request_open"


def test_it_is_refused_while_the_programme_consent_stays_withdrawn(staf, admin_user):
    p = factories.ParticipantFactory()
    consent = Consent.objects.create(
        participant=p, purpose=Consent.Purpose.PROGRAMME, granted_at=timezone.now(), method="form"
    )
    services.consent_withdraw(consent=consent, reason="Keluar dari program", user=staf)
    p.refresh_from_db()
    assert p.processing_restricted
    with pytest.raises(ValidationError) as exc:
        services.restriction_lift(participant=p, user=admin_user, reason="Diminta")
    assert exc.value.code == "programme_withdrawn"
    # A new consent to the programme: the restriction may be lifted.
    services.consent_grant(
        participant=p,
        purpose=Consent.Purpose.PROGRAMME,
        wording=services.current_wording(Consent.Purpose.PROGRAMME),
        method="form",
        user=staf,
    )
    services.restriction_lift(participant=p, user=admin_user, reason="Bergabung lagi")
    p.refresh_from_db()
    assert not p.processing_restricted


def test_an_anonymised_person_stays_restricted(client, staf, admin_user):
    p = factories.ParticipantFactory()
    services.anonymise_participant(p, by=staf)
    with pytest.raises(ValidationError) as exc:
        services.restriction_lift(participant=p, user=admin_user, reason="Diminta")
    assert exc.value.code == "anonymised"
    client_for(client, admin_user)
    assert 'id="lift-refused"' in client.get(url(p)).content.decode()


def test_a_request_of_another_kind_is_not_named_as_the_one_lifted(client, staf, admin_user):
    p, _request = restricted(staf)
    access = services.request_create(participant=p, kind="access", channel="letter", user=staf)
    client_for(client, admin_user)
    assert f"permintaan #{access.pk}" not in client.get(url(p, permintaan=access.pk)).content.decode()
    client.post(url(p), {"reason": "Selesai", "confirm": "on", "permintaan": access.pk})
    assert RestrictionLift.objects.get().request is None


def test_the_access_file_lists_the_lifts(client, staf, admin_user):
    import io

    from openpyxl import load_workbook

    p, request = restricted(staf)
    services.restriction_lift(participant=p, user=admin_user, reason="Keberatan sudah diselesaikan", request=request)
    access = services.request_create(participant=p, kind="access", channel="letter", user=staf)
    client_for(client, staf)
    response = client.post(reverse("privacy:request_access_file", kwargs={"pk": access.pk}))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = [row for row in book["Pembatasan dicabut"].iter_rows(values_only=True) if any(row)]
    assert any("Keberatan sudah diselesaikan" in str(row) for row in rows)
