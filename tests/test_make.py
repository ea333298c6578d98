"""`make run`, `make test` and `.ci/run` do what README promises (read with `make -n`, not run)."""

import os
import re
import shutil
import subprocess

import pytest

from tangsel_portal.settings import BASE_DIR
from tests.conftest import need


@pytest.fixture(autouse=True)
def _make_installed():
    need(shutil.which("make") is not None, "make is not installed")


def make(*args: str, cwd=BASE_DIR, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_run_migrates_seeds_an_empty_database_prints_the_logins_and_serves_on_port_8000():
    plan = make("-n", "run", "-W", "requirements.txt").stdout

    assert "manage.py migrate --noinput" in plan
    assert "manage.py seed_demo --if-empty" in plan
    assert "http://127.0.0.1:8000/" in plan
    for username in ("admin", "staf", "petugas.ciputat", "petugas.pamulang", "bank.bri", "pimpinan"):
        assert username in plan
    assert plan.rstrip().endswith("manage.py runserver 127.0.0.1:8000")
    assert plan.index("migrate") < plan.index("seed_demo") < plan.index("runserver")


def test_port_moves_the_development_server():
    plan = make("-n", "run", "PORT=8765").stdout

    assert "http://127.0.0.1:8765/" in plan
    assert "runserver 127.0.0.1:8765" in plan


def test_make_test_lints_checks_migrations_and_runs_pytest():
    plan = make("-n", "test", "-W", "requirements.txt").stdout

    assert "pip install" in plan and "-r requirements-dev.txt" in plan
    assert ".venv/bin/ruff check ." in plan
    assert "manage.py makemigrations --check --dry-run" in plan
    assert ".venv/bin/python -m pytest" in plan
    assert plan.index("ruff") < plan.index("makemigrations") < plan.index("-m pytest")


def test_make_refuses_a_python_older_than_3_11(tmp_path):
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(BASE_DIR / name, tmp_path / name)
    old_python = tmp_path / "python3.10"
    old_python.write_text("#!/bin/sh\nexit 1\n")  # what the version check sees from Python 3.10
    old_python.chmod(0o755)

    result = make("install", f"PYTHON={old_python}", cwd=tmp_path)

    assert result.returncode != 0
    assert "needs Python 3.11 or newer" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_the_ci_script_is_executable_bash():
    script = BASE_DIR / ".ci" / "run"

    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0


def test_the_readme_shows_both_commands_in_its_first_30_lines():
    top = (BASE_DIR / "README.md").read_text().splitlines()[:30]

    assert any(line.startswith("make run") for line in top)
    assert any(line.startswith("make test") for line in top)


def test_the_readme_documents_every_variable_the_settings_read():
    source = (BASE_DIR / "tangsel_portal" / "settings.py").read_text()
    variables = set(re.findall(r'(?:os\.getenv|envbool|envint|envlist)\("([A-Z_]+)"', source))
    readme = (BASE_DIR / "README.md").read_text()

    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= variables
    assert sorted(name for name in variables if f"`{name}`" not in readme) == []


def test_ci_runs_make_test_once_per_database_so_a_broken_make_test_fails_ci():
    script = (BASE_DIR / ".ci" / "run").read_text()
    calls = [line for line in script.splitlines() if "run_suite " in line and not line.lstrip().startswith("#")]
    runs = [line for line in calls if "run_suite()" not in line]

    assert "make --no-print-directory test PYTEST_ARGS=" in script
    assert "-m pytest" not in script  # pytest only through make test
    assert len(runs) == 2
    postgres, sqlite = sorted(runs, key=lambda line: "sqlite" in line)
    assert 'DATABASE_URL="$PG_URL"' in postgres and 'REDIS_URL="$REDIS_URL_CI"' in postgres
    assert "-u DATABASE_URL" in sqlite and "not postgres" in sqlite


def test_make_install_compiles_the_catalogue_without_gnu_gettext():
    plan = make("-n", "install", "-W", "locale/en/LC_MESSAGES/django.po").stdout

    assert "python -m core.mo locale/en/LC_MESSAGES/django.po" in plan


def test_make_messages_regenerates_the_catalogue_from_the_code_then_compiles_it():
    plan = make("-n", "messages", "-W", "locale/en/LC_MESSAGES/django.po").stdout

    assert "manage.py makemessages -l en" in plan
    for ignored in (".venv", "bench", "tests"):
        assert f"--ignore={ignored}" in plan
    assert plan.rstrip().endswith("python -m core.mo locale/en/LC_MESSAGES/django.po")


def test_ci_installs_gnu_gettext_for_the_catalogue_test():
    script = (BASE_DIR / ".ci" / "run").read_text()

    assert "apt-get install -y -qq gettext" in script
    assert 'step "gettext for the catalogue test" gettext_tools' in script
