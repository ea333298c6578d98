"""Time the dashboard (`/`), the outcomes page and the real-entrepreneur list, cold and warm,
beside bare baselines from the same run (issue 8 point 7).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tangsel_bench_1m python bench/dashboard.py
    python bench/dashboard.py --databases postgres://…/tangsel_bench_10k postgres://…/tangsel_bench_1m --plans

Reuses a seeded database (`bench/seed.py` makes one); nothing is written that is not rolled
back. Per database, as the demo user `staf` (all kecamatan), through Django's test client
with DEBUG off (the helpers of `bench/pages.py`):
- **cold**: `--cold-runs` fresh processes per page, each timing its first request. Django's
  cache is the process's own (REDIS_URL is unset for the children, so it is an empty
  local-memory cache), so nothing computed before is reused. PostgreSQL's buffer cache and
  the OS page cache are *not* cold: they cannot be dropped on a shared machine; the tables
  of the pages have usually just been read by the warm runs.
- **warm**: in one process, 2 requests to warm up, then `--runs` timed requests.
- **baselines**, each in the same process and run: `bare request` (a view answering one
  `SELECT 1`, through the same middleware, session and login) and `SELECT 1` (a round trip
  to the database alone); and for each page its figure counted by the *live* definition
  (`real_entrepreneur_live_q`, from businesses and memberships) beside the same figure from
  the kept `real_until`, with both counts, which must be equal.
- **cold queries**: each page's cold request's slowest queries (of the last cold run), with
  `--plans` also the plan of its slowest one (run again just after, so no longer cold);
- **queries** per page (equal at two sizes when the count is constant), and with `--plans`
  the EXPLAIN ANALYZE of each page's slowest query.
- **freshness**: in a transaction that is rolled back, a running visit is recorded today for
  a business of a participant who is not a real entrepreneur; the page is loaded again and
  must differ, with the real-entrepreneur count one higher.
A benchmark, not a test: nothing here fails on a slow machine.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ROOT, client_for, counted_get, percentiles, plan_of, setup_django, timed_get  # noqa: E402

BARE_URL = "/__bench__/select-1/"
LIVE_TIMEOUT_S = 120


def targets() -> list[tuple[str, str, dict]]:
    from django.urls import reverse

    return [
        ("dashboard `/`", reverse("home"), {}),
        ("outcomes `/laporan/capaian/`", reverse("reports:outcomes"), {}),
        ("participants, real entrepreneurs", reverse("participants:list"), {"status": "usaha-nyata"}),
    ]


def add_bare_view() -> None:
    """A view doing one `SELECT 1` behind login, in front of the project's URLs."""
    from django.contrib.auth.decorators import login_required
    from django.db import connection
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import tangsel_portal.urls

    @login_required
    def select_one(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return HttpResponse(str(cursor.fetchone()[0]))

    tangsel_portal.urls.urlpatterns.insert(0, path(BARE_URL.strip("/") + "/", select_one))
    clear_url_caches()


COLD_QUERIES_SHOWN = 8


def child_cold(index: int, plans: bool = False) -> dict:
    """The first request of a fresh process to one page (or the bare view, index -1), with
    its slowest queries (and, with `plans`, the slowest one's plan, run again after it)."""
    setup_django()
    add_bare_view()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("staf")
    label, url, params = ("bare request", BARE_URL, {}) if index < 0 else targets()[index]
    with CaptureQueriesContext(connection) as captured:
        ms, response = timed_get(client, url, params)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    return {
        "label": label,
        "ms": ms,
        "status": response.status_code,
        "queries": len(captured.captured_queries),
        "slowest": [(float(q["time"]) * 1000, q["sql"][:160]) for q in slowest[:COLD_QUERIES_SHOWN]],
        "plan": plan_of(slowest[0]["sql"], lines=40) if plans and slowest else "",
    }


def _timed(call, runs: int) -> tuple[float, float, object]:
    import time

    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = call()
        times.append((time.perf_counter() - started) * 1000)
    return (*percentiles(times), value)


def live_figures(runs: int) -> list[dict]:
    """Each page's headline figure by the kept status and by the live definition."""
    from django.db import OperationalError, connection, transaction
    from django.db.models import Exists, OuterRef

    from participants.models import Participant
    from participants.outcomes import real_entrepreneur_live_q, real_entrepreneur_q
    from trainings.models import Enrollment

    completers = Participant.objects.filter(
        Exists(Enrollment.objects.filter(participant=OuterRef("pk"), completed=True))
    )
    figures = [
        ("real entrepreneurs (list count)", Participant.objects.all()),
        ("real among completers (outcomes, dashboard)", completers),
    ]

    def live_count(qs):
        # The definition's two IN-sets are hashed only when they fit in work_mem (4 MB by
        # default: at a million they do not, and each row then scans them); given room, and a
        # limit, the figure is the definition's best.
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET LOCAL work_mem = '256MB'")
                    cursor.execute(f"SET LOCAL statement_timeout = {LIVE_TIMEOUT_S * 1000}")
                return qs.filter(real_entrepreneur_live_q()).count()
        except OperationalError:
            return None

    out = []
    for label, qs in figures:
        kept = _timed(lambda qs=qs: qs.filter(real_entrepreneur_q()).count(), runs)
        live = _timed(lambda qs=qs: live_count(qs), runs)
        out.append({"label": label, "kept": kept, "live": live})
    return out


def freshness(client) -> dict:
    """Record a running visit (rolled back) and see whether each page shows it at once."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from inventory.models import Business, InventoryVisit
    from inventory.services import visit_record
    from participants.models import Participant
    from participants.outcomes import real_entrepreneur_q

    today = timezone.localdate()
    business = (
        Business.objects.filter(owner_participant__isnull=False, group__isnull=True)
        .exclude(owner_participant__in=Participant.objects.filter(real_entrepreneur_q()))
        .filter(owner_participant__enrollments__completed=True)
        .order_by("pk")
        .first()
    )
    if business is None:
        return {"error": "no business of a completer who is not a real entrepreneur"}
    officer = get_user_model().objects.get(username="staf")
    before = {label: client.get(url, params).content for label, url, params in targets()}
    real_before = Participant.objects.filter(real_entrepreneur_q()).count()
    result = {}
    with transaction.atomic():
        visit_record(business=business, officer=officer, visited_on=today, status=InventoryVisit.Status.RUNNING)
        real_after = Participant.objects.filter(real_entrepreneur_q()).count()
        for label, url, params in targets():
            result[label] = client.get(url, params).content != before[label]
        transaction.set_rollback(True)
    result["real count before / after"] = f"{real_before:,} / {real_after:,}"
    return result


def child_warm(runs: int, plans: bool) -> dict:
    setup_django()
    add_bare_view()
    from django.db import connection

    from participants.models import Participant

    client = client_for("staf")
    results = {"participants": Participant.objects.count(), "pages": {}}
    for label, url, params in [("bare request", BARE_URL, {})] + targets():
        for _ in range(2):
            client.get(url, params)
        p50, p95 = percentiles([timed_get(client, url, params)[0] for _ in range(runs)])
        response, captured = counted_get(client, url, params)
        slowest = max(captured, key=lambda q: float(q["time"]), default=None)
        results["pages"][label] = {
            "status": response.status_code,
            "p50": p50,
            "p95": p95,
            "queries": len(captured),
            "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0,
            "slowest_sql": slowest["sql"] if slowest else "",
            "plan": plan_of(slowest["sql"], lines=40) if plans and slowest else "",
        }
        print(f"  warm {label}: p95 {p95:.0f} ms", file=sys.stderr, flush=True)

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    results["select1"] = _timed(select_one, max(runs, 20))[:2]
    results["live"] = live_figures(min(runs, 3))
    results["fresh"] = freshness(client)
    return results


def _child(env: dict, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(url: str, runs: int, cold_runs: int, plans: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    if url:
        env["DATABASE_URL"] = url
    print(f"measuring {url or 'the default database'} …", file=sys.stderr, flush=True)
    warm = _child(env, "--child-warm", "--runs", str(runs), *(["--plans"] if plans else []))
    cold, cold_queries = {}, {}
    for index in [-1, 0, 1, 2]:
        times = []
        for _ in range(cold_runs):
            run = _child(env, "--child-cold", str(index), *(["--plans"] if plans else []))
            times.append(run["ms"])
        cold[run["label"]] = percentiles(times)
        cold_queries[run["label"]] = run  # the last cold run's slowest queries (and plan)
        print(f"  cold {run['label']}: p95 {cold[run['label']][1]:.0f} ms", file=sys.stderr, flush=True)
    warm["cold"] = cold
    warm["cold_queries"] = cold_queries
    return warm


def report(runs: list[dict], plans: bool) -> None:
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for r in runs:
        print(f"\n#### {r['participants']:,} participants\n")
        print("| page | cold p50 / p95 ms | warm p50 / p95 ms | queries |")
        print("| --- | ---: | ---: | ---: |")
        for label, p in r["pages"].items():
            c50, c95 = r["cold"][label]
            status = "" if p["status"] == 200 else f" ({p['status']})"
            print(f"| {label}{status} | {c50:,.0f} / {c95:,.0f} | {p['p50']:,.0f} / {p['p95']:,.0f} | {p['queries']} |")
        s50, s95 = r["select1"]
        print(f"| `SELECT 1` alone | – | {s50:.2f} / {s95:.2f} | 1 |")
        print("\n| figure | kept `real_until`: p50 / p95 ms | live definition: p50 / p95 ms | counts (kept, live) |")
        print("| --- | ---: | ---: | --- |")
        for f in r["live"]:
            (k50, k95, kn), (l50, l95, ln) = f["kept"], f["live"]
            if ln is None:
                print(f"| {f['label']} | {k50:,.0f} / {k95:,.0f} | over {LIVE_TIMEOUT_S} s (cancelled) | {kn:,}, – |")
                continue
            same = "equal" if kn == ln else "DIFFER"
            print(f"| {f['label']} | {k50:,.0f} / {k95:,.0f} | {l50:,.0f} / {l95:,.0f} | {kn:,}, {ln:,} ({same}) |")
        print(
            "\nA running visit recorded (rolled back), then the next load: "
            + json.dumps(r["fresh"], ensure_ascii=False)
        )
    if len(runs) == 2:
        counts = [
            (label, runs[0]["pages"][label]["queries"], runs[1]["pages"][label]["queries"])
            for label in runs[0]["pages"]
        ]
        print("\nqueries at both sizes: " + "; ".join(f"{label}: {a} and {b}" for label, a, b in counts))
    if plans:
        for label, p in runs[-1]["pages"].items():
            if p["plan"]:
                print(f"\n### {label}: slowest query ({p['slowest_ms']:,.0f} ms)\n")
                print(f"```\n{p['slowest_sql'][:600]}\n\n{p['plan']}\n```")
        for label, run in runs[-1].get("cold_queries", {}).items():
            print(f"\n### {label}, cold: {run['ms']:,.0f} ms, {run['queries']} queries; the slowest\n")
            print("| ms | query |\n| ---: | --- |")
            for ms, sql in run["slowest"]:
                print(f"| {ms:,.0f} | `{' '.join(sql.split())[:120]}` |")
            if run["plan"]:
                print(f"\nIts slowest query's plan, run again just after:\n\n```\n{run['plan']}\n```")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", nargs="*", help="database URLs (default: DATABASE_URL)")
    parser.add_argument("--runs", type=int, default=20, help="warm requests per page")
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh processes per page")
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--child-warm", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-cold", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_warm:
        print(json.dumps(child_warm(args.runs, args.plans)))
        return
    if args.child_cold is not None:
        print(json.dumps(child_cold(args.child_cold, args.plans)))
        return
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    urls = args.databases or [os.environ.get("DATABASE_URL", "")]
    report([measure(url, args.runs, args.cold_runs, args.plans) for url in urls], args.plans)


if __name__ == "__main__":
    main()
