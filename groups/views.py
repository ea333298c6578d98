"""KUB pages: list, formation, detail with members and products, member add / leave / role,
ketua handover."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import get_scoped_or_404, scope_queryset
from core.pagination import CappedPaginator
from participants.models import Participant
from regions.models import Kecamatan
from trainings.models import TrainingBatch

from . import selectors, services
from .forms import AddMemberForm, GroupFilterForm, GroupFormationForm, KetuaHandoverForm, LeaveForm, RoleForm
from .models import BusinessGroup, Membership

PAGE_SIZE = 25

VIEW = "groups.view_businessgroup"
FORM = ("groups.add_businessgroup", "groups.add_membership")
ADD = "groups.add_membership"
CHANGE = "groups.change_membership"


def _require(user, *perms: str) -> None:
    if not all(user.has_perm(perm) for perm in perms):
        raise PermissionDenied


def _maybe_reverse(name: str, *args) -> str | None:
    """A link to a page another part of the portal may not have built yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _int_or_404(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _show_status(group: BusinessGroup) -> BusinessGroup:
    group.shown_status = selectors.group_shown_status(group)
    group.shown_status_label = BusinessGroup.Status(group.shown_status).label
    return group


@login_required
def group_list(request):
    _require(request.user, VIEW)
    form = GroupFilterForm(request.GET, kecamatan_qs=scope_queryset(request.user, Kecamatan.objects.all()))
    form.is_valid()  # an invalid filter is ignored; the valid ones still apply
    data = form.cleaned_data
    groups = selectors.group_list(
        user=request.user,
        q=(data.get("q") or "").strip(),
        kecamatan=data.get("kecamatan"),
        status=data.get("status") or "",
        craft_type=data.get("craft"),
        sort=data.get("sort") or "name",
    )
    # One capped COUNT (core.pagination): tens of thousands of KUBs at a million participants.
    page = CappedPaginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    for group in page:
        _show_status(group)
    return render(
        request,
        "groups/list.html",
        {
            "form": form,
            "page": page,
            "kub_size": selectors.kub_size(),
            "can_form": all(request.user.has_perm(p) for p in FORM),
        },
    )


def _formation_start(request):
    return render(
        request,
        "groups/formation_start.html",
        {
            "batches": selectors.formation_batches(user=request.user)[:100],
            "kecamatan_list": scope_queryset(request.user, Kecamatan.objects.all()),
        },
    )


@login_required
def group_formation(request):
    _require(request.user, *FORM)
    batch = kecamatan = None
    if request.GET.get("batch"):
        batch = get_scoped_or_404(
            request.user,
            TrainingBatch.objects.select_related("kecamatan", "craft_type"),
            pk=_int_or_404(request.GET["batch"]),
        )
        kecamatan = batch.kecamatan
    elif request.GET.get("kecamatan"):
        kecamatan = get_scoped_or_404(request.user, Kecamatan.objects.all(), pk=_int_or_404(request.GET["kecamatan"]))
    else:
        return _formation_start(request)

    q = request.GET.get("q", "").strip()
    picked = [int(pk) for pk in request.POST.getlist("members") if pk.isdigit()]
    candidates = selectors.formation_candidates(
        user=request.user, batch=batch, kecamatan=kecamatan, q=q, include_pks=picked
    )
    form = GroupFormationForm(
        request.POST if request.method == "POST" else None,
        candidates=candidates.rows,
        kecamatan=kecamatan,
        initial={"craft_type": batch.craft_type_id if batch else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_form(
                name=form.cleaned_data["name"],
                kecamatan=kecamatan,
                craft_type=form.cleaned_data["craft_type"],
                kelurahan=form.cleaned_data["kelurahan"],
                members=form.member_rows(),
                user=request.user,
                source_batch=batch,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _show_status(group)
            messages.success(
                request,
                _("%(name)s dibentuk dengan %(count)d anggota (%(status)s).")
                % {"name": group.kub_name, "count": group.active_member_count, "status": group.shown_status_label},
            )
            return redirect("groups:detail", pk=group.pk)

    checked = {str(v) for v in (form["members"].value() or [])}
    rows = [
        {
            "participant": p,
            "checked": str(p.pk) in checked,
            "reason": form[form.reason_field(p.pk)] if not p.trained else None,
        }
        for p in candidates.rows
    ]
    return render(
        request,
        "groups/formation.html",
        {
            "form": form,
            "batch": batch,
            "kecamatan": kecamatan,
            "rows": rows,
            "truncated": candidates.truncated,
            "q": q,
            "kub_size": selectors.kub_size(),
            "officer_fields": [form[role] for role in GroupFormationForm.OFFICERS],
        },
    )


def _detail(
    request,
    group: BusinessGroup,
    *,
    add_form: AddMemberForm | None = None,
    ketua_form: KetuaHandoverForm | None = None,
):
    user = request.user
    can_add = user.has_perm(ADD)
    can_change = user.has_perm(CHANGE)
    q = request.GET.get("cari", "").strip()
    memberships = selectors.group_memberships(group=group)
    context = {
        "group": _show_status(group),
        "kub_size": selectors.kub_size(),
        "memberships": memberships,
        "ketua": next((m for m in memberships if m.is_active and m.role == Membership.Role.KETUA), None),
        "products": group.products.select_related("craft_type").annotate(photo_count=Count("photos")),
        "can_add": can_add,
        "can_change": can_change,
        "roles": Membership.Role.choices,
        "batch_url": _maybe_reverse("trainings:batch_detail", group.source_batch_id) if group.source_batch_id else None,
        "product_add_url": None,
        "cari": q,
    }
    if can_change and group.status != BusinessGroup.Status.DISSOLVED:
        # Offered while someone other than the ketua is an active member.
        if any(m.is_active and m.role != Membership.Role.KETUA for m in memberships):
            context["ketua_form"] = ketua_form or KetuaHandoverForm(group=group)
    if user.has_perm("groups.add_product") and group.status != BusinessGroup.Status.DISSOLVED:
        context["product_add_url"] = reverse("groups:product_add", args=[group.pk])
    context["can_change_product"] = user.has_perm("groups.change_product")
    if can_add and group.status != BusinessGroup.Status.DISSOLVED:
        if add_form is None:
            add_form = AddMemberForm(participant_qs=scope_queryset(user, Participant.objects.all()))
        posted = add_form["participant"].value()
        context["add_form"] = add_form
        context["candidates"] = selectors.member_candidates(
            user=user, group=group, q=q, include_pk=int(posted) if str(posted or "").isdigit() else None
        )
        context["picked"] = str(posted or "")
    return render(request, "groups/detail.html", context)


@login_required
def group_detail(request, pk: int):
    _require(request.user, VIEW)
    return _detail(request, selectors.group_get(user=request.user, pk=pk))


@login_required
@require_POST
def member_add(request, pk: int):
    _require(request.user, VIEW, ADD)
    group = selectors.group_get(user=request.user, pk=pk)
    form = AddMemberForm(request.POST, participant_qs=scope_queryset(request.user, Participant.objects.all()))
    if form.is_valid():
        participant = form.cleaned_data["participant"]
        try:
            services.group_add_member(
                group=group,
                participant=participant,
                role=form.cleaned_data["role"],
                joined_on=form.cleaned_data["joined_on"],
                override_reason=form.cleaned_data["override_reason"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("override_reason" if getattr(error, "code", None) == "not_trained" else None, error)
        else:
            messages.success(
                request,
                _("%(name)s ditambahkan sebagai %(role)s.")
                % {"name": participant.name, "role": Membership.Role(form.cleaned_data["role"]).label.lower()},
            )
            return redirect("groups:detail", pk=group.pk)
    group.refresh_from_db()
    return _detail(request, group, add_form=form)


@login_required
def member_leave(request, pk: int, membership_pk: int):
    _require(request.user, VIEW, CHANGE)
    group = selectors.group_get(user=request.user, pk=pk)
    membership = selectors.group_membership_get(group=group, pk=membership_pk)
    if membership.left_on is not None:
        messages.info(request, _("%(name)s sudah keluar dari KUB ini.") % {"name": membership.participant.name})
        return redirect("groups:detail", pk=group.pk)
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_remove_member(membership=membership, left_on=form.cleaned_data["left_on"], user=request.user)
        except ValidationError as error:
            form.add_error("left_on", error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s keluar dari KUB per %(date)s. Riwayat keanggotaan tetap tersimpan; "
                    "tambahkan pengganti di bawah bila perlu."
                )
                % {"name": membership.participant.name, "date": form.cleaned_data["left_on"].strftime("%d-%m-%Y")},
            )
            return redirect(reverse("groups:detail", args=[group.pk]) + "#tambah")
    return render(
        request,
        "groups/member_leave.html",
        {"group": _show_status(group), "membership": membership, "form": form, "kub_size": selectors.kub_size()},
    )


@login_required
@require_POST
def member_role(request, pk: int, membership_pk: int):
    _require(request.user, VIEW, CHANGE)
    group = selectors.group_get(user=request.user, pk=pk)
    membership = selectors.group_membership_get(group=group, pk=membership_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih jabatan yang tersedia."))
    else:
        try:
            services.group_set_role(membership=membership, role=form.cleaned_data["role"], user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Jabatan %(name)s sekarang %(role)s.")
                % {"name": membership.participant.name, "role": Membership.Role(form.cleaned_data["role"]).label},
            )
    return redirect("groups:detail", pk=group.pk)


@login_required
@require_POST
def ketua_handover(request, pk: int):
    """The new ketua in one step: the ketua before becomes anggota."""
    _require(request.user, VIEW, CHANGE)
    group = selectors.group_get(user=request.user, pk=pk)
    form = KetuaHandoverForm(request.POST, group=group)
    if form.is_valid():
        try:
            handover = services.group_hand_over_ketua(
                group=group, membership=form.cleaned_data["membership"], user=request.user
            )
        except ValidationError as error:
            form.add_error("membership", error)
        else:
            new = handover.ketua.participant.name
            if handover.previous is not None:
                text = _("%(new)s sekarang ketua %(group)s; %(old)s menjadi anggota.") % {
                    "new": new,
                    "group": group.kub_name,
                    "old": handover.previous.participant.name,
                }
            else:
                text = _("%(new)s sekarang ketua %(group)s.") % {"new": new, "group": group.kub_name}
            if handover.vacated_role:
                text += " " + _("Jabatan %(role)s kini kosong; pilih penggantinya di daftar anggota.") % {
                    "role": Membership.Role(handover.vacated_role).label.lower()
                }
            messages.success(request, text)
            return redirect(reverse("groups:detail", args=[group.pk]) + "#anggota")
    return _detail(request, group, ketua_form=form)
