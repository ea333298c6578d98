"""The rotation planner: dates of a full rotation, conflicts, and creation only on confirmation."""

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from trainings import planner, selectors
from trainings.models import TrainingBatch, TrainingSession, Venue
from trainings.services import rotation_create

MONDAY = dt.date(2027, 1, 4)
NINE, NOON, THREE = dt.time(9), dt.time(12), dt.time(15)
KECAMATAN = [
    planner.KecamatanRef(i, name)
    for i, name in enumerate(
        ["Serpong", "Serpong Utara", "Pondok Aren", "Ciputat", "Ciputat Timur", "Pamulang", "Setu"], start=1
    )
]
BATIK, KALIGRAFI = planner.CraftRef(10, "Batik"), planner.CraftRef(11, "Kaligrafi")
SITI, BUDI = planner.TrainerRef(20, "Siti"), planner.TrainerRef(21, "Budi")


def venues(kecamatan=KECAMATAN):
    return {k.id: planner.VenueRef(k.id, f"Aula {k.name}", 100 + k.id) for k in kecamatan}


def plan_input(**overrides) -> planner.PlanInput:
    values = {
        "start_date": MONDAY,
        "weeks": 4,
        "kecamatan": tuple(KECAMATAN),
        "crafts": (BATIK,),
        "trainers": (SITI,),
        "venues": venues(),
        "weekdays": (0, 2),
        "start_time": NINE,
        "end_time": NOON,
    }
    values.update(overrides)
    return planner.PlanInput(**values)


def kinds(batch) -> set[str]:
    return {c.kind for c in batch.conflicts}


def test_a_rotation_gives_each_of_the_seven_kecamatan_its_weeks_one_after_another():
    plan = planner.propose(plan_input())

    assert [b.kecamatan.name for b in plan.batches] == [k.name for k in KECAMATAN]
    for i, batch in enumerate(plan.batches):
        first_monday = MONDAY + dt.timedelta(weeks=4 * i)
        assert batch.start_date == first_monday
        assert batch.end_date == first_monday + dt.timedelta(weeks=3, days=2)  # Wednesday of week 4
        assert len(batch.sessions) == 8
        assert {s.date.weekday() for s in batch.sessions} == {0, 2}
    assert plan.batches[-1].start_date == dt.date(2027, 6, 21)
    assert plan.batches[-1].end_date == dt.date(2027, 7, 14)
    assert plan.session_count == 56
    assert not plan.has_conflicts


def test_sessions_follow_the_chosen_weekdays_even_when_the_start_is_midweek():
    plan = planner.propose(plan_input(start_date=dt.date(2027, 1, 6), weeks=1, weekdays=(0, 4)))

    first = plan.batches[0]
    assert [s.date for s in first.sessions] == [dt.date(2027, 1, 8), dt.date(2027, 1, 11)]
    assert plan.batches[1].sessions[0].date == dt.date(2027, 1, 15)


def test_two_tracks_run_two_kecamatan_side_by_side():
    plan = planner.propose(plan_input(tracks=2, trainers=(SITI, BUDI)))

    starts = [b.start_date for b in plan.batches]
    assert starts[0] == starts[1] == MONDAY
    assert starts[2] == starts[3] == MONDAY + dt.timedelta(weeks=4)
    assert starts[6] == MONDAY + dt.timedelta(weeks=12)
    assert plan.batches[0].trainer != plan.batches[1].trainer
    assert not plan.has_conflicts


def test_craft_types_rotate_through_the_kecamatan():
    plan = planner.propose(plan_input(crafts=(BATIK, KALIGRAFI)))

    assert [b.craft.name for b in plan.batches] == ["Batik", "Kaligrafi"] * 3 + ["Batik"]


