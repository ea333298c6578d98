"""Time every list and detail page staff use, in-process, on one or more seeded databases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tangsel_bench_100k python bench/pages.py
    python bench/pages.py --databases postgres://…/tangsel_bench_10k postgres://…/tangsel_bench_1m

Each database is measured in a child process (Django binds its database at start): as the
demo user `staf` (all kecamatan), each page is requested twice to warm up, then `--runs`
times (default 20) through Django's test client with DEBUG off, so the figure is the view,
its queries and its rendering, without a web server in front. Reported per page: p50 and p95
in milliseconds, the number of queries, the page size, and on PostgreSQL the plan of its
slowest query (`EXPLAIN ANALYZE`). With two databases the table shows both and the ratio
of their p95s. A benchmark, not a test: nothing here fails on a slow machine.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pages(client) -> list[tuple[str, str, dict]]:
    """(label, url, GET params) of every page measured; ids come from the database itself."""
    from django.urls import reverse

    from groups.models import BusinessGroup
    from inventory.models import Business
    from participants.models import Participant
    from regions.models import Kecamatan, Kelurahan
    from trainings.models import CraftType, TrainingBatch, TrainingSession

    kecamatan = Kecamatan.objects.order_by("code").first()
    kelurahan = Kelurahan.objects.filter(kecamatan=kecamatan).order_by("code").first()
    craft = CraftType.objects.order_by("pk").first()
    batch = TrainingBatch.objects.filter(status="finished").order_by("-start_date", "pk").first()
    session = TrainingSession.objects.filter(batch=batch).order_by("date").first()
    group = BusinessGroup.objects.filter(status="active").order_by("pk").first()
    person = Participant.objects.order_by("pk")[Participant.objects.count() // 2]
    year = batch.start_date.year
    business = Business.objects.order_by("pk").first()
    plist = reverse("participants:list")
    return [
        ("participants", plist, {}),
        ("participants, kecamatan", plist, {"kecamatan": kecamatan.pk}),
        ("participants, kelurahan", plist, {"kecamatan": kecamatan.pk, "kelurahan": kelurahan.pk}),
        ("participants, craft", plist, {"craft": craft.pk}),
        ("participants, batch", plist, {"batch": batch.pk}),
        ("participants, real entrepreneurs", plist, {"status": "usaha-nyata"}),
        ("participants, completed", plist, {"status": "lulus"}),
        ("participants, name search", plist, {"q": person.name.split()[0]}),
        ("participants, NIK search", plist, {"q": person.nik[:10]}),
        ("participants, sorted by kecamatan", plist, {"sort": "kecamatan"}),
        ("participants, page 2,000", plist, {"page": 2000}),
        ("participants, last page", plist, {"page": "last"}),
        ("profile", reverse("participants:detail", args=[person.pk]), {}),
        ("timeline", reverse("trainings:index"), {"tahun": year}),
        ("batches", reverse("trainings:batch_list"), {}),
        ("batches, kecamatan and year", reverse("trainings:batch_list"), {"kecamatan": kecamatan.pk, "year": year}),
        ("batch", reverse("trainings:batch_detail", args=[batch.pk]), {}),
        ("attendance", reverse("trainings:attendance", args=[session.pk]), {}),
        ("planner", reverse("trainings:planner"), {}),
        ("KUBs", reverse("groups:list"), {}),
        ("KUB", reverse("groups:detail", args=[group.pk]), {}),
        ("outcomes", reverse("reports:outcomes"), {}),
        ("home", reverse("home"), {}),
        ("inventory", reverse("inventory:list"), {}),
        ("inventory, kecamatan", reverse("inventory:list"), {"kecamatan": kecamatan.pk}),
        ("business", reverse("inventory:detail", args=[business.pk]), {}),
        ("admin: participants", "/admin/participants/participant/", {}),
        ("admin: participant", f"/admin/participants/participant/{person.pk}/change/", {}),
        ("admin: batches", "/admin/trainings/trainingbatch/", {}),
        ("admin: businesses", "/admin/inventory/business/", {}),
        ("admin: visits", "/admin/inventory/inventoryvisit/", {}),
        ("admin: KUBs", "/admin/groups/businessgroup/", {}),
        ("admin: referrals", "/admin/financing/loanreferral/", {}),
    ]


def setup_django() -> None:
    """Django for a benchmark child: DEBUG off (as in production: no query kept in memory),
    no HTTPS redirect, plain static URLs (no collectstatic here). Shared with dashboard.py."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangsel_portal.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    django.setup()
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def client_for(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    # The second factor as the code page records it (the demo users have enrolled a TOTP app):
    # without it every staff page answers with a redirect to the code page, not the page.
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    # No request here: a first page would warm the caches a cold measurement must not find.
    return client


def timed_get(client, url: str, params: dict) -> tuple[float, object]:
    """One request: milliseconds and the response."""
    started = time.perf_counter()
    response = client.get(url, params)
    return (time.perf_counter() - started) * 1000, response


def percentiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 (nearest rank) of `times`."""
    times = sorted(times)
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def counted_get(client, url: str, params: dict):
    """The response and the queries it ran (Django's CaptureQueriesContext)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return response, queries.captured_queries


def plan_of(sql: str, lines: int = 12) -> str:
    """EXPLAIN ANALYZE of a SELECT on PostgreSQL ("" elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql" or not sql.lstrip("( ").upper().startswith(("SELECT", "WITH")):
        return ""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall()[:lines])


def measure(runs: int, only: list[str] | None = None) -> dict:
    setup_django()
    from django.db import connection

    from participants.models import Participant

    client = client_for("staf")
    results = {"participants": Participant.objects.count(), "vendor": connection.vendor, "pages": {}}
    for label, url, params in pages(client):
        if only and not any(word.lower() in label.lower() for word in only):
            continue
        for _ in range(2):
            response = client.get(url, params)
        if response.status_code != 200:  # a redirect (to the sign-in or code page) is not the page
            raise SystemExit(f"{label}: status {response.status_code}, not the page: nothing to measure")
        times = [timed_get(client, url, params)[0] for _ in range(runs)]
        response, captured = counted_get(client, url, params)
        slowest = max(captured, key=lambda q: float(q["time"]), default=None)
        plan = plan_of(slowest["sql"]) if slowest else ""
        p50, p95 = percentiles(times)
        results["pages"][label] = {
            "status": response.status_code,
            "p50": p50,
            "p95": p95,
            "queries": len(captured),
            "bytes": len(response.content),
            "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0,
            "slowest_sql": slowest["sql"][:400] if slowest else "",
            "plan": plan,
        }
        print(f"  {label}: p95 {results['pages'][label]['p95']:.0f} ms", file=sys.stderr, flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", nargs="*", help="database URLs (default: DATABASE_URL)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--plans", action="store_true", help="print the plan of each page's slowest query")
    parser.add_argument(
        "--only", nargs="*", metavar="WORD", help="measure only the pages whose label contains one of these words"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.runs, args.only)))
        return
    urls = args.databases or [os.environ.get("DATABASE_URL", "")]
    runs = []
    for url in urls:
        env = {**os.environ, "DATABASE_URL": url} if url else dict(os.environ)
        print(f"measuring {url or 'the default database'} …", file=sys.stderr)
        only = ["--only", *args.only] if args.only else []
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--runs", str(args.runs), *only],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout))
    head = " | ".join(f"{r['participants']:,}: p50 / p95 ms, queries, KB" for r in runs)
    print(f"| page | {head} |" + (" p95 ratio |" if len(runs) == 2 else ""))
    print("| --- |" + " ---: |" * len(runs) + (" ---: |" if len(runs) == 2 else ""))
    for label in runs[0]["pages"]:
        cells = []
        for r in runs:
            p = r["pages"][label]
            status = "" if p["status"] == 200 else f" ({p['status']})"
            cells.append(f"{p['p50']:.0f} / {p['p95']:.0f}, {p['queries']}, {p['bytes'] / 1024:.0f}{status}")
        ratio = ""
        if len(runs) == 2:
            ratio = f" {runs[1]['pages'][label]['p95'] / max(runs[0]['pages'][label]['p95'], 0.1):.2f} |"
        print(f"| {label} | " + " | ".join(cells) + " |" + ratio)
    if args.plans:
        for label, p in runs[-1]["pages"].items():
            if p["plan"]:
                print(f"\n### {label} ({p['slowest_ms']:.0f} ms)\n\n```\n{p['slowest_sql']}\n\n{p['plan']}\n```")


if __name__ == "__main__":
    main()
