from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.scoping import in_scope, scope_queryset
from core import privacy
from core.pagination import CappedPaginator
from core.privacy import mask_nik
from core.search import search_params, search_redirect
from regions.models import Kelurahan

from . import selectors, services
from .forms import ParticipantFilterForm, ParticipantForm
from .models import Participant


def _may_view(user) -> bool:
    # A bank liaison holds this permission too; scoping cuts it to the people referred to their bank.
    return user.has_perm("participants.view_participant")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def participant_list(request):
    user = request.user
    _require(_may_view(user))
    if request.method == "POST":
        # The search box posts, so the text (a name or a NIK) stays out of the address.
        return search_redirect(request, reverse("participants:list"))
    form = ParticipantFilterForm(search_params(request), user=user)
    values = form.values()
    queryset = selectors.participant_list(
        user=user,
        q=values["q"],
        kecamatan=values["kecamatan"],
        kelurahan=values["kelurahan"],
        craft=values["craft"],
        batch=values["batch"],
        year=values["tahun"],
        status=values["status"],
        sort=values["sort"],
    )
    nik = values["q"].replace(" ", "")
    if not privacy.sees(user, Participant, "nik") and selectors.is_nik_query(nik):
        return _nik_lookup(request, queryset, nik)
    # One capped COUNT for the whole request (the paginator caches it); the status flags of
    # the rows shown only.
    page = CappedPaginator(queryset, values["per_page"]).get_page(request.GET.get("page"))
    if (
        page.paginator.count
        and not page.paginator.capped
        and selectors.sorts_matches_by_name(values["q"], values["sort"])
    ):
        # Few enough matches to sort them all: read them from the trigram index.
        page.object_list = selectors.matches_by_name(queryset, values["sort"])[
            page.start_index() - 1 : page.end_index()
        ]
    if values["sort"] in ("kecamatan", "-kecamatan"):
        bottom = (page.number - 1) * values["per_page"]
        page.object_list = selectors.page_by_kecamatan(
            queryset, values["sort"], bottom, min(bottom + values["per_page"], page.paginator.count)
        )
    if form.show_status:
        page.object_list = selectors.participant_flags(list(page.object_list))
    return render(
        request,
        "participants/list.html",
        {
            "form": form,
            "page": page,
            "show_nik": privacy.sees(user, Participant, "nik"),
            "show_status": form.show_status,
            "may_add": user.has_perm("participants.add_participant"),
            "sort": values["sort"],
        },
    )


def _nik_lookup(request, queryset, nik: str):
    """A NIK searched by a role that sees NIKs masked: go straight to the one participant, or
    back to the list with a masked message, so no page ever shows the NIK they typed."""
    found = list(queryset.values_list("pk", flat=True)[:2])
    if len(found) == 1:
        return HttpResponseRedirect(reverse("participants:detail", kwargs={"pk": found[0]}))
    if len(nik) != 16:
        messages.info(request, _("Peran Anda hanya dapat mencari NIK lengkap (16 digit)."))
    else:
        messages.info(
            request, _("Tidak ada peserta dengan NIK %(nik)s yang dapat Anda lihat.") % {"nik": mask_nik(nik)}
        )
    keep = request.GET.copy()
    keep.pop("q", None)
    keep.pop("page", None)
    return HttpResponseRedirect(
        f"{reverse('participants:list')}?{keep.urlencode()}" if keep else reverse("participants:list")
    )


def _save(request, form, *, save, template: str, context: dict):
    """Validate, write through the service, and on any refusal show the form again with
    everything the user typed."""
    user = request.user
    duplicate = None
    if form.is_valid():
        try:
            participant = save(**form.service_fields())
        except services.DuplicateNikError as exc:
            duplicate = exc.existing
            form.add_error("nik", exc.error_dict["nik"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return HttpResponseRedirect(reverse("participants:detail", kwargs={"pk": participant.pk}))
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "duplicate": duplicate,
            # A duplicate outside the user's area is named without a link they could not open.
            "duplicate_visible": duplicate is not None and _may_view(user) and in_scope(user, duplicate),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_create(request):
    user = request.user
    _require(user.has_perm("participants.add_participant"))
    if request.method == "POST":
        form = ParticipantForm(request.POST, user=user)
        return _save(
            request,
            form,
            save=lambda **fields: services.participant_register(user=user, **fields),
            template="participants/form.html",
            context={"title": _("Daftarkan peserta")},
        )
    form = ParticipantForm(user=user)
    return render(request, "participants/form.html", {"form": form, "title": _("Daftarkan peserta")})


@login_required
@require_http_methods(["GET", "POST"])
def participant_update(request, pk: int):
    user = request.user
    _require(user.has_perm("participants.change_participant"))
    participant = selectors.participant_get(user=user, pk=pk)
    # A correction asked for by the person (privacy.RightsRequest): back to the request once saved.
    rights_request = _rights_request(user, participant, request.GET.get("permintaan") or request.POST.get("permintaan"))
    context = {"title": _("Ubah data peserta"), "participant": participant, "rights_request": rights_request}
    if request.method == "POST":
        form = ParticipantForm(request.POST, user=user)
        response = _save(
            request,
            form,
            save=lambda **fields: services.participant_update(user=user, participant=participant, **fields),
            template="participants/form.html",
            context=context,
        )
        if rights_request is not None and response.status_code == 302:
            return HttpResponseRedirect(reverse("privacy:request_detail", kwargs={"pk": rights_request.pk}))
        return response
    form = ParticipantForm(user=user, initial=ParticipantForm.initial_from(participant))
    return render(request, "participants/form.html", {**context, "form": form})


def _rights_request(user, participant, pk: str | None):
    if not pk or not pk.isdigit() or not user.has_perm("privacy.change_rightsrequest"):
        return None
    from privacy.models import RightsRequest

    return RightsRequest.objects.filter(
        pk=int(pk), participant=participant, kind=RightsRequest.Kind.CORRECTION, status=RightsRequest.Status.OPEN
    ).first()


@login_required
@require_GET
def participant_detail(request, pk: int):
    user = request.user
    _require(_may_view(user))
    participant = selectors.participant_get(user=user, pk=pk)
    profile = selectors.participant_profile(user=user, participant=participant)
    return render(
        request,
        "participants/detail.html",
        {
            "p": participant,
            "profile": profile,
            "may_change": user.has_perm("participants.change_participant") and participant.anonymised_at is None,
            "consents": selectors.participant_consents(user=user, participant=participant),
            "may_request": user.has_perm("privacy.add_rightsrequest"),
        },
    )


@login_required
@require_GET
def kelurahan_options(request):
    """htmx: the <option>s of one kecamatan's kelurahan, for the kelurahan select."""
    user = request.user
    _require(user.has_perm("regions.view_kelurahan"))
    kecamatan = request.GET.get("kecamatan", "")
    kelurahan = Kelurahan.objects.none()
    if kecamatan.isdigit():
        kelurahan = scope_queryset(user, Kelurahan.objects.filter(kecamatan_id=kecamatan))
    empty_label = _("Semua kelurahan") if request.GET.get("semua") else _("— pilih kelurahan —")
    return render(request, "participants/_kelurahan_options.html", {"kelurahan": kelurahan, "empty_label": empty_label})
