from types import SimpleNamespace

import pytest
from django.utils import timezone

from records import recycle
from records.models import Incident
from tests import factories


@pytest.fixture
def world(db, bri):
    """One of each thing in Ciputat and in Pamulang, and a referral to BRI and to another bank."""
    w = SimpleNamespace()
    w.participant_ciputat = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    w.participant_pamulang = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Pamulang"))
    w.batch_ciputat = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"))
    w.batch_pamulang = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Pamulang"))
    w.session_ciputat = factories.TrainingSessionFactory(batch=w.batch_ciputat)
    w.session_pamulang = factories.TrainingSessionFactory(batch=w.batch_pamulang)
    w.group_ciputat = factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"))
    w.group_pamulang = factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Pamulang"))
    w.product_ciputat = factories.ProductFactory(group=w.group_ciputat)
    w.product_pamulang = factories.ProductFactory(group=w.group_pamulang)
    w.business_ciputat = factories.BusinessFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    w.business_pamulang = factories.BusinessFactory(kelurahan=factories.kelurahan_of("Pamulang"))
    w.exhibition = factories.ExhibitionFactory()
    # Sent to the bank (a draft would be the department's own, unseen by the bank).
    w.referral_bri = factories.LoanReferralFactory(participant=w.participant_ciputat, bank=bri, status="referred")
    w.referral_other = factories.LoanReferralFactory(participant=w.participant_pamulang)
    # A KUB of its own, so that the bank sees no other route's KUB through it.
    w.group_referred = factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"))
    w.referral_kub_bri = factories.LoanReferralFactory(
        participant=None, group=w.group_referred, kecamatan=w.group_referred.kecamatan, bank=bri, status="referred"
    )
    # The recycle bin and the incident register (records).
    w.recycled = recycle.recycle_move(obj=factories.ParticipantFactory(), user=None)
    w.incident = Incident.objects.create(
        discovered_at=timezone.now(), description="Laptop hilang", data_affected="NIK peserta", people_affected=3
    )
    return w
