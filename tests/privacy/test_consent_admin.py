"""The admin's consent pages go through the portal's consent service (privacy.services): a minor
needs a parent or guardian, a paper form its scan; a recorded consent is read only there."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from participants.models import Consent, Participant
from tests import factories
from tests.privacy.test_consents import PDF, wording

pytestmark = pytest.mark.django_db

ADD = reverse("admin:participants_consent_add")


def _minor() -> Participant:
    today = timezone.localdate()
    return factories.ParticipantFactory(birth_date=today.replace(year=today.year - 16) - dt.timedelta(days=1))


def _post(client, participant, **extra):
    data = {
        "participant": participant.pk,
        "purpose": "photos",
        "wording": wording("photos").pk,
        "method": "form",
        **extra,
    }
    return client.post(ADD, data)


def _errors(response) -> dict:
    return response.context["adminform"].form.errors


def test_a_minors_consent_without_a_guardian_is_refused_on_the_add_page(client, staf):
    client.force_login(staf)
    response = _post(client, _minor())
    assert response.status_code == 200
    errors = _errors(response)
    assert "Peserta belum 18 tahun" in " ".join(errors["guardian_name"])
    assert "guardian_relation" in errors
    assert not Consent.objects.exists()


def test_a_minors_consent_with_a_guardian_is_recorded_by_the_service(client, staf):
    client.force_login(staf)
    minor = _minor()
    response = _post(client, minor, guardian_name="Ibu Sari", guardian_relation="ibu")
    assert response.status_code == 302, _errors(response)
    consent = Consent.objects.get(participant=minor)
    assert (consent.guardian_name, consent.guardian_relation, consent.recorded_by) == ("Ibu Sari", "ibu", staf)
    assert consent.wording_version == "photos-v1"
    assert abs(consent.granted_at - timezone.now()) < dt.timedelta(minutes=1)


def test_a_paper_consent_without_its_scan_is_refused_on_the_add_page(client, staf):
    client.force_login(staf)
    adult = factories.ParticipantFactory(birth_date=dt.date(1990, 5, 5))
    response = _post(client, adult, method="paper")
    assert response.status_code == 200
    assert "Unggah pindaian" in " ".join(_errors(response)["scan"])
    assert not Consent.objects.exists()

    scan = SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf")
    response = _post(client, adult, method="paper", scan=scan)
    assert response.status_code == 302, _errors(response)
    consent = Consent.objects.get(participant=adult)
    assert consent.scan.name.startswith("consent-scans/") and consent.scan.name.endswith(".pdf")


def test_a_second_consent_in_force_for_the_same_purpose_is_refused(client, staf):
    client.force_login(staf)
    adult = factories.ParticipantFactory(birth_date=dt.date(1990, 5, 5))
    assert _post(client, adult).status_code == 302
    response = _post(client, adult)
    assert "sudah tercatat" in " ".join(_errors(response)["purpose"])
    assert Consent.objects.filter(participant=adult).count() == 1


def test_a_recorded_consent_is_read_only_in_the_admin(client, staf):
    client.force_login(staf)
    adult = factories.ParticipantFactory(birth_date=dt.date(1990, 5, 5))
    _post(client, adult)
    consent = Consent.objects.get(participant=adult)
    url = reverse("admin:participants_consent_change", args=[consent.pk])
    assert 'name="guardian_name"' not in client.get(url).text
    client.post(url, {"participant": adult.pk, "purpose": "photos", "method": "paper", "withdrawn_at_0": "2030-01-01"})
    consent.refresh_from_db()
    assert (consent.method, consent.withdrawn_at) == ("form", None)
