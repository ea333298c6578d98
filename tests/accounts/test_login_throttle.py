"""Login throttling, tested as attacks: a locked username, an address trying many accounts,
an office behind one address, and the log an operator reads afterwards."""

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.http import HttpRequest
from django.test import override_settings
from django.urls import reverse

from accounts import login_throttle
from tests import factories
from tests.accounts.conftest import (
    ELSEWHERE,
    OFFICE,
    PASSWORD,
    WRONG,
    logged_in_as,
    login,
    shift_address_block_back,
    shift_failures_back,
)

pytestmark = pytest.mark.django_db

LOCKED = "Akun ini dikunci sementara karena terlalu banyak percobaan masuk yang gagal."
SLOWED = "Terlalu banyak percobaan masuk yang gagal dari jaringan ini."


def _blocked_about(address) -> int:
    """Seconds the address is refused for, to the nearest 10 (a slow run may lose a second)."""
    return round(login_throttle.address_blocked_seconds(address), -1)


def _errors(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


def test_twenty_wrong_passwords_then_the_right_one_do_not_log_in(client, staf):
    for _ in range(20):
        login(client, "staf", WRONG)

    response = login(client, "staf", PASSWORD)

    assert response.status_code == 429
    assert logged_in_as(client) is None
    assert any(LOCKED in e for e in _errors(response))


def test_the_fifth_failure_locks_the_account_and_says_for_how_long(client, staf):
    for _ in range(4):
        response = login(client, "staf", WRONG)
        assert response.status_code == 200
        assert _errors(response) == ["Masukkan nama pengguna dan sandi yang benar."]

    response = login(client, "staf", WRONG)

    assert response.status_code == 429
    assert "Coba lagi dalam 15 menit" in response.text
    # The page is the login form, with what was typed kept (except the password).
    assert 'value="staf"' in response.text
    assert WRONG not in response.text


def test_the_lock_message_counts_down_as_time_passes(client, staf):
    for _ in range(5):
        login(client, "staf", WRONG)
    shift_failures_back(minutes=11)

    response = login(client, "staf", PASSWORD)

    assert "Coba lagi dalam 4 menit" in response.text


def test_the_account_opens_again_fifteen_minutes_after_the_lock(client, staf):
    for _ in range(20):
        login(client, "staf", WRONG)
    shift_failures_back(minutes=14)
    login(client, "staf", PASSWORD)
    assert logged_in_as(client) is None

    shift_failures_back(minutes=2)
    response = login(client, "staf", PASSWORD)

    assert response.status_code == 302
    assert logged_in_as(client) == "staf"


def test_attempts_during_the_lock_do_not_prolong_it(client, staf):
    for _ in range(5):
        login(client, "staf", WRONG)
    shift_failures_back(minutes=10)
    for _ in range(10):
        assert login(client, "staf", WRONG).status_code == 429
    shift_failures_back(minutes=6)

    login(client, "staf", PASSWORD)

    assert logged_in_as(client) == "staf"


def test_failures_far_apart_do_not_add_up(client, staf):
    for _ in range(4):
        login(client, "staf", WRONG)
    shift_failures_back(minutes=16)
    for _ in range(4):
        login(client, "staf", WRONG)

    login(client, "staf", PASSWORD)

    assert logged_in_as(client) == "staf"


def test_a_successful_login_forgets_earlier_failures(client, staf):
    for _ in range(4):
        login(client, "staf", WRONG)
    login(client, "staf", PASSWORD)
    client.post(reverse("logout"))
    for _ in range(4):
        login(client, "staf", WRONG)

    login(client, "staf", PASSWORD)

    assert logged_in_as(client) == "staf"


def test_a_locked_account_does_not_shut_out_the_office_behind_the_same_address(client, staf, pimpinan):
    for _ in range(20):
        login(client, "staf", WRONG, address=OFFICE)
    assert login(client, "staf", PASSWORD, address=OFFICE).status_code == 429

    response = login(client, "pimpinan", PASSWORD, address=OFFICE)

    assert response.status_code == 302
    assert logged_in_as(client) == "pimpinan"


def test_the_lock_holds_from_every_address(client, staf):
    for _ in range(5):
        login(client, "staf", WRONG, address=OFFICE)

    login(client, "staf", PASSWORD, address=ELSEWHERE)

    assert logged_in_as(client) is None


def test_the_admin_login_locks_the_same_username_and_says_so(client, staf):
    url = reverse("admin:login")
    for _ in range(5):
        login(client, "staf", WRONG, url=url)

    response = login(client, "staf", PASSWORD, url=url)

    assert response.status_code == 429
    assert LOCKED in response.text and "Coba lagi dalam 15 menit" in response.text
    assert logged_in_as(client) is None
    # The portal's login counts the same lock.
    login(client, "staf", PASSWORD)
    assert logged_in_as(client) is None


def test_an_address_trying_many_accounts_is_slowed_down(client, staf):
    for n in range(30):
        response = login(client, f"tebakan{n}", WRONG, address=OFFICE)
        assert SLOWED not in response.text

    response = login(client, "staf", PASSWORD, address=OFFICE)

    assert any(SLOWED in e and "Coba lagi dalam 1 menit" in e for e in _errors(response))
    assert logged_in_as(client) is None
    # A refused attempt checks no password and counts against no account.
    assert not AccessAttempt.objects.filter(username=login_throttle.username_key("staf")).exists()
    # Another address is not slowed down.
    login(client, "staf", PASSWORD, address=ELSEWHERE)
    assert logged_in_as(client) == "staf"


def test_the_slow_down_ends_and_grows_with_every_further_failure(client, staf):
    for n in range(30):
        login(client, f"tebakan{n}", WRONG, address=OFFICE)
    assert _blocked_about(OFFICE) == 60

    shift_address_block_back(OFFICE, 61)
    login(client, "tebakan-lagi", WRONG, address=OFFICE)
    assert _blocked_about(OFFICE) == 120

    shift_address_block_back(OFFICE, 121)
    login(client, "staf", PASSWORD, address=OFFICE)
    assert logged_in_as(client) == "staf"


@override_settings(TANGSEL_LOGIN_ADDRESS_FAILURE_LIMIT=3, TANGSEL_LOGIN_ADDRESS_BLOCK_MAX_SECONDS=100)
def test_the_address_limits_are_settings(client, staf):
    for n in range(3):
        login(client, f"tebakan{n}", WRONG, address=OFFICE)
    assert _blocked_about(OFFICE) == 60
    shift_address_block_back(OFFICE, 61)
    login(client, "tebakan", WRONG, address=OFFICE)
    assert _blocked_about(OFFICE) == 100


def test_the_log_names_the_usernames_hash_address_and_counts_but_never_the_password(client, staf, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(6):
        login(client, "staf", WRONG, address=OFFICE)
    for n in range(30):
        login(client, f"tebakan{n}", WRONG, address=OFFICE)
    login(client, "staf", PASSWORD, address=OFFICE)

    staf_hash = login_throttle.username_key("staf")
    lines = [r.getMessage() for r in caplog.records if r.name == "accounts.login"]
    assert f"login failed: username_hash={staf_hash} address=10.20.30.40 account_failures=1 address_failures=1" in lines
    assert (
        f"login failed, account locked: username_hash={staf_hash} address=10.20.30.40 account_failures=5 "
        "address_failures=5" in lines
    )
    assert (
        f"login refused, account locked: username_hash={staf_hash} address=10.20.30.40 account_failures=5 "
        "address_failures=6" in lines
    )
    assert any(line.startswith("login address slowed down: address=10.20.30.40 address_failures=30") for line in lines)
    assert any(line.startswith(f"login refused, address slowed down: username_hash={staf_hash}") for line in lines)
    everything = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert WRONG not in everything and PASSWORD not in everything
    # Nor in what axes stores about the attempts.
    stored = "".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "password=" in stored and WRONG not in stored


TYPED = ["3674014101900001", "siti.aminah@example.id"]  # a NIK and an e-mail address typed as usernames


def _everything_stored_by_axes() -> str:
    rows = []
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        rows += [str(row) for row in model.objects.values_list()]
    return "".join(rows)


def test_no_log_line_and_no_axes_row_holds_a_typed_username(client, staf, caplog, capsys):
    # A NIK is masked in log lines anyway (core.logging); the e-mail address and "staf" are not.
    caplog.set_level(logging.DEBUG)  # every logger, axes' and Django's included
    for typed in [*TYPED, "staf"]:
        for _ in range(6):
            login(client, typed, WRONG, address=OFFICE)

    logged = caplog.text + "".join(str(r.args) for r in caplog.records) + "".join(capsys.readouterr())
    stored = _everything_stored_by_axes()
    for typed in [*TYPED, "staf"]:
        assert typed not in logged and typed not in stored
        assert login_throttle.username_key(typed) in logged and login_throttle.username_key(typed) in stored
    assert "3674014101" not in logged + stored and "siti.aminah" not in logged + stored
    # The lock still holds, by the hash: the right password of a locked account is refused.
    assert LOCKED in login(client, "staf", PASSWORD, address=ELSEWHERE).text
    assert logged_in_as(client) is None


def test_a_login_without_a_request_is_refused_loudly_so_nothing_skips_the_lock(client, staf):
    # client.login() calls authenticate() without a request; axes cannot count such a
    # login and raises. Tests use force_login, or pass a request.
    with pytest.raises(ValueError, match="request"):
        client.login(username="staf", password=PASSWORD)

    assert client.login(request=HttpRequest(), username="staf", password=PASSWORD)


@override_settings(TANGSEL_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, staf):
    for n in range(30):
        client.post(
            reverse("login"),
            {"username": f"tebakan{n}", "password": WRONG},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {OFFICE}",  # the left part is the client's to forge
        )
    assert _blocked_about(OFFICE) == 60
    assert login_throttle.address_blocked_seconds("127.0.0.1") == 0

    request = HttpRequest()
    request.META = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-address"}
    assert login_throttle.client_address(request) == "127.0.0.1"


def test_a_user_who_never_existed_is_locked_like_any_other(client):
    # Otherwise the lock message would tell which usernames exist.
    for _ in range(5):
        response = login(client, "tidak-ada", WRONG)

    assert response.status_code == 429 and LOCKED in response.text
    factories.UserFactory(username="ada")
    assert login(client, "ada", WRONG).status_code == 200
