"""Forgotten password: a link by e-mail, a new password, a login; nothing tells which
addresses have an account."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.accounts.conftest import PASSWORD, WRONG, logged_in_as, login

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "batik-tangsel-2026"


@pytest.fixture
def warga(db):
    return factories.UserFactory(username="warga", email="warga@example.org")


def _link(message) -> str:
    return re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)


def test_a_user_resets_a_forgotten_password_by_e_mail_and_logs_in_with_it(client, warga):
    response = client.post(reverse("password_reset"), {"email": "Warga@Example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["warga@example.org"]
    assert message.subject == "Membuat sandi baru untuk Tangsel Kreatif"
    assert "Halo warga" in message.body and "72 jam" in message.body

    form_page = client.get(_link(message), follow=True)
    assert "Buat sandi baru" in form_page.text and "warga" in form_page.text
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_complete")

    assert login(client, "warga", PASSWORD).status_code == 200  # the old one no longer works
    login(client, "warga", NEW_PASSWORD)
    assert logged_in_as(client) == "warga"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, warga):
    known = client.post(reverse("password_reset"), {"email": "warga@example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "siapa@example.org"})

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["warga@example.org"]]
    assert "Jika alamat itu terdaftar" in client.get(reverse("password_reset_done")).text


def test_an_inactive_account_gets_no_mail(client, warga):
    warga.is_active = False
    warga.save()

    client.post(reverse("password_reset"), {"email": "warga@example.org"})

    assert mail.outbox == []


def test_the_link_works_once(client, warga):
    client.post(reverse("password_reset"), {"email": "warga@example.org"})
    link = _link(mail.outbox[0])
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert "Tautan tidak berlaku" in again.text


def test_a_new_password_that_fails_the_rules_is_refused_in_indonesian(client, warga):
    client.post(reverse("password_reset"), {"email": "warga@example.org"})
    page = client.get(_link(mail.outbox[0]), follow=True)

    response = client.post(page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    assert "terlalu umum" in response.text


def test_a_new_password_lifts_a_login_lock(client, warga):
    for _ in range(5):
        login(client, "warga", WRONG)
    client.post(reverse("password_reset"), {"email": "warga@example.org"})
    page = client.get(_link(mail.outbox[0]), follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    login(client, "warga", NEW_PASSWORD)

    assert logged_in_as(client) == "warga"
