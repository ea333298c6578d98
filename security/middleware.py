"""Two middlewares: the security event log's view of each request (which request is current,
and a 403 or a 404 on a record), and the Permissions-Policy header that Django does not set."""

from django.conf import settings

from accounts import scoping

from . import events
from .events import Kind


class SecurityEventMiddleware:
    """Makes the request available to the hooks (security.events.record) and records a
    refusal: any 403, and a 404 of a signed-in user on a URL that matched (a record that is
    absent or out of their scope; scoping makes the two look alike). Unmatched addresses are
    not recorded: those are typos and scanners, not access to data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = events.current_request.set(request)
        refused_token = scoping.refused_record.set(None)
        try:
            response = self.get_response(request)
            if response.status_code in (403, 404):
                self.record_denied(request, response)
            return response
        finally:
            scoping.refused_record.reset(refused_token)
            events.current_request.reset(token)

    def record_denied(self, request, response):
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if response.status_code == 404 and (match is None or not signed_in):
            return
        object_type, object_id = scoping.refused_record.get() or ("", "")
        if not object_type and match is not None:
            object_type = match.view_name or ""
            object_id = next((v for v in match.kwargs.values() if isinstance(v, int)), "")
        events.record(
            Kind.DENIED,
            request=request,
            object_type=object_type,
            object_id=object_id,
            detail=str(response.status_code),
        )


class PermissionsPolicyMiddleware:
    """Permissions-Policy: the browser features the portal does not use are switched off for
    it and for anything it might embed; geolocation stays for the portal's own pages (a
    field officer's visit records where it was made)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
