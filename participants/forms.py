from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scoping import in_scope, scope_queryset
from regions.models import Kecamatan, Kelurahan
from trainings.models import CraftType, TrainingBatch
from trainings.selectors import batch_choices

from .models import CONSENT_PURPOSE, Participant
from .nik import check_nik_matches, parse_nik
from .phone import normalize_phone
from .selectors import SORTS, STATUS_CHOICES
from .services import ConfirmationNeeded

PAGE_SIZES = (25, 50, 100)
# The ticks of services.ConfirmationNeeded, named as the services' keywords.
CONFIRMATIONS = ("nik_confirmed", "different_person")


def _kelurahan_choices(queryset, kecamatan_id, empty_label):
    """Options of one kecamatan only; before a kecamatan is chosen, just the prompt."""
    choices = [("", empty_label)]
    if kecamatan_id:
        choices += [(k.pk, k.name) for k in queryset.filter(kecamatan_id=kecamatan_id)]
    return choices


def _chosen_pk(form, name: str) -> str | None:
    """The pk the user picked in `name` (bound) or the initial one, as text; None when unusable."""
    raw = form.data.get(form.add_prefix(name)) if form.is_bound else form.initial.get(name)
    if isinstance(raw, Kecamatan):
        raw = raw.pk
    raw = str(raw or "").strip()
    return raw if raw.isdigit() else None


class ParticipantForm(forms.Form):
    """Registration and correction. Kecamatan and kelurahan are limited to the user's scope,
    and only the kelurahan of the chosen kecamatan are offered."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=32,
        help_text=_("16 digit sesuai KTP. Untuk perempuan, tanggal lahir di NIK ditambah 40."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Participant.Sex.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    phone = forms.CharField(
        label=_("Nomor HP"),
        required=False,
        max_length=25,
        help_text=_("Boleh ditulis 0812…, 62812…, atau +62 812…; disimpan sebagai +62."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.none(), empty_label=_("— pilih kecamatan —")
    )
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.none(),
        error_messages={
            "invalid_choice": _("Pilih kelurahan dari daftar; kelurahan itu tidak ada atau di luar wilayah tugas Anda.")
        },
    )
    consent_given = forms.BooleanField(
        label=_("Peserta sudah membaca tujuan di atas dan menyetujui data pribadinya dikumpulkan untuk tujuan itu."),
        error_messages={"required": _("Persetujuan peserta wajib: tanpa persetujuan, data tidak boleh disimpan.")},
    )

    # Asked only when the service needs the user's word (services.ConfirmationNeeded): the
    # template shows a tick once it carries that question, or once it has been ticked.
    nik_confirmed = forms.BooleanField(label=_("NIK sudah dicocokkan dengan KTP"), required=False)
    different_person = forms.BooleanField(label=_("Ini orang yang berbeda"), required=False)

    consent_purpose = CONSENT_PURPOSE

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        kecamatan_qs = scope_queryset(user, Kecamatan.objects.all())
        kelurahan_qs = scope_queryset(user, Kelurahan.objects.select_related("kecamatan"))
        self.fields["kecamatan"].queryset = kecamatan_qs
        self.fields["kecamatan"].error_messages["invalid_choice"] = _(
            "Pilih kecamatan dari daftar; kecamatan itu di luar wilayah tugas Anda."
        )
        # Any in-scope kelurahan may be submitted (clean() then names the mismatch precisely);
        # only those of the chosen kecamatan are offered.
        self.fields["kelurahan"].queryset = kelurahan_qs
        if not self.is_bound and "kecamatan" not in self.initial:
            only = list(kecamatan_qs[:2])
            if len(only) == 1:  # a field officer of one kecamatan
                self.initial["kecamatan"] = only[0].pk
        self.fields["kelurahan"].widget.choices = _kelurahan_choices(
            kelurahan_qs, _chosen_pk(self, "kecamatan"), _("— pilih kelurahan —")
        )
        for name in CONFIRMATIONS:
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.fields["kecamatan"].widget.attrs.update(
            {
                "hx-get": reverse("participants:kelurahan_options"),
                "hx-target": f"#{self['kelurahan'].id_for_label}",
                "hx-trigger": "change",
            }
        )

    def clean_nik(self):
        nik = "".join(self.cleaned_data["nik"].split())
        parse_nik(nik)
        return nik

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        kecamatan, kelurahan = data.get("kecamatan"), data.get("kelurahan")
        if kecamatan and kelurahan and kelurahan.kecamatan_id != kecamatan.pk:
            self.add_error(
                "kelurahan",
                ValidationError(
                    _("Kelurahan %(kelurahan)s tidak berada di Kecamatan %(kecamatan)s.")
                    % {"kelurahan": kelurahan.name, "kecamatan": kecamatan.name},
                    code="kelurahan_mismatch",
                ),
            )
        if data.get("nik"):
            for field, error in check_nik_matches(
                data["nik"], birth_date=data.get("birth_date"), sex=data.get("sex")
            ).items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, error)
        return data

    similar: list[Participant] = []

    def add_error(self, field, error):
        # The view hands the service's refusal over as it is; keep who has the same name and birth date.
        if isinstance(error, ConfirmationNeeded):
            self.similar = error.similar
        super().add_error(field, error)

    @cached_property
    def similar_visible(self) -> list[Participant]:
        """The participants of the same name and birth date this user may open."""
        if not self.user.has_perm("participants.view_participant"):
            return []
        return [p for p in self.similar if in_scope(self.user, p)]

    @property
    def similar_elsewhere(self) -> bool:
        """Whether one of them lies outside the user's area: said, but never who or where."""
        return len(self.similar) > len(self.similar_visible)

    def asks(self, name: str) -> bool:
        """Whether the confirmation tick `name` is on the page."""
        return name in self.errors or (self.is_bound and self[name].value())

    @property
    def asks_nik_confirmed(self) -> bool:
        return self.asks("nik_confirmed")

    @property
    def asks_different_person(self) -> bool:
        return self.asks("different_person")

    @property
    def only_confirmations_missing(self) -> bool:
        return bool(self.errors) and set(self.errors) <= set(CONFIRMATIONS)

    def service_fields(self) -> dict:
        """The cleaned values as participant_register / participant_update take them."""
        data = self.cleaned_data
        return {
            key: data[key]
            for key in (
                "nik",
                "name",
                "sex",
                "birth_date",
                "phone",
                "address",
                "kelurahan",
                "consent_given",
                *CONFIRMATIONS,
            )
        }

    @staticmethod
    def initial_from(participant: Participant) -> dict:
        return {
            "nik": participant.nik,
            "name": participant.name,
            "sex": participant.sex,
            "birth_date": participant.birth_date,
            "phone": participant.phone,
            "address": participant.address,
            "kecamatan": participant.kelurahan.kecamatan_id,
            "kelurahan": participant.kelurahan_id,
            "consent_given": participant.consent_given,
        }


