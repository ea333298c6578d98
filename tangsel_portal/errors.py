"""The portal's own error pages (400, 403, 404, 500), in its layout and language.

Django shows its technical pages instead when DEBUG is on, which is what `make run` serves
and what a newcomer judges the portal by; `PortalErrorPagesMiddleware` puts the portal's
pages there too (`TECHNICAL_ERROR_PAGES=1` brings Django's back for a developer). A 4xx is
one log line: `OneLineClientErrors` drops the traceback Django attaches to a 403.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from core import db

logger = logging.getLogger(__name__)

_TITLES = {
    400: lambda: _("Permintaan tidak dapat diproses"),
    403: lambda: _("Anda tidak memiliki akses ke halaman ini"),
    404: lambda: _("Halaman tidak ditemukan"),
    500: lambda: _("Terjadi kesalahan pada server"),
    503: lambda: _("Halaman ini terlalu lama dimuat"),
}
_EXPLANATIONS = {
    400: lambda: _("Alamat atau isian yang dikirim tidak dapat diproses. Periksa kembali, lalu coba lagi."),
    403: lambda: _(
        "Peran Anda tidak mencakup halaman atau tindakan ini. Jika Anda memerlukannya, hubungi admin Disperindag."
    ),
    404: lambda: _("Halaman yang Anda cari tidak ada, sudah dipindahkan, atau berada di luar wilayah kerja Anda."),
    500: lambda: _(
        "Maaf, terjadi kesalahan di pihak kami. Kesalahan ini sudah tercatat; silakan coba lagi beberapa saat lagi."
    ),
    503: lambda: _(
        "Permintaan ini dihentikan karena memakan waktu terlalu lama. Persempit pencarian atau filter, "
        "lalu coba lagi; jika terus terjadi, hubungi admin Disperindag."
    ),
}


def render_error(request, status: int) -> HttpResponse:
    context = {"status": status, "title": _TITLES[status](), "explanation": _EXPLANATIONS[status]()}
    try:
        body = loader.render_to_string("errors/error.html", context, request=request)
    except Exception:  # the layout itself failed (a database down, a broken template): say it plainly
        if status < 500:
            raise
        logger.exception("The 500 page could not be rendered in the portal's layout")
        # Its few styles are inline, allowed by the CSP's nonce (the static files may be what failed).
        context["csp_nonce"] = getattr(request, "csp_nonce", "")
        body = loader.render_to_string("errors/500_plain.html", context)
    response = HttpResponse(body, status=status)
    response.portal_error_page = True
    return response


def bad_request(request, exception=None):
    return render_error(request, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403)


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    return render_error(request, 500)


def csrf_failure(request, reason=""):
    # Django's own page explains CSRF to developers; users get the portal's 403.
    logger.warning("CSRF check failed on %s: %s", request.path, reason)
    return render_error(request, 403)


class PortalErrorPagesMiddleware:
    """With DEBUG on, replace Django's technical 400/403/404/500 pages by the portal's.

    A query the database cancelled for taking too long (core/db.py) is answered with the
    portal's 503 page, DEBUG on or off. Only responses that come from an exception (a view
    raised, or no URL matched) are replaced; a view that answers 404 or 400 on purpose keeps
    its answer. Django has logged the exception (with its traceback for a 500) before this runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.DEBUG or getattr(settings, "TECHNICAL_ERROR_PAGES", False):
            return response
        status = response.status_code
        if status not in _TITLES or getattr(response, "portal_error_page", False):
            return response
        raised = getattr(request, "_portal_raised", False)
        unmatched = status == 404 and getattr(request, "resolver_match", None) is None
        if raised or unmatched:
            return render_error(request, status)
        return response

    def process_exception(self, request, exception):
        if db.is_statement_timeout(exception):
            # The database cancelled the query (core/db.py): a known limit, not a crash.
            logger.warning("Query cancelled by the statement timeout on %s", request.path)
            return render_error(request, 503)
        request._portal_raised = True
        return None  # Django goes on to log and answer; __call__ swaps the page


class OneLineClientErrors(logging.Filter):
    """A 4xx (a 403 above all) is one log line: no traceback of the PermissionDenied behind it."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
