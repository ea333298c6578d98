"""One declaration of what is personal (core.privacy.REGISTRY), consulted by every display path.

These tests walk every model, every admin, the audit trail and the templates: a field named
like personal data that the registry does not declare, or a display path that shows a
declared field in full to a role that may not see it, fails here.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from accounts import audit_trail
from core import privacy
from core.privacy import Show
from tests.factories import ParticipantFactory

ROOT = Path(settings.BASE_DIR)
# nik, *_nik, phone, *_phone, address, birth_date, amount*: named like personal data.
PERSONAL_NAME = re.compile(r"^(nik|.+_nik|phone|.+_phone|address|birth_date|amount.*)$")


def project_models():
    return [m for m in apps.get_models() if Path(apps.get_app_config(m._meta.app_label).path).is_relative_to(ROOT)]


def declared_models():
    return [apps.get_model(label) for label in privacy.REGISTRY]


def test_the_walk_sees_every_app_of_the_project():
    labels = {m._meta.app_label for m in project_models()}
    assert {"accounts", "participants", "inventory", "financing", "trainings", "exhibitions", "groups"} <= labels


def test_every_field_named_like_personal_data_is_declared():
    undeclared = [
        f"{model._meta.label}.{field.name}"
        for model in project_models()
        for field in model._meta.concrete_fields
        if PERSONAL_NAME.match(field.name) and field.name not in privacy.REGISTRY.get(model._meta.label, {})
    ]
    assert not undeclared, f"declare these in core.privacy.REGISTRY: {undeclared}"


def test_the_registry_names_only_fields_that_exist():
    for label, fields in privacy.REGISTRY.items():
        model = apps.get_model(label)
        names = {f.name for f in model._meta.concrete_fields}
        assert set(fields) <= names, (label, set(fields) - names)


def test_a_field_not_personal_says_why():
    for label, fields in privacy.REGISTRY.items():
        for name, rule in fields.items():
            if isinstance(rule, privacy.NotPersonal):
                assert len(rule.reason) > 20, (label, name)


@pytest.fixture
def leader(pimpinan):
    """A reader who may see neither personal nor loan data in full."""
    assert not pimpinan.sees_personal_data and not pimpinan.sees_loan_data
    return pimpinan


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _hidden_names(user, model) -> set[str]:
    return {name for name, how in privacy.columns(user, model).items() if how is not Show.FULL}


def _admin_names(model_admin, request, obj) -> set[str]:
    names = set(flatten_fieldsets(model_admin.get_fieldsets(request, obj)))
    if isinstance(model_admin, admin.ModelAdmin):
        names |= {n for n in model_admin.get_list_display(request) if isinstance(n, str)}
        names |= {f.lstrip("^=@").split("__")[0] for f in model_admin.get_search_fields(request)}
        for item in model_admin.get_list_filter(request):
            path = item[0] if isinstance(item, list | tuple) else item
            if isinstance(path, str):
                names.add(path.split("__")[0])
    return names


def _admins_with_personal_fields():
    for model, model_admin in admin.site._registry.items():
        if privacy.rules(model):
            yield model_admin, model
        for inline in model_admin.inlines:
            if privacy.rules(inline.model):
                yield inline(model, admin.site), inline.model


def test_every_admin_shows_no_personal_field_in_full_to_a_role_that_may_not_see_it(leader):
    request = _request(leader)
    checked = set()
    for model_admin, model in _admins_with_personal_fields():
        hidden = _hidden_names(leader, model)
        for obj in (None, model()):
            shown = _admin_names(model_admin, request, obj)
            assert not shown & hidden, (type(model_admin).__name__, shown & hidden)
            for name in hidden:
                display = f"{name}_{privacy.show(leader, model, name)}"
                derived = [n for n in shown if n.startswith(f"{name}_") and n != display]
                assert not derived, (type(model_admin).__name__, derived)  # e.g. amount_requested_rp
        checked.add(model._meta.label)
    assert {"participants.Participant", "inventory.Business", "financing.LoanReferral"} <= checked
    assert "financing.LoanReferralEvent" in checked  # the referral's inline of steps, and its own admin


def test_the_admin_shows_the_masked_stand_in_where_the_registry_masks(leader, staf):
    participant_admin = admin.site._registry[apps.get_model("participants.Participant")]
    as_leader = participant_admin.get_list_display(_request(leader))
    assert "nik_masked" in as_leader and "nik" not in as_leader
    assert "nik" in participant_admin.get_list_display(_request(staf))


def _sentinel(model, name: str) -> str:
    field = model._meta.get_field(name)
    if field.get_internal_type() == "DateField":
        return "1990-08-15"
    return f"rahasia{name}98765"


def test_the_audit_trail_shows_no_personal_value_to_a_role_that_may_not_see_it(leader, staf):
    for model in declared_models():
        fields = privacy.rules(model)
        if not fields:
            continue
        changes = {name: ["None", _sentinel(model, name)] for name in fields}
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(model),
            object_pk="1",
            object_repr="Catatan",
            action=LogEntry.Action.UPDATE,
            changes=changes,
        )
        [row] = audit_trail.read_entries(leader, [entry])
        read = " ".join(f"{c.label} {c.old} {c.new}" for c in row.changes)
        for name, rule in fields.items():
            assert _sentinel(model, name) not in read, (model._meta.label, name)
            label = str(model._meta.get_field(name).verbose_name)
            if rule.show is Show.ABSENT:
                assert label.lower() not in read.lower(), (model._meta.label, name)
        # Staff read what the trail holds, except what it never shows (amounts, notes).
        [row] = audit_trail.read_entries(staf, [entry])
        read = " ".join(f"{c.label} {c.new}" for c in row.changes)
        for name, rule in fields.items():
            kept = rule.stored is not privacy.Stored.WITHHELD
            as_read = "15-08-1990" if _sentinel(model, name) == "1990-08-15" else _sentinel(model, name)
            assert (as_read in read) == kept, (model._meta.label, name)


def test_an_export_learns_from_the_registry_which_columns_to_show_how(leader, staf, bank_bri):
    participant = apps.get_model("participants.Participant")
    referral = apps.get_model("financing.LoanReferral")
    as_leader = privacy.columns(leader, participant)
    assert list(as_leader) == [f.name for f in participant._meta.concrete_fields]
    assert (as_leader["nik"], as_leader["phone"], as_leader["birth_date"]) == (Show.MASKED, Show.MASKED, Show.AGE)
    assert as_leader["address"].leaves_out and as_leader["name"] is Show.FULL
    assert set(privacy.columns(staf, participant).values()) == {Show.FULL}
    assert privacy.columns(leader, referral)["amount_approved"] is Show.ABSENT
    assert privacy.columns(bank_bri, referral)["amount_approved"] is Show.FULL
    assert privacy.columns(bank_bri, participant)["nik"] is Show.MASKED


def test_present_gives_a_value_as_the_reader_may_see_it(leader, staf):
    participant = apps.get_model("participants.Participant")
    assert privacy.present(leader, participant, "nik", "3674011508900001") == "3674********0001"
    assert privacy.present(staf, participant, "nik", "3674011508900001") == "3674011508900001"
    assert privacy.present(leader, participant, "address", "Jl. Kenanga 7") is None
    assert privacy.present(leader, participant, "birth_date", dt.date(1990, 8, 15)).endswith("tahun")


# Templates name a personal field only through the registry's tags ({% personal %},
# {% personal_field %}), as an age (|age), or as a form's field.
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*([^}]*?)\s*\}\}")


def test_no_template_shows_a_personal_field_around_the_registry():
    names = {name for m in declared_models() for name, r in privacy.rules(m).items() if r.kind is privacy.Kind.PERSONAL}
    offending = []
    for path in (ROOT / "templates").rglob("*.html"):
        for variable in TEMPLATE_VARIABLE.findall(path.read_text()):
            expression, *filters = variable.split("|")
            attribute = expression.strip().split(".")[-1]
            if attribute in names and not expression.startswith("form.") and filters[:1] != ["age"]:
                offending.append(f"{path.relative_to(ROOT)}: {{{{ {variable} }}}}")
    assert not offending, offending


def test_a_participants_page_shows_each_personal_field_as_the_registry_says(client, leader, staf):
    person = ParticipantFactory(
        nik="3674015508900007",
        sex="P",
        birth_date=dt.date(1990, 8, 15),
        phone="+6281234567890",
        address="Jl. Rahasia 9",
    )
    url = reverse("participants:detail", args=[person.pk])
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert "3674********0007" in page and person.nik not in page
    assert "+6**********90" in page and person.phone not in page
    assert "Jl. Rahasia" not in page and "15-08-1990" not in page
    assert 'id="age"' in page and f"{privacy.age(person.birth_date)} tahun" in page
    assert "Untuk peran Anda: NIK tersamar; umur menggantikan tanggal lahir; nomor HP tersamar; alamat tidak" in page

    client.force_login(staf)
    page = client.get(url).content.decode()
    assert person.nik in page and person.phone in page and "Jl. Rahasia 9" in page and "15-08-1990" in page
    assert "Untuk peran Anda" not in page
