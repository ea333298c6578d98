"""With DEBUG off, gunicorn serves the vendored front-end assets itself through WhiteNoise,
from what collectstatic gathered: no separate web server, no CDN."""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tangsel_portal.settings import BASE_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, **headers: str):
    # Behind the TLS proxy the deployment expects, so no redirect to https.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    return urllib.request.urlopen(request, timeout=10)


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """collectstatic into a temporary STATIC_ROOT, then gunicorn with DEBUG off; yields its base URL."""
    tmp = tmp_path_factory.mktemp("static")
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL" and not key.startswith("DJANGO_")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp / "staticfiles"),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
    )
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collect.returncode == 0, collect.stderr
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tangsel_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch(f"{base}/accounts/login/")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start: {server.stderr.read() if server.poll() is not None else ''}")
                time.sleep(0.2)
        yield base
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        server.wait(timeout=10)


def bootstrap_css_path(base: str) -> str:
    html = fetch(f"{base}/accounts/login/").read().decode()
    match = re.search(r'href="(/static/vendor/bootstrap-5\.3\.9/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', html)
    assert match, "the login page does not link the vendored, hashed Bootstrap CSS"
    return match.group(1)


def test_the_login_page_links_the_vendored_bootstrap_and_gunicorn_serves_it(production_server):
    path = bootstrap_css_path(production_server)

    response = fetch(production_server + path)

    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert b"Bootstrap" in response.read(2000)
    # Hashed names never change content, so browsers may keep them for good.
    assert "immutable" in response.headers["Cache-Control"]


def test_the_static_files_are_sent_compressed_to_browsers_that_accept_it(production_server):
    path = bootstrap_css_path(production_server)

    response = fetch(production_server + path, **{"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"


def test_a_missing_static_file_is_a_404(production_server):
    with pytest.raises(urllib.error.HTTPError) as error:
        fetch(production_server + "/static/vendor/not-there.css")

    assert error.value.code == 404
