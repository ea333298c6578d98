"""The formation page offers as ketua, sekretaris and bendahara only the members ticked, as
the ticks change."""

import pytest

from groups.models import BusinessGroup, Membership
from tests.browser.conftest import login
from tests.factories import CraftTypeFactory, EnrollmentFactory, ParticipantFactory, TrainingBatchFactory, kecamatan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def offered(page, role):
    return page.eval_on_selector_all(
        f"select[name={role}] option", "options => options.filter(o => o.value).map(o => o.textContent.trim())"
    )


def test_officer_choices_follow_the_ticked_members(page, staf):
    craft = CraftTypeFactory(name="Kaligrafi kulit telur")
    batch = TrainingBatchFactory(name="Angkatan Ciputat I", kecamatan=kecamatan("Ciputat"), craft_type=craft)
    people = [ParticipantFactory(name=name) for name in ("Ani", "Budi", "Citra", "Dewi")]
    for person in people:
        EnrollmentFactory(batch=batch, participant=person, completed=True)
    ani, budi, citra, dewi = people

    login(page, "staf")
    page.goto(f"/kub/bentuk/?batch={batch.pk}")
    assert page.locator("select[name=craft_type] option:checked").inner_text() == "Kaligrafi kulit telur"
    for role in ("ketua", "sekretaris", "bendahara"):
        assert offered(page, role) == []

    page.check(f"#member-{ani.pk}")
    page.check(f"#member-{citra.pk}")
    assert offered(page, "ketua") == ["Ani", "Citra"]
    page.select_option("select[name=ketua]", label="Citra")
    page.check(f"#member-{budi.pk}")
    assert offered(page, "sekretaris") == ["Ani", "Budi", "Citra"]
    assert page.locator("select[name=ketua] option:checked").inner_text() == "Citra"

    # Unticking the ketua takes them out of every choice and clears the ketua.
    page.uncheck(f"#member-{citra.pk}")
    assert offered(page, "ketua") == ["Ani", "Budi"]
    assert page.input_value("select[name=ketua]") == ""
    assert "Dewi" not in offered(page, "bendahara")

    page.fill("input[name=name]", "KUB Kaligrafi Serua")
    page.select_option("select[name=ketua]", label="Ani")
    page.select_option("select[name=sekretaris]", label="Budi")
    page.check(f"#member-{dewi.pk}")
    page.select_option("select[name=bendahara]", label="Dewi")
    page.click("#formation-form button[type=submit]")
    page.wait_for_url("**/kub/*/")
    group = BusinessGroup.objects.get()
    officers = dict(group.memberships.exclude(role=Membership.Role.ANGGOTA).values_list("role", "participant__name"))
    assert officers == {"ketua": "Ani", "sekretaris": "Budi", "bendahara": "Dewi"}
