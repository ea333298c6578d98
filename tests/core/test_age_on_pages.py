"""Roles that see NIKs masked (leadership, bank liaisons) see an age, never the birth date,
on every portal page that shows a person: with the kelurahan, a birth date rebuilds the
masked digits of the NIK."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.privacy import age
from financing.services import referral_create, referral_transition
from tests import factories

pytestmark = pytest.mark.django_db

BORN = dt.date(1987, 10, 23)


def birth_date_forms(d: dt.date) -> list[str]:
    return [
        d.strftime("%d-%m-%Y"),
        d.strftime("%Y-%m-%d"),
        d.strftime("%d/%m/%Y"),
        f"{d.day} Oktober {d.year}",
        f"{d.day:02d} Oktober {d.year}",
        f"{d.day} Okt {d.year}",
        f"October {d.day}, {d.year}",
        f"Oct. {d.day}, {d.year}",
        f"{d.day} October {d.year}",
    ]


@pytest.fixture
def person(staf, bri):
    """A participant trained in a batch, member of a KUB, both referred to BRI."""
    p = factories.ParticipantFactory(
        name="Wulan Sari",
        sex="P",
        birth_date=BORN,
        nik=factories.make_nik(birth_date=BORN, sex="P", serial=4321),
        kelurahan=factories.kelurahan_of("Ciputat"),
    )
    batch = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"))
    factories.EnrollmentFactory(batch=batch, participant=p)
    group = factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"))
    factories.MembershipFactory(group=group, participant=p)
    for kwargs in ({"participant": p}, {"group": group}):
        referral = referral_create(bank=bri, purpose="Modal", amount_requested=Decimal(5_000_000), user=staf, **kwargs)
        referral_transition(referral=referral, to_status="referred", user=staf)
    return p


def _pages(p):
    group = p.memberships.get().group
    referral = p.loan_referrals.get()
    return {
        "participant list": reverse("participants:list"),
        "participant profile": reverse("participants:detail", args=[p.pk]),
        "KUB members": reverse("groups:detail", args=[group.pk]),
        "batch roster": reverse("trainings:batch_detail", args=[p.enrollments.get().batch_id]),
        "referral": reverse("financing:detail", args=[referral.pk]),
        "KUB referral": reverse("financing:detail", args=[group.loan_referrals.get().pk]),
    }


# Pages a role cannot open at all answer 403 (nothing shown).
CLOSED = {
    "pimpinan": {"referral", "KUB referral"},  # individual referrals: totals only
    "bank_bri": {"batch roster"},  # no trainings for banks
}


@pytest.mark.parametrize("who", ["pimpinan", "bank_bri"])
@pytest.mark.parametrize(
    "page", ["participant list", "participant profile", "KUB members", "batch roster", "referral", "KUB referral"]
)
def test_a_masked_role_sees_an_age_and_no_birth_date(client, request, person, who, page):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_pages(person)[page])
    html = response.content.decode()
    if page in CLOSED[who]:
        assert response.status_code == 403
        assert "Wulan Sari" not in html
        return
    assert response.status_code == 200
    assert "Wulan Sari" in html
    assert f"{age(BORN)} tahun" in html
    shown = [form for form in birth_date_forms(BORN) if form in html]
    assert not shown, f"{page} shows the birth date as {shown}"
    assert person.nik not in html


def test_staff_still_read_the_birth_date_on_the_profile(client, staf, person):
    client.force_login(staf)
    html = client.get(reverse("participants:detail", args=[person.pk])).content.decode()
    assert BORN.strftime("%d-%m-%Y") in html
