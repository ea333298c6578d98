"""32 clients on a mix of staff pages through gunicorn, beside the same load on a bare view
(issue 9 point 5).

    python bench/load.py --database postgres://postgres@127.0.0.1:5432/tangsel_bench_1m
    python bench/load.py --database … --clients 32 --seconds 60 --workers 4

It starts gunicorn as the README runs it in production (`-c gunicorn.conf.py`, DEBUG off,
`DB_CONN_MAX_AGE=60`, no Redis unless REDIS_URL is set) with `bench/load_app.py` as the WSGI
application: the portal itself plus one bare view (`SELECT 1` behind login, the same
middleware, session and second factor). A session of the demo user `staf` is made in the
database first (signed in, second factor given, as the code page records it). Then, for each
of two phases, `--seconds` of `--clients` threads, each with its own keep-alive connection,
requesting back to back:

- `mix`: the participant list (first page, a kecamatan filter, a name search), the KUB list,
  the batch list, profiles, batch pages and KUB pages (ids drawn from the database, a fixed
  seed);
- `bare`: the bare view only.

Printed per phase: requests, requests a second, p50 / p95 / p99 latency and every response
that was not 200; then where the CPU went: the CPU milliseconds per request used by the
gunicorn workers, by the PostgreSQL backends serving this database and by this load client,
read from /proc (utime + stime) every half second so that a backend that ends mid-phase
(`DB_CONN_MAX_AGE`) still counts, and the whole machine's busy CPU beside them (what other
processes took). CPU, unlike the clock, is worth comparing on a shared machine.

The requests carry `X-Forwarded-Proto: https`, as the TLS proxy in front
of gunicorn sends. A benchmark, not a test: nothing here fails on a slow machine.
"""

import argparse
import http.client
import os
import random
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import client_for, percentiles, setup_django  # noqa: E402

BARE_URL = "/__bench__/select-1/"  # bench/load_app.py (the same path as dashboard.py's)


def prepare(seed: int) -> tuple[str, list[str]]:
    """The session cookie of `staf` and the mix of URLs, from the database."""
    setup_django()
    from django.conf import settings
    from django.urls import reverse

    from groups.models import BusinessGroup
    from participants.models import Participant
    from regions.models import Kecamatan
    from trainings.models import TrainingBatch

    client = client_for("staf")
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    rng = random.Random(seed)
    top = Participant.objects.order_by("-pk").values_list("pk", flat=True).first()
    drawn = [rng.randint(1, top) for _ in range(400)]
    people = list(Participant.objects.filter(pk__in=drawn).values_list("pk", "name"))
    batches = list(TrainingBatch.objects.order_by("?").values_list("pk", flat=True)[:100])
    groups = list(BusinessGroup.objects.order_by("?").values_list("pk", flat=True)[:100])
    kecamatan = list(Kecamatan.objects.values_list("pk", flat=True))
    plist = reverse("participants:list")
    urls = []
    for i in range(400):
        pk, name = people[i % len(people)]
        urls += [
            plist,
            f"{plist}?kecamatan={rng.choice(kecamatan)}",
            f"{plist}?q={name.split()[0]}",
            reverse("groups:list"),
            reverse("trainings:batch_list"),
            reverse("participants:detail", args=[pk]),
            reverse("participants:detail", args=[people[(i * 7) % len(people)][0]]),
            reverse("trainings:batch_detail", args=[rng.choice(batches)]),
            reverse("groups:detail", args=[rng.choice(groups)]),
        ]
    rng.shuffle(urls)
    return cookie, urls


