"""The records of issue 13 point 4: the privacy notice, the record of processing (page and
workbook), the incident register with its 72-hour deadline, the letters, the DPO in the footer."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participants.models import Consent
from records.models import Incident
from tests.factories import BankFactory

pytestmark = pytest.mark.django_db


def _incident(**extra):
    data = {
        "discovered_at": timezone.now() - dt.timedelta(hours=10),
        "description": "Laptop petugas hilang di angkot",
        "data_affected": "NIK dan nomor HP peserta Kecamatan Ciputat",
        "people_affected": 42,
        "measures": "Akun petugas dikunci, kata sandi diganti",
    }
    return Incident.objects.create(**{**data, **extra})


def test_the_ropa_lists_every_purpose_and_every_bank(client, staf):
    BankFactory(name="Bank Rakyat Contoh", short_name="BRC")
    BankFactory(name="Bank Daerah Banten Contoh", short_name="BDBC")
    client.force_login(staf)

    text = client.get(reverse("records:ropa")).content.decode()

    for _value, label in Consent.Purpose.choices:
        assert str(label) in text
    assert "Bank Rakyat Contoh" in text and "Bank Daerah Banten Contoh" in text
    # Data categories from the privacy registry, roles from accounts.roles, retention from settings.
    assert "NIK" in text and "Pimpinan" in text and "5 tahun" in text


def test_the_ropa_follows_the_retention_setting(client, staf, settings):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "referral": 9}
    client.force_login(staf)
    assert "9 tahun" in client.get(reverse("records:ropa")).content.decode()


def test_the_ropa_names_the_security_log_and_the_buyer_leads_with_their_periods(client, staf, settings):
    settings.SECURITY_EVENT_RETENTION_DAYS = 200
    client.force_login(staf)

    text = client.get(reverse("records:ropa")).content.decode()

    assert "Log peristiwa keamanan" in text and "alamat IP" in text and "200 hari" in text
    assert "Calon pembeli yang ditemui di stan pameran" in text


def test_the_ropa_workbook_holds_every_purpose_and_bank(client, pimpinan):
    BankFactory(name="Bank Rakyat Contoh", short_name="BRC")
    client.force_login(pimpinan)

    response = client.get(reverse("records:ropa_xlsx"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    for _value, label in Consent.Purpose.choices:
        assert str(label) in cells
    assert "Bank Rakyat Contoh" in cells


def test_an_incident_is_due_72_hours_after_it_was_discovered(client, staf):
    client.force_login(staf)
    response = client.post(
        reverse("records:incident_new"),
        {
            "discovered_at": "2026-11-30T09:15",
            "description": "Berkas ekspor terkirim ke alamat surel yang salah",
            "data_affected": "Nama dan NIK peserta",
            "people_affected": "12",
            "measures": "",
            "notified_at": "",
            "status": "open",
        },
    )

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.deadline - incident.discovered_at == dt.timedelta(hours=72)
    assert timezone.localtime(incident.deadline).strftime("%d-%m-%Y %H:%M") == "03-12-2026 09:15"
    assert incident.recorded_by == staf


def test_the_register_warns_when_the_deadline_nears_and_when_it_passed(client, staf):
    ok = _incident(discovered_at=timezone.now() - dt.timedelta(hours=2))
    near = _incident(discovered_at=timezone.now() - dt.timedelta(hours=60))
    late = _incident(discovered_at=timezone.now() - dt.timedelta(hours=80))
    done = _incident(discovered_at=timezone.now() - dt.timedelta(hours=80), notified_at=timezone.now())
    client.force_login(staf)

    text = client.get(reverse("records:incident_list")).content.decode()

    assert f'data-warning="{near.pk}"' in text and f'data-warning="{late.pk}"' in text
    assert f'data-warning="{ok.pk}"' not in text and f'data-warning="{done.pk}"' not in text
    assert "sudah lewat" in text


def test_notified_before_discovered_is_refused(client, staf):
    incident = _incident()
    client.force_login(staf)
    response = client.post(
        reverse("records:incident_detail", args=[incident.pk]),
        {
            "discovered_at": "2026-11-30T09:15",
            "description": "x",
            "data_affected": "y",
            "people_affected": "1",
            "notified_at": "2026-11-29T09:15",
            "status": "notified",
        },
    )
    assert response.status_code == 200
    assert "tidak boleh sebelum" in response.content.decode()


def test_the_two_letters_say_what_when_and_what_is_done(client, staf, settings):
    settings.DATA_PROTECTION_AUTHORITY = "Lembaga PDP Contoh"
    incident = _incident()
    client.force_login(staf)

    people = client.get(reverse("records:incident_letter_people", args=[incident.pk])).content.decode()
    authority = client.get(reverse("records:incident_letter_authority", args=[incident.pk])).content.decode()

    for letter in (people, authority):
        assert 'id="incident-letter"' in letter
        assert "DINAS PERINDUSTRIAN DAN PERDAGANGAN" in letter
        assert "Laptop petugas hilang" in letter and "NIK dan nomor HP" in letter and "Akun petugas dikunci" in letter
        assert reverse("records:incident_detail", args=[incident.pk]) in letter
    assert "Lembaga PDP Contoh" in authority and "42 orang" in authority
    assert "yang datanya terdampak" in people


def test_the_privacy_notice_is_public_and_names_the_dpo(client, settings):
    settings.DPO_EMAIL = "ppdp@contoh.go.id"
    text = client.get(reverse("records:notice")).content.decode()
    for _value, label in Consent.Purpose.choices:
        assert str(label) in text
    assert "3×24 jam" in text
    assert "ppdp@contoh.go.id" in text


@pytest.mark.parametrize("name", ["login", "home", "records:notice", "catalogue:index"])
def test_the_dpo_contact_is_in_the_footer_of_every_page(client, admin_user, settings, name):
    settings.DPO_NAME, settings.DPO_PHONE = "Ibu Petugas PDP", "(021) 1234"
    if name == "home":
        client.force_login(admin_user)
    text = client.get(reverse(name)).content.decode()
    footer = text[text.index("<footer") :]
    assert 'id="footer-dpo"' in footer
    assert "Ibu Petugas PDP" in footer and "(021) 1234" in footer
    assert reverse("records:notice") in footer


def test_the_dpo_contact_is_in_the_footer_of_an_error_page(client, admin_user, settings):
    settings.DPO_NAME = "Ibu Petugas PDP"
    client.force_login(admin_user)
    response = client.get("/peserta/999999999/")
    assert response.status_code == 404
    assert "Ibu Petugas PDP" in response.content.decode()


def test_changes_to_an_incident_are_in_the_audit_trail(client, staf):
    from auditlog.models import LogEntry

    incident = _incident()
    client.force_login(staf)
    client.post(
        reverse("records:incident_detail", args=[incident.pk]),
        {
            "discovered_at": timezone.localtime(incident.discovered_at).strftime("%Y-%m-%dT%H:%M"),
            "description": incident.description,
            "data_affected": incident.data_affected,
            "people_affected": "50",
            "measures": incident.measures,
            "notified_at": "",
            "status": "open",
        },
    )
    incident.refresh_from_db()
    assert incident.people_affected == 50
    assert LogEntry.objects.get_for_object(incident).filter(action=LogEntry.Action.UPDATE).exists()


def test_every_page_warns_the_department_of_an_incident_due_within_a_day(client, staf, pimpinan):
    _incident(discovered_at=timezone.now() - dt.timedelta(hours=40))
    client.force_login(staf)
    assert 'id="incidents-due"' not in client.get(reverse("home")).content.decode()

    _incident(discovered_at=timezone.now() - dt.timedelta(hours=60))
    assert 'id="incidents-due"' in client.get(reverse("home")).content.decode()
    assert 'id="incidents-due"' in client.get(reverse("participants:list")).content.decode()

    client.force_login(pimpinan)
    assert 'id="incidents-due"' not in client.get(reverse("home")).content.decode()
