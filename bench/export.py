"""Export the participant list to .xlsx through the portal's exporter, beside a bare loop.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tangsel_bench_1m python bench/export.py
    python bench/export.py --rows 100000 --rows 1000000

For each row count N (the first N participants by the list's own order, as staf sees them,
status columns included: 12 columns) two child processes run one after the other:
- `portal`: `reports.exports` builds the participant export (the list's filter form,
  selector, masking through core.privacy, status flags per chunk) and `write_workbook`
  streams it with openpyxl's write-only mode, as the Celery job does;
- `bare`: the same rows read with `.iterator()` and written by a plain write-only openpyxl
  loop (no title block, no styles, no masking): the floor the portal is measured against.
Reported: rows per second and each child's peak RSS (os.wait4), and the ratio by CPU time
(each child's user + system seconds, Django's start included), steadier on a shared machine. The clock runs inside each
child from the first query to the saved file: Django's start and the look-up of the N-th
row (an OFFSET, seconds at a million) are the same for both and left out. The bare loop
writes 12 cells a row (10 values and 2 empty), the portal 13 (three status flags, one query
per chunk of 2,000 rows for them): the ratio is if anything unkind to the portal. The goal
(issue 11): the portal at ≥ 0.75× the bare rate, peak RSS ≤ 200 MB and flat from 100k to
1M rows. `--profile` runs the portal in this process under cProfile instead.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(mode: str, rows: int, target: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangsel_portal.settings")
    # DEBUG off, as a worker runs: with it on Django keeps every query in memory.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.http import QueryDict
    from django.utils import timezone

    from participants.models import Participant
    from reports import exports
    from reports.exports.writer import write_workbook

    staf = get_user_model().objects.get(username="staf")
    total = Participant.objects.count()
    last = None
    if rows < total:
        last = Participant.objects.order_by("name", "pk").values_list("name", "pk")[rows - 1]

    def first_rows(qs):
        """The first `rows` rows of the list's own order (all of them when there are fewer)."""
        return qs if last is None else qs.filter(name__lte=last[0]).exclude(name=last[0], pk__gt=last[1])

    started = time.perf_counter()
    if mode in ("portal", "profile"):
        export = exports.get("peserta").build(user=staf, params=QueryDict())
        for sheet in export.sheets:
            sheet.rows = first_rows(sheet.rows)
        if mode == "profile":
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
        written = write_workbook(export, target=target, requested_by=staf, generated_at=timezone.now())
        if mode == "profile":
            profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("peserta")
        ws.append(["nama", "NIK", "lahir", "HP", "alamat", "L/P", "kelurahan", "kecamatan", "terdaftar", "izin"])
        qs = first_rows(Participant.objects.select_related("kelurahan__kecamatan").order_by("name", "pk"))
        written = 0
        for p in qs.iterator(chunk_size=2000):
            ws.append(
                [
                    p.name,
                    p.nik,
                    p.birth_date,
                    p.phone,
                    p.address,
                    p.sex,
                    p.kelurahan.name,
                    p.kelurahan.kecamatan.name,
                    p.created_at.date(),
                    p.consent_given,
                    None,
                    None,
                ]
            )
            written += 1
        wb.save(target)
    print(written, time.perf_counter() - started)


def run(mode: str, rows: int) -> tuple[int, float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        target = str(Path(tmp) / f"{mode}.xlsx")
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", mode, "--rows", str(rows), "--target", target],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        out = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{mode} export of {rows} rows failed")
        written, seconds = out.strip().splitlines()[-1].split()
        return int(written), float(seconds), usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--child", choices=["portal", "bare", "profile"])
    parser.add_argument("--target")
    parser.add_argument("--profile", action="store_true", help="cProfile the portal export of the first --rows")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows[0], args.target)
        return
    if args.profile:
        with tempfile.TemporaryDirectory() as tmp:
            child("profile", (args.rows or [100_000])[0], str(Path(tmp) / "profile.xlsx"))
        return
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    print(
        "| rows | portal rows/s | portal peak RSS | bare rows/s | bare peak RSS | portal ÷ bare | same, by CPU time |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for rows in args.rows or [100_000]:
        written, wall, rss, cpu = run("portal", rows)
        bare_written, bare_wall, bare_rss, bare_cpu = run("bare", rows)
        rate, bare_rate = written / wall, bare_written / bare_wall
        cells = [f"{written:,}", f"{rate:,.0f}", f"{rss:.0f} MB", f"{bare_rate:,.0f}", f"{bare_rss:.0f} MB"]
        # CPU seconds of each whole child (Python only, its start included): steadier than the
        # clock on a shared machine.
        by_cpu = (written / cpu) / (bare_written / bare_cpu)
        print("| " + " | ".join(cells) + f" | {rate / bare_rate:.2f} | {by_cpu:.2f} |", flush=True)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
