"""The WSGI application bench/load.py serves: the portal's own (tangsel_portal.wsgi, with
the web request's statement timeout) plus the bare view of bench/dashboard.py in front of
its URLs. Never used outside the benchmark."""

from dashboard import add_bare_view  # noqa: E402

from tangsel_portal.wsgi import application  # noqa: F401  (sets up Django)

add_bare_view()
