import pytest

from groups.models import BusinessGroup
from tests.browser.conftest import login
from tests.factories import CraftTypeFactory, EnrollmentFactory, ParticipantFactory, TrainingBatchFactory, kecamatan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_form_a_kub_of_ten_see_it_active_and_are_refused_an_eleventh(page, staf):
    craft = CraftTypeFactory(name="Kaligrafi kulit telur")
    batch = TrainingBatchFactory(name="Angkatan Ciputat I", kecamatan=kecamatan("Ciputat"), craft_type=craft)
    people = [ParticipantFactory(name=f"Peserta {chr(65 + i)}") for i in range(11)]
    for person in people:
        EnrollmentFactory(batch=batch, participant=person, completed=True)

    login(page, "staf")
    page.goto("/kub/bentuk/")
    page.select_option("select[name=batch]", str(batch.pk))
    page.locator("form:has(select[name=batch]) button[type=submit]").click()

    page.fill("input[name=name]", "KUB Kaligrafi Serua")
    for person in people:
        page.check(f"#member-{person.pk}")
    assert page.locator("#picked-count").inner_text() == "11"
    page.select_option("select[name=ketua]", label="Peserta A")
    page.select_option("select[name=sekretaris]", label="Peserta B")
    page.select_option("select[name=bendahara]", label="Peserta C")
    page.click("#formation-form button[type=submit]")

    errors = page.locator("#formation-errors")
    assert "Satu KUB paling banyak 10 anggota; Anda mencentang 11" in errors.inner_text()
    assert page.input_value("input[name=name]") == "KUB Kaligrafi Serua"
    assert page.locator("select[name=ketua] option:checked").inner_text() == "Peserta A"
    assert not BusinessGroup.objects.exists()

    page.uncheck(f"#member-{people[10].pk}")
    page.click("#formation-form button[type=submit]")
    page.wait_for_url("**/kub/*/")
    assert page.locator("h1").inner_text() == "KUB Kaligrafi Serua"
    assert page.locator("[data-status]").first.inner_text() == "Aktif"
    assert "10/10 anggota aktif" in page.locator("#member-count").inner_text()
    assert page.locator("#members tbody tr[data-active='1']").count() == 10

    # The eleventh completer is offered on the KUB page; adding them is refused.
    page.check(f"#cand-{people[10].pk}")
    page.click("#add-member-form button[type=submit]")
    message = page.locator("#add-member-errors").inner_text()
    assert "sudah memiliki 10 anggota aktif; tidak bisa menambah anggota lagi" in message
    assert BusinessGroup.objects.get().active_member_count == 10
