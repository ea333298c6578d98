"""The audit trail of admin changes: who changed what, with the NIK masked everywhere it shows."""

import json

from auditlog.models import LogEntry

from core.privacy import mask_nik
from tests.admin.conftest import admin_url, errors_of, form_data
from tests.factories import make_nik


def _rename_and_renumber(client, participant):
    new_nik = make_nik(birth_date=participant.birth_date, sex=participant.sex, serial=4321, region="367406")
    data = form_data(client.get(admin_url(participant)))
    response = client.post(admin_url(participant), {**data, "name": "Nama Baru", "nik": new_nik})
    assert response.status_code == 302, errors_of(response)
    return new_nik


def test_changing_a_participant_logs_the_actor_and_a_masked_nik(client, staf, places):
    participant = places.participant_ciputat
    old_nik = participant.nik
    client.force_login(staf)
    new_nik = _rename_and_renumber(client, participant)

    participant.refresh_from_db()
    assert (participant.name, participant.nik) == ("Nama Baru", new_nik)
    entry = LogEntry.objects.get_for_object(participant).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == staf
    assert entry.changes_dict["name"] == ["Warga Ciputat", "Nama Baru"]
    assert entry.changes_dict["nik"] == [mask_nik(old_nik), mask_nik(new_nik)]
    stored = json.dumps(entry.changes) + str(entry.changes_text) + entry.object_repr
    assert old_nik not in stored
    assert new_nik not in stored


def test_no_history_page_shows_the_full_nik(client, staf, admin_user, places):
    participant = places.participant_ciputat
    old_nik = participant.nik
    client.force_login(staf)
    new_nik = _rename_and_renumber(client, participant)
    entry = LogEntry.objects.get_for_object(participant).latest("timestamp")

    client.force_login(admin_user)
    pages = {
        "auditlog": client.get(admin_url(participant, "auditlog")),
        "history": client.get(admin_url(participant, "history")),
        "logentry": client.get(admin_url(entry)),
        "logentry list": client.get(admin_url(LogEntry, "changelist")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.content.decode()
        assert old_nik not in page, name
        assert new_nik not in page, name
    assert mask_nik(new_nik) in pages["auditlog"].content.decode()
    assert "Nama Baru" in pages["auditlog"].content.decode()


def test_every_domain_list_links_to_the_audit_trail_of_each_row(client, staf, places):
    client.force_login(staf)
    page = client.get(admin_url(type(places.batch_ciputat), "changelist")).content.decode()
    assert admin_url(places.batch_ciputat, "auditlog") in page
    page = client.get(admin_url(places.batch_ciputat)).content.decode()
    assert admin_url(places.batch_ciputat, "auditlog") in page