def test_a_trainer_booked_elsewhere_at_the_same_hours_is_marked_as_a_conflict():
    busy = planner.ExistingSession(MONDAY, dt.time(10), dt.time(11), "Angkatan lama", trainer_id=SITI.id)

    plan = planner.propose(plan_input(), planner.Bookings(sessions=(busy,)))

    first = plan.batches[0]
    assert kinds(first) == {planner.TRAINER}
    assert first.sessions[0].conflicts and not first.sessions[1].conflicts
    assert "Siti" in first.conflicts[0].message and "Angkatan lama" in first.conflicts[0].message
    assert not any(b.conflicts for b in plan.batches[1:])


def test_sessions_that_only_touch_do_not_clash():
    before = planner.ExistingSession(MONDAY, dt.time(7), NINE, "Pagi", trainer_id=SITI.id, venue_id=101)
    after = planner.ExistingSession(MONDAY, NOON, THREE, "Siang", trainer_id=SITI.id, venue_id=101)

    plan = planner.propose(plan_input(), planner.Bookings(sessions=(before, after)))

    assert not plan.has_conflicts


def test_the_planner_takes_another_chosen_trainer_when_the_first_is_booked():
    busy = planner.ExistingSession(MONDAY, NINE, NOON, "Angkatan lama", trainer_id=SITI.id)

    plan = planner.propose(plan_input(trainers=(SITI, BUDI)), planner.Bookings(sessions=(busy,)))

    assert plan.batches[0].trainer == BUDI
    assert not plan.has_conflicts


def test_the_planner_prefers_a_trainer_who_teaches_the_craft():
    batik_only = planner.TrainerRef(22, "Ani", frozenset({BATIK.id}))
    kaligrafi_only = planner.TrainerRef(23, "Dedi", frozenset({KALIGRAFI.id}))

    # In plain turn order the first batch (batik) would go to Dedi.
    plan = planner.propose(plan_input(crafts=(BATIK, KALIGRAFI), trainers=(kaligrafi_only, batik_only)))

    assert all((b.trainer == batik_only) == (b.craft == BATIK) for b in plan.batches), [
        (b.craft.name, b.trainer.name) for b in plan.batches
    ]


def test_trainers_take_turns_after_one_is_passed_over():
    ani = planner.TrainerRef(22, "Ani")
    busy = planner.ExistingSession(
        MONDAY + dt.timedelta(weeks=4), NINE, NOON, "Batik — Pamulang", trainer_id=BUDI.id, kecamatan_name="Pamulang"
    )

    plan = planner.propose(plan_input(trainers=(SITI, BUDI, ani)), planner.Bookings(sessions=(busy,)))

    # Budi is busy for the second batch, so Ani takes it; the turn then comes back to Siti.
    assert [b.trainer.name for b in plan.batches] == ["Siti", "Ani", "Siti", "Budi", "Ani", "Siti", "Budi"]
    assert plan.batches[1].notes == ["Budi sudah terjadwal di Pamulang pada 01-02-2027 (“Batik — Pamulang”)."]
    assert not plan.has_conflicts and not plan.unassigned


def test_the_preview_says_why_a_trainer_was_passed_over_for_the_craft():
    kokoru = planner.CraftRef(12, "Kokoru")
    ani = planner.TrainerRef(22, "Ibu Ani", frozenset({BATIK.id}))
    dedi = planner.TrainerRef(23, "Dedi", frozenset({kokoru.id}))

    plan = planner.propose(plan_input(crafts=(kokoru,), trainers=(ani, dedi)))

    assert {b.trainer for b in plan.batches} == {dedi}
    assert plan.batches[0].notes == ["Ibu Ani tidak mengajar Kokoru."]
    assert plan.unassigned == ["Ibu Ani tidak mendapat angkatan: Ibu Ani tidak mengajar Kokoru."]
    assert not plan.has_conflicts


def test_a_batch_nobody_chosen_can_teach_is_a_conflict_not_a_silent_assignment():
    kokoru = planner.CraftRef(12, "Kokoru")
    ani = planner.TrainerRef(22, "Ibu Ani", frozenset({BATIK.id}))

    plan = planner.propose(plan_input(crafts=(BATIK, kokoru), trainers=(ani,)))

    assert [kinds(b) for b in plan.batches[:2]] == [set(), {planner.SKILL}]
    assert plan.batches[1].conflict_messages == [
        "Tidak ada pelatih terpilih yang mengajar Kokoru: Ibu Ani tidak mengajar Kokoru."
    ]
    assert planner.find_conflicts(plan, planner.Bookings())  # checked again on confirmation


