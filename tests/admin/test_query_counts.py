"""Admin lists cost the same number of queries whatever the number of rows on the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from financing.models import LoanReferral
from groups.models import Membership
from inventory.models import InventoryVisit
from participants.models import Participant
from tests import factories
from tests.admin.conftest import admin_url
from trainings.models import Attendance, Enrollment, TrainingBatch


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _participants(n):
    kelurahan = list(factories.kelurahan_of("Ciputat").kecamatan.kelurahan.all())
    for i in range(n):
        factories.ParticipantFactory(kelurahan=kelurahan[i % len(kelurahan)])


@pytest.mark.parametrize("who", ["staf", "admin_user"])
def test_the_participant_list_costs_the_same_with_10_or_200_rows(client, request, who):
    client.force_login(request.getfixturevalue(who))
    url = admin_url(Participant, "changelist")
    _participants(10)
    client.get(url)  # warm caches (content types, sessions) so both counts are like for like
    with_10 = _queries(client, url)
    _participants(190)
    with_200 = _queries(client, url)
    assert Participant.objects.count() == 200
    assert with_10 == with_200


def _memberships(n):
    group = factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"))
    for _ in range(n):
        factories.MembershipFactory(group=group, left_on="2026-05-01")


def _enrollments(n):
    batch = factories.TrainingBatchFactory()
    session = factories.TrainingSessionFactory(batch=batch)
    for _ in range(n):
        factories.AttendanceFactory(session=session, enrollment=factories.EnrollmentFactory(batch=batch))


def _visits(n):
    for _ in range(n):
        factories.InventoryVisitFactory(business=factories.BusinessFactory(owner_participant=None))


def _referrals(n):
    bank = factories.BankFactory()
    for _ in range(n):
        factories.LoanReferralFactory(bank=bank)


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Membership, _memberships),
        (Enrollment, _enrollments),
        (Attendance, _enrollments),
        (InventoryVisit, _visits),
        (LoanReferral, _referrals),
    ],
)
def test_other_busy_lists_cost_the_same_with_2_or_12_rows(client, staf, model, make):
    client.force_login(staf)
    url = admin_url(model, "changelist")
    make(2)
    client.get(url)
    few = _queries(client, url)
    make(10)
    assert _queries(client, url) == few


def test_a_changelist_counts_at_most_the_cap_and_says_there_are_more(client, staf, settings):
    settings.TANGSEL_LIST_COUNT_CAP = 5
    client.force_login(staf)
    _participants(8)

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(admin_url(Participant, "changelist"))

    assert response.status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 6" in sql for sql in counts), counts
    text = " ".join(response.content.decode().split())
    assert "Lebih dari 5 baris; yang ditampilkan 5 pertama." in text


@pytest.mark.parametrize(("model", "field"), [(LoanReferral, "created_at"), (TrainingBatch, "start_date")])
def test_the_referral_and_batch_lists_read_no_year_of_every_row(client, staf, places, model, field):
    # date_hierarchy's years were a DISTINCT over every referral or batch on each page (77 and
    # 21 ms at a million participants): a date filter offers the same narrowing with no query.
    client.force_login(staf)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert not [q["sql"] for q in ctx.captured_queries if "DISTINCT" in q["sql"].upper()]
    assert f"{field}__gte=" in response.content.decode()
