"""The dashboard's figures against a small fixed data set, computed by hand.

Today is the real today (the lists the figures link to count as of today); "later" days are
passed as `today=` to the selectors, so a visit ageing out of the 12-month window needs no write.

Ciputat (222,186 people in the 2023 figure of the migrations): batch A this year, craft
Anyaman, 10 completers of whom 4 are real entrepreneurs: exactly 40%, met. One of them (Rina)
also owns, by NIK, a business recorded for a non-participant owner in Pamulang: one person.
Pamulang: 2 enrolled, nobody completed: no share ("—"). Bu Sari, a Pamulang participant who
is no real entrepreneur, is the NIK owner of a running business: she counts in the 2%.
Setu: batch C last year, craft Batik, 5 completers, 1 real: 20%, far.
Pondok Aren: no participants; Pak Joko (NIK) runs two businesses, a third owner has no NIK,
an owner visited 400 days ago does not count: 2 people, 3 businesses.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports import dashboard
from reports.dashboard import Filters
from reports.models import Target
from reports.targets import FAR, MET, NEAR, Goal, Standing, share
from tests.factories import (
    BusinessFactory,
    BusinessGroupFactory,
    CraftTypeFactory,
    EnrollmentFactory,
    ExhibitionSaleFactory,
    LoanReferralFactory,
    MembershipFactory,
    ParticipantFactory,
    ProductFactory,
    TrainingBatchFactory,
    kecamatan,
    kelurahan_of,
    make_nik,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECENT = TODAY - dt.timedelta(days=30)
LONG_AGO = TODAY - dt.timedelta(days=400)
YEAR = TODAY.year


def person(kec="Ciputat", **fields):
    return ParticipantFactory(kelurahan=kelurahan_of(kec), **fields)


def owns_running_business(p, visited=RECENT, status="running"):
    BusinessFactory(owner_participant=p, kelurahan=p.kelurahan, last_visit_status=status, last_visited_on=visited)
    return p


def in_running_kub(p):
    group = BusinessGroupFactory(kecamatan=p.kelurahan.kecamatan, status="active")
    BusinessFactory(group=group, kelurahan=p.kelurahan, last_visit_status="running", last_visited_on=RECENT)
    MembershipFactory(group=group, participant=p, joined_on=RECENT - dt.timedelta(days=10))
    return p


def other_owner(kec, nik="", visited=RECENT, name="Pemilik"):
    return BusinessFactory(
        kelurahan=kelurahan_of(kec),
        owner_name=name,
        owner_nik=nik,
        last_visit_status="running",
        last_visited_on=visited,
    )


@pytest.fixture
def data(db):
    d = {}
    d["anyaman"] = anyaman = CraftTypeFactory(name="Anyaman")
    d["batik"] = batik = CraftTypeFactory(name="Batik")
    a = TrainingBatchFactory(
        name="A",
        craft_type=anyaman,
        kecamatan=kecamatan("Ciputat"),
        start_date=dt.date(YEAR, 1, 5),
        end_date=dt.date(YEAR, 1, 30),
    )
    c = TrainingBatchFactory(
        name="C",
        craft_type=batik,
        kecamatan=kecamatan("Setu"),
        start_date=dt.date(YEAR - 1, 5, 5),
        end_date=dt.date(YEAR - 1, 6, 1),
    )
    d["rina"] = rina = owns_running_business(person(name="Rina"))
    real = [rina, owns_running_business(person()), in_running_kub(person()), in_running_kub(person())]
    not_real = [
        owns_running_business(person(), visited=LONG_AGO),
        owns_running_business(person(), status="not_running"),
        person(),
        person(),
        person(),
        person(),
    ]
    for p in real + not_real:
        EnrollmentFactory(batch=a, participant=p, completed=True)
    # Rina's second business is recorded as a non-participant owner's, by her NIK.
    other_owner("Pamulang", nik=rina.nik, name="Rina")
    d["sari"] = sari = person("Pamulang", name="Sari")
    other_owner("Pamulang", nik=sari.nik, name="Bu Sari")
    pb = TrainingBatchFactory(name="P", craft_type=anyaman, kecamatan=kecamatan("Pamulang"))
    EnrollmentFactory(batch=pb, participant=sari, completed=False)
    EnrollmentFactory(batch=pb, participant=person("Pamulang"), completed=False)
    d["setu_real"] = owns_running_business(person("Setu"))
    for p in [d["setu_real"]] + [person("Setu") for _ in range(4)]:
        EnrollmentFactory(batch=c, participant=p, completed=True)
    d["joko"] = joko = make_nik(birth_date=dt.date(1970, 2, 3), sex="L", serial=9001)
    other_owner("Pondok Aren", nik=joko, name="Joko")
    other_owner("Pondok Aren", nik=joko, name="Joko")
    other_owner("Pondok Aren", name="Tanpa NIK")
    other_owner("Pondok Aren", nik=make_nik(birth_date=dt.date(1971, 2, 3), sex="L", serial=9002), visited=LONG_AGO)
    # KUBs: one forming, one dormant (active, its business last found not running).
    BusinessGroupFactory(kecamatan=kecamatan("Ciputat"), status="forming", craft_type=anyaman)
    d["dormant"] = dormant = BusinessGroupFactory(kecamatan=kecamatan("Ciputat"), status="active", craft_type=batik)
    BusinessFactory(group=dormant, last_visit_status="not_running", last_visited_on=RECENT)
    ProductFactory(group=dormant, craft_type=batik)
    ExhibitionSaleFactory(entry__group=dormant, amount=Decimal("150000"), quantity=3)
    return d


def rows(figures):
    return {r.kecamatan.name: r for r in figures.rows}


def test_a_kecamatan_at_exactly_40_percent_meets_the_target(data, staf):
    figures = dashboard.kecamatan_figures(user=staf, filters=Filters(), today=TODAY)
    ciputat = rows(figures)["Ciputat"]
    assert (ciputat.registered, ciputat.trained, ciputat.completed, ciputat.real) == (10, 10, 10, 4)
    assert ciputat.conversion.actual == Decimal(40)
    assert ciputat.conversion.state == MET
    assert ciputat.conversion.gap == 0
    assert ciputat.conversion.goal.value == Decimal("40.00")
    assert ciputat.conversion.goal.baseline is None  # no baseline for the 40% in the sources


def test_a_kecamatan_with_no_completers_has_no_share_and_shows_a_dash(data, staf, client):
    figures = dashboard.kecamatan_figures(user=staf, filters=Filters(), today=TODAY)
    pamulang = rows(figures)["Pamulang"]
    assert (pamulang.registered, pamulang.trained, pamulang.completed) == (2, 2, 0)
    assert pamulang.conversion.actual is None and pamulang.conversion.state is None
    client.force_login(staf)
    html = client.get(reverse("home")).content.decode()
    row = re.search(r'<table[^>]*id="conversion-table".*?</table>', html, re.S).group(0)
    pamulang_row = re.search(r'<tr data-kecamatan="36\.74\.06">.*?</tr>', row, re.S).group(0)
    assert 'data-actual=""' in pamulang_row and ">—<" in pamulang_row and 'data-state="none"' in pamulang_row


def test_setu_at_20_percent_is_far_and_the_city_total_adds_up(data, staf):
    figures = dashboard.kecamatan_figures(user=staf, filters=Filters(), today=TODAY)
    setu = rows(figures)["Setu"]
    assert (setu.completed, setu.real, setu.conversion.actual, setu.conversion.state) == (5, 1, Decimal(20), FAR)
    total = figures.total
    assert (total.completed, total.real) == (15, 5)
    assert total.conversion.actual == Decimal(5) * 100 / 15
    assert figures.city_wide


def test_the_2_percent_counts_each_person_once(data, staf):
    figures = dashboard.kecamatan_figures(user=staf, filters=Filters(), today=TODAY)
    by = rows(figures)
    # Ciputat: the 4 real entrepreneurs, Rina among them despite her second business.
    assert (by["Ciputat"].known_participants, by["Ciputat"].other_owners) == (4, 0)
    # Pamulang: Sari (owner by NIK) is a participant; Rina's business is Rina's.
    assert (by["Pamulang"].known_participants, by["Pamulang"].other_owners, by["Pamulang"].other_businesses) == (
        1,
        0,
        0,
    )
    # Pondok Aren: Joko (two businesses) and an owner without NIK; the stale one does not count.
    assert (by["Pondok Aren"].other_owners, by["Pondok Aren"].other_businesses) == (2, 3)
    assert by["Ciputat"].population.population == 222_186 and by["Ciputat"].population.year == 2023
    assert by["Ciputat"].known_share.actual == Decimal(4) * 100 / Decimal(222_186)
    total = figures.total
    assert total.known == 4 + 1 + 1 + 2  # Ciputat, Pamulang (Sari), Setu, Pondok Aren
    # The city's own latest figure (Kepmendagri 2025), with its source.
    assert (total.population.population, total.population.year) == (1_463_607, 2025)
    assert "Kepmendagri" in total.population.source
    assert total.known_share.actual == Decimal(8) * 100 / Decimal(1_463_607)
    assert total.known_share.goal.baseline == Decimal("1.00") and total.known_share.goal.baseline_year == 2016
    assert total.known_share.state == FAR


def test_an_owner_with_businesses_in_two_kecamatan_is_one_person_in_the_total(data, staf):
    joko = data["joko"]
    other_owner("Setu", nik=joko, name="Joko")  # Joko's third business, in another kecamatan
    other_owner("Setu", name="Tanpa NIK")  # a second owner without NIK: one more person
    figures = dashboard.kecamatan_figures(user=staf, filters=Filters(), today=TODAY)
    by = rows(figures)
    assert (by["Setu"].other_owners, by["Setu"].other_businesses) == (2, 2)
    assert (by["Pondok Aren"].other_owners, by["Pondok Aren"].other_businesses) == (2, 3)
    # Joko once, the two owners without NIK each: 3 people, 5 businesses.
    assert (figures.total.other_owners, figures.total.other_businesses) == (3, 5)
    assert figures.total.known == 4 + 1 + 1 + 3
    setu = dashboard.kecamatan_figures(user=staf, filters=Filters(kecamatan=kecamatan("Setu")), today=TODAY)
    assert (setu.total.other_owners, setu.total.other_businesses) == (2, 2)


@pytest.mark.parametrize("inline", [dashboard.OWNER_NIKS_INLINE, 1, 0])
def test_the_other_owners_are_the_same_whether_participant_niks_are_gathered_or_anti_joined(
    data, staf, monkeypatch, inline
):
    # City-wide, the participant pass gathers the NIKs of participants owning a business by
    # NIK (Rina, Sari: 2); over OWNER_NIKS_INLINE of them the other owners' NOT EXISTS is used.
    monkeypatch.setattr(dashboard, "OWNER_NIKS_INLINE", inline)
    other_owner("Setu", nik=data["joko"], name="Joko")
    figures = dashboard.kecamatan_figures(user=staf, filters=Filters(), today=TODAY)
    by = rows(figures)
    assert [(by[k].other_owners, by[k].other_businesses) for k in ("Ciputat", "Pamulang", "Setu", "Pondok Aren")] == [
        (0, 0),
        (0, 0),
        (1, 1),
        (2, 3),
    ]
    assert (figures.total.other_owners, figures.total.other_businesses, figures.total.known) == (2, 4, 4 + 1 + 1 + 2)


def test_a_visit_ageing_past_12_months_turns_a_person_not_real_without_any_write(data, staf):
    last_real_day = RECENT + dt.timedelta(days=365)
    before = rows(dashboard.kecamatan_figures(user=staf, filters=Filters(), today=last_real_day))
    assert before["Ciputat"].real == 4 and before["Setu"].real == 1
    after = rows(dashboard.kecamatan_figures(user=staf, filters=Filters(), today=last_real_day + dt.timedelta(days=1)))
    assert after["Ciputat"].real == 0 and after["Setu"].real == 0
    assert after["Ciputat"].known_participants == 0 and after["Pondok Aren"].other_owners == 0
    assert after["Ciputat"].conversion.actual == 0 and after["Ciputat"].conversion.state == FAR


def test_year_and_craft_narrow_the_training_figures(data, staf):
    by = rows(dashboard.kecamatan_figures(user=staf, filters=Filters(year=YEAR - 1), today=TODAY))
    assert (by["Ciputat"].completed, by["Setu"].completed, by["Setu"].real) == (0, 5, 1)
    assert by["Ciputat"].registered == 10  # registered people are not narrowed
    by = rows(dashboard.kecamatan_figures(user=staf, filters=Filters(craft=data["anyaman"]), today=TODAY))
    assert (by["Ciputat"].completed, by["Pamulang"].trained, by["Setu"].trained) == (10, 2, 0)
    only = dashboard.kecamatan_figures(user=staf, filters=Filters(kecamatan=kecamatan("Setu")), today=TODAY)
    assert [r.kecamatan.name for r in only.rows] == ["Setu"] and not only.city_wide
    assert only.total.population_sum == 95_717


def test_kub_product_and_sales_figures(data, staf):
    groups = dashboard.group_figures(user=staf, filters=Filters(), today=TODAY)
    # The real members' KUBs have too few members to be active: forming, like the third one.
    assert (groups.active, groups.forming, groups.dormant) == (1, 3, 1)
    assert groups.products == 1
    assert (groups.sales_amount, groups.sales_quantity) == (Decimal("150000"), 3)
    batik = dashboard.group_figures(user=staf, filters=Filters(craft=data["batik"]), today=TODAY)
    assert (batik.active, batik.forming, batik.dormant, batik.products) == (1, 0, 1, 1)


def test_quarterly_trend_counts_the_state_at_each_quarter_end(data, staf):
    trend = dashboard.quarterly_trend(user=staf, filters=Filters(year=YEAR - 1), today=TODAY)
    assert [q.label for q in trend] == [f"{YEAR - 1} K{i}" for i in range(1, 5)]
    # Batch C ended on 1 June of last year: its 5 completers count from Q2 on.
    assert [q.completed for q in trend] == [0, 5, 5, 5]
    trend = dashboard.quarterly_trend(user=staf, filters=Filters(), today=TODAY)
    assert len(trend) == dashboard.QUARTERS
    assert (trend[-1].completed, trend[-1].real) == (15, 5)


def test_the_figures_carry_the_quarterly_trend_counted_in_their_own_pass(data, staf):
    # Without a craft filter the trend comes from the participant pass of kecamatan_figures
    # (summed over the kecamatan); it must equal quarterly_trend's own count.
    for filters in (
        Filters(),
        Filters(year=YEAR - 1),
        Filters(kecamatan=kecamatan("Setu")),
        Filters(craft=data["batik"]),
    ):
        assert dashboard.kecamatan_figures(user=staf, filters=filters, today=TODAY).trend == dashboard.quarterly_trend(
            user=staf, filters=filters, today=TODAY
        )
    later = RECENT + dt.timedelta(days=366)  # the real ones have aged out
    trend = dashboard.kecamatan_figures(user=staf, filters=Filters(), today=later).trend
    assert (trend[-1].completed, trend[-1].real) == (15, 0)


def test_near_is_from_80_percent_of_the_target():
    goal = Goal(value=Decimal(40))
    assert Standing(share(32, 100), goal).state == NEAR
    assert Standing(share(31, 100), goal).state == FAR
    assert Standing(share(40, 100), goal).state == MET
    assert Standing(share(1, 0), goal).state is None


def test_a_kecamatan_target_overrides_the_city_one(data, staf):
    Target.objects.create(
        indicator=Target.Indicator.CONVERSION, kecamatan=kecamatan("Setu"), value=20, period_start=dt.date(2020, 1, 1)
    )
    by = rows(dashboard.kecamatan_figures(user=staf, filters=Filters(), today=TODAY))
    assert by["Setu"].conversion.state == MET and by["Ciputat"].conversion.goal.value == 40


# --- the page: drill-downs, access, filters ----------------------------------------------------

FIGURE_LINK = re.compile(r'<a href="([^"]+)" data-figure="([a-z_]+)">([\d.,]+)</a>')


def _list_count(response) -> int:
    context = response.context
    if "cl" in context:
        return context["cl"].result_count
    return context["page"].paginator.count


def _check_links(client, url):
    html = client.get(url).content.decode()
    links = FIGURE_LINK.findall(html.replace("&amp;", "&"))
    assert links
    for href, key, shown in links:
        response = client.get(href)
        assert response.status_code == 200, (key, href)
        assert _list_count(response) == int(shown.replace(".", "").replace(",", "")), (key, href)
    return {key for _, key, _ in links}


def test_every_figure_link_opens_a_list_with_the_same_count(data, client, staf):
    LoanReferralFactory(participant=data["rina"], status="approved", amount_approved=Decimal("5000000"))
    LoanReferralFactory(participant=data["sari"], status="referred")
    client.force_login(staf)
    keys = _check_links(client, reverse("home"))
    assert keys >= {
        "registered",
        "trained",
        "completed",
        "real",
        "known_participants",
        "other_businesses",
        "groups_active",
        "groups_forming",
        "groups_dormant",
        "products",
        "sales",
        "referrals",
    }
    craft = data["anyaman"].pk
    _check_links(client, f"{reverse('home')}?tahun={YEAR}&kerajinan={craft}")
    _check_links(client, f"{reverse('home')}?kecamatan={kecamatan('Pamulang').pk}")


def test_a_field_officer_sees_their_kecamatan_and_its_lists(data, client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    response = client.get(reverse("home"))
    figures = response.context["dashboard"]["figures"]
    assert [r.kecamatan.name for r in figures.rows] == ["Ciputat"]
    assert (figures.total.completed, figures.total.real) == (10, 4)
    assert figures.total.people == 222_186  # their kecamatan's, not the city's
    assert response.context["dashboard"]["referrals"] is None  # no loan data for field officers
    assert 'id="shortcuts"' in response.content.decode()
    _check_links(client, reverse("home"))
    # Another kecamatan in the address is dropped, with a message.
    response = client.get(reverse("home"), {"kecamatan": kecamatan("Setu").pk})
    assert [r.kecamatan.name for r in response.context["dashboard"]["figures"].rows] == ["Ciputat"]
    assert "Saringan tidak dikenal diabaikan" in response.content.decode()


def test_a_bank_liaison_keeps_the_referrals_view(data, client, bank_bri):
    client.force_login(bank_bri)
    response = client.get(reverse("home"))
    assert response.context["dashboard"] is None
    assert 'id="latest-referrals"' in response.content.decode()


def test_leadership_sees_referral_totals_without_small_sums(data, client, pimpinan):
    for _ in range(3):
        LoanReferralFactory(participant=data["rina"], status="approved", amount_approved=Decimal("1000000"))
    LoanReferralFactory(participant=data["sari"], status="disbursed", amount_disbursed=Decimal("2000000"))
    client.force_login(pimpinan)
    response = client.get(reverse("home"))
    html = response.content.decode()
    table = re.search(r'id="referrals-table".*?</table>', html, re.S).group(0)
    assert "Rp 3.000.000" in table or "Rp 3,000,000" in table  # three approved: shown
    assert "2.000.000" not in table and "2,000,000" not in table  # one disbursement: withheld
    assert "NIK" not in table


@pytest.mark.parametrize(
    "query",
    [{"tahun": "abc"}, {"tahun": "1999"}, {"kecamatan": "999999"}, {"kerajinan": "x"}, {"peta": "<script>"}],
)
def test_bad_filters_are_dropped_with_a_message(data, client, staf, query):
    client.force_login(staf)
    response = client.get(reverse("home"), query)
    assert response.status_code == 200
    assert "Saringan tidak dikenal diabaikan" in response.content.decode()
    assert response.context["dashboard"]["filters"] == Filters()


def test_the_map_colours_each_kecamatan_by_the_chosen_indicator(data, client, staf):
    client.force_login(staf)
    html = client.get(reverse("home")).content.decode()
    svg = re.search(r'<svg[^>]*class="city-map".*?</svg>', html, re.S).group(0)
    assert 'data-indicator="konversi"' in svg
    assert re.search(r'class="map-area map-met" data-kecamatan="36\.74\.04"', svg)  # Ciputat, 40%
    assert re.search(r'class="map-area map-none" data-kecamatan="36\.74\.06"', svg)  # Pamulang, no completers
    assert svg.count("<path") >= 54  # every kelurahan
    # Coordinates are written the SVG way whatever the locale (Indonesian writes 184,4).
    assert re.search(r'<text x="\d+(\.\d+)?" y="\d+(\.\d+)?"', svg)
    html = client.get(reverse("home"), {"peta": "penduduk"}).content.decode()
    assert re.search(r'class="map-area map-far" data-kecamatan="36\.74\.04"', html)


def test_the_page_takes_the_same_number_of_queries_at_any_size(data, client, staf):
    client.force_login(staf)
    client.get(reverse("home"))  # warm whatever is loaded once per process (the map's shape)

    def count():
        cache.clear()  # the figures computed, not read from the cache (reports.freshness)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    batch = TrainingBatchFactory(kecamatan=kecamatan("Serpong"))
    for _ in range(15):
        p = owns_running_business(person("Serpong"))
        EnrollmentFactory(batch=batch, participant=p, completed=True)
        other_owner("Serpong", nik=make_nik(birth_date=dt.date(1975, 1, 1), sex="P", serial=7000 + p.pk))
        LoanReferralFactory(participant=p)
    assert count() == small


def test_the_figures_are_reused_until_a_visit_changes_them(data, client, staf):
    """A second load reads the kept figures; the first load after a visit recorded computes them
    anew, so the change shows at once (no cache that hides it for minutes)."""
    from inventory.services import visit_record

    client.force_login(staf)
    cache.clear()

    def load():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(reverse("home")).content.decode()
        return html, len(ctx.captured_queries)

    _first, computed = load()
    _again, kept = load()
    assert kept < computed
    p = person("Serpong")
    EnrollmentFactory(batch=TrainingBatchFactory(kecamatan=kecamatan("Serpong")), participant=p, completed=True)
    load()
    before, _n = load()
    business = BusinessFactory(owner_participant=p, kelurahan=p.kelurahan)
    visit_record(business=business, officer=staf, visited_on=timezone.localdate(), status="running")
    after, recomputed = load()
    assert recomputed > kept and after != before