def test_a_trainer_whose_turn_never_came_is_named():
    ani = planner.TrainerRef(22, "Ani")

    plan = planner.propose(plan_input(kecamatan=tuple(KECAMATAN[:2]), trainers=(SITI, BUDI, ani)))

    assert plan.unassigned == ["Ani tidak mendapat angkatan: gilirannya tidak sampai (2 angkatan untuk 3 pelatih)."]


def test_a_venue_booked_by_an_existing_session_is_marked_as_a_conflict():
    ciputat = KECAMATAN[3]
    busy = planner.ExistingSession(
        MONDAY + dt.timedelta(weeks=12, days=2), dt.time(11), THREE, "Senam", venue_id=100 + ciputat.id
    )

    plan = planner.propose(plan_input(), planner.Bookings(sessions=(busy,)))

    conflicted = [b for b in plan.batches if b.conflicts]
    assert [b.kecamatan for b in conflicted] == [ciputat]
    assert kinds(conflicted[0]) == {planner.VENUE}


def test_a_batch_overlapping_another_in_the_same_kecamatan_is_marked():
    existing = planner.ExistingBatch("Angkatan Serpong lama", KECAMATAN[0].id, dt.date(2026, 12, 1), MONDAY)

    plan = planner.propose(plan_input(), planner.Bookings(batches=(existing,)))

    assert kinds(plan.batches[0]) == {planner.KECAMATAN}
    assert "Angkatan Serpong lama" in plan.batches[0].conflicts[0].message
    assert not any(b.conflicts for b in plan.batches[1:])


def test_a_batch_ending_the_day_before_does_not_overlap():
    existing = planner.ExistingBatch("Sebelumnya", KECAMATAN[0].id, dt.date(2026, 12, 1), MONDAY - dt.timedelta(1))

    plan = planner.propose(plan_input(), planner.Bookings(batches=(existing,)))

    assert not plan.has_conflicts


def test_one_trainer_on_two_tracks_is_double_booked_within_the_proposal():
    plan = planner.propose(plan_input(tracks=2))

    assert planner.TRAINER in kinds(plan.batches[1])
    assert not plan.batches[0].conflicts


def test_one_venue_and_one_kecamatan_twice_at_once_are_conflicts_within_the_proposal():
    serpong = KECAMATAN[0]

    plan = planner.propose(plan_input(kecamatan=(serpong, serpong), tracks=2, trainers=(SITI, BUDI)))

    assert kinds(plan.batches[1]) == {planner.VENUE, planner.KECAMATAN}


def test_the_digest_changes_when_the_plan_changes():
    assert planner.propose(plan_input()).digest() == planner.propose(plan_input()).digest()
    assert planner.propose(plan_input()).digest() != planner.propose(plan_input(weeks=3)).digest()


# --- against the database: bookings, and creation only on confirmation ----------------


@pytest.fixture
def setting(db, staf):
    """Real kecamatan, a craft, a trainer and a venue in each kecamatan of the rotation."""
    craft = factories.CraftTypeFactory(name="Kaligrafi Cangkang Telur")
    trainer = factories.TrainerFactory(name="Siti")
    kecamatan = [factories.kecamatan(n) for n in ("Ciputat", "Pamulang", "Setu")]
    venue_refs = {}
    for k in kecamatan:
        venue = factories.VenueFactory(kecamatan=k, name=f"Aula {k.name}")
        venue_refs[k.pk] = planner.VenueRef(k.pk, venue.name, venue.pk)
    inp = planner.PlanInput(
        start_date=MONDAY,
        weeks=2,
        kecamatan=tuple(planner.KecamatanRef(k.pk, k.name) for k in kecamatan),
        crafts=(planner.CraftRef(craft.pk, craft.name),),
        trainers=(planner.TrainerRef(trainer.pk, trainer.name),),
        venues=venue_refs,
        weekdays=(1, 3),
        start_time=NINE,
        end_time=NOON,
    )
    return inp, trainer, kecamatan