def postmaster_and_database() -> tuple[int, str]:
    """The PostgreSQL server's main process (the parent of this process's backend) and the
    database's name, for CpuMeter."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), current_database()")
        backend, database = cursor.fetchone()
    connection.close()
    stat = proc_stat(backend)
    if stat is None:
        raise SystemExit("the PostgreSQL server is not on this machine: its CPU cannot be read")
    return stat[0], database


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not listen on port {port} within {timeout:.0f} s")


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, utime + stime in clock ticks) of a process, None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), int(fields[11]) + int(fields[12])


def machine_busy_ticks() -> int:
    """Busy ticks of every CPU since boot (/proc/stat: all but idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    return sum(values) - values[3] - values[4]


class CpuMeter:
    """CPU ticks of the gunicorn workers (children of `server`) and of the PostgreSQL backends
    of `database` (children of `postmaster` whose title names the database), sampled every
    half second; a process first seen during the phase counts from zero."""

    def __init__(self, server: int, postmaster: int, database: str):
        self.server, self.postmaster = server, postmaster
        self.title = f" {database} ".encode()
        self.last: dict[int, tuple[str, int]] = {}  # pid: (kind, ticks at the latest sample)
        self.first: dict[int, int] = {}  # pid: ticks when the phase started
        self.others: set[int] = set()  # the postmaster's children that serve another database

    def _serves(self, pid: int) -> bool:
        """Whether a child of the postmaster serves the database; its title is read once."""
        if pid in self.last:
            return True
        if pid in self.others:
            return False
        try:
            serves = self.title in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False
        if not serves:
            self.others.add(pid)
        return serves

    def sample(self) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            stat = proc_stat(pid)
            if stat is None:
                continue
            if stat[0] == self.server:
                self.last[pid] = ("gunicorn", stat[1])
            elif stat[0] == self.postmaster and self._serves(pid):
                self.last[pid] = ("postgres", stat[1])

    def start(self) -> None:
        self.last = {}
        self.sample()
        self.first = {pid: ticks for pid, (_, ticks) in self.last.items()}
        self.machine = machine_busy_ticks()
        self.client = resource.getrusage(resource.RUSAGE_SELF)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(0.5):
            self.sample()
        self.sample()
        self.own = time.thread_time()

    def finish(self) -> dict[str, float]:
        """CPU milliseconds used during the phase: gunicorn, postgres, client, machine."""
        self.stop.set()
        self.thread.join()
        client = resource.getrusage(resource.RUSAGE_SELF)
        used = {"gunicorn": 0.0, "postgres": 0.0}
        for pid, (kind, ticks) in self.last.items():
            used[kind] += (ticks - self.first.get(pid, 0)) * TICK_MS
        # The meter's own thread is the meter's cost, not the client's.
        client_s = client.ru_utime + client.ru_stime - self.client.ru_utime - self.client.ru_stime
        used["client"] = (client_s - self.own) * 1000
        used["machine"] = (machine_busy_ticks() - self.machine) * TICK_MS
        return used


def phase(port: int, cookie: str, urls: list[str], clients: int, seconds: float, meter: CpuMeter | None = None) -> dict:
    headers = {"Cookie": cookie, "X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    times: list[float] = []
    errors: dict[str, int] = {}

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = n
        mine, bad = [], {}
        while time.monotonic() < stop_at:
            url = urls[i % len(urls)]
            i += clients
            started = time.perf_counter()
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                status = str(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((time.perf_counter() - started) * 1000)
            if status != "200":
                bad[status] = bad.get(status, 0) + 1
        with lock:
            times.extend(mine)
            for k, v in bad.items():
                errors[k] = errors.get(k, 0) + v

    if meter:
        meter.start()
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    cpu = meter.finish() if meter else {}
    times.sort()
    p50, p95 = percentiles(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0
    return {
        "requests": len(times),
        "rps": len(times) / elapsed,
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "errors": errors,
        "cpu": cpu,
        "elapsed": elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"), required="DATABASE_URL" not in os.environ)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4: 2 per core here)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()

    secret = "bench-" + secrets.token_hex(32)
    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "DEBUG": "0",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DB_CONN_MAX_AGE": "60",
        "SECURE_HSTS_PRELOAD": "0",
    }
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY")})
    cookie, urls = prepare(args.seed)
    postmaster, database = postmaster_and_database()
    # Production serves hashed static names from collectstatic's manifest (README, "Running it
    # for real"); without it every page answers 500. Gathered into a folder of the run's own.
    static = tempfile.TemporaryDirectory(prefix="tangsel-load-static-")
    env["STATIC_ROOT"] = static.name
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--pythonpath",
            f"{ROOT},{ROOT / 'bench'}",
            "load_app:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the access log: a line per request; errors go to stderr
    )
    try:
        wait_for(args.port)
        meter = CpuMeter(server.pid, postmaster, database)
        load = os.getloadavg()[0]
        # Each worker's first requests (imports, templates, connection) are not measured.
        phase(args.port, cookie, urls[: args.workers * 20], args.workers, 5)
        results = {
            "mix": phase(args.port, cookie, urls, args.clients, args.seconds, meter),
            "bare": phase(args.port, cookie, [BARE_URL], args.clients, args.seconds, meter),
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        static.cleanup()

    print(f"{args.clients} clients, {args.seconds:.0f} s a phase, gunicorn {args.workers} workers, {args.database}")
    print(f"load average before: {load:.1f}, after: {os.getloadavg()[0]:.1f}\n")
    print("| phase | requests | req/s | p50 / p95 / p99 ms | not 200 |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, r in results.items():
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(r["errors"].items())) or "none"
        latency = f"{r['p50']:.0f} / {r['p95']:.0f} / {r['p99']:.0f}"
        print(f"| {name} | {r['requests']:,} | {r['rps']:.0f} | {latency} | {errors} |")
    print("\nCPU ms per request (/proc utime + stime; machine: every process, of 2,000 ms a second per 2 cores)\n")
    print("| phase | gunicorn workers | PostgreSQL backends | load client | sum | machine busy | machine busy / s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        n, c = max(r["requests"], 1), r["cpu"]
        ours = c["gunicorn"] + c["postgres"] + c["client"]
        cells = " | ".join(f"{v / n:.1f}" for v in (c["gunicorn"], c["postgres"], c["client"], ours, c["machine"]))
        print(f"| {name} | {cells} | {c['machine'] / r['elapsed']:.0f} |")


if __name__ == "__main__":
    main()
