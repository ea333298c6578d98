"""`manage.py recompute_real_entrepreneurs`: the kept status against the definition."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from participants.real_status import participants_real_until_differences, participants_refresh_real_until
from participants.training_facts import participants_refresh_training_facts, participants_training_facts_differences


def _differences() -> int:
    return participants_real_until_differences() + participants_training_facts_differences()


class Command(BaseCommand):
    help = (
        "Recompute every participant's kept real-entrepreneur status (Participant.real_until) from the "
        "definition in participants/outcomes.py, and the kept training facts (enrolled_years, "
        "completed_years, first_completed_on) from the enrolments, and report how many differed. "
        "Run it after writes that bypass the portal's signals (bulk inserts, raw SQL) "
        "or after changing REAL_ENTREPRENEUR_WINDOW_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="only report the differences; exit with status 1 when there are any"
        )

    def handle(self, *args, check: bool = False, **options):
        started = time.monotonic()
        if check:
            found = _differences()
            took = time.monotonic() - started
            if found:
                raise CommandError(
                    f"{found:,} participant(s) differ from the definition ({took:.1f} s); "
                    "run recompute_real_entrepreneurs without --check to fix them.",
                    returncode=1,
                )
            self.stdout.write(f"0 differences: every kept status equals the definition ({took:.1f} s).")
            return
        with transaction.atomic():
            found = _differences()
            fixed = (participants_refresh_real_until() + participants_refresh_training_facts()) if found else 0
        took = time.monotonic() - started
        self.stdout.write(f"{found:,} difference(s) found, {fixed:,} fixed ({took:.1f} s).")
