"""Attendance so far and what it can still become, while a batch runs (selectors.AttendanceProgress)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories
from trainings import selectors
from trainings.models import Attendance
from trainings.selectors import AttendanceProgress

THRESHOLD = Decimal("0.75")


def progress(**values) -> AttendanceProgress:
    return AttendanceProgress(threshold=THRESHOLD, **values)


def test_a_running_batch_counts_attendance_out_of_the_sessions_held_so_far():
    p = progress(total=8, held=3, attended=3)

    assert str(p) == "hadir 3 dari 3 sesi yang sudah berlangsung; bila hadir di sisa 5 sesi: 100% — masih bisa lulus"
    assert (p.state, p.label, p.still_needed) == (p.POSSIBLE, "Masih bisa lulus", 3)
    assert p.needed_text == "perlu hadir 3 dari 5 sesi sisa"


def test_it_says_when_the_threshold_can_no_longer_be_reached():
    # 2 of 5 held; with all 3 left: 5 of 8 = 62.5%.
    p = progress(total=8, held=5, attended=2)

    assert str(p) == (
        "hadir 2 dari 5 sesi yang sudah berlangsung; bila hadir di sisa 3 sesi: 63% — tidak bisa lagi mencapai 75%"
    )
    assert (p.state, p.still_needed, p.needed_text) == (p.IMPOSSIBLE, None, "")


def test_the_last_chance_is_still_a_chance():
    # 3 of 5 held; all 3 left make 6 of 8 = 75%.
    p = progress(total=8, held=5, attended=3)

    assert (p.state, p.still_needed, p.best_share) == (p.POSSIBLE, 3, Decimal("0.75"))


def test_reaching_the_threshold_before_the_end_completes():
    p = progress(total=8, held=6, attended=6, completed=True)

    assert (p.state, p.label) == (p.COMPLETED, "Lulus")
    assert p.outlook_text == "sudah mencapai 75% dari 8 sesi"


def test_a_finished_batch_shows_the_share_of_all_sessions():
    passed = progress(total=8, held=8, attended=6, completed=True)
    failed = progress(total=8, held=8, attended=5)

    assert (passed.attendance_text, passed.label, passed.outlook_text) == ("75% (hadir 6 dari 8 sesi)", "Lulus", "")
    assert (failed.attendance_text, failed.label, failed.outlook_text) == (
        "63% (hadir 5 dari 8 sesi)",
        "Tidak lulus",
        "di bawah 75%",
    )


def test_a_batch_not_started_says_what_completing_takes():
    p = progress(total=7, held=0, attended=0)

    assert p.attendance_text == "belum ada sesi yang berlangsung (dari 7 sesi)"
    # 5 of 7 = 71.4% is short; 6 of 7 it is.
    assert (p.state, p.outlook_text) == (p.NOT_STARTED, "lulus bila hadir 6 dari 7 sesi")


def test_a_withdrawn_enrolment_keeps_its_history_but_no_outlook():
    p = progress(total=8, held=3, attended=2, withdrawn=True, completed=False)

    assert (p.state, p.label, p.outlook_text) == (p.WITHDRAWN, "Mengundurkan diri", "")
    assert p.attendance_text == "hadir 2 dari 3 sesi yang sudah berlangsung"


def test_the_rounding_is_the_stored_rules():
    # Two of three is 0.6667 once stored; a threshold of 0.6667 is met by it.
    p = AttendanceProgress(total=3, held=2, attended=2, threshold=Decimal("0.6667"))

    assert p.state == p.COMPLETED


@pytest.mark.django_db
def test_with_progress_counts_only_sessions_that_have_started_in_jakarta(staf):
    batch = factories.TrainingBatchFactory()
    days = [dt.date(2026, 3, 10), dt.date(2026, 3, 12), dt.date(2026, 3, 12), dt.date(2026, 3, 13)]
    hours = [dt.time(9), dt.time(8), dt.time(9, 30), dt.time(9)]
    sessions = [
        factories.TrainingSessionFactory(batch=batch, date=d, start_time=h, end_time=dt.time(12))
        for d, h in zip(days, hours, strict=True)
    ]
    enrollment = factories.EnrollmentFactory(batch=batch)
    factories.EnrollmentFactory(batch=batch)  # another participant's attendance is not counted
    for session, status in zip(sessions[:2], [Attendance.Status.LATE, Attendance.Status.EXCUSED], strict=True):
        factories.AttendanceFactory(session=session, enrollment=enrollment, status=status)
    # 09:00 in Jakarta on 12-03: the 08:00 session has started, the 09:30 one has not.
    now = dt.datetime(2026, 3, 12, 2, 0, tzinfo=dt.UTC)

    found = selectors.with_progress(batch.enrollments.filter(pk=enrollment.pk), now=now).get()
    p = selectors.progress_of(found)

    assert (p.total, p.held, p.attended) == (4, 2, 1)
    assert selectors.batch_session_counts(batch=batch, now=now) == (2, 4)
