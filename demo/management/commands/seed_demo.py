"""`manage.py seed_demo`: fill an empty database with the demo program and the demo users."""

import datetime as dt
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.seed import BULK_ABOVE, DEFAULT_PARTICIPANTS, DEFAULT_SEED, database_contents, seed_demo

MIN_PARTICIPANTS = 50


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today wants a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with a realistic demo program (two years of training in the 7 kecamatan, "
        "KUBs, businesses and visits, exhibitions, loan referrals) and the demo users, whose password is "
        "DEMO_PASSWORD. The same --seed and --today give the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
        parser.add_argument(
            "--participants",
            type=int,
            default=DEFAULT_PARTICIPANTS,
            help=f"default {DEFAULT_PARTICIPANTS}; above {BULK_ABOVE} rows go in with bulk inserts (benchmarks)",
        )
        parser.add_argument("--today", type=_day, help="the day the demo ends on, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing, and say why, when the database has data already"
        )
        parser.add_argument(
            "--bulk", action="store_true", help="use bulk inserts even for a small demo (the rows are the same)"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo runs only with DEBUG on: it creates users whose password is published in the README, "
                "so it must never run on a production server. Use createsuperuser there; for a demo or benchmark "
                "machine set DEBUG=1."
            )
        contents = database_contents()
        if contents:
            what = ", ".join(f"{count:,} {label}" for label, count in contents.items())
            if options["if_empty"]:
                self.stdout.write(f"Demo data not loaded: the database already has {what}.")
                return
            raise CommandError(
                f"The database is not empty ({what}). seed_demo only fills an empty database, so that demo "
                "people never mix with real ones. Point DATABASE_URL at a new database, or delete db.sqlite3, "
                "run migrate, and try again."
            )
        if options["participants"] < MIN_PARTICIPANTS:
            raise CommandError(f"--participants must be at least {MIN_PARTICIPANTS}.")
        today = options["today"] or timezone.localdate()
        started = time.monotonic()
        say = self.stdout.write if options["verbosity"] >= 1 else (lambda line: None)
        plan = seed_demo(
            seed=options["seed"],
            participants=options["participants"],
            today=today,
            bulk=True if options["bulk"] else None,
            say=say,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready in {time.monotonic() - started:.1f} s (seed {plan.seed}, up to {today:%Y-%m-%d}): "
                f"{len(plan.participants):,} participants, {len(plan.kubs):,} KUBs, "
                f"{len(plan.referrals):,} referrals. Log in as admin, staf, petugas.ciputat, petugas.pamulang, "
                "bank.bri or pimpinan with the password in DEMO_PASSWORD; admin, staf and bank.bri then give "
                "the code of `manage.py demo_code` (README, Signing in)."
            )
        )