class ParticipantFilterForm(forms.Form):
    """The list's search, filters, sorting and page size, all in GET. Invalid values are
    dropped rather than reported: a stale bookmark still shows a list."""

    q = forms.CharField(label=_("Cari nama atau NIK"), required=False, max_length=150)
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.none(), required=False, empty_label=_("Semua kecamatan")
    )
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"), queryset=Kelurahan.objects.none(), required=False, empty_label=_("Semua kelurahan")
    )
    craft = forms.ModelChoiceField(
        label=_("Kerajinan"), queryset=CraftType.objects.none(), required=False, empty_label=_("Semua kerajinan")
    )
    batch_search = forms.CharField(
        label=_("Cari angkatan"),
        required=False,
        max_length=100,
        help_text=_("Ketik sebagian nama angkatan; pilihan angkatan menyesuaikan."),
    )
    batch = forms.ModelChoiceField(
        label=_("Angkatan"), queryset=TrainingBatch.objects.none(), required=False, empty_label=_("Semua angkatan")
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Semua status")), *STATUS_CHOICES])
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[
            ("nama", _("Nama A–Z")),
            ("-nama", _("Nama Z–A")),
            ("-terdaftar", _("Terbaru didaftarkan")),
            ("terdaftar", _("Terlama didaftarkan")),
            ("kecamatan", _("Kecamatan")),
            ("-kecamatan", _("Kecamatan (terbalik)")),
        ],
    )
    per_page = forms.TypedChoiceField(
        label=_("Per halaman"), required=False, coerce=int, choices=[(n, n) for n in PAGE_SIZES], empty_value=25
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = scope_queryset(user, Kecamatan.objects.all())
        kelurahan_qs = scope_queryset(user, Kelurahan.objects.all())
        self.fields["kelurahan"].queryset = kelurahan_qs
        kecamatan_id = _chosen_pk(self, "kecamatan")
        self.fields["kelurahan"].widget.choices = _kelurahan_choices(kelurahan_qs, kecamatan_id, _("Semua kelurahan"))
        self.fields["kecamatan"].widget.attrs.update(
            {
                "hx-get": reverse("participants:kelurahan_options") + "?semua=1",
                "hx-target": f"#{self['kelurahan'].id_for_label}",
                "hx-trigger": "change",
            }
        )
        self.fields["craft"].queryset = scope_queryset(user, CraftType.objects.all())
        batches = scope_queryset(user, TrainingBatch.objects.all())
        if kecamatan_id:
            batches = batches.filter(kecamatan_id=kecamatan_id)
        # Any batch in scope is accepted; only the chosen one and the latest few are offered.
        self.fields["batch"].queryset = batches
        chosen_pk = _chosen_pk(self, "batch")
        chosen = batches.filter(pk=chosen_pk).first() if chosen_pk else None
        offered = batch_choices(
            user=user, kecamatan_id=kecamatan_id, text=self.data.get("batch_search", "") or "", chosen=chosen
        )
        self.fields["batch"].widget.choices = [("", _("Semua angkatan"))] + [(b.pk, str(b)) for b in offered]
        self.fields["batch_search"].widget.attrs.update(
            {
                "type": "search",
                "autocomplete": "off",
                "hx-get": reverse("trainings:batch_options"),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": f"#{self['batch'].id_for_label}",
                "hx-include": f"#{self['kecamatan'].id_for_label}",
            }
        )
        # A filter the user has no permission to read (a bank liaison's case) is left out.
        self.show_status = user.has_perm("reports.view_outcomes")
        needs = {
            "kecamatan": "regions.view_kecamatan",
            "kelurahan": "regions.view_kelurahan",
            "craft": "trainings.view_crafttype",
            "batch": "trainings.view_trainingbatch",
            "batch_search": "trainings.view_trainingbatch",
            "status": "reports.view_outcomes",
        }
        for name, perm in needs.items():
            if not user.has_perm(perm):
                del self.fields[name]
        for name, field in self.fields.items():
            css = "form-control form-control-sm" if name in ("q", "batch_search") else "form-select form-select-sm"
            field.widget.attrs["class"] = css

    def values(self) -> dict:
        """Cleaned filters, each invalid one replaced by its default."""
        self.is_valid()
        data = {name: None if name in self.errors else self.cleaned_data.get(name) for name in self.base_fields}
        data["q"] = data["q"] or ""
        data["status"] = data["status"] or ""
        data["sort"] = data["sort"] if data["sort"] in SORTS else "nama"
        data["per_page"] = data["per_page"] or PAGE_SIZES[0]
        return data
