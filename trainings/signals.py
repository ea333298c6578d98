"""Completion follows attendance and the number of sessions, whatever writes them (see core.derived).

An enrolment's attendance share changes with its own attendance; every enrolment of a
batch changes when a session is added or removed (the denominator).
"""

from core.derived import Derived

from .models import Attendance, Enrollment, TrainingBatch, TrainingSession
from .services import batch_recompute, enrollments_recompute


def _refresh_enrollments(enrollments: list[Enrollment]) -> None:
    enrollments_recompute(enrollments=enrollments)


def _refresh_batches(batches: list[TrainingBatch]) -> None:
    for batch in batches:
        batch_recompute(batch=batch)


def connect() -> None:
    Derived(Enrollment, _refresh_enrollments, fields=["attendance_rate", "completed"]).follow(
        Attendance, "enrollment", watch=["status"]
    )
    Derived(TrainingBatch, _refresh_batches).follow(TrainingSession, "batch")
