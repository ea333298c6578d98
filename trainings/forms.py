import datetime as dt

from django import forms
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from accounts.scoping import scope_queryset
from participants.training_facts import FIRST_DAY, LAST_DAY
from regions.models import Kecamatan

from . import planner
from .models import Attendance, CraftType, Trainer, TrainingBatch, Venue
from .selectors import BATCH_SORTS, DEFAULT_BATCH_SORT
from .services import MAX_BULK_ENROLMENT, nik_entries_parse

WEEKDAYS = [
    ("0", _("Senin")),
    ("1", _("Selasa")),
    ("2", _("Rabu")),
    ("3", _("Kamis")),
    ("4", _("Jumat")),
    ("5", _("Sabtu")),
    ("6", _("Minggu")),
]


# The planner renders at most this many trainers to tick (besides those already ticked) and
# this many venues per kecamatan to pick: with thousands of trainers and venues the page
# would grow with the data. Others are found by name (trainers) or typed (venues).
PLANNER_TRAINER_CHOICES = 50
PLANNER_VENUE_CHOICES = 30


def _next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


class PlannerForm(forms.Form):
    """The rotation's parameters. Kecamatan order and venues get one field per kecamatan."""

    start_date = forms.DateField(
        label=_("Tanggal mulai"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Minggu pertama kecamatan pertama dihitung dari tanggal ini."),
    )
    weeks = forms.IntegerField(label=_("Minggu per kecamatan"), min_value=1, max_value=26, initial=4)

    def clean_start_date(self):
        # A batch starts in 2000..2062 (TrainingBatch's constraint, participants.training_facts).
        day = self.cleaned_data["start_date"]
        if not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(_("Tanggal mulai harus antara tahun 2000 dan 2062."))
        return day

    tracks = forms.IntegerField(
        label=_("Kecamatan berjalan bersamaan"),
        min_value=1,
        max_value=7,
        initial=1,
        help_text=_(
            "1 = satu kecamatan setelah yang lain. 2 = dua kecamatan sekaligus (butuh dua pelatih), "
            "sehingga rotasi selesai lebih cepat."
        ),
    )
    craft_types = forms.ModelMultipleChoiceField(
        label=_("Jenis kerajinan"),
        queryset=CraftType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Satu angkatan per kecamatan. Bila memilih lebih dari satu jenis, jenisnya bergiliran: "
            "kecamatan pertama mendapat jenis pertama, kecamatan kedua jenis kedua, dan seterusnya."
        ),
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Pelatih"),
        queryset=Trainer.objects.filter(active=True).prefetch_related("craft_types"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Pelatih bergiliran per angkatan, menurut urutan daftar: angkatan berikutnya untuk pelatih sesudah "
            "yang terakhir mendapat angkatan. Pelatih yang tidak mengajar jenis kerajinannya atau sudah terjadwal "
            "pada jam yang sama dilewati, dan pratinjau menyebutkan alasannya. Bila tidak ada pelatih terpilih "
            "yang bisa, angkatan itu ditandai bentrok."
        ),
    )
    trainer_q = forms.CharField(
        label=_("Cari pelatih"),
        max_length=100,
        required=False,
        help_text=_("Daftar menampilkan paling banyak 50 pelatih; ketik sebagian nama lalu tekan “Cari pelatih”."),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Hari pertemuan"),
        choices=WEEKDAYS,
        initial=["0", "2"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Jumlah sesi per minggu = jumlah hari yang dipilih."),
    )
    start_time = forms.TimeField(
        label=_("Jam mulai"), initial=dt.time(9, 0), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Jam selesai"), initial=dt.time(12, 0), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    capacity = forms.IntegerField(label=_("Kapasitas per angkatan"), min_value=1, max_value=500, initial=30)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kecamatan = list(scope_queryset(user, Kecamatan.objects.all()))
        self.fields["start_date"].initial = _next_monday()
        source = self.data if self.is_bound else self.initial
        self._limit_trainer_choices(source)
        picked_venues = set()
        for kecamatan in self.kecamatan:
            try:
                picked_venues.add(int(_one(source, f"venue_{kecamatan.pk}") or 0))
            except (TypeError, ValueError):
                pass
        # The first venues by name in each kecamatan, and the ones already picked: one query.
        ranked = (
            scope_queryset(user, Venue.objects.all())
            .annotate(rank=Window(RowNumber(), partition_by=[F("kecamatan_id")], order_by=[F("name"), F("pk")]))
            .order_by()
        )
        venues = {}
        for venue in ranked.filter(Q(rank__lte=PLANNER_VENUE_CHOICES) | Q(pk__in=picked_venues)).order_by("name", "pk"):
            venues.setdefault(venue.kecamatan_id, []).append(venue)
        self._user = user
        choices = [("", _("— lewati —"))] + [(str(k.pk), k.name) for k in self.kecamatan]
        for i, kecamatan in enumerate(self.kecamatan, start=1):
            self.fields[f"order_{i}"] = forms.TypedChoiceField(
                label=_("Urutan %(n)d") % {"n": i},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(kecamatan.pk),
            )
        for kecamatan in self.kecamatan:
            own = venues.get(kecamatan.pk, [])
            self.fields[f"venue_{kecamatan.pk}"] = forms.TypedChoiceField(
                label=_("Tempat di %(kecamatan)s") % {"kecamatan": kecamatan.name},
                choices=[("", "—")] + [(str(v.pk), v.name) for v in own],
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(own[0].pk) if len(own) == 1 else "",
            )
            self.fields[f"new_venue_{kecamatan.pk}"] = forms.CharField(
                label=_("atau ketik nama tempat"),
                max_length=150,
                required=False,
                help_text=_("Tempat terdaftar dengan nama ini dipakai; bila tidak ada, tempat baru dibuat."),
            )
        self._venues = {v.pk: v for own in venues.values() for v in own}

    def _limit_trainer_choices(self, source):
        """Tick boxes for the trainers already ticked and the first ones matching the search,
        never for every trainer; the field still accepts any active trainer."""
        field = self.fields["trainers"]
        picked = []
        for value in _many(source, "trainers"):
            try:
                picked.append(int(getattr(value, "pk", value)))
            except (TypeError, ValueError):
                pass
        query = (_one(source, "trainer_q") or "").strip()
        found = Trainer.objects.filter(active=True)
        if query:
            found = found.filter(name__icontains=query)
        shown = list(
            Trainer.objects.filter(
                Q(pk__in=found.order_by("name", "pk").values("pk")[:PLANNER_TRAINER_CHOICES]) | Q(pk__in=picked),
                active=True,
            ).order_by("name", "pk")
        )
        field.widget.choices = [(t.pk, t.name) for t in shown]

    # Rows for the template: the order selects, and kecamatan with their venue fields.
    @property
    def rotation_order_fields(self):
        return [self[f"order_{i}"] for i in range(1, len(self.kecamatan) + 1)]

    @property
    def venue_rows(self):
        return [(k, self[f"venue_{k.pk}"], self[f"new_venue_{k.pk}"]) for k in self.kecamatan]

    def clean(self):
        data = super().clean()
        order = [data.get(f"order_{i}") for i in range(1, len(self.kecamatan) + 1)]
        order = [pk for pk in order if pk is not None]
        if not order:
            raise forms.ValidationError(_("Pilih paling sedikit satu kecamatan dalam urutan."))
        if len(order) != len(set(order)):
            raise forms.ValidationError(_("Setiap kecamatan hanya boleh muncul sekali dalam urutan."))
        by_pk = {k.pk: k for k in self.kecamatan}
        data["order"] = [by_pk[pk] for pk in order]
        data["venues"] = {}
        for kecamatan in data["order"]:
            venue_pk = data.get(f"venue_{kecamatan.pk}")
            new_name = (data.get(f"new_venue_{kecamatan.pk}") or "").strip()
            if venue_pk and new_name:
                self.add_error(
                    f"new_venue_{kecamatan.pk}", _("Pilih tempat yang ada atau ketik tempat baru, bukan keduanya.")
                )
            elif venue_pk:
                venue = self._venues[venue_pk]
                data["venues"][kecamatan.pk] = planner.VenueRef(kecamatan.pk, venue.name, venue.pk)
            elif new_name:
                match = (
                    scope_queryset(self._user, Venue.objects.all())
                    .filter(kecamatan_id=kecamatan.pk, name__iexact=new_name)
                    .order_by("pk")
                    .first()
                )
                data["venues"][kecamatan.pk] = planner.VenueRef(
                    kecamatan.pk, match.name if match else new_name, match.pk if match else None
                )
            else:
                self.add_error(
                    f"venue_{kecamatan.pk}",
                    _("Pilih tempat pelatihan di %(kecamatan)s atau ketik nama tempat baru.")
                    % {"kecamatan": kecamatan.name},
                )
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Jam selesai harus setelah jam mulai."))
        return data

    def plan_input(self) -> planner.PlanInput:
        data = self.cleaned_data
        return planner.PlanInput(
            start_date=data["start_date"],
            weeks=data["weeks"],
            kecamatan=tuple(planner.KecamatanRef(k.pk, k.name) for k in data["order"]),
            crafts=tuple(planner.CraftRef(c.pk, c.name) for c in data["craft_types"]),
            trainers=tuple(
                planner.TrainerRef(t.pk, t.name, frozenset(c.pk for c in t.craft_types.all())) for t in data["trainers"]
            ),
            venues=data["venues"],
            weekdays=tuple(sorted(int(d) for d in data["weekdays"])),
            start_time=data["start_time"],
            end_time=data["end_time"],
            capacity=data["capacity"],
            tracks=data["tracks"],
        )


def _one(source, key):
    """One value of a form's data (a QueryDict) or initial (a dict)."""
    value = source.get(key)
    return value[-1] if isinstance(value, list | tuple) and value else value


def _many(source, key) -> list:
    if hasattr(source, "getlist"):
        return source.getlist(key)
    value = source.get(key) or []
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return [value]
    return list(value)


class BatchFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=Kecamatan.objects.none(), required=False)
    craft_type = forms.ModelChoiceField(label=_("Jenis kerajinan"), queryset=CraftType.objects.all(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua status"))] + TrainingBatch.Status.choices, required=False
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    month = forms.TypedChoiceField(
        label=_("Bulan"),
        choices=[("", _("Semua bulan"))] + [(m, MONTHS[m]) for m in range(1, 13)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Angkatan yang berlangsung pada bulan itu; isi juga tahunnya."),
    )
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[
            ("-start", _("Mulai terbaru")),
            ("start", _("Mulai terlama")),
            ("name", _("Nama A–Z")),
            ("-name", _("Nama Z–A")),
            ("kecamatan", _("Kecamatan")),
            ("-enrolled", _("Peserta terbanyak")),
            ("enrolled", _("Peserta tersedikit")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = scope_queryset(user, Kecamatan.objects.all())
        self.fields["kecamatan"].empty_label = _("Semua kecamatan")
        self.fields["craft_type"].empty_label = _("Semua jenis")

    def clean(self):
        data = super().clean()
        if data.get("month") and not data.get("year"):
            self.add_error("month", _("Pilih tahunnya juga untuk menyaring per bulan."))
        return data

    def filters(self) -> dict:
        if not self.is_valid():
            return {"sort": DEFAULT_BATCH_SORT}
        data = self.cleaned_data
        sort = data.get("sort") or DEFAULT_BATCH_SORT
        return {
            "q": data.get("q") or "",
            "kecamatan_id": data["kecamatan"].pk if data.get("kecamatan") else None,
            "craft_type_id": data["craft_type"].pk if data.get("craft_type") else None,
            "status": data.get("status") or "",
            "year": data.get("year"),
            "month": data.get("month"),
            "sort": sort if sort in BATCH_SORTS else DEFAULT_BATCH_SORT,
        }


class EnrolPasteForm(forms.Form):
    niks = forms.CharField(
        label=_("Daftar NIK"),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Satu NIK per baris, atau dipisah koma."),
    )

    typed: list[str] = []  # each entry as typed, beside the cleaned NIKs

    def clean_niks(self):
        entries = nik_entries_parse(self.cleaned_data["niks"])
        if not entries:
            raise forms.ValidationError(_("Tempel paling sedikit satu NIK."))
        if len(entries) > MAX_BULK_ENROLMENT:
            raise forms.ValidationError(_("Paling banyak %(max)d NIK sekali daftar.") % {"max": MAX_BULK_ENROLMENT})
        self.typed = [typed for typed, _nik in entries]
        return [nik for _typed, nik in entries]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pengunduran diri"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: pindah domisili, bekerja, sakit. Disimpan bersama nama Anda dan waktunya."),
        error_messages={"required": _("Tuliskan alasan pengunduran diri.")},
    )


class AttendanceForm(forms.Form):
    """One radio group per enrolled participant, and whether this was copied from paper."""

    from_paper = forms.BooleanField(
        label=_("Disalin dari daftar hadir kertas"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, roster, session, readonly=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        for enrollment, record in roster:
            self.fields[f"status_{enrollment.pk}"] = forms.ChoiceField(
                label=enrollment.participant.name,
                choices=Attendance.Status.choices,
                required=False,
                initial=record.status if record else None,
                disabled=readonly,
                widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
            )
        self.fields["from_paper"].disabled = readonly
        # Suggested, not forced: after the session day, the list is most likely copied from paper.
        self.fields["from_paper"].initial = session.date < timezone.localdate()

    @property
    def rows(self):
        return [(enrollment, record, self[f"status_{enrollment.pk}"]) for enrollment, record in self.roster]

    def statuses(self) -> dict[int, str]:
        return {
            enrollment.pk: self.cleaned_data[f"status_{enrollment.pk}"]
            for enrollment, _record in self.roster
            if self.cleaned_data.get(f"status_{enrollment.pk}")
        }
