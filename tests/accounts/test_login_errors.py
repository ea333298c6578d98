"""The login pages say plainly what is wrong, once, and keep what was typed."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.accounts.conftest import WRONG, login

pytestmark = pytest.mark.django_db


def test_a_wrong_password_reads_as_one_plain_sentence(client, staf):
    response = login(client, "staf", WRONG)

    assert list(response.context["form"].non_field_errors()) == ["Masukkan nama pengguna dan sandi yang benar."]
    assert "nama pengguna nama pengguna" not in response.text
    assert 'value="staf"' in response.text


def test_the_admin_login_says_it_for_a_staff_account(client, staf):
    response = login(client, "staf", WRONG, url=reverse("admin:login"))

    assert "Masukkan nama pengguna dan sandi yang benar untuk akun staf." in response.text
    assert "nama pengguna nama pengguna" not in response.text


def test_django_s_own_catalogue_doubles_the_phrase_which_is_why_the_message_is_ours():
    # If Django fixes its Indonesian catalogue, the override may go.
    from django.contrib.auth.forms import AuthenticationForm

    with translation.override("id"):
        text = str(AuthenticationForm.error_messages["invalid_login"]) % {"username": "nama pengguna"}
    assert text.startswith("Masukkan nama pengguna nama pengguna")


def test_the_login_page_links_to_the_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).text
