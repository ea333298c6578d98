"""Forms of the KUB pages. They check what a form can see; the services enforce the rules again
under row locks, and their refusals are shown on the same form."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import kub_name
from regions.models import Kecamatan, Kelurahan
from trainings.models import CraftType

from .dormant import DORMANT
from .models import BusinessGroup, Membership
from .selectors import SORT_LABELS, kub_size

# A browser's <input type="date"> posts ISO dates; the Indonesian locale formats do not include it.
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        **kwargs,
    )


def not_in_future(value: dt.date) -> dt.date:
    if value > timezone.localdate():
        raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))
    return value


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Cari nama KUB"), required=False, max_length=100)
    kecamatan = forms.ModelChoiceField(
        label=gettext_lazy("Kecamatan"),
        queryset=Kecamatan.objects.none(),
        required=False,
        empty_label=gettext_lazy("Semua kecamatan"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Semua status"))]
        + BusinessGroup.Status.choices
        + [(DORMANT, gettext_lazy("Aktif, tetapi usahanya tidak berjalan"))],
    )
    craft = forms.ModelChoiceField(
        label=gettext_lazy("Kerajinan"),
        queryset=CraftType.objects.all(),
        required=False,
        empty_label=gettext_lazy("Semua kerajinan"),
    )
    sort = forms.ChoiceField(label=gettext_lazy("Urutkan"), required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, *args, kecamatan_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = kecamatan_qs


class GroupFormationForm(forms.Form):
    """Name, craft and members of a new KUB. One checkbox per candidate, a reason field per
    candidate who did not complete training, and a select each for ketua, sekretaris, bendahara.

    The officer selects offer the ticked members only (the page's script follows the ticks as
    they change; a posted form offers what was ticked, plus a chosen officer who was not, so the
    error about them shows their name). Before anything is ticked every candidate is offered, for
    a browser without the script; `clean` refuses an officer who is not ticked in any case."""

    OFFICERS = (Membership.Role.KETUA, Membership.Role.SEKRETARIS, Membership.Role.BENDAHARA)

    name = forms.CharField(label=gettext_lazy("Nama KUB"), max_length=150)
    craft_type = forms.ModelChoiceField(label=gettext_lazy("Fokus kerajinan"), queryset=CraftType.objects.all())
    kelurahan = forms.ModelChoiceField(
        label=gettext_lazy("Kelurahan sekretariat"),
        queryset=Kelurahan.objects.none(),
        required=False,
        empty_label=gettext_lazy("— belum ditentukan —"),
    )
    members = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Anggota"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Centang peserta yang menjadi anggota KUB.")},
    )

    def __init__(self, *args, candidates, kecamatan, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {p.pk: p for p in candidates}
        choices = [(p.pk, p.name) for p in candidates]
        self.fields["members"].choices = choices
        self.fields["kelurahan"].queryset = Kelurahan.objects.filter(kecamatan=kecamatan)
        blank = [("", _("— pilih —"))]
        ticked = self._posted_pks("members") if self.is_bound else None
        for role in self.OFFICERS:
            field = self.fields[role] = forms.TypedChoiceField(
                label=Membership.Role(role).label,
                coerce=int,
                choices=blank + choices,
                error_messages={"required": _("Pilih %(role)s KUB.") % {"role": Membership.Role(role).label.lower()}},
            )
            if ticked is not None:
                offered = ticked | self._posted_pks(role)
                # The field still validates against every candidate; only what is offered changes.
                field.widget.choices = blank + [(pk, name) for pk, name in choices if pk in offered]
        for p in candidates:
            if not p.trained:
                self.fields[self.reason_field(p.pk)] = forms.CharField(
                    label=_("Alasan memasukkan %(name)s") % {"name": p.name},
                    required=False,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def _posted_pks(self, name: str) -> set[int]:
        key = self.add_prefix(name)
        values = self.data.getlist(key) if hasattr(self.data, "getlist") else self.data.get(key) or []
        values = values if isinstance(values, list | tuple) else [values]
        return {int(v) for v in values if str(v).isdigit()}

    @staticmethod
    def reason_field(pk: int) -> str:
        return f"reason_{pk}"

    def clean(self):
        data = super().clean()
        picked = data.get("members") or []
        size = kub_size()
        if len(picked) > size:
            self.add_error(
                "members",
                _(
                    "Satu KUB paling banyak %(size)d anggota; Anda mencentang %(count)d. "
                    "Hapus centang %(extra)d peserta."
                )
                % {"size": size, "count": len(picked), "extra": len(picked) - size},
            )
        for pk in picked:
            p = self.candidates[pk]
            if p.active_group_id:
                self.add_error(
                    "members",
                    _("%(name)s masih anggota aktif %(group)s; keluarkan dulu dari KUB itu.")
                    % {"name": p.name, "group": kub_name(p.active_group_name)},
                )
            if not p.trained and not (data.get(self.reason_field(pk)) or "").strip():
                self.add_error(
                    self.reason_field(pk),
                    _("%(name)s belum lulus pelatihan. Tuliskan alasan bila tetap ingin memasukkannya.")
                    % {"name": p.name},
                )
        holders = {}
        for role in self.OFFICERS:
            pk = data.get(role)
            if pk is None:
                continue
            label = Membership.Role(role).label.lower()
            if pk not in picked:
                self.add_error(
                    role,
                    _("%(role)s harus salah satu anggota yang dicentang; %(name)s tidak dicentang.")
                    % {"role": Membership.Role(role).label, "name": self.candidates[pk].name},
                )
            elif pk in holders:
                self.add_error(
                    role,
                    _("%(name)s sudah dipilih sebagai %(other)s; satu orang hanya memegang satu jabatan.")
                    % {"name": self.candidates[pk].name, "other": holders[pk]},
                )
            else:
                holders[pk] = label
        return data

    def member_rows(self) -> list[tuple]:
        """(participant, role, override_reason) for the service, officers first."""
        roles = {self.cleaned_data[role]: role for role in self.OFFICERS}
        rows = []
        for pk in self.cleaned_data["members"]:
            reason = (self.cleaned_data.get(self.reason_field(pk)) or "").strip()
            rows.append((self.candidates[pk], roles.get(pk, Membership.Role.ANGGOTA), reason))
        order = {role: i for i, role in enumerate(Membership.Role.values)}
        return sorted(rows, key=lambda row: order[row[1]])


class AddMemberForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=gettext_lazy("Peserta"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Pilih peserta yang akan ditambahkan.")},
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Jabatan"), choices=Membership.Role.choices, initial=Membership.Role.ANGGOTA
    )
    joined_on = date_field(gettext_lazy("Tanggal masuk"), validators=[not_in_future])
    override_reason = forms.CharField(
        label=gettext_lazy("Alasan (wajib bila peserta belum lulus pelatihan)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, participant_qs, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("joined_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participant_qs


class LeaveForm(forms.Form):
    left_on = date_field(gettext_lazy("Tanggal keluar"), validators=[not_in_future])

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("left_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Jabatan"), choices=Membership.Role.choices)


class KetuaHandoverForm(forms.Form):
    """Choose the new ketua among the KUB's active members other than the ketua."""

    membership = forms.ModelChoiceField(
        label=gettext_lazy("Ketua baru"),
        queryset=Membership.objects.none(),
        empty_label=gettext_lazy("— pilih anggota aktif —"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": gettext_lazy("Pilih anggota aktif yang menjadi ketua baru."),
            "invalid_choice": gettext_lazy("Ketua baru harus anggota aktif KUB ini."),
        },
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = (
            Membership.objects.filter(group=group, left_on__isnull=True)
            .exclude(role=Membership.Role.KETUA)
            .select_related("participant")
            .order_by("participant__name", "pk")
        )
        field.label_from_instance = self.label

    @staticmethod
    def label(membership: Membership) -> str:
        if membership.role == Membership.Role.ANGGOTA:
            return membership.participant.name
        return f"{membership.participant.name} ({membership.get_role_display().lower()})"
