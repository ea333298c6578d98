"""NIK, phone and address in the admin: full for the roles that work with them, never part of
a link; Pimpinan, who sees them masked, has no admin (403) and reads the portal's pages."""

import re

from inventory.models import Business
from participants.models import Participant
from tests.admin.conftest import admin_url
from trainings.models import Trainer


def _hrefs(response) -> list[str]:
    return re.findall(r'href="([^"]*)"', response.content.decode())


def test_pimpinan_gets_403_instead_of_the_participant_list_and_page(client, pimpinan, places):
    participant = places.participant_ciputat
    client.force_login(pimpinan)
    for url in (admin_url(Participant, "changelist"), admin_url(participant)):
        response = client.get(url)
        assert response.status_code == 403
        page = response.content.decode()
        assert participant.nik not in page and participant.phone not in page and participant.name not in page


def test_staff_see_the_full_nik_and_contact(client, staf, places):
    participant = places.participant_ciputat
    client.force_login(staf)
    assert participant.nik in client.get(admin_url(Participant, "changelist")).content.decode()
    page = client.get(admin_url(participant)).content.decode()
    assert participant.nik in page
    assert participant.address in page


def test_staff_find_a_participant_by_whole_nik_or_its_first_digits(client, staf, places):
    participant = places.participant_ciputat
    client.force_login(staf)
    for term in (participant.nik, participant.nik[:10]):
        rows = list(client.get(admin_url(Participant, "changelist"), {"q": term}).context["cl"].result_list)
        assert participant in rows
        assert places.participant_pamulang not in rows or places.participant_pamulang.nik.startswith(term)


def test_a_nik_search_stays_out_of_the_links_of_the_result_page(client, staf, places):
    participant = places.participant_ciputat
    client.force_login(staf)
    response = client.get(admin_url(Participant, "changelist"), {"q": participant.nik})
    assert list(response.context["cl"].result_list) == [participant]
    hrefs = _hrefs(response)
    assert admin_url(participant) in hrefs  # the row links by pk ...
    # ... and no link leaving this result page (to a participant, to add, to history) carries the NIK;
    # the sort and page links of the result page itself repeat its own ?q=.
    assert not [h for h in hrefs if participant.nik in h and not h.startswith("?")]


def test_other_list_filters_are_still_carried_to_the_change_page(client, staf, places):
    client.force_login(staf)
    response = client.get(admin_url(Participant, "changelist"), {"sex__exact": "L", "q": "Warga"})
    assert any("_changelist_filters=sex__exact" in h for h in _hrefs(response))


def test_pimpinan_cannot_look_a_person_up_by_nik(client, pimpinan, places):
    client.force_login(pimpinan)
    response = client.get(admin_url(Participant, "changelist"), {"q": places.participant_ciputat.nik})
    assert response.status_code == 403
    assert places.participant_ciputat.name not in response.content.decode()


def test_pimpinan_gets_403_for_business_owners_and_trainers(client, pimpinan, places):
    Business.objects.filter(pk=places.business_ciputat.pk).update(owner_nik="3674015505800007", phone="+628111")
    client.force_login(pimpinan)
    for url in (admin_url(places.business_ciputat), admin_url(Trainer, "changelist")):
        response = client.get(url)
        assert response.status_code == 403
        assert "3674015505800007" not in response.content.decode()
        assert places.trainer.phone not in response.content.decode()


def test_a_participant_page_url_holds_the_pk_not_the_nik(client, staf, places):
    client.force_login(staf)
    response = client.get(admin_url(Participant, "changelist"))
    for participant in (places.participant_ciputat, places.participant_pamulang):
        assert not [h for h in _hrefs(response) if participant.nik in h]
