"""What a name search finds (participants.search), the same on SQLite and PostgreSQL: a word
of three letters or more anywhere in the name, a word of one or two letters at the start of a
word of the name, every word; at most NAME_SEARCH_CAP matches listed, and the page says so."""

import pytest
from django.test import override_settings

from participants import selectors
from participants.models import Participant
from tests import factories
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

NAMES = ["Heru Santoso", "Agus Herlambang", "Suherman", "Siti Aminah", "Dewi heni", "Budi Sabar"]


def found(user, q: str) -> list[str]:
    return sorted(p.name for p in selectors.participant_list(user=user, q=q))


def test_a_word_of_three_letters_matches_anywhere_in_the_name(staf):
    for name in NAMES:
        ParticipantFactory(name=name)
    assert found(staf, "her") == ["Agus Herlambang", "Heru Santoso", "Suherman"]


def test_a_word_of_one_or_two_letters_matches_the_start_of_a_word(staf):
    for name in NAMES:
        ParticipantFactory(name=name)
    # "Suherman" holds "he" but no word of it starts so.
    assert found(staf, "he") == ["Agus Herlambang", "Dewi heni", "Heru Santoso"]
    assert found(staf, "HE") == found(staf, "he")
    assert found(staf, "s") == ["Budi Sabar", "Heru Santoso", "Siti Aminah", "Suherman"]
    assert found(staf, "zq") == []


def test_every_word_must_match_and_words_without_letters_are_ignored(staf):
    for name in NAMES:
        ParticipantFactory(name=name)
    assert found(staf, "he sa") == ["Heru Santoso"]
    assert found(staf, "sa ami") == []
    assert found(staf, "siti - ") == ["Siti Aminah"]
    # Characters a regular expression would read as syntax are letters to search for.
    assert found(staf, "(.") == sorted(NAMES)
    assert found(staf, "a.") == []


def test_the_list_page_shows_every_match_under_the_cap_in_name_order(client, staf):
    for name in NAMES:
        ParticipantFactory(name=name)
    client.force_login(staf)
    response = client.get("/peserta/", {"q": "he"})
    assert [p.name for p in response.context["page"]] == ["Agus Herlambang", "Dewi heni", "Heru Santoso"]
    assert not response.context["page"].paginator.capped
    assert "awal kata" in response.content.decode()  # the search box says what a short word does


@override_settings(TANGSEL_NAME_SEARCH_CAP=3)
@pytest.mark.parametrize("sort", ["nama", "-nama", "terdaftar", "kecamatan"])
def test_above_the_cap_the_page_lists_cap_matches_in_order_and_says_more_match(client, staf, sort):
    people = [ParticipantFactory(name=f"Heru {letter}") for letter in "EDCBA"]
    ParticipantFactory(name="Budi")
    client.force_login(staf)
    response = client.get("/peserta/", {"q": "heru", "sort": sort})
    page = response.context["page"]
    shown = list(page)
    assert page.paginator.capped and page.paginator.count == 3
    assert len(shown) == 3 and {p.pk for p in shown} <= {p.pk for p in people}
    # The cap's rows, in the order asked for, as participant_list orders them.
    ordered = [p for p in selectors.participant_list(user=staf, q="heru", sort=sort) if p in shown]
    assert shown == ordered
    assert "Lebih dari 3 peserta cocok" in response.content.decode()


@override_settings(TANGSEL_NAME_SEARCH_CAP=3)
def test_the_admin_changelist_search_lists_at_most_the_cap_by_word_prefix(client, staf):
    for name in [*NAMES, "Hendra", "Hasan", "Hadi"]:
        ParticipantFactory(name=name)
    client.force_login(staf)
    response = client.get("/admin/participants/participant/", {"q": "he"})
    assert response.status_code == 200
    shown = [p.name for p in response.context["cl"].result_list]
    assert len(shown) == 3
    assert set(shown) <= {"Agus Herlambang", "Dewi heni", "Heru Santoso", "Hendra"}
    assert shown == sorted(shown)


def test_a_field_officer_finds_only_their_kecamatan(client, petugas_ciputat):
    mine = ParticipantFactory(name="Heru Ciputat", kelurahan=factories.kelurahan_of("Ciputat"))
    ParticipantFactory(name="Heru Pamulang", kelurahan=factories.kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)
    for q in ("heru", "he"):
        assert list(client.get("/peserta/", {"q": q}).context["page"]) == [mine]
    assert Participant.objects.count() == 2


@pytest.mark.parametrize("q", ["36", "3", "36 74", "3674010", "36 he", "he 36"])
def test_a_masked_nik_role_cannot_probe_niks_through_the_search(client, pimpinan, q):
    ParticipantFactory(name="Heru Santoso", nik="3674011508900002", sex="L")
    client.force_login(pimpinan)
    response = client.get("/peserta/", {"q": q}, follow=True)
    assert response.status_code == 200
    # Digits are a NIK, which this role may only look up whole: back to the unsearched list;
    # a word of digits beside a name is matched against the name, never the NIK.
    searched = "q" in response.request.get("QUERY_STRING", "")
    assert not searched or list(response.context["page"]) == []
    assert "3674011508900002" not in response.content.decode()
