"""The audit trail reads like the portal (issue 7, point 7): Indonesian labels, local time to
the minute, people and records by name, choices by their label, booleans "ya/tidak"."""

import datetime as dt
import html
import re

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from groups.models import BusinessGroup
from participants.services import participant_update
from regions.models import Kelurahan
from tests import factories
from tests.admin.conftest import admin_url

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's text as a reader sees it: tags dropped, whitespace collapsed."""
    content = response.content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content))).strip()


def changes_of(response) -> list[str]:
    """Each change line of the page ("Kelurahan: Ciputat → Serua")."""
    items = re.findall(r'<ul class="audit-changes">(.*?)</ul>', response.content.decode(), flags=re.S)
    lines = []
    for block in items:
        for item in re.findall(r"<li>(.*?)</li>", block, flags=re.S):
            lines.append(re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", item))).strip())
    return lines


def kelurahan(name: str) -> Kelurahan:
    return Kelurahan.objects.get(name=name, kecamatan__name="Ciputat")


@pytest.fixture
def staf_named(staf):
    staf.first_name, staf.last_name = "Sri", "Wahyuni"
    staf.save()
    return staf


@pytest.fixture
def moved(staf_named):
    """A participant of Ciputat who moved from kelurahan Ciputat to Serua, recorded by staff."""
    participant = factories.ParticipantFactory(name="Budi Santoso", kelurahan=kelurahan("Ciputat"))
    fields = {
        name: getattr(participant, name)
        for name in ("nik", "name", "sex", "birth_date", "phone", "address", "consent_given")
    }
    participant_update(user=staf_named, participant=participant, **{**fields, "kelurahan": kelurahan("Serua")})
    return participant


def test_a_participants_move_reads_by_the_names_of_the_kelurahan_and_of_who_moved_them(client, staf_named, moved):
    client.force_login(staf_named)
    response = client.get(admin_url(moved, "auditlog"))
    assert response.status_code == 200
    assert "Kelurahan: Ciputat → Serua" in changes_of(response)
    page = text_of(response)
    assert "Sri Wahyuni" in page
    serua = str(kelurahan("Serua").pk)
    assert f"Kelurahan: {kelurahan('Ciputat').pk} → {serua}" not in page


def test_a_business_moved_to_another_kub_reads_by_the_kubs_names(client, staf_named):
    first = factories.BusinessGroupFactory(name="KUB Melati")
    second = factories.BusinessGroupFactory(name="KUB Mawar")
    business = factories.BusinessFactory(name="Usaha Bunga Handuk", group=first)
    with set_actor(staf_named):
        business.group = second
        business.save()
    client.force_login(staf_named)
    response = client.get(admin_url(business, "auditlog"))
    assert "KUB pemilik: KUB Melati → KUB Mawar" in changes_of(response)


def test_a_record_created_lists_its_fields_by_name_and_no_related_lists(client, staf_named):
    with set_actor(staf_named):
        group = factories.BusinessGroupFactory(name="KUB Anggrek")
    client.force_login(staf_named)
    response = client.get(admin_url(group, "auditlog"))
    lines = changes_of(response)
    assert "Nama KUB: KUB Anggrek" in lines
    assert "Kecamatan: Ciputat" in lines
    assert "Status: Sedang dibentuk" in lines  # the choice's label, not "forming"
    page = text_of(response)
    assert ".None" not in page  # auditlog's text for a reverse relation ("inventory.Business.None")
    assert "forming" not in page
    entry = LogEntry.objects.get_for_object(group).get()
    assert not {"memberships", "businesses", "products", "loan_referrals"} & set(entry.changes_dict)


def test_choices_read_by_their_label_and_booleans_as_ya_or_tidak(client, staf_named):
    batch = factories.TrainingBatchFactory(name="Angkatan Kokoru")
    participant = factories.ParticipantFactory(consent_given=False)
    with set_actor(staf_named):
        batch.status = batch.Status.RUNNING
        batch.save()
        participant.consent_given = True
        participant.save()
    client.force_login(staf_named)
    assert "Status: Direncanakan → Berjalan" in changes_of(client.get(admin_url(batch, "auditlog")))
    assert "Persetujuan data pribadi: tidak → ya" in changes_of(client.get(admin_url(participant, "auditlog")))


def test_the_time_is_in_wib_to_the_minute(client, staf_named, moved):
    entry = LogEntry.objects.get_for_object(moved).filter(action=LogEntry.Action.UPDATE).get()
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=dt.datetime(2026, 3, 5, 7, 7, 9, 123456, tzinfo=dt.UTC))
    client.force_login(staf_named)
    for response in (client.get(admin_url(moved, "auditlog")), client.get(admin_url(entry))):
        page = text_of(response)
        assert "05-03-2026 14:07" in page  # 07:07 UTC is 14:07 in Jakarta
        assert "07:07" not in page
        assert "123456" not in page and "14:07:09" not in page