def propose_from_db(inp):
    return planner.propose(inp, selectors.planner_bookings_for(inp))


def test_an_existing_session_of_the_trainer_in_the_database_is_a_conflict(setting):
    inp, trainer, _kecamatan = setting
    other = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Serpong"))
    factories.TrainingSessionFactory(batch=other, date=dt.date(2027, 1, 7), start_time=dt.time(8), trainer=trainer)

    plan = propose_from_db(inp)

    assert kinds(plan.batches[0]) == {planner.TRAINER}


def test_the_trainer_of_a_batch_counts_for_its_sessions_without_their_own_trainer(setting):
    inp, trainer, _kecamatan = setting
    other = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Serpong"), trainer=trainer)
    factories.TrainingSessionFactory(batch=other, date=dt.date(2027, 1, 19), trainer=None)

    plan = propose_from_db(inp)

    assert kinds(plan.batches[1]) == {planner.TRAINER}


def test_a_cancelled_batch_books_nobody(setting):
    inp, trainer, kecamatan = setting
    cancelled = factories.TrainingBatchFactory(
        kecamatan=kecamatan[0],
        start_date=MONDAY,
        end_date=MONDAY + dt.timedelta(days=10),
        status=TrainingBatch.Status.CANCELLED,
    )
    factories.TrainingSessionFactory(batch=cancelled, date=dt.date(2027, 1, 5), trainer=trainer)

    assert not propose_from_db(inp).has_conflicts


def test_proposing_creates_nothing(setting):
    inp, _trainer, _kecamatan = setting

    plan = propose_from_db(inp)

    assert len(plan.batches) == 3
    assert not TrainingBatch.objects.exists() and not TrainingSession.objects.exists()


def test_confirming_creates_the_batches_and_their_sessions(setting, staf):
    inp, trainer, kecamatan = setting
    setu = kecamatan[2]
    inp = replace(inp, venues={**inp.venues, setu.pk: planner.VenueRef(setu.pk, "Balai Warga")})
    plan = propose_from_db(inp)

    created = rotation_create(plan=plan, user=staf)

    assert [b.kecamatan for b in created] == kecamatan
    first = created[0]
    assert (first.start_date, first.end_date) == (dt.date(2027, 1, 5), dt.date(2027, 1, 14))
    assert first.trainer == trainer and first.created_by == staf
    assert list(first.sessions.values_list("date", flat=True)) == [
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 7),
        dt.date(2027, 1, 12),
        dt.date(2027, 1, 14),
    ]
    assert TrainingSession.objects.count() == 12
    assert created[2].venue.name == "Balai Warga" and created[2].venue.kecamatan == setu
    assert Venue.objects.filter(name="Balai Warga").count() == 1


def test_confirming_is_refused_when_a_conflict_appeared_after_the_preview(setting, staf):
    inp, trainer, _kecamatan = setting
    plan = propose_from_db(inp)
    assert not plan.has_conflicts
    meanwhile = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Serpong"))
    factories.TrainingSessionFactory(batch=meanwhile, date=dt.date(2027, 1, 21), trainer=trainer)

    with pytest.raises(ValidationError) as refused:
        rotation_create(plan=plan, user=staf)

    assert any("Siti" in m for m in refused.value.messages)
    assert TrainingBatch.objects.count() == 1  # only the one made meanwhile


def test_a_plan_with_conflicts_is_refused(setting, staf):
    inp, trainer, _kecamatan = setting
    factories.TrainingSessionFactory(date=dt.date(2027, 1, 5), trainer=trainer)
    plan = propose_from_db(inp)
    assert plan.has_conflicts

    with pytest.raises(ValidationError):
        rotation_create(plan=plan, user=staf)
    assert TrainingBatch.objects.count() == 1
