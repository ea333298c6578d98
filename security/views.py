"""The endpoint browsers send Content-Security-Policy violations to (report-uri and report-to)."""

import json
from urllib.parse import urlsplit

from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import events
from .events import Kind

MAX_BODY = 8 * 1024
# An anonymous endpoint that writes rows: at most this many reports per address per hour.
MAX_PER_HOUR = 60


def _where(url: str) -> str:
    """A blocked resource as its kind or its origin: 'inline', 'eval', 'https://cdn.example'."""
    if not url or "://" not in url:
        return (url or "")[:20]
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"[:80]


def _reports(payload) -> list[dict]:
    # report-uri: {"csp-report": {...}} with dashed keys; report-to: [{"type": "csp-violation", "body": {...}}].
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        r = payload["csp-report"]
        return [
            {
                "document": r.get("document-uri", ""),
                "directive": r.get("effective-directive") or r.get("violated-directive", ""),
                "blocked": r.get("blocked-uri", ""),
            }
        ]
    if isinstance(payload, list):
        return [
            {
                "document": item["body"].get("documentURL", ""),
                "directive": item["body"].get("effectiveDirective", ""),
                "blocked": item["body"].get("blockedURL", ""),
            }
            for item in payload[:10]
            if isinstance(item, dict) and item.get("type") == "csp-violation" and isinstance(item.get("body"), dict)
        ]
    return []


@csrf_exempt  # browsers send reports without a token; the endpoint only ever writes an event
@require_POST
def csp_report(request):
    if len(request.body) > MAX_BODY:
        return HttpResponse(status=413)
    address = events.request_address(request) or "-"
    key = f"security:csp-reports:{address}"
    cache.add(key, 0, 60 * 60)
    if cache.incr(key) > MAX_PER_HOUR:
        return HttpResponse(status=204)
    try:
        payload = json.loads(request.body or b"null")
    except ValueError:
        return HttpResponse(status=400)
    for report in _reports(payload):
        directive = str(report["directive"])[:40]
        events.record(
            Kind.CSP_VIOLATION,
            request=request,
            path=urlsplit(str(report["document"])).path,  # the page, without its query string
            detail=f"{directive} {_where(str(report['blocked']))}".strip(),
        )
    return HttpResponse(status=204)
