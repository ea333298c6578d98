"""Deletion (issue 13 point 2): anonymising a person removes what identifies them and keeps
every aggregate figure of the dashboard and the person's outcome."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from financing.models import DocumentKind, LoanReferral
from financing.services import document_add, referral_create, referral_transition
from groups.models import BusinessGroup
from inventory.models import Business
from participants.models import Consent, ConsentWording, Participant
from participants.nik import check_nik_matches, parse_nik
from participants.outcomes import participant_outcome
from privacy import services
from privacy.models import RightsRequest
from reports import dashboard
from tests import factories
from tests.conftest import client_for
from tests.core import images
from tests.financing.eligible import eligible_participant
from trainings.services import enrollment_create

pytestmark = pytest.mark.django_db(transaction=True)  # files are deleted after the commit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def figures(user):
    filters = dashboard.Filters()
    return (
        dashboard.kecamatan_figures(user=user, filters=filters),
        dashboard.group_figures(user=user, filters=filters),
        dashboard.referral_figures(user=user, filters=filters),
        dashboard.quarterly_trend(user=user, filters=filters),
    )


@pytest.fixture
def person(staf):
    """A real entrepreneur with a referral, a document, a consent scan, an evidence photo and a
    second business in the inventory under their NIK (not linked to their record)."""
    p = eligible_participant(name="Siti Rahasia", user=staf)
    Participant.objects.filter(pk=p.pk).update(phone="+6281299990000", address="Jl. Rahasia No. 9")
    p.refresh_from_db()
    referral = referral_create(
        participant=p, bank=factories.BankFactory(), purpose="Modal", amount_requested=Decimal(7_000_000), user=staf
    )
    referral_transition(referral=referral, to_status=LoanReferral.Status.REFERRED, user=staf)
    document_add(
        referral=referral,
        kind=DocumentKind.objects.first(),
        file=SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"),
        user=staf,
    )
    services.consent_grant(
        participant=p,
        purpose="photos",
        wording=ConsentWording.objects.get(version="photos-v1"),
        method="paper",
        scan=SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf"),
        user=staf,
    )
    own = Business.objects.get(owner_participant=p)
    visit = own.visits.order_by("-visited_on").first()
    visit.evidence_photo.save("bukti.jpg", ContentFile(images.jpeg()))
    other = factories.BusinessFactory(
        owner_nik=p.nik, owner_name=p.name, kelurahan=factories.kelurahan_of("Pamulang"), name="Warung Lain"
    )
    factories.InventoryVisitFactory(business=other, visited_on=timezone.localdate() - dt.timedelta(days=3))
    # Someone else, so the figures are not all about one person.
    factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Pamulang"))
    p.refresh_from_db()
    return p


def files_of(p):
    consent = Consent.objects.get(participant=p, purpose="photos")
    document = p.loan_referrals.get().documents.get()
    visit = Business.objects.get(owner_participant=p).visits.exclude(evidence_photo="").get()
    return [consent.scan, document.file, visit.evidence_photo]


def test_anonymising_keeps_every_dashboard_figure_and_the_outcome(person, staf, pimpinan):
    before = figures(staf), figures(pimpinan), participant_outcome(person)
    assert before[0][0].total.real >= 1 and before[0][0].total.known_participants >= 1

    services.anonymise_participant(person, by=staf)

    person.refresh_from_db()
    assert (figures(staf), figures(pimpinan), participant_outcome(person)) == before


def test_anonymising_removes_the_identity_files_and_audit_values(person, staf):
    old_nik, old_name, birth = person.nik, person.name, person.birth_date
    stored = files_of(person)
    assert all(f.storage.exists(f.name) for f in stored)

    services.anonymise_participant(person, by=staf)

    person.refresh_from_db()
    assert person.anonymised_at is not None and person.processing_restricted
    assert person.name != old_name and "anonim" in person.name
    assert (person.phone, person.address) == ("", "")
    assert (person.birth_date.year, person.birth_date.month, person.birth_date.day) == (birth.year, birth.month, 1)
    # The placeholder NIK is of the right structure, agrees with what is kept, and is no one's.
    assert person.nik != old_nik and person.nik.startswith("367499")
    parse_nik(person.nik)
    assert not check_nik_matches(person.nik, birth_date=person.birth_date, sex=person.sex)
    assert not Participant.objects.filter(nik=old_nik).exists()
    assert not Business.objects.filter(owner_nik=old_nik).exists()
    assert Business.objects.get(name="Warung Lain").owner_name == person.name
    # Files gone from disk and from the records.
    assert not any(f.storage.exists(f.name) for f in stored)
    assert not any(str(f) for f in files_of_after(person))
    # Nothing in the audit trail still names them.
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant), object_pk=str(person.pk)
    )
    assert entries.count() >= 2
    # (Their KUB is named after them by the fixture: a group's name is not the person's data.)
    for entry in LogEntry.objects.exclude(content_type=ContentType.objects.get_for_model(BusinessGroup)):
        text = f"{entry.object_repr} {entry.changes} {entry.serialized_data} {entry.changes_text}"
        assert old_name not in text and old_nik not in text and "Rahasia No. 9" not in text


def files_of_after(p):
    return [
        Consent.objects.get(participant=p, purpose="photos").scan,
        p.loan_referrals.get().documents.get().file,
    ]


def test_an_anonymised_person_is_not_enrolled_referred_or_edited(person, staf, client):
    services.anonymise_participant(person, by=staf)
    with pytest.raises(ValidationError):
        enrollment_create(batch=factories.TrainingBatchFactory(), participant=person, user=staf)
    with pytest.raises(ValidationError):
        referral_create(
            participant=person, bank=factories.BankFactory(), purpose="Modal", amount_requested=Decimal(1), user=staf
        )
    page = client_for(client, staf).get(reverse("participants:detail", kwargs={"pk": person.pk})).content.decode()
    assert "anonymised-notice" in page and reverse("participants:update", kwargs={"pk": person.pk}) not in page


def test_closing_a_deletion_request_anonymises_after_confirmation(person, staf, client):
    request = services.request_create(participant=person, kind="deletion", channel="letter", user=staf)
    url = reverse("privacy:request_close", kwargs={"pk": request.pk})
    client_for(client, staf)
    assert client.post(url, {}).status_code == 400
    person.refresh_from_db()
    assert person.anonymised_at is None

    assert client.post(url, {"confirm": "on"}).status_code == 302
    person.refresh_from_db()
    request.refresh_from_db()
    assert person.anonymised_at is not None
    assert request.status == RightsRequest.Status.DONE and request.handled_by == staf and request.closed_at
    entry = LogEntry.objects.filter(object_pk=str(person.pk), additional_data__rights_request=request.pk)
    assert entry.exists()


def test_anonymising_twice_changes_nothing_more(person, staf):
    first = services.anonymise_participant(person, by=staf)
    again = services.anonymise_participant(person, by=staf)
    assert (again.nik, again.name, again.anonymised_at) == (first.nik, first.name, first.anonymised_at)


def test_a_deletion_purges_what_the_recycle_bin_holds_of_the_person(staf, admin_user):
    from records import recycle
    from records.models import RecycledItem

    membership = factories.MembershipFactory(role="anggota")
    person = membership.participant
    stranger = recycle.recycle_move(obj=factories.ParticipantFactory(), user=admin_user)
    recycle.recycle_move(obj=membership.group, user=admin_user)

    services.anonymise_participant(person, by=staf)

    # The KUB that held their membership cannot bring it back; someone else's item stays.
    assert list(RecycledItem.objects.values_list("pk", flat=True)) == [stranger.pk]
