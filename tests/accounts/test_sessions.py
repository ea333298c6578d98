"""How long a session lives (accounts.middleware.SessionLimitsMiddleware) and which sessions a
new password ends. Time passes by moving the session's own timestamps back, not by waiting."""

import time

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.middleware import SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "anyaman-pandan-serpong-7"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    return client


def _move_back(client, **seconds) -> None:
    """Move the session's login time and last activity back by so many seconds."""
    session = client.session
    for key, name in ((SIGNED_IN_AT, "signed_in"), (SEEN_AT, "seen")):
        session[key] -= seconds.get(name, 0)
    session.save()


def _goes_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_session_ends_after_30_minutes_without_a_request(staf):
    client = _signed_in(staf)
    _move_back(client, seen=31 * 60, signed_in=31 * 60)
    response = client.get(reverse("participants:list"))
    assert _goes_to_login(response)
    page = client.get(response["Location"])
    assert "Sesi Anda berakhir karena tidak ada aktivitas selama 30 menit." in page.text
    assert _goes_to_login(client.get(reverse("home")))


def test_a_request_within_30_minutes_keeps_the_session_and_restarts_the_idle_clock(pimpinan):
    client = _signed_in(pimpinan)
    _move_back(client, seen=29 * 60, signed_in=29 * 60)
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[SEEN_AT] < 60
    _move_back(client, seen=29 * 60, signed_in=29 * 60)  # 58 minutes since login, active throughout
    assert client.get(reverse("home")).status_code == 200


def test_the_last_activity_is_written_at_most_once_a_minute(staf):
    client = _signed_in(staf)
    _move_back(client, seen=30)
    before = client.session[SEEN_AT]
    client.get(reverse("home"))
    assert client.session[SEEN_AT] == before


def test_a_session_ends_12_hours_after_login_however_active(bank_bri):
    client = _signed_in(bank_bri)
    _move_back(client, signed_in=12 * 3600 - 60)
    assert client.get(reverse("financing:list")).status_code == 200
    _move_back(client, signed_in=120)
    response = client.get(reverse("financing:list"))
    assert _goes_to_login(response)
    assert "Sesi Anda berakhir karena sudah 12 jam sejak masuk." in client.get(response["Location"]).text


def test_the_public_catalogue_stays_open_when_a_session_ends(staf):
    client = _signed_in(staf)
    _move_back(client, seen=3600, signed_in=3600)
    assert client.get(reverse("catalogue:index")).status_code == 200
    assert _goes_to_login(client.get(reverse("home")))


def test_a_password_change_ends_the_users_other_sessions_and_keeps_this_one(staf):
    here, elsewhere = _signed_in(staf), _signed_in(staf)
    response = here.post(
        reverse("admin:password_change"),
        {"old_password": "pw-tangsel-123", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert here.get(reverse("home")).status_code == 200
    assert _goes_to_login(elsewhere.get(reverse("home")))


def test_every_role_changes_its_password_on_the_portal_which_ends_its_other_sessions(bank_bri):
    here, elsewhere = _signed_in(bank_bri), _signed_in(bank_bri)
    assert "Ubah sandi" in here.get(reverse("home")).text
    response = here.post(
        reverse("password_change"),
        {"old_password": "pw-tangsel-123", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("password_change_done")
    assert here.get(reverse("financing:list")).status_code == 200
    assert _goes_to_login(elsewhere.get(reverse("financing:list")))


def test_a_breached_password_is_refused_on_the_portal_page(staf):
    client = _signed_in(staf)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-tangsel-123", "new_password1": "dragon", "new_password2": "dragon"},
    )
    assert response.status_code == 200 and "pernah bocor" in response.text


def test_a_password_reset_ends_every_session_of_the_user(staf):
    first, second = _signed_in(staf), _signed_in(staf)
    uidb64, token = urlsafe_base64_encode(force_bytes(staf.pk)), default_token_generator.make_token(staf)
    link = reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    anonymous = Client()
    form_url = anonymous.get(link)["Location"]
    response = anonymous.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("password_reset_complete")
    assert _goes_to_login(first.get(reverse("home")))
    assert _goes_to_login(second.get(reverse("home")))
    assert "_auth_user_id" not in anonymous.session  # the reset itself signs no one in
