"""Loan data (amounts, decisions and the notes beside them) reaches no one who may not see it,
by any path: the participant's profile, the KUB's page, /pembiayaan/, the admin and its audit
trail. Each test is an attempt: leadership, the field officer of the same kecamatan, the
liaison of another bank and an anonymous visitor ask every page that could show them.

Entries written before amounts were withheld kept a first and a last digit ("6*****0"); they
read without a digit, for everyone.
"""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts import roles
from accounts.audit_trail import read_entries
from financing.models import LoanReferral, LoanReferralEvent
from financing.services import referral_create, referral_transition
from tests import factories
from tests.admin.conftest import admin_url

pytestmark = pytest.mark.django_db

REQUESTED, APPROVED = Decimal("7654321"), Decimal("6543210")
NOTE = "Disetujui Rp 6.543.210 untuk 24 bulan"
# Any way a page could write the amounts, and the old mask's first-and-last digits.
SECRETS = ("6543210", "6.543.210", "6,543,210", "7654321", "7.654.321", "7,654,321", "Disetujui Rp", "6*****0")


def approve(referral, user, note=NOTE):
    for step in ("referred", "documents_complete", "under_review"):
        referral = referral_transition(referral=referral, to_status=step, user=user)
    return referral_transition(referral=referral, to_status="approved", user=user, amount_approved=APPROVED, note=note)


@pytest.fixture
def loans(db, staf):
    """A participant's and a KUB's referral of Ciputat to BNI, approved with a note naming
    the amount, and two audit entries written the old way (the amount partly masked, the
    note in full)."""
    bni = factories.BankFactory(short_name="BNI", name="Bank Negara Indonesia")
    ciputat = factories.kecamatan("Ciputat")
    person = factories.ParticipantFactory(name="Budi Pemohon", kelurahan=factories.kelurahan_of("Ciputat"))
    group = factories.BusinessGroupFactory(name="KUB Melati Pemohon", kecamatan=ciputat)
    factories.MembershipFactory(group=group, participant=person)
    own = approve(
        referral_create(bank=bni, purpose="Modal", amount_requested=REQUESTED, user=staf, participant=person), staf
    )
    kub = approve(
        referral_create(bank=bni, purpose="Modal KUB", amount_requested=REQUESTED, user=staf, group=group), staf
    )
    step = own.events.get(to_status="approved")
    old = [
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(LoanReferral),
            object_pk=str(own.pk),
            object_id=own.pk,
            object_repr=str(own),
            action=LogEntry.Action.UPDATE,
            changes={"amount_approved": ["None", "6*****0"], "status": ["under_review", "approved"]},
            actor=staf,
        ),
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(LoanReferralEvent),
            object_pk=str(step.pk),
            object_id=step.pk,
            object_repr=str(step),
            action=LogEntry.Action.CREATE,
            changes={"note": ["None", NOTE], "to_status": ["None", "approved"]},
            actor=staf,
        ),
    ]
    return SimpleNamespace(person=person, group=group, own=own, kub=kub, step=step, old=old, bni=bni)


def pages(w) -> list[str]:
    """Every page that shows a referral, its steps or its trail, or the people it is about."""
    urls = [
        "/",
        reverse("participants:detail", args=[w.person.pk]),
        reverse("groups:detail", args=[w.group.pk]),
        reverse("financing:list"),
        reverse("financing:detail", args=[w.own.pk]),
        reverse("financing:detail", args=[w.kub.pk]),
        reverse("financing:transition", args=[w.own.pk]),
        admin_url(LoanReferral, "changelist"),
        admin_url(LoanReferralEvent, "changelist"),
        admin_url(LogEntry, "changelist"),
    ]
    for obj in (w.own, w.kub, w.step):
        urls += [admin_url(obj), admin_url(obj, "history"), admin_url(obj, "auditlog")]
    for obj in (w.person, w.group):
        urls += [admin_url(obj), admin_url(obj, "auditlog")]
    urls += [admin_url(entry) for entry in LogEntry.objects.all()]
    return urls


def leaks(response) -> list[str]:
    page = response.content.decode()
    return [secret for secret in SECRETS if secret in page]


@pytest.mark.parametrize("attacker", ["pimpinan", "petugas_ciputat", "bank_bri", None])
def test_no_page_shows_an_amount_or_a_steps_note_to_a_role_that_may_not_see_them(client, request, loans, attacker):
    if attacker is not None:
        client.force_login(request.getfixturevalue(attacker))
    for url in pages(loans):
        response = client.get(url, follow=True)
        assert not leaks(response), (attacker, url, leaks(response))


def test_the_referrals_bank_reads_them_on_its_pages_and_no_one_reads_them_from_the_trail(client, staf, loans):
    """The same walk as staff, who may read the amounts: the referral's page has them, and the
    trail has no digit of them, old entries included."""
    liaison = factories.UserFactory(username="bank.bni", bank=loans.bni, is_staff=True)
    liaison.groups.add(Group.objects.get(name=roles.BANK_LIAISON))
    client.force_login(liaison)
    detail = client.get(reverse("financing:detail", args=[loans.own.pk])).content.decode()
    assert "Rp6.543.210" in detail and NOTE in detail

    client.force_login(staf)
    assert NOTE in client.get(reverse("financing:detail", args=[loans.own.pk])).content.decode()
    trail = [admin_url(loans.own, "auditlog"), admin_url(loans.step, "auditlog"), admin_url(LogEntry, "changelist")]
    trail += [admin_url(entry) for entry in loans.old]
    for url in trail:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not leaks(response), (url, leaks(response))
    page = client.get(admin_url(loans.own, "auditlog")).content.decode()
    assert "(disembunyikan)" in page
    assert "Dalam penilaian bank → Disetujui" in re.sub(r"<[^>]+>", "", page)  # the decision, for staff


def test_an_old_entry_reads_without_its_amount_or_decision_for_a_role_without_loan_data(pimpinan, staf, loans):
    rows = read_entries(pimpinan, loans.old)
    read = " ".join(f"{r.record} {c.label} {c.old} {c.new}" for r in rows for c in r.changes)
    assert not [s for s in SECRETS if s in read]
    assert "Disetujui" not in read and "approved" not in read  # the decision, even the step's name
    assert all(not r.changes for r in rows)
    assert rows[1].record == f"Riwayat status rujukan #{loans.step.pk}"
    staff_read = " ".join(f"{c.label} {c.new}" for r in read_entries(staf, loans.old) for c in r.changes)
    assert "(disembunyikan)" in staff_read and "6*****0" not in staff_read and "Disetujui" in staff_read


def test_leadership_reads_the_totals_without_one_referrals_amount(client, pimpinan, loans):
    client.force_login(pimpinan)
    response = client.get(reverse("financing:list"))
    assert response.status_code == 200
    assert not leaks(response)
    assert "data-referral" not in response.content.decode()
