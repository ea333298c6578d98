"""seed_demo: a realistic, deterministic demo program that keeps every rule of the portal."""

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from demo.records import Geography
from demo.seed import DEFAULT_PARTICIPANTS, DEFAULT_SEED, make_plan
from exhibitions.models import Exhibition, ExhibitionSale
from financing.models import REFERRAL_TRANSITIONS, Bank, LoanReferral, LoanReferralEvent, ReferralStatus
from groups.models import BusinessGroup, Membership, Product
from groups.services import group_refresh_status
from inventory.models import Business, InventoryVisit
from participants.models import Participant
from participants.nik import check_nik_matches, parse_nik
from participants.phone import normalize_phone
from regions.models import Kecamatan
from tests.factories import ParticipantFactory
from trainings.models import Attendance, CraftType, Enrollment, TrainingBatch, Venue
from trainings.services import batch_recompute

TODAY = timezone.localdate()
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# seed_demo runs only with DEBUG on (tests/demo/test_production_guard.py); pytest turns it off.
DEMO_SETTINGS = {"PASSWORD_HASHERS": FAST_HASHER, "DEMO_PASSWORD": "demo-password-of-the-tests", "DEBUG": True}
WINDOW = dt.timedelta(days=365)


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True


def _reference_data():
    """Kecamatan and roles, as tests/conftest.py reloads them after a transactional test's flush."""
    if Kecamatan.objects.exists():
        return
    for module, function in (
        ("regions.migrations.0002_load_kecamatan_kelurahan", "load"),
        ("regions.migrations.0003_population_2020_estimate", "load"),
        ("accounts.migrations.0003_roles", "create_roles"),
    ):
        getattr(import_module(module), function)(apps, connection.schema_editor())


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The default demo, seeded once for the tests of a class and rolled back after them."""
    with django_db_blocker.unblock(), override_settings(**DEMO_SETTINGS):
        with transaction.atomic():
            _reference_data()
            output = seed()
            yield SimpleNamespace(output=output)
            transaction.set_rollback(True)


def fingerprint() -> dict:
    """Everything the demo stores that the two ways of writing it must agree on."""
    return {
        "participants": list(
            Participant.objects.order_by("nik").values_list(
                "nik", "name", "sex", "birth_date", "phone", "address", "kelurahan__code", "created_at"
            )
        ),
        "enrollments": list(
            Enrollment.objects.order_by("batch__name", "participant__nik").values_list(
                "batch__name", "participant__nik", "attendance_rate", "completed", "enrolled_at"
            )
        ),
        "attendance": Counter(Attendance.objects.values_list("session__batch__name", "status")),
        "groups": list(
            BusinessGroup.objects.order_by("name").values_list(
                "name", "kecamatan__name", "status", "active_member_count", "formed_on", "created_at"
            )
        ),
        "memberships": list(
            Membership.objects.order_by("group__name", "participant__nik", "joined_on").values_list(
                "group__name", "participant__nik", "role", "joined_on", "left_on", "override_reason"
            )
        ),
        "products": list(
            Product.objects.order_by("group__name", "name").values_list("name", "price", "curation_status")
        ),
        "businesses": list(
            Business.objects.order_by("name", "kelurahan__code", "owner_nik").values_list(
                "name", "group__name", "owner_participant__nik", "owner_nik", "last_visit_status", "last_visited_on"
            )
        ),
        "visits": list(
            InventoryVisit.objects.order_by("business__name", "visited_on").values_list(
                "business__name", "officer__username", "visited_on", "status", "latitude", "recommend_for_exhibition"
            )
        ),
        "sales": sorted(ExhibitionSale.objects.values_list("entry__group__name", "sold_on", "quantity", "amount")),
        "referrals": sorted(
            LoanReferral.objects.values_list(
                "bank__short_name",
                "participant__nik",
                "group__name",
                "status",
                "amount_requested",
                "amount_approved",
                "amount_disbursed",
                "created_at",
                "status_changed_at",
            ),
            key=str,
        ),
        "events": sorted(
            LoanReferralEvent.objects.values_list("from_status", "to_status", "by__username", "at", "note"), key=str
        ),
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheDefaultDemo:
    def test_it_builds_a_program_of_the_stated_size(self, demo):
        assert "Demo data ready" in demo.output
        assert Participant.objects.count() == DEFAULT_PARTICIPANTS
        batches = Counter(TrainingBatch.objects.values_list("status", flat=True))
        assert batches == {"finished": 20, "running": 1, "planned": 1}
        first = TrainingBatch.objects.order_by("start_date").first()
        assert (TODAY - first.start_date).days > 700  # two years of training
        assert set(TrainingBatch.objects.values_list("kecamatan", flat=True)) == set(
            Kecamatan.objects.values_list("pk", flat=True)
        )
        crafts = set(CraftType.objects.values_list("name", flat=True))
        assert {"Kaligrafi cangkang telur", "Kokoru", "Kerajinan tutup botol", "Pot bunga dari handuk"} <= crafts
        assert len(crafts) >= 6
        assert Venue.objects.values("kecamatan").distinct().count() == 7
        groups = Counter(BusinessGroup.objects.values_list("status", flat=True))
        assert 20 <= sum(groups.values()) <= 28
        assert groups["active"] >= 18 and 1 <= groups["forming"] <= 5
        assert Membership.objects.filter(left_on__isnull=False).exists()
        assert Membership.objects.exclude(override_reason="").exists()
        assert set(Product.objects.values_list("curation_status", flat=True)) == set(Product.Curation.values)
        assert not Product.objects.filter(price__lte=0).exists()
        assert {"BRI", "BJB", "Bank Banten"} <= set(Bank.objects.values_list("short_name", flat=True))

    def test_every_nik_is_valid_and_agrees_with_birth_date_and_sex(self):
        rows = list(Participant.objects.values_list("nik", "birth_date", "sex", "phone", "consent_given", "name"))
        for nik, birth_date, sex, phone, consent, name in rows:
            parse_nik(nik)
            assert check_nik_matches(nik, birth_date=birth_date, sex=sex) == {}
            assert phone.startswith("+62") and normalize_phone(phone) == phone
            assert consent is True
            assert len(name.split()) >= 2
        from_tangsel = sum(nik.startswith("3674") for nik, *_rest in rows)
        assert 0.8 * len(rows) <= from_tangsel < len(rows)  # mostly Tangsel, a few moved in
        assert Counter(sex for _nik, _b, sex, *_rest in rows)["P"] > len(rows) / 2

    def test_completion_flags_are_what_the_attendance_rule_gives(self):
        before = list(Enrollment.objects.order_by("pk").values_list("attendance_rate", "completed"))
        for batch in TrainingBatch.objects.all():
            batch_recompute(batch=batch)
        assert list(Enrollment.objects.order_by("pk").values_list("attendance_rate", "completed")) == before
        finished = Enrollment.objects.filter(batch__status="finished")
        completed = finished.filter(completed=True).count()
        assert 0.75 * finished.count() <= completed < finished.count()  # most complete, some do not
        assert not Enrollment.objects.filter(batch__status__in=["running", "planned"], completed=True).exists()
        assert not Attendance.objects.filter(session__date__gte=TODAY).exists()

    def test_every_active_kub_has_ten_active_members_and_one_of_each_officer(self):
        for group in BusinessGroup.objects.all():
            active = group.memberships.filter(left_on__isnull=True)
            roles_held = Counter(active.values_list("role", flat=True))
            assert group_refresh_status(group=group).status == group.status
            if group.status == BusinessGroup.Status.ACTIVE:
                assert active.count() == group.active_member_count == settings.TANGSEL_KUB_SIZE
                assert roles_held["ketua"] == roles_held["sekretaris"] == roles_held["bendahara"] == 1
                assert group.formed_on is not None
            else:
                assert 0 < active.count() < settings.TANGSEL_KUB_SIZE
                assert roles_held["ketua"] == 1
        # Members who had not completed training joined on a written reason (some completed later).
        assert Membership.objects.exclude(override_reason="").exists()
        untrained = Membership.objects.exclude(participant__enrollments__completed=True)
        assert not untrained.filter(override_reason="").exists()
        assert not (
            Membership.objects.filter(left_on__isnull=True)
            .values("participant")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .exists()
        )

    def test_referrals_exist_at_every_status_with_a_consistent_history(self):
        # Every status a bank moves a referral to; "cancelled" comes only from a withdrawn consent.
        planned = set(ReferralStatus.values) - {ReferralStatus.CANCELLED}
        assert set(LoanReferral.objects.values_list("status", flat=True)) == planned
        bri = LoanReferral.objects.filter(bank__short_name="BRI")
        assert set(bri.values_list("status", flat=True)) == planned
        for referral in LoanReferral.objects.prefetch_related("events"):
            events = sorted(referral.events.all(), key=lambda e: (e.at, e.pk))
            assert (events[0].from_status, events[0].to_status) == ("", ReferralStatus.DRAFT)
            for before, after in zip(events, events[1:], strict=False):
                assert after.from_status == before.to_status
                assert after.to_status in REFERRAL_TRANSITIONS[ReferralStatus(before.to_status)]
                assert after.at > before.at
                assert after.by is not None
            assert events[-1].to_status == referral.status
            assert referral.status_changed_at == events[-1].at <= timezone.now()
            assert referral.created_at == events[0].at
            if ReferralStatus.REJECTED in [e.to_status for e in events]:
                assert next(e for e in events if e.to_status == ReferralStatus.REJECTED).note
            if referral.amount_disbursed is not None:
                assert referral.amount_disbursed <= referral.amount_approved

    def test_some_kub_businesses_run_within_twelve_months_and_some_do_not(self):
        active = BusinessGroup.objects.filter(status="active")
        assert Business.objects.filter(group__in=active).count() == active.count()
        kinds = Counter()
        for business in Business.objects.filter(group__isnull=False):
            if not business.last_visited_on:
                kinds["never"] += 1
            elif business.last_visited_on < TODAY - WINDOW:
                kinds["old"] += 1
            else:
                kinds[business.last_visit_status] += 1
        assert kinds["running"] >= 1 and kinds["not_running"] >= 1 and kinds["old"] >= 1 and kinds["closed"] >= 1
        assert Business.objects.filter(owner_participant__isnull=False).count() >= 10
        assert Business.objects.filter(group__isnull=True, owner_participant__isnull=True).count() >= 30

    def test_a_business_shows_the_status_and_date_of_its_latest_visit(self):
        for business in Business.objects.prefetch_related("visits"):
            latest = max(business.visits.all(), key=lambda v: (v.visited_on, v.pk), default=None)
            assert business.last_visit_status == (latest.status if latest else "")
            assert business.last_visited_on == (latest.visited_on if latest else None)
            assert all(v.visited_on <= TODAY for v in business.visits.all())

    def test_the_exhibitions_are_the_fair_one_out_of_town_and_the_ministry_display(self):
        kinds = {e.kind: e for e in Exhibition.objects.all()}
        assert set(kinds) == set(Exhibition.Kind.values)
        assert kinds["local_fair"].start_date.month == 11
        for exhibition in kinds.values():
            shown = exhibition.entries.filter(status="exhibited")
            assert shown.exists() and not shown.filter(booth="").exists()
            assert ExhibitionSale.objects.filter(entry__exhibition=exhibition).exists()
            assert not shown.filter(products__curation_status__in=["draft", "submitted", "rejected"]).exists()
            # Booths within the exhibition's count, as the booth page keeps them.
            assert exhibition.entries.exclude(booth="").count() <= exhibition.booth_count
        # Sales are paid the ways a booth is paid: cash and QRIS mostly.
        methods = set(ExhibitionSale.objects.values_list("payment_method", flat=True))
        assert {"cash", "qris"} <= methods <= set(ExhibitionSale.Payment.values)

    def test_the_six_demo_users_exist_with_their_roles_and_can_log_in(self, client):
        expected = {
            "admin": roles.ADMIN,
            "staf": roles.STAFF,
            "petugas.ciputat": roles.FIELD_OFFICER,
            "petugas.pamulang": roles.FIELD_OFFICER,
            "bank.bri": roles.BANK_LIAISON,
            "pimpinan": roles.LEADERSHIP,
        }
        assert set(User.objects.values_list("username", flat=True)) == set(expected)
        for username, role in expected.items():
            user = User.objects.get(username=username)
            assert user.role == role and user.is_staff
            assert user.groups.filter(name=role).exists()
            assert user.is_superuser == (username == "admin")
            response = client.post(
                reverse("login"), {"username": username, "password": settings.DEMO_PASSWORD}, follow=False
            )
            assert response.status_code == 302, username
            assert int(client.session["_auth_user_id"]) == user.pk
            client.logout()
        assert list(User.objects.get(username="petugas.ciputat").kecamatan.values_list("name", flat=True)) == [
            "Ciputat"
        ]
        assert list(User.objects.get(username="petugas.pamulang").kecamatan.values_list("name", flat=True)) == [
            "Pamulang"
        ]
        assert User.objects.get(username="bank.bri").bank.short_name == "BRI"

    def test_admin_staf_and_the_bank_give_the_code_of_demo_code_after_the_password(self, client):
        out = StringIO()
        call_command("demo_code", stdout=out)
        code = out.getvalue().split()[0]
        for username in ("admin", "staf", "bank.bri"):
            client.post(reverse("login"), {"username": username, "password": settings.DEMO_PASSWORD})
            assert client.get("/")["Location"].startswith(reverse("second_factor")), username
            response = client.post(reverse("second_factor"), {"code": code, "next": "/"})
            assert response["Location"] == "/", username
            client.logout()
        for username in ("petugas.ciputat", "pimpinan"):
            assert not User.objects.get(username=username).totpdevice_set.exists()

    def test_the_same_seed_gives_the_same_people(self):
        again = make_plan(
            seed=DEFAULT_SEED, participants=DEFAULT_PARTICIPANTS, today=TODAY, geography=Geography.from_db()
        )
        stored = list(Participant.objects.order_by("pk").values_list("nik", flat=True))
        assert stored == [p.person.nik for p in again.participants]
        other = make_plan(
            seed=DEFAULT_SEED + 1, participants=DEFAULT_PARTICIPANTS, today=TODAY, geography=Geography.from_db()
        )
        assert {p.person.nik for p in other.participants} != set(stored)

    def test_the_people_do_not_depend_on_the_day_the_demo_ends(self):
        later = make_plan(
            seed=DEFAULT_SEED,
            participants=DEFAULT_PARTICIPANTS,
            today=TODAY + dt.timedelta(days=100),
            geography=Geography.from_db(),
        )
        stored = Participant.objects.order_by("pk").values_list("nik", "name", "birth_date", "kelurahan__code")
        assert list(stored) == [
            (p.person.nik, p.person.name, p.person.birth_date, p.kelurahan) for p in later.participants
        ]

    def test_if_empty_leaves_a_database_with_data_untouched(self):
        before = fingerprint()
        output = seed("--if-empty")
        assert "not loaded" in output and "participants" in output
        assert fingerprint() == before


@pytest.mark.django_db
def test_if_empty_does_nothing_when_there_are_participants():
    ParticipantFactory()
    output = seed("--if-empty")
    assert "already has 1 participants" in output
    assert not User.objects.exists() and Participant.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_database_with_users_unless_asked_to_skip(django_user_model):
    django_user_model.objects.create_user("someone", password="x-long-password")
    with pytest.raises(CommandError, match="not empty"):
        seed()
    assert not Participant.objects.exists()
    assert "already has 1 users" in seed("--if-empty")


@pytest.mark.django_db
@override_settings(**DEMO_SETTINGS)
def test_the_bulk_writer_stores_exactly_what_the_services_store():
    """Two fresh databases, same seed: one written through the services, one in bulk."""
    with transaction.atomic():
        seed()
        through_services = fingerprint()
        transaction.set_rollback(True)
    assert not Participant.objects.exists()
    seed("--bulk")
    assert fingerprint() == through_services
    assert len(through_services["participants"]) == DEFAULT_PARTICIPANTS


def _attendance_rule_holds():
    threshold = Decimal(str(settings.TANGSEL_COMPLETION_THRESHOLD))
    rows = Enrollment.objects.annotate(
        attended=Count("attendance", filter=Q(attendance__status__in=["present", "late"]), distinct=True),
        sessions=Count("batch__sessions", distinct=True),
    ).values_list("attendance_rate", "completed", "attended", "sessions")
    for rate, completed, attended, sessions in rows:
        expected = (Decimal(attended) / sessions).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        assert (rate, completed) == (expected, expected >= threshold)


@pytest.mark.django_db
@override_settings(**DEMO_SETTINGS)
def test_a_bigger_bulk_run_keeps_every_rule():
    output = seed("--participants", "2000")
    assert "in bulk" in output
    assert Participant.objects.count() == 2000
    assert Participant.objects.values("nik").distinct().count() == 2000
    for nik, birth_date, sex in Participant.objects.values_list("nik", "birth_date", "sex"):
        assert check_nik_matches(nik, birth_date=birth_date, sex=sex) == {}
    _attendance_rule_holds()

    size = settings.TANGSEL_KUB_SIZE
    groups = BusinessGroup.objects.annotate(
        active=Count("memberships", filter=Q(memberships__left_on__isnull=True)),
        ketua=Count("memberships", filter=Q(memberships__left_on__isnull=True, memberships__role="ketua")),
    )
    assert groups.filter(status="active").count() >= 120
    assert not groups.filter(status="active").exclude(active=size, active_member_count=size, ketua=1).exists()
    assert not groups.filter(status="forming", active__gte=size).exists()
    assert not groups.exclude(active=F("active_member_count")).exists()
    untrained = Membership.objects.exclude(participant__enrollments__completed=True)
    assert not untrained.filter(override_reason="").exists()

    # No trainer and no venue in two batches at once.
    batches = list(TrainingBatch.objects.values_list("trainer", "venue", "start_date", "end_date"))
    for key in (0, 1):
        spans = sorted((b[key], b[2], b[3]) for b in batches)
        for (who, _start, end), (who_next, start_next, _end) in zip(spans, spans[1:], strict=False):
            assert who != who_next or start_next > end

    for business in Business.objects.filter(last_visited_on__isnull=False).annotate(latest=Max("visits__visited_on"))[
        :500
    ]:
        assert business.latest == business.last_visited_on
    assert set(LoanReferral.objects.values_list("status", flat=True)) == set(ReferralStatus.values) - {
        ReferralStatus.CANCELLED
    }
    chains = Counter(LoanReferralEvent.objects.values_list("referral", flat=True))
    assert all(chains[r.pk] >= 1 for r in LoanReferral.objects.all())
