"""/keamanan/: the endpoint browsers report Content-Security-Policy violations to."""

from tests.access.matrix import Route, everyone

ROUTES = [
    Route("security:csp_report", everyone(405, anonymous=405)),
    # A browser posts JSON; a form post is not a report.
    Route("security:csp_report", everyone(400, anonymous=400), method="post", data={"x": "1"}, label="post"),
]
