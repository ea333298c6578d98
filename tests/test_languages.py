"""The footer's language menu (Django's set_language) switches the whole portal: its own
texts, Django's (forms, admin) and django-auditlog's; and back again."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def switch(client, language: str) -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": "/peserta/"})
    assert response.status_code == 302


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_english_then_back_to_indonesian(client, staf):
    client.force_login(staf)
    assert "Daftarkan peserta" in text(client, "/peserta/")

    switch(client, "en")

    participants = text(client, "/peserta/")
    assert '<html lang="en">' in participants
    assert "Register a participant" in participants and "Daftarkan peserta" not in participants
    admin = text(client, "/admin/")
    assert "Recent actions" in admin  # Django's admin
    assert "Audit trail" in admin and "Jejak audit" not in admin  # django-auditlog, named by the portal
    assert "Creative-industry program administration" in admin

    switch(client, "id")

    assert "Daftarkan peserta" in text(client, "/peserta/")
    assert "Tindakan terbaru" in text(client, "/admin/")


def test_django_form_errors_follow_the_language(client):
    switch(client, "en")
    english = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    switch(client, "id")
    indonesian = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()

    assert "This field is required." in english
    assert "Bidang ini tidak boleh kosong." in indonesian


def test_a_browser_set_to_english_still_gets_indonesian_until_the_menu_says_otherwise(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="id">' in page


def test_the_participant_list_gives_the_sex_as_m_or_f_in_english(client, staf):
    factories.ParticipantFactory(name="Sri Wahyuni", sex="P")
    client.force_login(staf)
    switch(client, "en")

    row = text(client, "/peserta/").split("Sri Wahyuni", 1)[1].split("</tr>", 1)[0]

    assert re.search(r'data-label="M/F">F</td>', row)


def test_the_admin_offers_the_other_language_and_switches_back(client, staf):
    client.force_login(staf)
    switch(client, "en")

    admin = text(client, "/admin/")
    assert '<button type="submit" name="language" value="id" lang="id">Bahasa Indonesia</button>' in admin
    assert 'value="en"' not in admin.split('class="language-form"', 1)[1].split("</form>", 1)[0]

    response = client.post("/i18n/setlang/", {"language": "id", "next": "/admin/"})
    assert response.headers["Location"] == "/admin/"
    assert "Tindakan terbaru" in text(client, "/admin/")
