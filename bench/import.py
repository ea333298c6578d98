"""Import a generated participant file through the portal's import, beside a bare loop.

    python bench/import.py                      # 100,000 rows, its own PostgreSQL database
    python bench/import.py --rows 10000 --rows 100000

It creates its own database (`tangsel_visitimport_bench` on the local PostgreSQL, or
`--database`), migrates it, adds the user `staf`, and drops it at the end (`--keep` leaves
it). For each row count N it writes an .xlsx of N participants (the template's 9 columns,
NIK and HP as text, valid NIKs and names, the 7 kecamatan of the city) and runs, each in
its own process and each inside a transaction rolled back at the end:
- `portal`: `reports.imports.participants` as the import job runs it: the check (the preview)
  then the apply (checked again, then written: bulk_create in batches, `real_until`, an audit
  entry per participant), as staf;
- `bare`: a plain read-only openpyxl loop over the same file making the same Participant rows
  (kelurahan looked up from a dict) and `bulk_create` in batches of 1,000: the floor.
Reported: wall time of each phase and each process's peak RSS (os.wait4). The goal (issue 10
point 7): portal (check + apply) ≤ 3× the bare loop; 10,000 rows well under a minute.
"""

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "tangsel_visitimport_bench"


def _django(url: str):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangsel_portal.settings")
    os.environ["DEBUG"] = "0"  # as a worker runs: with DEBUG on Django keeps every query in memory
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    import django

    django.setup()


def make_file(path: str, rows: int, seed: int = 7) -> None:
    """N participants as the template holds them; every NIK distinct and matching its row."""
    from openpyxl import Workbook

    from regions.models import Kelurahan

    places = list(Kelurahan.objects.select_related("kecamatan").values_list("kecamatan__name", "name"))
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Peserta")
    ws.append(
        ["NIK", "Nama", "Jenis kelamin", "Tanggal lahir", "HP", "Alamat", "Kecamatan", "Kelurahan", "Persetujuan"]
    )
    first = ["Siti", "Nur", "Dewi", "Ahmad", "Budi", "Rina", "Agus", "Sri", "Eko", "Wati", "Joko", "Ani"]
    last = ["Aminah", "Hidayat", "Lestari", "Saputra", "Wijaya", "Rahayu", "Kusuma", "Pratama", "Utami"]
    base = dt.date(1960, 1, 1)
    used = set()
    for i in range(rows):
        born = base + dt.timedelta(days=rng.randrange(0, 40 * 365))
        female = rng.random() < 0.6
        day = born.day + (40 if female else 0)
        # District code 367401..367407 (Kota Tangerang Selatan), serial from the row number.
        serial = 1 + i // 7 % 9999
        nik = f"36740{1 + i % 7}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
        while nik in used:
            serial = serial % 9999 + 1
            nik = f"{nik[:12]}{serial:04d}"
        used.add(nik)
        kecamatan, kelurahan = places[i % len(places)]
        ws.append(
            [
                nik,
                f"{rng.choice(first)} {rng.choice(last)} {i}",
                "Perempuan" if female else "Laki-laki",
                born,
                f"08{rng.randrange(10**9, 10**10)}",
                f"Jl. Kenanga {i % 300} RT {i % 12:02d}",
                kecamatan,
                kelurahan,
                "Ya",
            ]
        )
    wb.save(path)


def child(mode: str, path: str, url: str) -> None:
    _django(url)
    from django.contrib.auth import get_user_model
    from django.db import transaction

    staf = get_user_model().objects.get(username="staf")
    times = {}
    with transaction.atomic():
        if mode == "portal":
            from reports.imports.participants import IMPORT

            started = time.monotonic()
            checked = IMPORT.run(user=staf, path=path, apply=False)
            times["check"] = time.monotonic() - started
            assert not checked.errors, checked.errors[:5]
            started = time.monotonic()
            applied = IMPORT.run(user=staf, path=path, apply=True, reuse_state=checked.state)
            assert applied.reused
            times["apply"] = time.monotonic() - started
            assert not applied.errors, applied.errors[:5]
            written = applied.applied
        else:
            from openpyxl import load_workbook

            from participants.models import Participant
            from regions.models import Kelurahan

            started = time.monotonic()
            places = {(k.kecamatan.name, k.name): k for k in Kelurahan.objects.select_related("kecamatan")}
            wb = load_workbook(path, read_only=True)
            batch, written = [], 0
            for values in wb.worksheets[0].iter_rows(min_row=2, values_only=True):
                nik, name, sex, born, phone, address, kecamatan, kelurahan, _consent = values
                batch.append(
                    Participant(
                        nik=nik,
                        name=name,
                        sex="P" if sex == "Perempuan" else "L",
                        birth_date=born.date(),
                        phone=phone,
                        address=address,
                        kelurahan=places[(kecamatan, kelurahan)],
                        consent_given=True,
                        registered_by=staf,
                    )
                )
                if len(batch) == 1000:
                    Participant.objects.bulk_create(batch)
                    written += len(batch)
                    batch = []
            Participant.objects.bulk_create(batch)
            written += len(batch)
            wb.close()
            times["bare"] = time.monotonic() - started
        transaction.set_rollback(True)
    print(written, " ".join(f"{k}={v:.2f}" for k, v in times.items()))


def run(mode: str, path: str, url: str) -> tuple[int, dict, float, float]:
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", mode, "--file", path, "--url", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{mode} import failed")
    written, *phases = out.strip().splitlines()[-1].split()
    return int(written), {k: float(v) for k, v in (p.split("=") for p in phases)}, wall, usage.ru_maxrss / 1024


def setup(server: str, name: str) -> str:
    """A fresh database `name`, migrated, with the user staf."""
    _admin(server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    url = f"{server}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    code = (
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import Group;"
        "u = get_user_model().objects.create_user('staf', password=None, is_staff=True);"
        "u.groups.add(Group.objects.get(name='Staf Disperindag'))"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)
    return url


def drop(server: str, name: str) -> None:
    _admin(server, f'DROP DATABASE IF EXISTS "{name}"')


def _admin(server: str, *statements: str) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default=DEFAULT_DB)
    parser.add_argument("--keep", action="store_true", help="leave the database")
    parser.add_argument("--child", choices=["portal", "bare"])
    parser.add_argument("--file")
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file, args.url)
        return
    url = setup(args.server, args.database)
    try:
        _django(url)
        print("| rows | check | apply | portal total | portal peak RSS | bare | bare peak RSS | portal ÷ bare |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for rows in args.rows or [100_000]:
            with tempfile.TemporaryDirectory() as tmp:
                path = str(Path(tmp) / f"peserta-{rows}.xlsx")
                make_file(path, rows)
                written, phases, _wall, rss = run("portal", path, url)
                bare_written, bare, _bare_wall, bare_rss = run("bare", path, url)
            assert written == bare_written == rows, (written, bare_written)
            total = phases["check"] + phases["apply"]
            cells = [
                f"{rows:,}",
                f"{phases['check']:.1f} s",
                f"{phases['apply']:.1f} s",
                f"{total:.1f} s",
                f"{rss:.0f} MB",
                f"{bare['bare']:.1f} s",
                f"{bare_rss:.0f} MB",
                f"{total / bare['bare']:.2f}",
            ]
            print("| " + " | ".join(cells) + " |", flush=True)
    finally:
        from django.db import connections

        connections.close_all()  # this process's own connection (make_file) would block the drop
        if not args.keep:
            drop(args.server, args.database)


if __name__ == "__main__":
    main()
