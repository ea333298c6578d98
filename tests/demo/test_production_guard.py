"""Demo logins never reach production: seed_demo refuses with DEBUG off, and the deploy check
fails while a demo user still logs in with the published password."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from demo.checks import PUBLISHED_DEMO_PASSWORD, demo_logins_are_closed
from tests.test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="seed_demo runs only with DEBUG on"):
        call_command("seed_demo", "--participants", "50")

    assert not User.objects.filter(username="admin").exists()


def test_the_deploy_check_names_a_demo_user_that_still_has_the_demo_password(settings):
    settings.DEMO_PASSWORD = "something-else-here"
    User.objects.create_user("pimpinan", password=PUBLISHED_DEMO_PASSWORD)
    User.objects.create_user("staf", password="a-strong-password-of-staf-9f3k")

    errors = demo_logins_are_closed()

    assert [e.id for e in errors] == ["demo.E001"]
    assert "pimpinan" in errors[0].msg and "staf" not in errors[0].msg


def test_the_deploy_check_passes_once_demo_users_are_deactivated_or_changed():
    User.objects.create_user("admin", password=PUBLISHED_DEMO_PASSWORD, is_active=False)
    User.objects.create_user("bank.bri", password="changed-by-the-operator-7x2")

    assert demo_logins_are_closed() == []


def test_manage_py_check_deploy_fails_on_a_database_seeded_with_the_demo(tmp_path):
    """End to end, as an operator runs it: a database seeded for a demo, then checked with the
    production variables, fails the deploy check."""
    database = f"sqlite:///{tmp_path / 'seeded.sqlite3'}"
    demo_env = {"DATABASE_URL": database, "DEBUG": "1"}
    for step in (("migrate", "--noinput", "-v", "0"), ("seed_demo", "--participants", "50", "-v", "0")):
        result = manage(*step, **demo_env)
        assert result.returncode == 0, result.stderr

    refused = manage("seed_demo", "--if-empty", **{**PRODUCTION_ENV, "DATABASE_URL": database})
    checked = manage("check", "--deploy", **{**PRODUCTION_ENV, "DATABASE_URL": database})

    assert refused.returncode != 0 and "seed_demo runs only with DEBUG on" in refused.stderr
    assert checked.returncode != 0
    assert "demo.E001" in checked.stderr and "admin" in checked.stderr


def test_the_deploy_check_names_a_user_whose_second_factor_is_the_published_demo_secret():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.checks import demo_second_factor_is_closed
    from demo.write import DEMO_TOTP_KEY_HEX

    staf = User.objects.create_user("staf", password="a-strong-password-of-staf-9f3k")
    TOTPDevice.objects.create(user=User.objects.create_user("admin2"), confirmed=True)
    assert demo_second_factor_is_closed() == []

    TOTPDevice.objects.create(user=staf, key=DEMO_TOTP_KEY_HEX, confirmed=True)
    errors = demo_second_factor_is_closed()
    assert [e.id for e in errors] == ["demo.E002"] and "staf" in errors[0].msg and "admin2" not in errors[0].msg
