"""Consent per purpose with proof (issue 13 point 1): the page of a participant's consents,
a paper form's scan, a guardian for a minor, withdrawal per purpose and what stops with it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from financing import services as financing_services
from groups.models import Membership
from participants.models import Consent, ConsentWording
from privacy import services
from tests import factories
from tests.conftest import client_for
from tests.financing.eligible import eligible_participant

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def wording(purpose):
    return ConsentWording.objects.get(version=f"{purpose}-v1")


def test_every_purpose_has_a_first_wording_stating_purpose_data_retention_and_rights():
    for purpose in Consent.Purpose.values:
        text = wording(purpose).text
        assert "Keperluan:" in text and "Data yang dipakai:" in text and "Lama disimpan:" in text
        assert "3×24 jam" in text and "menarik persetujuan" in text


def test_an_officer_records_each_purpose_separately_with_who_when_how_and_which_wording(client, petugas_ciputat):
    p = factories.ParticipantFactory(birth_date=dt.date(1990, 5, 5))
    url = reverse("consents:list", kwargs={"pk": p.pk})
    client_for(client, petugas_ciputat)
    response = client.post(url, {"purpose": "publish_name", "wording": wording("publish_name").pk, "method": "form"})
    assert response.status_code == 302
    consent = Consent.objects.get(participant=p)
    assert (consent.purpose, consent.recorded_by, consent.method) == ("publish_name", petugas_ciputat, "form")
    assert consent.wording == wording("publish_name") and consent.wording_version == "publish_name-v1"
    assert abs(consent.granted_at - timezone.now()) < dt.timedelta(minutes=1)
    # Another purpose is its own consent; the first is untouched.
    client.post(url, {"purpose": "photos", "wording": wording("photos").pk, "method": "form"})
    assert set(Consent.objects.filter(participant=p).values_list("purpose", flat=True)) == {"publish_name", "photos"}
    page = client.get(url).content.decode()
    assert "publish_name-v1" in page and "photos-v1" in page


def test_a_wording_of_another_purpose_is_refused(staf):
    p = factories.ParticipantFactory()
    with pytest.raises(ValidationError) as exc:
        services.consent_grant(
            participant=p, purpose="photos", wording=wording("bank_referral"), method="form", user=staf
        )
    assert "wording" in exc.value.error_dict


def test_a_paper_consent_needs_its_scan_and_keeps_it(client, staf):
    p = factories.ParticipantFactory()
    url = reverse("consents:list", kwargs={"pk": p.pk})
    client_for(client, staf)
    data = {"purpose": "bank_referral", "wording": wording("bank_referral").pk, "method": "paper"}
    response = client.post(url, data)
    assert response.status_code == 200 and not Consent.objects.exists()
    assert "Unggah pindaian" in response.content.decode()

    client.post(url, {**data, "scan": SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf")})
    consent = Consent.objects.get()
    assert consent.scan.name.startswith("consent-scans/") and consent.scan.name.endswith(".pdf")
    # Served through the access-checked file view, never cached.
    served = client.get(consent.scan.url)
    assert served.status_code == 200 and "no-store" in served["Cache-Control"]


def test_a_consent_scan_is_not_served_to_leadership_a_bank_or_another_area(
    client, staf, pimpinan, bank_bri, petugas_pamulang, petugas_ciputat
):
    p = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    consent = services.consent_grant(
        participant=p,
        purpose="photos",
        wording=wording("photos"),
        method="paper",
        scan=SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf"),
        user=staf,
    )
    for user in (pimpinan, bank_bri, petugas_pamulang):
        client.force_login(user)
        assert client.get(consent.scan.url).status_code == 404, user.username
    client.force_login(petugas_ciputat)
    assert client.get(consent.scan.url).status_code == 200


def test_a_participant_under_18_needs_a_parent_or_guardian(client, staf):
    today = timezone.localdate()
    minor = factories.ParticipantFactory(birth_date=today.replace(year=today.year - 16) - dt.timedelta(days=3))
    url = reverse("consents:list", kwargs={"pk": minor.pk})
    client_for(client, staf)
    assert "belum 18 tahun" in client.get(url).content.decode()
    data = {"purpose": "programme", "wording": wording("programme").pk, "method": "form"}
    refused = client.post(url, data)
    assert refused.status_code == 200 and not Consent.objects.exists()
    assert "orang tua atau wali" in refused.content.decode()

    client.post(url, {**data, "guardian_name": "Ibu Rahma", "guardian_relation": "ibu"})
    consent = Consent.objects.get()
    assert (consent.guardian_name, consent.guardian_relation) == ("Ibu Rahma", "ibu")


def test_an_adult_needs_no_guardian(staf):
    adult = factories.ParticipantFactory(birth_date=dt.date(1985, 1, 1))
    consent = services.consent_grant(
        participant=adult, purpose="programme", wording=wording("programme"), method="form", user=staf
    )
    assert consent.guardian_name == ""


def test_a_purpose_already_in_force_is_not_granted_twice(staf):
    p = factories.ParticipantFactory()
    services.consent_grant(participant=p, purpose="photos", wording=wording("photos"), method="form", user=staf)
    with pytest.raises(ValidationError):
        services.consent_grant(participant=p, purpose="photos", wording=wording("photos"), method="form", user=staf)


def test_withdrawal_needs_a_reason_keeps_the_proof_and_shows_a_notice(client, petugas_ciputat):
    p = factories.ParticipantFactory()
    consent = services.consent_grant(
        participant=p, purpose="photos", wording=wording("photos"), method="form", user=petugas_ciputat
    )
    url = reverse("consents:withdraw", kwargs={"pk": p.pk, "consent_pk": consent.pk})
    client_for(client, petugas_ciputat)
    assert client.post(url, {"reason": ""}).status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_at is None

    assert client.post(url, {"reason": "Disampaikan lewat telepon"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == petugas_ciputat
    assert consent.withdrawn_reason == "Disampaikan lewat telepon"
    page = client.get(reverse("consents:list", kwargs={"pk": p.pk})).content.decode()
    assert "withdrawal-notice" in page and "Disampaikan lewat telepon" in page
    detail = client.get(reverse("participants:detail", kwargs={"pk": p.pk})).content.decode()
    assert "withdrawal-notice" in detail


def test_withdrawing_the_bank_consent_refuses_a_new_referral_even_with_a_reason(staf):
    p = eligible_participant(user=staf)
    bank = factories.BankFactory()
    consent = Consent.objects.get(participant=p, purpose="bank_referral")
    services.consent_withdraw(consent=consent, reason="Tidak ingin dirujuk", user=staf)
    with pytest.raises(ValidationError) as exc:
        financing_services.referral_create(
            participant=p,
            bank=bank,
            purpose="Modal",
            amount_requested=Decimal(5_000_000),
            user=staf,
            check_eligibility=True,
            override_reason="Tetap dirujuk",
        )
    assert "menarik persetujuan" in str(exc.value)
    # Consent given again: a referral may be made.
    services.consent_grant(
        participant=p, purpose="bank_referral", wording=wording("bank_referral"), method="form", user=staf
    )
    referral = financing_services.referral_create(
        participant=p,
        bank=bank,
        purpose="Modal",
        amount_requested=Decimal(5_000_000),
        user=staf,
        check_eligibility=True,
    )
    assert referral.pk


def test_withdrawing_publication_on_the_page_drops_the_name_from_the_catalogue(client, staf):
    from tests.catalogue.test_public import select

    group = factories.BusinessGroupFactory(name="KUB Katalog")
    member = factories.ParticipantFactory(name="Rina Terbit")
    factories.MembershipFactory(group=group, participant=member, joined_on=dt.date(2026, 4, 1))
    select(factories.ProductFactory(group=group, name="Tas Rajut"), staf)
    consent = services.consent_grant(
        participant=member, purpose="publish_name", wording=wording("publish_name"), method="form", user=staf
    )
    url = reverse("catalogue:group", args=[group.pk])
    assert "Rina Terbit" in client.get(url).content.decode()
    client_for(client, staf).post(
        reverse("consents:withdraw", kwargs={"pk": member.pk, "consent_pk": consent.pk}),
        {"reason": "Minta namanya tidak dicantumkan"},
    )
    client.logout()
    html = client.get(url).content.decode()
    assert "Rina Terbit" not in html and "Tas Rajut" in html
    assert Membership.objects.filter(participant=member).exists()


def test_withdrawing_the_programme_consent_restricts_processing(staf):
    p = factories.ParticipantFactory()
    consent = services.consent_grant(
        participant=p, purpose="programme", wording=wording("programme"), method="form", user=staf
    )
    services.consent_withdraw(consent=consent, reason="Keluar dari program", user=staf)
    p.refresh_from_db()
    assert p.processing_restricted and p.restricted_at is not None
