"""Time `manage.py seed_demo --participants N` on a fresh database; report rows, seconds and peak memory.

    python bench/seed.py                      # SQLite file bench/seed-100000.sqlite3 (made anew)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tangsel_bench python bench/seed.py --recreate
    python bench/seed.py --participants 20000 --keep
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tangsel_bench_1m python bench/seed.py \
        --participants 1000000 --recreate --baseline     # the million, and the bare COPY beside it

SQLite: the file is deleted first and kept afterwards only with --keep. PostgreSQL: the
database must be empty (seed_demo refuses otherwise); --recreate drops and creates it
first. Migrations run before the clock starts. The seeding runs in a child process whose
own resource usage (wall time, CPU time, peak RSS) is what gets reported, so the figures
leave out this script. CPU time is the steadier figure when other work shares the
machine (the load average is printed). A benchmark, not a test: nothing here fails on a
slow machine.
"""

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def run_child(args: list[str], env: dict) -> tuple[float, object, int, str]:
    """Run a child; return wall seconds, its rusage, exit status and stdout."""
    started = time.monotonic()
    child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    lines = []
    for line in child.stdout:
        print("   ", line.rstrip(), flush=True)
        lines.append(line)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - started, usage, child.returncode, "".join(lines)


def recreate_postgres(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(parts._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def bare_copy(url: str, tables: list[str]) -> tuple[int, float]:
    """The floor: every row of `tables` COPYed in again, bare (no index, key or check), timed.

    Each table is first copied out to a file (not timed), then COPYed into an empty table
    LIKE it, without indexes or constraints, in a transaction that is rolled back."""
    import tempfile

    import psycopg2

    conn = psycopg2.connect(url)
    total_rows, total_seconds = 0, 0.0
    try:
        with conn.cursor() as cursor:
            for table in tables:
                with tempfile.TemporaryFile("w+") as dump:
                    cursor.copy_expert(f"COPY {table} TO STDOUT", dump)
                    dump.seek(0)
                    cursor.execute(f"CREATE TEMP TABLE bare (LIKE {table})")
                    started = time.monotonic()
                    cursor.copy_expert("COPY bare FROM STDIN", dump)
                    total_seconds += time.monotonic() - started
                    total_rows += cursor.rowcount
                    cursor.execute("DROP TABLE bare")
    finally:
        conn.rollback()
        conn.close()
    return total_rows, total_seconds


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu or platform.processor() or 'unknown CPU'}){memory}"


def count_rows(env: dict) -> tuple[dict[str, int], str]:
    """Rows per table of the project's apps, and the database's version, read in a child process."""
    code = (
        "import json\n"
        "from django.apps import apps\n"
        "from django.db import connection\n"
        "ours = {'accounts','regions','participants','trainings','groups','inventory','exhibitions','financing'}\n"
        "rows = {}\n"
        "for m in apps.get_models(include_auto_created=True):\n"
        "    if m._meta.app_label in ours:\n"
        "        rows[m._meta.db_table] = m.objects.count()\n"
        "with connection.cursor() as c:\n"
        "    c.execute('select sqlite_version()' if connection.vendor == 'sqlite' else 'show server_version')\n"
        "    version = connection.vendor + ' ' + c.fetchone()[0]\n"
        "print(json.dumps({'rows': rows, 'version': version}))\n"
    )
    import json

    shell = [sys.executable, "manage.py", "shell", "-c", code]
    out = subprocess.run(shell, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return data["rows"], data["version"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--today", help="passed on to seed_demo (YYYY-MM-DD)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file afterwards")
    parser.add_argument("--recreate", action="store_true", help="PostgreSQL: drop and create the database first")
    parser.add_argument(
        "--baseline", action="store_true", help="PostgreSQL: also time a bare COPY of the same rows (see bare_copy)"
    )
    parser.add_argument(
        "--baseline-only", action="store_true", help="PostgreSQL: only the bare COPY, of a database seeded before"
    )
    options = parser.parse_args()

    if options.baseline_only:
        env = dict(os.environ)
        rows, _version = count_rows(env)
        bare_rows, seconds = bare_copy(env["DATABASE_URL"], sorted(rows))
        print(f"Bare COPY of the same rows: {bare_rows:,} rows in {len(rows)} tables, {seconds:.1f} s")
        return 0

    env = dict(os.environ)
    url = env.get("DATABASE_URL", "")
    sqlite_file = None
    if not url or url.startswith("sqlite"):
        sqlite_file = ROOT / "bench" / f"seed-{options.participants}.sqlite3"
        sqlite_file.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    elif options.recreate:
        recreate_postgres(url)
    env.pop("TEST_DATABASE_NAME", None)

    print(f"Migrating {env['DATABASE_URL'].split('@')[-1]} ...", flush=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

    command = [sys.executable, "manage.py", "seed_demo", "--participants", str(options.participants)]
    command += ["--seed", str(options.seed)] + (["--today", options.today] if options.today else [])
    print("Timing:", " ".join(command[1:]), flush=True)
    load_before = os.getloadavg()[0]
    wall, usage, status, _output = run_child(command, env)
    load_after = os.getloadavg()[0]
    if status != 0:
        print(f"seed_demo failed with exit status {status}", file=sys.stderr)
        return status

    rows, version = count_rows(env)
    size = f", file {sqlite_file.stat().st_size / 1024 / 1024:.0f} MB" if sqlite_file else ""
    print()
    print(f"Benchmark: seed_demo --participants {options.participants:,} (seed {options.seed})")
    print(f"  date:     {dt.date.today():%Y-%m-%d}")
    print(f"  machine:  {machine()}; load average {load_before:.1f} before, {load_after:.1f} after")
    print(f"  python:   {platform.python_version()}; database: {version}{size}")
    print(f"  rows:     {sum(rows.values()):,} in {len(rows)} tables")
    print(f"  time:     {wall:.1f} s wall, {usage.ru_utime + usage.ru_stime:.1f} s CPU (user + system)")
    print(f"  memory:   {usage.ru_maxrss / 1024:.0f} MB peak RSS")
    print("  largest tables:")
    for table, count in sorted(rows.items(), key=lambda item: -item[1])[:12]:
        print(f"    {table:<36} {count:>10,}")
    if options.baseline and not sqlite_file:
        bare_rows, seconds = bare_copy(env["DATABASE_URL"], sorted(rows))
        print(f"  baseline: a bare COPY of the same {bare_rows:,} rows (no index, key or check) takes {seconds:.1f} s")
    if sqlite_file and not options.keep:
        sqlite_file.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
