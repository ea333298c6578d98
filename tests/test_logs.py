"""The servers' logs mask any 16-digit number (a NIK) that still reaches them: runserver's
request log and Django's own records, gunicorn's access and error logs. Read from the real
processes' output."""

import http.client
import logging
import os
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import time

import pytest

from core.logging import MaskNikFilter, mask_niks
from tangsel_portal.settings import BASE_DIR

NIK = "3674011234560001"
MASKED = "3674********0001"
OTHER_NIK, OTHER_MASKED = "3674015505800007", "3674********0007"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, **headers) -> int:
    # http.client, not urllib: the login redirect must not be followed (its next= is another request).
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https", **headers})
        return connection.getresponse().status
    finally:
        connection.close()


def _output_of(command: list[str], env: dict, requests: list[tuple[str, dict]]) -> str:
    """Start a server, make the requests once it answers, stop it; its stdout and stderr."""
    port = free_port()
    server = subprocess.Popen(
        [arg.format(port=port) for arg in command],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(port, "/peserta/")  # a redirect to login: no template, no static files
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{command[2]} did not start: {server.communicate(timeout=5)}")
                time.sleep(0.3)
        for path, headers in requests:
            _get(port, path, **headers)
        time.sleep(0.5)  # the access line is written after the answer
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=20)
    return out + err


@pytest.fixture
def env(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL" and not key.startswith("DJANGO_")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONUNBUFFERED="1")
    return env


def test_runserver_masks_a_nik_in_its_request_log_and_in_djangos_records(env):
    output = _output_of(
        [sys.executable, "manage.py", "runserver", "127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env,
        [(f"/peserta/?x={NIK}", {}), (f"/tidak-ada/{OTHER_NIK}/", {})],
    )
    assert f"/peserta/?x={MASKED}" in output  # django.server: the request line
    assert f"Not Found: /tidak-ada/{OTHER_MASKED}/" in output  # django.request, through the root handler
    assert NIK not in output and OTHER_NIK not in output


def test_gunicorn_masks_a_nik_in_its_access_log(env):
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="127.0.0.1")
    output = _output_of(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "tangsel_portal.wsgi",
            "--bind",
            "127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
        ],
        env,
        [(f"/peserta/?x={NIK}", {"Referer": f"https://example.org/?nik={OTHER_NIK}"})],
    )
    assert f'"GET /peserta/?x={MASKED} HTTP/1.1" 302' in output  # the access line, masked
    assert f"nik={OTHER_MASKED}" in output  # the referrer too
    assert "Booting worker" in output  # the error log still writes
    assert NIK not in output and OTHER_NIK not in output


def test_every_handler_of_gunicorns_logging_masks():
    config = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))["logconfig_dict"]
    for name in ("gunicorn.error", "gunicorn.access"):
        for handler in config["loggers"][name]["handlers"]:
            assert "mask_nik" in config["handlers"][handler]["filters"], (name, handler)
    assert config["filters"]["mask_nik"]["()"] == "core.logging.MaskNikFilter"


def _record(msg, *args, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("test", logging.ERROR, __file__, 1, msg, args, exc_info)


def test_the_filter_masks_the_message_its_arguments_and_the_traceback():
    try:
        raise ValueError(f"Key (nik)=({NIK}) already exists.")
    except ValueError:
        record = _record("duplicate %s for %s", NIK, "Rina", exc_info=sys.exc_info())
    MaskNikFilter().filter(record)
    text = logging.Formatter().format(record)
    assert f"duplicate {MASKED} for Rina" in text
    assert f"Key (nik)=({MASKED})" in text
    assert NIK not in text


def test_only_sixteen_digit_numbers_are_masked():
    assert mask_niks(f"nik={NIK}&id=140") == f"nik={MASKED}&id=140"
    # A phone number, a 17-digit number and a date stay as they are.
    for text in ("+6281234567890", "36740112345600011", "2026-05-04"):
        assert mask_niks(text) == text
