"""Fixtures for the back-office tests: one of every model in Ciputat and in Pamulang, and a
helper that reads an admin form back into the POST a browser would send."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget
from django.urls import reverse

from financing import services as financing_services
from reports.models import ExportJob, ImportJob
from tests import factories


def admin_url(obj_or_model, view: str = "change", *args) -> str:
    opts = obj_or_model._meta
    if view in ("change", "history", "delete", "auditlog", "transition"):
        args = (obj_or_model.pk, *args)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """The POST data of the admin form on `response` as it stands (initial values, inlines included)."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for bound in form:
            if bound.field.disabled:
                continue
            value = bound.value()
            if value is None or value is False or value == "" or isinstance(value, FieldFile):
                continue  # files are not re-sent; the admin keeps the stored one
            if value is True:
                value = "on"
            widget = bound.field.widget
            if isinstance(widget, MultiWidget):  # a date and a time in two inputs
                for suffix, part in zip(widget.widgets_names, widget.decompress(value), strict=True):
                    data[bound.html_name + suffix] = str(part)
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)
    return data


def errors_of(response) -> list[str]:
    """Every error message on an admin change form response: form, inline forms and formsets."""
    out = []
    adminform = response.context["adminform"].form
    for errors in adminform.errors.values():
        out += list(errors)
    for inline in response.context["inline_admin_formsets"]:
        out += list(inline.formset.non_form_errors())
        for form_errors in inline.formset.errors:
            for errors in form_errors.values():
                out += list(errors)
    return out


@pytest.fixture
def places(db, bri, staf):
    """One of each model in Ciputat and in Pamulang."""
    w = SimpleNamespace()
    for kec in ("Ciputat", "Pamulang"):
        key = kec.lower()
        kecamatan, kelurahan = factories.kecamatan(kec), factories.kelurahan_of(kec)
        participant = factories.ParticipantFactory(kelurahan=kelurahan, name=f"Warga {kec}")
        batch = factories.TrainingBatchFactory(kecamatan=kecamatan, name=f"Angkatan {kec}")
        session = factories.TrainingSessionFactory(batch=batch)
        enrollment = factories.EnrollmentFactory(batch=batch, participant=participant)
        group = factories.BusinessGroupFactory(kecamatan=kecamatan, name=f"KUB {kec}")
        business = factories.BusinessFactory(kelurahan=kelurahan, name=f"Usaha {kec}")
        entry = factories.ExhibitionEntryFactory(group=group)
        setattr(w, f"participant_{key}", participant)
        setattr(w, f"batch_{key}", batch)
        setattr(w, f"session_{key}", session)
        setattr(w, f"enrollment_{key}", enrollment)
        setattr(w, f"attendance_{key}", factories.AttendanceFactory(session=session, enrollment=enrollment))
        setattr(w, f"group_{key}", group)
        setattr(w, f"membership_{key}", factories.MembershipFactory(group=group, participant=participant))
        setattr(w, f"product_{key}", factories.ProductFactory(group=group))
        setattr(w, f"business_{key}", business)
        setattr(w, f"visit_{key}", factories.InventoryVisitFactory(business=business))
        setattr(w, f"venue_{key}", factories.VenueFactory(kecamatan=kecamatan))
        setattr(w, f"entry_{key}", entry)
        setattr(w, f"sale_{key}", factories.ExhibitionSaleFactory(entry=entry))
    w.trainer = factories.TrainerFactory(phone="+6281298765432")
    w.other_bank = factories.BankFactory(short_name="BNI", name="Bank Negara Indonesia")
    w.referral_bri = financing_services.referral_create(
        bank=bri, purpose="Modal", amount_requested=Decimal("5000000"), user=staf, participant=w.participant_ciputat
    )
    w.referral_other = financing_services.referral_create(
        bank=w.other_bank,
        purpose="Modal",
        amount_requested=Decimal("3000000"),
        user=staf,
        participant=w.participant_pamulang,
    )
    w.event_bri = w.referral_bri.events.get()
    w.export_job = ExportJob.objects.create(kind="peserta", requested_by=staf, contains_personal_data=True)
    w.import_job = ImportJob.objects.create(kind="peserta", uploaded_by=staf, file="imports/peserta.xlsx")
    w.today = dt.date.today()
    return w


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Each persona hashes a password; the default PBKDF2 rounds cost seconds per test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