def test_the_page_speaks_indonesian(client, staf_named, moved):
    client.force_login(staf_named)
    page = text_of(client.get(admin_url(moved, "auditlog")))
    for label in ("Jejak audit", "Waktu", "Oleh", "Aksi", "Perubahan", "diubah", "dibuat", "Beranda"):
        assert label in page, label
    for english in ("Audit log", "Changes", "Field", "From", "To", "update", "create", "system"):
        assert not re.search(rf"\b{english}\b", page), english


def test_the_whole_trail_lists_entries_in_indonesian_with_names(client, staf_named, moved):
    client.force_login(staf_named)
    response = client.get(admin_url(LogEntry, "changelist"))
    assert response.status_code == 200
    page = text_of(response)
    for label in ("Waktu", "Data", "Aksi", "Perubahan", "Oleh", "Peserta: Budi Santoso", "Kelurahan", "Sri Wahyuni"):
        assert label in page, label
    assert "diubah" in page and "dibuat" in page
    for english in ("Resource", "Changes", "Correlation ID", "Created", "change:", "changes:"):
        assert english not in page, english


def test_the_whole_trail_filters_by_action_and_kind_of_record(client, staf_named, moved):
    factories.BusinessGroupFactory()
    client.force_login(staf_named)
    kind = moved._meta
    response = client.get(
        admin_url(LogEntry, "changelist"),
        {"aksi": LogEntry.Action.UPDATE, "jenis": LogEntry.objects.get_for_object(moved).first().content_type_id},
    )
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert rows and all(e.action == LogEntry.Action.UPDATE and e.content_type.model == kind.model_name for e in rows)
    # A lookup the list does not offer is still refused.
    assert client.get(admin_url(LogEntry, "changelist"), {"changes__icontains": "3674"}).status_code == 400


def test_an_entrys_page_reads_like_the_records_trail(client, staf_named, moved):
    entry = LogEntry.objects.get_for_object(moved).filter(action=LogEntry.Action.UPDATE).get()
    client.force_login(staf_named)
    response = client.get(admin_url(entry))
    assert response.status_code == 200
    assert "Kelurahan: Ciputat → Serua" in changes_of(response)
    page = text_of(response)
    assert "Peserta: Budi Santoso" in page and "Sri Wahyuni" in page and "diubah" in page
    assert admin_url(moved, "auditlog") in response.content.decode()


def test_an_english_reader_gets_the_labels_the_catalogue_translates(client, staf_named, moved):
    client.force_login(staf_named)
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    response = client.get(admin_url(moved, "auditlog"))
    page = text_of(response)
    for label in ("Audit trail", "Time", "By", "Action", "Changes", "updated", "Home"):
        assert re.search(rf"\b{label}\b", page), label
    # Names are names in any language; field labels stay Indonesian until the catalogue has them.
    assert "Kelurahan: Ciputat → Serua" in changes_of(response)
    header = re.search(r"<thead>(.*?)</thead>", response.content.decode(), flags=re.S).group(1)
    assert not re.search(r"\b(Waktu|Oleh|Aksi|Perubahan)\b", header)
    assert not re.search(r"\bdiubah\b", page)


@pytest.mark.usefixtures("officers_in_admin")
def test_the_history_of_a_record_out_of_an_officers_kecamatan_is_404(client, petugas_pamulang, moved):
    client.force_login(petugas_pamulang)
    assert client.get(admin_url(moved, "auditlog")).status_code == 404


@pytest.mark.usefixtures("officers_in_admin")
def test_a_related_record_out_of_the_readers_scope_is_not_named(client, petugas_ciputat, staf_named):
    """An officer of Ciputat reads a Ciputat participant's trail; the kelurahan of Pamulang they
    came from is outside the officer's area and is not named."""
    pamulang = Kelurahan.objects.filter(kecamatan__name="Pamulang").order_by("code").first()
    participant = factories.ParticipantFactory(kelurahan=pamulang)
    fields = {
        name: getattr(participant, name)
        for name in ("nik", "name", "sex", "birth_date", "phone", "address", "consent_given")
    }
    participant_update(user=staf_named, participant=participant, **{**fields, "kelurahan": kelurahan("Serua")})
    client.force_login(petugas_ciputat)
    lines = changes_of(client.get(admin_url(participant, "auditlog")))
    assert "Kelurahan: (tidak tersedia) → Serua" in lines
    assert pamulang.name not in " ".join(lines)


def test_a_group_page_of_the_trail_costs_a_fixed_number_of_queries(client, staf_named, django_assert_max_num_queries):
    groups = [factories.BusinessGroupFactory(name=f"KUB {i}") for i in range(3)]
    business = factories.BusinessFactory(group=groups[0])
    with set_actor(staf_named):
        for group in groups[1:] * 5:
            business.group = group
            business.save()
    client.force_login(staf_named)
    with django_assert_max_num_queries(14):
        response = client.get(admin_url(business, "auditlog"))
    assert len(changes_of(response)) >= 10
    assert BusinessGroup.objects.count() == 3
