"""The participant list at /peserta/: search, filters, sorting, pagination, masking, query count."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    BusinessFactory,
    CraftTypeFactory,
    EnrollmentFactory,
    LoanReferralFactory,
    MembershipFactory,
    ParticipantFactory,
    TrainingBatchFactory,
    kecamatan,
    kelurahan_of,
)

pytestmark = pytest.mark.django_db

URL = reverse("participants:list")


def names(response) -> list[str]:
    return [p.name for p in response.context["page"]]


def test_it_searches_by_name_words_in_any_case(client, staf):
    ParticipantFactory(name="Siti Aminah")
    ParticipantFactory(name="Siti Rahma")
    ParticipantFactory(name="Aminah Lubis")
    client.force_login(staf)
    assert names(client.get(URL, {"q": "siti amin"})) == ["Siti Aminah"]
    assert names(client.get(URL, {"q": "AMINAH"})) == ["Aminah Lubis", "Siti Aminah"]


def test_staff_search_a_nik_by_its_first_digits(client, staf):
    a = ParticipantFactory(nik="3674011508900001", sex="L", birth_date="1990-08-15")
    b = ParticipantFactory(nik="3674064101850002", sex="P", birth_date="1985-01-01", kelurahan=kelurahan_of("Pamulang"))
    client.force_login(staf)
    assert names(client.get(URL, {"q": "367401"})) == [a.name]
    assert names(client.get(URL, {"q": "3674 06"})) == [b.name]
    assert names(client.get(URL, {"q": b.nik})) == [b.name]


def test_leadership_searching_a_full_nik_go_straight_to_the_participant(client, pimpinan):
    p = ParticipantFactory(nik="3674011508900001", sex="L", birth_date="1990-08-15")
    client.force_login(pimpinan)
    response = client.get(URL, {"q": p.nik})
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", kwargs={"pk": p.pk})
    html = client.get(response["Location"]).content.decode()
    assert p.nik not in html
    assert "3674********0001" in html


def test_leadership_cannot_search_a_nik_by_its_first_digits(client, pimpinan):
    """Otherwise a masked NIK could be read digit by digit through the search."""
    ParticipantFactory(nik="3674011508900001", sex="L", birth_date="1990-08-15")
    client.force_login(pimpinan)
    response = client.get(URL, {"q": "367401150890000", "sort": "-nama"}, follow=True)
    assert response.redirect_chain == [(f"{URL}?sort=-nama", 302)]
    html = response.content.decode()
    assert "hanya dapat mencari NIK lengkap (16 digit)" in html
    assert "367401150890000" not in html


def test_leadership_are_told_a_nik_is_not_found_without_seeing_it(client, pimpinan):
    ParticipantFactory(nik="3674011508900001", sex="L", birth_date="1990-08-15")
    client.force_login(pimpinan)
    html = client.get(URL, {"q": "3674011508900002"}, follow=True).content.decode()
    assert "Tidak ada peserta dengan NIK 3674********0002" in html
    assert "3674011508900002" not in html


def test_leadership_see_the_nik_masked(client, pimpinan):
    p = ParticipantFactory(nik="3674011508900001", sex="L", birth_date="1990-08-15")
    client.force_login(pimpinan)
    html = client.get(URL).content.decode()
    assert p.nik not in html
    assert "3674********0001" in html


def test_staff_and_officers_see_the_full_nik(client, staf, petugas_ciputat):
    p = ParticipantFactory(nik="3674011508900001", sex="L", birth_date="1990-08-15")
    for user in (staf, petugas_ciputat):
        client.force_login(user)
        assert p.nik in client.get(URL).content.decode()


def test_a_field_officer_lists_only_their_kecamatan(client, petugas_ciputat):
    ParticipantFactory(name="Warga Ciputat", kelurahan=kelurahan_of("Ciputat"))
    ParticipantFactory(name="Warga Pamulang", kelurahan=kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)
    assert names(client.get(URL)) == ["Warga Ciputat"]
    # Asking for another kecamatan does not widen the list.
    assert names(client.get(URL, {"kecamatan": kecamatan("Pamulang").pk})) == ["Warga Ciputat"]


def test_a_bank_liaison_lists_only_participants_referred_to_their_bank(client, bank_bri, bri):
    referred = ParticipantFactory(name="Dirujuk ke BRI")
    LoanReferralFactory(participant=referred, bank=bri)
    LoanReferralFactory(participant=ParticipantFactory(name="Dirujuk ke bank lain"))
    ParticipantFactory(name="Tanpa rujukan")
    client.force_login(bank_bri)
    response = client.get(URL)
    assert names(response) == ["Dirujuk ke BRI"]
    assert referred.nik not in response.content.decode()


def test_it_filters_by_kecamatan_and_kelurahan(client, staf):
    ciputat = ParticipantFactory(name="A Ciputat", kelurahan=kelurahan_of("Ciputat"))
    other_kel = kecamatan("Ciputat").kelurahan.order_by("code")[1]
    ParticipantFactory(name="B Ciputat lain", kelurahan=other_kel)
    ParticipantFactory(name="C Pamulang", kelurahan=kelurahan_of("Pamulang"))
    client.force_login(staf)
    assert names(client.get(URL, {"kecamatan": kecamatan("Ciputat").pk})) == ["A Ciputat", "B Ciputat lain"]
    response = client.get(URL, {"kecamatan": kecamatan("Ciputat").pk, "kelurahan": ciputat.kelurahan_id})
    assert names(response) == ["A Ciputat"]


def test_it_filters_by_craft_and_batch_through_enrolment(client, staf):
    towel = CraftTypeFactory(name="Pot bunga handuk")
    eggshell = CraftTypeFactory(name="Kaligrafi kulit telur")
    batch_towel = TrainingBatchFactory(craft_type=towel)
    batch_egg = TrainingBatchFactory(craft_type=eggshell)
    a = ParticipantFactory(name="A")
    b = ParticipantFactory(name="B")
    ParticipantFactory(name="C")
    EnrollmentFactory(participant=a, batch=batch_towel)
    EnrollmentFactory(participant=b, batch=batch_egg)
    EnrollmentFactory(participant=b, batch=TrainingBatchFactory(craft_type=eggshell))
    client.force_login(staf)
    assert names(client.get(URL, {"craft": towel.pk})) == ["A"]
    assert names(client.get(URL, {"craft": eggshell.pk})) == ["B"]  # once, though in two batches
    assert names(client.get(URL, {"batch": batch_egg.pk})) == ["B"]


def test_it_filters_by_status(client, staf):
    today = timezone.localdate()
    registered = ParticipantFactory(name="Baru terdaftar")
    EnrollmentFactory(participant=registered, completed=False)
    completed = ParticipantFactory(name="Lulus saja")
    EnrollmentFactory(participant=completed, completed=True)
    member = ParticipantFactory(name="Anggota KUB")
    EnrollmentFactory(participant=member, completed=True)
    group = MembershipFactory(participant=member).group
    BusinessFactory(group=group, last_visit_status="not_running", last_visited_on=today)
    owner = ParticipantFactory(name="Pemilik usaha berjalan")
    BusinessFactory(owner_participant=owner, last_visit_status="running", last_visited_on=today)
    client.force_login(staf)
    assert names(client.get(URL, {"status": "terdaftar"})) == ["Baru terdaftar", "Pemilik usaha berjalan"]
    assert names(client.get(URL, {"status": "lulus"})) == ["Anggota KUB", "Lulus saja"]
    assert names(client.get(URL, {"status": "kub"})) == ["Anggota KUB"]
    assert names(client.get(URL, {"status": "usaha-nyata"})) == ["Pemilik usaha berjalan"]


def test_it_sorts_by_name_registration_date_and_kecamatan(client, staf):
    ParticipantFactory(name="Budi", kelurahan=kelurahan_of("Pamulang"))
    ParticipantFactory(name="Citra", kelurahan=kelurahan_of("Serpong"))
    ParticipantFactory(name="Andi", kelurahan=kelurahan_of("Ciputat"))
    client.force_login(staf)
    assert names(client.get(URL)) == ["Andi", "Budi", "Citra"]
    assert names(client.get(URL, {"sort": "-nama"})) == ["Citra", "Budi", "Andi"]
    assert names(client.get(URL, {"sort": "terdaftar"})) == ["Budi", "Citra", "Andi"]
    assert names(client.get(URL, {"sort": "-terdaftar"})) == ["Andi", "Citra", "Budi"]
    assert names(client.get(URL, {"sort": "kecamatan"})) == ["Citra", "Andi", "Budi"]
    assert names(client.get(URL, {"sort": "-kecamatan"})) == ["Budi", "Andi", "Citra"]
    assert names(client.get(URL, {"sort": "nik"})) == ["Andi", "Budi", "Citra"]  # unknown: by name


def test_it_pages_by_25_and_lets_the_user_choose_up_to_100(client, staf):
    ParticipantFactory.create_batch(30)
    client.force_login(staf)
    first = client.get(URL)
    assert len(first.context["page"]) == 25
    assert first.context["page"].paginator.count == 30
    assert len(client.get(URL, {"page": 2}).context["page"]) == 5
    assert len(client.get(URL, {"per_page": 50}).context["page"]) == 30
    assert len(client.get(URL, {"per_page": 1000}).context["page"]) == 25  # not a choice: the default


def test_page_links_keep_the_filters(client, staf):
    ParticipantFactory.create_batch(30, kelurahan=kelurahan_of("Setu"))
    client.force_login(staf)
    html = client.get(URL, {"kecamatan": kecamatan("Setu").pk, "sort": "-nama"}).content.decode()
    assert f"?kecamatan={kecamatan('Setu').pk}&amp;sort=-nama&amp;page=2" in html


def _queries(client, rows: int) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"per_page": 100, "kecamatan": kecamatan("Ciputat").pk, "status": ""})
    assert len(response.context["page"]) == rows
    return [q["sql"] for q in ctx.captured_queries]


def test_the_list_costs_the_same_number_of_queries_for_5_and_60_rows(client, staf):
    client.force_login(staf)
    ParticipantFactory.create_batch(5)
    few = _queries(client, 5)
    ParticipantFactory.create_batch(55)
    many = _queries(client, 60)
    assert len(few) == len(many)
    assert sum("COUNT(" in sql.upper() for sql in many) == 1


def test_leadership_list_costs_the_same_number_of_queries_for_5_and_60_rows(client, pimpinan):
    client.force_login(pimpinan)
    ParticipantFactory.create_batch(5)
    few = _queries(client, 5)
    ParticipantFactory.create_batch(55)
    assert len(few) == len(_queries(client, 60))


def test_the_status_column_shows_what_each_participant_reached(client, staf):
    p = ParticipantFactory(name="Pemilik")
    EnrollmentFactory(participant=p, completed=True)
    BusinessFactory(owner_participant=p, last_visit_status="running", last_visited_on=timezone.localdate())
    client.force_login(staf)
    row = client.get(URL).context["page"][0]
    assert (row.completed, row.in_kub, row.is_real) == (True, False, True)


def test_a_bank_liaison_is_offered_only_the_filters_they_may_read(client, bank_bri):
    client.force_login(bank_bri)
    form = client.get(URL).context["form"]
    assert set(form.fields) == {"q", "sort", "per_page"}


def test_a_search_typed_in_the_box_never_puts_the_nik_in_the_address(client, staf):
    wanted = ParticipantFactory(name="Rina Wati")
    ParticipantFactory(name="Lain Orang")
    client.force_login(staf)
    response = client.post(URL, {"q": wanted.nik, "sort": "nama"})
    assert response.status_code == 302
    assert wanted.nik not in response["Location"]
    assert "cari=" in response["Location"] and "sort=nama" in response["Location"]
    page = client.get(response["Location"])
    assert names(page) == ["Rina Wati"]
    # The box shows what was typed; the pagination and sort links carry only the token.
    assert page.context["form"]["q"].value() == wanted.nik
    links = re.findall(r'href="([^"]*)"', page.content.decode())
    assert any("cari=" in link for link in links)
    assert not [link for link in links if wanted.nik in link]


def test_a_search_token_from_another_session_finds_nothing_of_it(client, staf):
    wanted = ParticipantFactory(name="Rina Wati")
    ParticipantFactory(name="Lain Orang")
    client.force_login(staf)
    location = client.post(URL, {"q": wanted.nik})["Location"]
    client.logout()
    client.force_login(staf)
    # A fresh session does not know the token: the list is simply unfiltered.
    assert sorted(names(client.get(location))) == ["Lain Orang", "Rina Wati"]


def test_the_batch_filter_offers_the_latest_batches_and_the_chosen_one_not_every_batch(client, staf):
    from trainings.selectors import BATCH_CHOICES_LIMIT

    old = TrainingBatchFactory(name="Angkatan lama", start_date=dt.date(2020, 1, 6), end_date=dt.date(2020, 1, 31))
    TrainingBatchFactory.create_batch(BATCH_CHOICES_LIMIT + 5)
    client.force_login(staf)

    offered = dict(client.get(URL).context["form"].fields["batch"].widget.choices)
    assert len(offered) == BATCH_CHOICES_LIMIT + 1  # "Semua angkatan" and the latest
    assert old.pk not in offered

    chosen = client.get(URL, {"batch": old.pk})
    assert old.pk in dict(chosen.context["form"].fields["batch"].widget.choices)
    assert f'<option value="{old.pk}" selected>Angkatan lama</option>' in chosen.content.decode()


def test_typing_part_of_a_batch_name_narrows_the_batches_offered(client, staf):
    TrainingBatchFactory(name="Batik Setu 2026")
    TrainingBatchFactory(name="Anyaman Pamulang")
    client.force_login(staf)

    options = client.get(reverse("trainings:batch_options"), {"batch_search": "batik"}).content.decode()

    assert "Batik Setu 2026" in options and "Anyaman" not in options
    # Without JavaScript the same text, applied with the filters, narrows the select.
    offered = client.get(URL, {"batch_search": "anyaman"}).context["form"].fields["batch"].widget.choices
    assert [label for _, label in offered] == ["Semua angkatan", "Anyaman Pamulang"]


@pytest.mark.parametrize("depth", [500, 30])
def test_the_kecamatan_sort_pages_kecamatan_by_kecamatan_without_ordering_by_a_joined_code(
    client, staf, depth, monkeypatch
):
    from participants import selectors
    from participants.models import Participant

    # Beyond the depth (here page 2 on) the page is read in the one ORDER BY: the same rows.
    monkeypatch.setattr(selectors, "KECAMATAN_UNION_DEPTH", depth)

    # Names that interleave across kecamatans, several pages of 25, two on one name.
    places = ["Setu", "Serpong", "Ciputat", "Pamulang", "Pondok Aren"]
    for i in range(60):
        ParticipantFactory(name=f"Nama {i % 23:02d}", kelurahan=kelurahan_of(places[i % len(places)]))
    client.force_login(staf)
    for sort, codes in (("kecamatan", "kelurahan__kecamatan__code"), ("-kecamatan", "-kelurahan__kecamatan__code")):
        expected = list(Participant.objects.order_by(codes, "name", "pk").values_list("pk", flat=True))
        shown = []
        for number in (1, 2, 3):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(URL, {"sort": sort, "page": number})
            shown += [p.pk for p in response.context["page"]]
            if connection.features.supports_slicing_ordering_in_compound and number * 25 <= depth:  # PostgreSQL
                # The order the name index cannot serve (a joined code first) is never asked for.
                sql = [q["sql"] for q in queries.captured_queries if 'FROM "participants_participant"' in q["sql"]]
                assert sql and not [q for q in sql if 'ORDER BY "regions_kecamatan"."code"' in q]
        assert shown == expected
