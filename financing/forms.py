"""Forms of the referral pages and of the admin's status page. The service
(`referral_transition`) decides every move; its refusals are shown on the same form."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.admin_mixins import add_service_error
from accounts.scoping import scope_queryset
from core.uploads import SafeDocumentFormField
from regions.models import Kecamatan

from . import selectors, services
from .models import Bank, DocumentKind, KurProgramme, LoanReferral, ReferralStatus

RUPIAH_ERRORS = {
    "invalid": _("Tulis jumlah dalam rupiah, angka saja (misalnya 5000000)."),
    "max_digits": _("Jumlah terlalu besar."),
    "max_whole_digits": _("Jumlah terlalu besar."),
    "max_decimal_places": _("Jumlah dalam rupiah bulat, tanpa sen."),
    "min_value": _("Jumlah tidak boleh negatif."),
}


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        band = f"Rp{int(obj.loan_min):,}–Rp{int(obj.loan_max):,}".replace(",", ".")
        owner = obj.bank.short_name if obj.bank_id else _("semua bank KUR")
        return f"{obj.name} ({owner}; {band})"


class ReferralCreateForm(forms.Form):
    """A new referral, for a participant or a KUB chosen before; the service checks eligibility,
    the programme's band and the bank."""

    bank = forms.ModelChoiceField(label=_("Bank"), queryset=Bank.objects.none())
    programme = ProgrammeChoiceField(label=_("Program"), queryset=KurProgramme.objects.none())
    amount_requested = forms.DecimalField(
        label=_("Jumlah diajukan (Rp)"), min_value=1, max_digits=14, decimal_places=0, error_messages=RUPIAH_ERRORS
    )
    purpose = forms.CharField(label=_("Keperluan pinjaman"), max_length=255)
    override_reason = forms.CharField(
        label=_("Alasan tetap merujuk"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hanya bila ada syarat yang belum terpenuhi; tercatat di rujukan dan riwayatnya."),
    )

    def __init__(self, *args, user, participant=None, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant, self.group = participant, group
        self.fields["bank"].queryset = scope_queryset(user, Bank.objects.filter(active=True))
        self.fields["programme"].queryset = selectors.programmes_for(user=user)

    def create(self, user) -> LoanReferral | None:
        try:
            return services.referral_create(
                user=user,
                participant=self.participant,
                group=self.group,
                check_eligibility=True,
                **self.cleaned_data,
            )
        except ValidationError as error:
            add_service_error(self, error)
            return None


class DocumentUploadForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Jenis dokumen"), queryset=DocumentKind.objects.filter(active=True))
    file = SafeDocumentFormField(
        label=_("Pindaian (PDF atau foto)"),
        error_messages={"required": _("Pilih berkasnya dulu."), "empty": _("Berkas itu kosong.")},
    )


class ReferralFilterForm(forms.Form):
    """The list's search, filters and sorting. Invalid values are dropped, not reported: a
    stale bookmark still shows a list."""

    q = forms.CharField(label=_("Cari nama pemohon"), required=False, max_length=150)
    status = forms.ChoiceField(label=_("Status"), required=False)
    bank = forms.ModelChoiceField(
        label=_("Bank"), queryset=Bank.objects.none(), required=False, empty_label=_("Semua bank")
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.none(), required=False, empty_label=_("Semua kecamatan")
    )
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[
            ("-dibuat", _("Terbaru dirujuk")),
            ("dibuat", _("Terlama dirujuk")),
            ("-diubah", _("Status terbaru diubah")),
            ("diubah", _("Status terlama diubah")),
            ("status", _("Status (urutan proses)")),
            ("-status", _("Status (terbalik)")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua status")), *selectors.status_choices(user=user)]
        if user.role == roles.BANK_LIAISON:
            del self.fields["bank"]  # their own bank only
        else:
            self.fields["bank"].queryset = scope_queryset(user, Bank.objects.all())
        # The kecamatan of the referrals the user sees (a bank sees no kecamatan records of its own).
        self.fields["kecamatan"].queryset = Kecamatan.objects.filter(
            pk__in=selectors.referral_list(user=user).order_by().values("kecamatan")
        ).order_by("code")
        for name, field in self.fields.items():
            css = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            field.widget.attrs["class"] = css

    def values(self) -> dict:
        """Cleaned filters, each invalid one replaced by its default."""
        self.is_valid()
        data = {name: None if name in self.errors else self.cleaned_data.get(name) for name in self.fields}
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or "",
            "bank": data.get("bank"),
            "kecamatan": data.get("kecamatan"),
            "sort": data.get("sort") if data.get("sort") in selectors.SORTS else selectors.DEFAULT_SORT,
        }


class TransitionForm(forms.Form):
    """One step of a referral, through `referral_transition`. The admin offers every next
    status; the portal page offers the steps the user may take (`steps`)."""

    to_status = forms.ChoiceField(
        label=_("Status baru"),
        error_messages={"invalid_choice": _("Langkah itu tidak dapat Anda catat untuk rujukan ini sekarang.")},
    )
    amount = forms.DecimalField(
        label=_("Jumlah (Rp)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        help_text=_(
            "Untuk “Disetujui”: jumlah yang disetujui bank. Untuk “Dicairkan”: jumlah yang dicairkan "
            "(kosongkan bila sama dengan jumlah yang disetujui)."
        ),
        error_messages=RUPIAH_ERRORS,
    )
    programme = ProgrammeChoiceField(
        label=_("Program yang disetujui"),
        queryset=KurProgramme.objects.none(),
        required=False,
        help_text=_("Kosongkan bila sama dengan program yang diajukan."),
    )
    disbursed_on = forms.DateField(
        label=_("Tanggal pencairan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Kosongkan bila hari ini."),
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib untuk penolakan: tuliskan alasannya."),
    )

    # The service names the model's fields; this form has one amount.
    FIELD_OF = {
        "amount_approved": "amount",
        "amount_disbursed": "amount",
        "note": "note",
        "programme": "programme",
        "disbursed_on": "disbursed_on",
    }

    def __init__(self, *args, referral: LoanReferral, steps: list | None = None, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.fields["programme"].queryset = KurProgramme.objects.filter(active=True).filter(
            Q(bank__isnull=True) | Q(bank=referral.bank_id)
        )
        steps = referral.allowed_next() if steps is None else steps
        self.fields["to_status"].choices = [(s, ReferralStatus(s).label) for s in steps]
        # A page for one step says exactly what it asks for.
        amount, note = self.fields["amount"], self.fields["note"]
        if step == ReferralStatus.APPROVED:
            amount.label, amount.help_text = _("Jumlah disetujui (Rp)"), _("Jumlah yang disetujui bank, angka saja.")
        elif step == ReferralStatus.DISBURSED:
            amount.label = _("Jumlah dicairkan (Rp)")
            amount.help_text = _("Kosongkan bila sama dengan jumlah yang disetujui; tidak boleh melebihinya.")
        if step == ReferralStatus.REJECTED:
            note.label, note.help_text = _("Alasan penolakan"), _("Wajib diisi; tercatat di riwayat rujukan.")
        elif step is not None:
            note.help_text = _("Tidak wajib.")

    def transition(self, user) -> LoanReferral | None:
        """Move the referral; on refusal, put the service's words on the form and return None."""
        target = self.cleaned_data["to_status"]
        amount = self.cleaned_data.get("amount")
        try:
            return services.referral_transition(
                referral=self.referral,
                to_status=target,
                user=user,
                note=self.cleaned_data.get("note", ""),
                amount_approved=amount if target == ReferralStatus.APPROVED else None,
                amount_disbursed=amount if target == ReferralStatus.DISBURSED else None,
                disbursed_on=self.cleaned_data.get("disbursed_on") if target == ReferralStatus.DISBURSED else None,
                programme=self.cleaned_data.get("programme") if target == ReferralStatus.APPROVED else None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error = ValidationError({self.FIELD_OF.get(k, "__all__"): v for k, v in error.error_dict.items()})
            add_service_error(self, error)
            return None


class BulkTransitionForm(forms.Form):
    """Several referrals one step on (the steps that need nothing typed), as the admin's list
    actions do; the page asks to confirm before anything moves."""

    langkah = forms.ChoiceField(
        label=_("Langkah untuk rujukan yang dipilih"),
        error_messages={
            "required": _("Pilih langkahnya dulu."),
            "invalid_choice": _("Langkah itu tidak dapat Anda catat dari daftar."),
        },
    )
    rujukan = forms.ModelMultipleChoiceField(
        queryset=LoanReferral.objects.none(),
        error_messages={
            "required": _("Centang dulu rujukan yang akan diubah."),
            "invalid_choice": _("Ada rujukan yang tidak dapat Anda lihat."),
            "invalid_pk_value": _("Ada rujukan yang tidak dikenal."),
        },
    )
    konfirmasi = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            ReferralStatus.REFERRED: _("Tandai dirujuk ke bank"),
            ReferralStatus.DOCUMENTS_COMPLETE: _("Tandai dokumen lengkap"),
            ReferralStatus.UNDER_REVIEW: _("Tandai dalam penilaian bank"),
            ReferralStatus.DISBURSED: _("Tandai dicairkan (sebesar jumlah yang disetujui)"),
            ReferralStatus.CLOSED: _("Tandai selesai"),
        }
        self.fields["langkah"].choices = [(s.value, labels[s]) for s in selectors.bulk_steps(user=user)]
        self.fields["rujukan"].queryset = selectors.referral_list(user=user)
