from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from accounts.admin_mixins import (
    DomainAdmin,
    ScopedTabularInline,
    ServiceCheckedForm,
    adopt,
    service_check,
)
from records.admin import RecycleDeleteMixin

from . import selectors, services
from .models import Attendance, CraftType, Enrollment, Trainer, TrainingBatch, TrainingSession, Venue


@admin.register(CraftType)
class CraftTypeAdmin(DomainAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]


@admin.register(Trainer)
class TrainerAdmin(DomainAdmin):
    list_display = ["name", "phone", "crafts", "active"]
    list_filter = ["active", "craft_types"]
    search_fields = ["name"]
    filter_horizontal = ["craft_types"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("craft_types")

    @admin.display(description=_("keahlian"))
    def crafts(self, obj):
        return ", ".join(c.name for c in obj.craft_types.all())


@admin.register(Venue)
class VenueAdmin(DomainAdmin):
    list_display = ["name", "kecamatan", "address", "capacity"]
    list_select_related = ["kecamatan"]
    list_filter = ["kecamatan"]
    search_fields = ["name", "address"]


class SessionInline(ScopedTabularInline):
    model = TrainingSession
    fields = ["date", "start_time", "end_time", "topic", "trainer", "venue"]


@admin.register(TrainingBatch)
class TrainingBatchAdmin(RecycleDeleteMixin, DomainAdmin):
    list_display = ["name", "craft_type", "kecamatan", "venue", "trainer", "start_date", "end_date", "status"]
    list_select_related = ["craft_type", "kecamatan", "venue", "trainer"]
    # A date filter, not date_hierarchy: its list of years is a DISTINCT over every batch
    # (43,098 at a million participants: 21 ms per page), as in inventory.admin.
    list_filter = ["kecamatan", "status", "craft_type", "start_date"]
    search_fields = ["name"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [SessionInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not TrainingSession:
            return super().save_formset(request, form, formset, change)
        # Each session through the service: trainer and venue locked, double-booking refused.
        # The attendance shares follow added and deleted sessions (trainings.signals).
        sessions = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for session in sessions:
            services.session_save(session=session, user=request.user)


class AttendanceInlineForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["enrollment", "status", "from_paper"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "enrollment" in self.fields:
            self.fields["enrollment"].disabled = True


class AttendanceFormSet(BaseInlineFormSet):
    """The attendance rows of one session, written by `attendance_record` (trainings.signals then recomputes
    each participant's attendance share and completion)."""

    user = None
    parent = None

    def _changed_forms(self):
        return [
            form
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not self._should_delete_form(form)
        ]

    def _calls(self) -> dict[bool, dict[int, str]]:
        """{from_paper: {enrollment_id: status}}: one service call per value of 'from paper'."""
        calls: dict[bool, dict[int, str]] = {}
        for form in self._changed_forms():
            enrollment = form.cleaned_data.get("enrollment") or form.instance.enrollment
            calls.setdefault(bool(form.cleaned_data.get("from_paper")), {})[enrollment.pk] = form.cleaned_data["status"]
        return calls

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        try:
            for from_paper, statuses in self._calls().items():
                service_check(
                    services.attendance_record,
                    session=self.instance,
                    statuses=statuses,
                    user=self.user,
                    from_paper=from_paper,
                )
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def save_through_service(self) -> None:
        changed = self._changed_forms()
        saved = {}
        for from_paper, statuses in self._calls().items():
            for record in services.attendance_record(
                session=self.instance, statuses=statuses, user=self.user, from_paper=from_paper
            ):
                saved[record.enrollment_id] = record
        self.deleted_objects = []
        for form in self.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
                self.deleted_objects.append(form.instance)
        # What Django's change message reads.
        self.new_objects, self.changed_objects = [], []
        for form in changed:
            enrollment = form.cleaned_data.get("enrollment") or form.instance.enrollment
            record = saved[enrollment.pk]
            if form.instance.pk:
                self.changed_objects.append((record, form.changed_data))
            else:
                self.new_objects.append(record)


class AttendanceInline(ScopedTabularInline):
    model = Attendance
    form = AttendanceInlineForm
    formset = AttendanceFormSet
    fields = ["enrollment", "status", "from_paper", "recorded_by"]
    readonly_fields = ["recorded_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enrollment__participant", "recorded_by")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("enrollment")
        if field is not None and obj is not None:
            # Only the people enrolled in this session's batch, named plainly.
            field.queryset = field.queryset.filter(batch_id=obj.batch_id).select_related("participant")
            field.label_from_instance = lambda enrollment: enrollment.participant.name
        return formset


@admin.register(TrainingSession)
class TrainingSessionAdmin(DomainAdmin):
    list_display = ["__str__", "batch", "kecamatan", "date", "start_time", "end_time", "topic", "trainer", "venue"]
    list_select_related = ["batch__kecamatan", "trainer", "venue"]
    list_filter = ["batch__kecamatan", "trainer", "venue"]
    search_fields = ["batch__name", "topic"]
    date_hierarchy = "date"
    autocomplete_fields = ["batch"]
    inlines = [AttendanceInline]

    str_select_related = ["batch"]

    def get_inlines(self, request, obj):
        # Attendance needs the session's batch; record it once the session exists.
        return self.inlines if obj is not None else []

    @admin.display(description=_("kecamatan"), ordering="batch__kecamatan__code")
    def kecamatan(self, obj):
        return obj.batch.kecamatan

    def save_model(self, request, obj, form, change):
        # The form already refused a double-booking (TrainingSession.clean); the service checks
        # again under lock.
        services.session_save(session=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, AttendanceFormSet):
            formset.save_through_service()
        else:
            super().save_formset(request, form, formset, change)


class EnrollmentAdminForm(ServiceCheckedForm):
    class Meta:
        model = Enrollment
        fields = ["batch", "participant"]

    def check_with_service(self):
        if self.instance.pk is None:
            service_check(
                services.enrollment_create,
                batch=self.cleaned_data["batch"],
                participant=self.cleaned_data["participant"],
                user=self.user,
            )


@admin.register(Enrollment)
class EnrollmentAdmin(DomainAdmin):
    form = EnrollmentAdminForm
    list_display = ["participant", "batch", "kecamatan", "attendance_percent", "completed", "withdrawn", "enrolled_at"]
    list_select_related = ["participant", "batch__kecamatan"]
    list_filter = ["batch__kecamatan", "completed", "batch__craft_type"]
    search_fields = ["participant__name", "batch__name"]
    autocomplete_fields = ["batch", "participant"]
    readonly_fields = [
        "attendance_rate",
        "progress",
        "completed",
        "enrolled_by",
        "enrolled_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    ]

    str_select_related = ["participant", "batch"]

    def get_queryset(self, request):
        return selectors.with_progress(super().get_queryset(request))

    def get_fields(self, request, obj=None):
        # Attendance share and completion follow from attendance; on the add page they are noise.
        return ["batch", "participant"] if obj is None else ["batch", "participant", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["batch", "participant", *self.readonly_fields]

    @admin.display(description=_("kecamatan"), ordering="batch__kecamatan__code")
    def kecamatan(self, obj):
        return obj.batch.kecamatan

    @admin.display(description=_("kehadiran"), ordering="attendance_rate")
    def attendance_percent(self, obj):
        # While the batch runs: out of the sessions held so far, and what it can still become.
        return str(selectors.progress_of(obj)) if hasattr(obj, "n_sessions") else f"{obj.attendance_rate * 100:.0f}%"

    @admin.display(description=_("perkembangan kehadiran"))
    def progress(self, obj):
        return self.attendance_percent(obj)

    @admin.display(description=_("mengundurkan diri"), boolean=True, ordering="withdrawn_at")
    def withdrawn(self, obj):
        return obj.is_withdrawn

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing of an enrolment is edited here: attendance drives the rest
        adopt(obj, services.enrollment_create(batch=obj.batch, participant=obj.participant, user=request.user))


class AttendanceAdminForm(ServiceCheckedForm):
    class Meta:
        model = Attendance
        fields = ["session", "enrollment", "status", "from_paper"]

    def check_with_service(self):
        session = self.cleaned_data.get("session") or self.instance.session
        enrollment = self.cleaned_data.get("enrollment") or self.instance.enrollment
        service_check(
            services.attendance_record,
            session=session,
            statuses={enrollment.pk: self.cleaned_data["status"]},
            user=self.user,
            from_paper=self.cleaned_data.get("from_paper", False),
        )


@admin.register(Attendance)
class AttendanceAdmin(DomainAdmin):
    form = AttendanceAdminForm
    list_display = ["participant", "session", "status", "from_paper", "recorded_by", "recorded_at"]
    list_select_related = ["enrollment__participant", "session__batch", "recorded_by"]
    list_filter = ["status", "from_paper", "session__batch__kecamatan"]
    search_fields = ["enrollment__participant__name", "session__batch__name"]
    autocomplete_fields = ["session", "enrollment"]
    readonly_fields = ["recorded_by", "recorded_at"]

    str_select_related = ["enrollment__participant", "session__batch"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly = ["session", "enrollment", *readonly]
        return readonly

    @admin.display(description=_("peserta"), ordering="enrollment__participant__name")
    def participant(self, obj):
        return obj.enrollment.participant

    def save_model(self, request, obj, form, change):
        saved = services.attendance_record(
            session=obj.session,
            statuses={obj.enrollment_id: obj.status},
            user=request.user,
            from_paper=obj.from_paper,
        )
        adopt(obj, saved[0])
