"""The pipeline pages: making a referral, the board by status, the letter for the bank."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from financing.models import KurProgramme, LoanReferral, ReferralStatus
from tests import factories
from tests.financing.eligible import eligible_group, eligible_participant

pytestmark = pytest.mark.django_db

S = ReferralStatus
NEW = reverse("financing:new")


def test_staff_find_the_applicant_by_a_posted_name(client, staf):
    eligible_participant(name="Siti Aminah Cari")
    group = eligible_group(name="KUB Aminah Batik")
    client.force_login(staf)
    page = client.post(NEW, {"cari": "Aminah"}).content.decode()
    assert "Siti Aminah Cari" in page and f"?kub={group.pk}" in page


def form_data(bank, programme, amount="5000000", **extra):
    return {"bank": bank.pk, "programme": programme.pk, "amount_requested": amount, "purpose": "Bahan baku", **extra}


def test_an_eligible_participant_is_referred_as_a_draft(client, staf, bri):
    person = eligible_participant()
    client.force_login(staf)
    page = client.get(f"{NEW}?peserta={person.pk}").content.decode()
    assert page.count('data-passed="1"') == 7 and "override-hint" not in page
    super_mikro = KurProgramme.objects.get(name="KUR Super Mikro")
    response = client.post(f"{NEW}?peserta={person.pk}", form_data(bri, super_mikro))
    referral = LoanReferral.objects.get(participant=person)
    assert response["Location"] == reverse("financing:detail", args=[referral.pk])
    assert (referral.status, referral.programme, referral.created_by) == (S.DRAFT, super_mikro, staf)


def test_failed_points_are_named_and_an_override_needs_a_reason(client, staf, bri):
    person = eligible_participant()
    person.enrollments.update(completed=False)
    client.force_login(staf)
    page = client.get(f"{NEW}?peserta={person.pk}").content.decode()
    assert 'data-point="trained" data-passed="0"' in page and "override-hint" in page
    super_mikro = KurProgramme.objects.get(name="KUR Super Mikro")
    page = client.post(f"{NEW}?peserta={person.pk}", form_data(bri, super_mikro)).content.decode()
    assert "Syarat yang belum terpenuhi: Sudah lulus pelatihan" in page
    assert not LoanReferral.objects.exists()
    response = client.post(
        f"{NEW}?peserta={person.pk}", form_data(bri, super_mikro, override_reason="Sertifikat menyusul.")
    )
    assert response.status_code == 302
    assert LoanReferral.objects.get().override_reason == "Sertifikat menyusul."


def test_an_amount_outside_the_band_is_refused_on_the_form(client, staf, bri):
    person = eligible_participant()
    client.force_login(staf)
    super_mikro = KurProgramme.objects.get(name="KUR Super Mikro")
    page = client.post(f"{NEW}?peserta={person.pk}", form_data(bri, super_mikro, amount="25000000")).content.decode()
    assert "Jumlah untuk KUR Super Mikro harus antara Rp1 dan Rp10.000.000." in page
    assert not LoanReferral.objects.exists()


def test_a_kub_referral_is_made_for_the_kub(client, staf, bri):
    group = eligible_group()
    client.force_login(staf)
    mikro = KurProgramme.objects.get(name="KUR Mikro")
    response = client.post(f"{NEW}?kub={group.pk}", form_data(bri, mikro, amount="60000000"))
    assert response.status_code == 302
    referral = LoanReferral.objects.get()
    assert (referral.group, referral.participant, referral.kecamatan) == (group, None, group.kecamatan)


def test_a_bank_liaison_cannot_make_referrals(client, bank_bri):
    client.force_login(bank_bri)
    assert client.get(NEW).status_code == 403


def test_the_board_groups_referrals_by_status(client, staf, bank_bri, bri):
    draft = factories.LoanReferralFactory(
        bank=bri, status=S.DRAFT, participant=factories.ParticipantFactory(name="Dina Draf")
    )
    sent = factories.LoanReferralFactory(
        bank=bri, status=S.REFERRED, participant=factories.ParticipantFactory(name="Sari Rujuk")
    )
    review = factories.LoanReferralFactory(
        bank=bri, status=S.UNDER_REVIEW, participant=factories.ParticipantFactory(name="Rina Nilai")
    )
    other = factories.LoanReferralFactory(status=S.REFERRED, participant=factories.ParticipantFactory(name="Oki Lain"))
    client.force_login(staf)
    response = client.get(reverse("financing:board"))
    columns = {c.status: c for c in response.context["columns"]}
    assert list(columns) == list(S)
    assert columns[S.DRAFT].referrals == [draft]
    assert set(columns[S.REFERRED].referrals) == {sent, other}
    assert columns[S.UNDER_REVIEW].referrals == [review]
    assert columns[S.CLOSED].count == 0
    client.force_login(bank_bri)
    response = client.get(reverse("financing:board"))
    columns = {c.status: c for c in response.context["columns"]}
    assert S.DRAFT not in columns
    assert columns[S.REFERRED].referrals == [sent]
    page = response.content.decode()
    assert "Dina Draf" not in page and "Oki Lain" not in page


def test_leadership_gets_no_board(client, pimpinan):
    client.force_login(pimpinan)
    assert client.get(reverse("financing:board")).status_code == 403


@pytest.fixture
def referred(bri, staf):
    person = factories.ParticipantFactory(
        name="Wulan Surat",
        sex="P",
        birth_date=dt.date(1987, 6, 21),
        nik=factories.make_nik(birth_date=dt.date(1987, 6, 21), sex="P", serial=4321),
        phone="+6281299990000",
        address="Jl. Melati Rahasia 9",
    )
    referral = factories.LoanReferralFactory(
        bank=bri,
        participant=person,
        amount_requested=Decimal("7500000"),
        programme=KurProgramme.objects.get(name="KUR Super Mikro"),
    )
    return referral


@pytest.mark.parametrize("persona", ["staf", "bank_bri"])
def test_the_letter_names_the_person_in_full_for_the_bank(client, request, referred, persona):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("financing:letter", args=[referred.pk])).content.decode()
    person = referred.participant
    assert person.nik in page
    assert "Wulan Surat" in page and "KUR Super Mikro" in page and "Rp7.500.000" in page
    assert f"{referred.pk}/PEMBIAYAAN/" in page
    assert "DINAS PERINDUSTRIAN DAN PERDAGANGAN" in page
    # The letter's print styles: a stylesheet of its own (no inline style under the CSP).
    assert "css/letter.css" in page
    # Nothing else personal: no phone, address or birth date.
    assert "81299990000" not in page and "Melati Rahasia" not in page and "21-06-1987" not in page


def test_the_letter_lists_attached_and_missing_documents(client, staf, referred):
    from financing.models import DocumentKind
    from financing.services import document_add
    from tests.financing.test_documents import pdf

    document_add(referral=referred, kind=DocumentKind.objects.get(code="ektp"), file=pdf(), user=staf)
    client.force_login(staf)
    page = client.get(reverse("financing:letter", args=[referred.pk])).content.decode()
    attached = page[page.index('id="letter-documents"') : page.index("</ol>", page.index('id="letter-documents"'))]
    assert "e-KTP" in attached and "Kartu Keluarga" not in attached
    assert "Kartu Keluarga (KK)" in page[page.index('id="letter-missing"') :]


def test_the_letter_is_not_for_another_bank_or_leadership(client, referred, pimpinan):
    from accounts import roles
    from tests.conftest import _persona

    client.force_login(_persona("bank.bni", roles.BANK_LIAISON, bank=factories.BankFactory(short_name="BNI")))
    assert client.get(reverse("financing:letter", args=[referred.pk])).status_code == 404
    client.force_login(pimpinan)
    assert client.get(reverse("financing:letter", args=[referred.pk])).status_code == 403


def test_the_approval_page_offers_a_programme_and_the_disbursement_page_a_date(client, bank_bri, referred):
    LoanReferral.objects.filter(pk=referred.pk).update(status=S.UNDER_REVIEW)
    client.force_login(bank_bri)
    url = reverse("financing:transition", args=[referred.pk])
    page = client.get(f"{url}?ke=approved").content.decode()
    assert 'name="programme"' in page
    response = client.post(
        url,
        {
            "to_status": "approved",
            "amount": "7000000",
            "programme": KurProgramme.objects.get(name="KUR Super Mikro").pk,
        },
    )
    assert response.status_code == 302
    page = client.get(f"{url}?ke=disbursed").content.decode()
    assert 'name="disbursed_on"' in page
    client.post(url, {"to_status": "disbursed", "amount": "7000000", "disbursed_on": "2026-11-30"})
    referred.refresh_from_db()
    assert (referred.status, referred.disbursed_on) == (S.DISBURSED, dt.date(2026, 11, 30))
