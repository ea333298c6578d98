"""Double-booking under real concurrency on PostgreSQL: two people saving a session for the
same trainer at the same hours at the same moment must not both succeed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests import factories
from tests.conftest import need
from tests.groups.test_concurrency import at_the_same_moment
from trainings.models import TrainingSession
from trainings.services import session_save

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    need(connection.vendor == "postgresql", "the race tests need PostgreSQL (set DATABASE_URL)")


def saver(batch_pk, trainer, user):
    def save():
        session = TrainingSession(
            batch_id=batch_pk, date=dt.date(2027, 3, 12), start_time=dt.time(9), end_time=dt.time(12), trainer=trainer
        )
        session.batch  # noqa: B018 - read the batch inside the thread's own connection
        return session_save(session=session, user=user)

    return save


@pytest.mark.parametrize("round_", range(3))
def test_two_sessions_for_one_trainer_at_once_save_one_and_refuse_the_other(staf, round_):
    siti = factories.TrainerFactory(name="Siti")
    batches = [factories.TrainingBatchFactory(kecamatan=factories.kecamatan(k)) for k in ("Ciputat", "Pamulang")]

    outcomes = at_the_same_moment(*(saver(b.pk, siti, staf) for b in batches))

    saved = [o for o in outcomes if isinstance(o, TrainingSession)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(saved), len(refused)) == (1, 1), outcomes
    assert "Pelatih Siti sudah mengajar" in refused[0].messages[0]
    assert TrainingSession.objects.filter(trainer=siti).count() == 1
