"""/pelatihan/sesi/<pk>/kehadiran/: the roster saved in one submit, paper entry, completion, scope."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from tests import factories
from trainings.models import Attendance, Enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(db):
    return factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"))


@pytest.fixture
def sessions(batch):
    return [
        factories.TrainingSessionFactory(batch=batch, date=dt.date(2026, 3, 2) + dt.timedelta(days=i)) for i in range(4)
    ]


@pytest.fixture
def roster(batch):
    return [factories.EnrollmentFactory(batch=batch) for _ in range(3)]


def url(session):
    return reverse("trainings:attendance", args=[session.pk])


def post(client, session, statuses: dict, **extra):
    data = {f"status_{e.pk}": status for e, status in statuses.items()}
    return client.post(url(session), {**data, **extra})


def test_the_whole_roster_is_saved_in_one_submit_with_who_and_from_paper(client, petugas_ciputat, sessions, roster):
    client.force_login(petugas_ciputat)
    a, b, c = roster

    response = post(client, sessions[0], {a: "present", b: "late", c: "absent"}, from_paper="on")

    assert response.status_code == 302 and response["Location"] == url(sessions[0])
    records = {r.enrollment_id: r for r in Attendance.objects.filter(session=sessions[0])}
    assert {k: r.status for k, r in records.items()} == {a.pk: "present", b.pk: "late", c.pk: "absent"}
    assert all(r.from_paper and r.recorded_by == petugas_ciputat for r in records.values())
    page = client.get(url(sessions[0])).content.decode()
    assert "Terakhir dicatat oleh petugas.ciputat" in page
    assert "3 catatan disalin dari daftar hadir kertas" in page


def test_the_saved_statuses_are_checked_when_the_page_opens_again(client, staf, sessions, roster):
    client.force_login(staf)
    post(client, sessions[0], {roster[0]: "excused"})

    response = client.get(url(sessions[0]))

    field = response.context["form"][f"status_{roster[0].pk}"]
    assert field.value() == "excused"
    assert f'value="excused" class="btn-check" autocomplete="off" id="id_status_{roster[0].pk}_2" checked' in (
        response.content.decode()
    )


def test_the_paper_box_is_suggested_for_a_past_session_only(client, staf, batch, roster):
    past = factories.TrainingSessionFactory(batch=batch, date=timezone.localdate() - dt.timedelta(days=1))
    today = factories.TrainingSessionFactory(batch=batch, date=timezone.localdate())
    client.force_login(staf)

    assert client.get(url(past)).context["form"]["from_paper"].value() is True
    assert client.get(url(today)).context["form"]["from_paper"].value() is False


def test_live_entry_is_not_marked_as_from_paper(client, staf, sessions, roster):
    client.force_login(staf)

    post(client, sessions[0], {roster[0]: "present"})

    assert Attendance.objects.get().from_paper is False


def test_completion_follows_from_attendance(client, staf, sessions, roster, settings):
    settings.TANGSEL_COMPLETION_THRESHOLD = 0.75
    client.force_login(staf)
    first = roster[0]
    for session in sessions[:2]:
        post(client, session, {first: "present"})
    post(client, sessions[2], {first: "late"})
    first.refresh_from_db()
    assert (first.attendance_rate, first.completed) == (0.75, True)

    post(client, sessions[2], {first: "absent"})

    first.refresh_from_db()
    assert (first.attendance_rate, first.completed) == (0.5, False)


def test_participants_left_blank_are_not_recorded(client, staf, sessions, roster):
    client.force_login(staf)

    post(client, sessions[0], {roster[0]: "present"})

    assert list(Attendance.objects.values_list("enrollment", flat=True)) == [roster[0].pk]


def test_an_unknown_status_is_refused_and_nothing_saved(client, staf, sessions, roster):
    client.force_login(staf)

    response = post(client, sessions[0], {roster[0]: "present", roster[1]: "sleeping"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Attendance.objects.exists()


def test_an_officer_of_another_kecamatan_gets_404(client, petugas_pamulang, sessions, roster):
    client.force_login(petugas_pamulang)

    assert client.get(url(sessions[0])).status_code == 404
    assert post(client, sessions[0], {roster[0]: "present"}).status_code == 404
    assert not Attendance.objects.exists()


def test_leadership_reads_the_roster_but_cannot_save(client, pimpinan, sessions, roster):
    client.force_login(pimpinan)

    page = client.get(url(sessions[0]))
    refused = post(client, sessions[0], {roster[0]: "present"})

    assert page.status_code == 200 and "Simpan kehadiran" not in page.content.decode()
    assert page.context["form"][f"status_{roster[0].pk}"].field.disabled
    assert refused.status_code == 403
    assert not Attendance.objects.exists()


def test_the_roster_takes_the_same_number_of_queries_for_any_batch_size(client, staf, batch, sessions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staf)
    factories.EnrollmentFactory(batch=batch)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(url(sessions[0]))
        return len(ctx.captured_queries)

    few = count()
    for _ in range(15):
        enrollment = factories.EnrollmentFactory(batch=batch)
        factories.AttendanceFactory(session=sessions[0], enrollment=enrollment, recorded_by=staf)
    assert count() == few
    assert Enrollment.objects.count() == 16


def test_a_session_that_has_not_started_says_when_attendance_opens_instead_of_the_form(client, staf, batch, roster):
    tomorrow = factories.TrainingSessionFactory(
        batch=batch, date=timezone.localdate() + dt.timedelta(days=1), start_time=dt.time(9)
    )
    client.force_login(staf)

    response = client.get(url(tomorrow))

    html = response.content.decode()
    assert f"Kehadiran sesi ini dapat diisi mulai {formats.date_format(tomorrow.date, 'l, d-m-Y')} 09:00." in html
    assert 'id="attendance-form"' not in html and "Simpan kehadiran" not in html


def test_attendance_posted_for_a_session_that_has_not_started_is_refused(client, petugas_ciputat, batch, roster):
    tomorrow = factories.TrainingSessionFactory(batch=batch, date=timezone.localdate() + dt.timedelta(days=1))
    client.force_login(petugas_ciputat)

    response = post(client, tomorrow, {roster[0]: "present"})

    assert response.status_code == 302
    assert not Attendance.objects.exists()
    assert "dapat diisi mulai" in client.get(response["Location"]).content.decode()


def test_the_batch_page_marks_sessions_not_started_yet(client, staf, batch, sessions):
    later = factories.TrainingSessionFactory(batch=batch, date=timezone.localdate() + dt.timedelta(days=3))
    client.force_login(staf)

    html = client.get(reverse("trainings:batch_detail", args=[batch.pk])).content.decode()

    row = html[html.index(f'data-session="{later.pk}"') :][:1500]
    assert "Belum dimulai" in row and "Isi kehadiran" not in row
    assert html.count("Isi kehadiran") == len(sessions)


def test_the_roster_is_shown_a_page_at_a_time_and_the_summary_counts_everyone(client, staf, batch, sessions):
    from trainings.selectors import ROSTER_PAGE_SIZE

    people = [
        factories.EnrollmentFactory(batch=batch, participant=factories.ParticipantFactory(name=f"Peserta {i:03d}"))
        for i in range(ROSTER_PAGE_SIZE + 5)
    ]
    session = sessions[0]
    client.force_login(staf)
    # The last person is on page 2: saved there, returned there, counted in the summary of page 1.
    saved = client.post(
        url(session) + "?page=2", {f"status_{people[-1].pk}": Attendance.Status.PRESENT, "from_paper": "on"}
    )
    assert saved["Location"].endswith("?page=2")
    assert Attendance.objects.get(session=session, enrollment=people[-1]).status == Attendance.Status.PRESENT

    first = client.get(url(session))
    second = client.get(url(session), {"page": 2})

    assert first.content.decode().count('class="border rounded p-2 mb-2 attendance-row"') == ROSTER_PAGE_SIZE
    assert second.content.decode().count('class="border rounded p-2 mb-2 attendance-row"') == 5
    assert first.context["unmarked"] == ROSTER_PAGE_SIZE + 4 and first.context["from_paper_count"] == 1


@pytest.fixture
def long_roster(batch):
    from trainings.selectors import ROSTER_PAGE_SIZE

    return [
        factories.EnrollmentFactory(batch=batch, participant=factories.ParticipantFactory(name=f"Peserta {i:03d}"))
        for i in range(ROSTER_PAGE_SIZE + 5)
    ]


def marks(session):
    return dict(Attendance.objects.filter(session=session).values_list("enrollment_id", "status"))


def shown_on(response) -> list[int]:
    return [int(pk) for pk in response.context["shown_ids"].split(",")]


def test_saving_each_page_of_a_long_roster_never_touches_the_other_page(client, staf, sessions, long_roster):
    session = sessions[0]
    client.force_login(staf)
    first, second = client.get(url(session)), client.get(url(session), {"page": 2})
    page_one, page_two = shown_on(first), shown_on(second)
    assert len(page_one) == 50 and len(page_two) == 5 and not set(page_one) & set(page_two)

    client.post(
        url(session) + "?page=2",
        {"shown": second.context["shown_ids"], **{f"status_{pk}": "absent" for pk in page_two}},
    )
    assert marks(session) == {pk: "absent" for pk in page_two}

    # Page 1 saved, with a page-2 participant's mark slipped into the post: page 2 stays as it was.
    data = {f"status_{pk}": "present" for pk in page_one} | {f"status_{page_two[0]}": "late"}
    client.post(url(session), {"shown": first.context["shown_ids"], **data})
    after = marks(session)
    assert {pk: after[pk] for pk in page_two} == {pk: "absent" for pk in page_two}
    assert {pk: after[pk] for pk in page_one} == {pk: "present" for pk in page_one}

    # Page 2 saved again, changing one mark: page 1 keeps every mark.
    client.post(url(session) + "?page=2", {"shown": second.context["shown_ids"], f"status_{page_two[1]}": "excused"})
    again = marks(session)
    assert {pk: again[pk] for pk in page_one} == {pk: "present" for pk in page_one}
    assert again[page_two[1]] == "excused" and again[page_two[0]] == "absent"


def test_a_page_saves_the_rows_it_showed_even_when_an_enrolment_moved_the_page_boundary(
    client, staf, batch, sessions, long_roster
):
    session = sessions[0]
    client.force_login(staf)
    first = client.get(url(session))
    page_one = shown_on(first)
    # While the officer marks page 1, someone is enrolled whose name sorts first: the last row
    # of page 1 moves to page 2.
    newcomer = factories.EnrollmentFactory(batch=batch, participant=factories.ParticipantFactory(name="Peserta 000A"))
    client.post(url(session), {"shown": first.context["shown_ids"], **{f"status_{pk}": "present" for pk in page_one}})
    saved = marks(session)
    assert saved == {pk: "present" for pk in page_one}
    assert newcomer.pk not in saved


def test_fill_empty_says_it_fills_only_the_page_shown(client, staf, sessions, long_roster, roster):
    session = sessions[0]
    client.force_login(staf)
    html = client.get(url(session)).content.decode()
    assert "Isi yang kosong di halaman ini: Hadir" in html
    # 58 unmarked in all (55 + the 3 of `roster`), 50 of them here.
    assert "8 peserta di halaman lain yang belum diisi tetap kosong" in html


def test_fill_empty_keeps_its_short_label_on_a_roster_of_one_page(client, staf, sessions, roster):
    client.force_login(staf)
    html = client.get(url(sessions[0])).content.decode()
    assert "Isi yang kosong: Hadir" in html and "all-present-note" not in html
