"""The rules of an exhibition, for the portal's pages (the admin keeps its own forms).

Every write checks what the database cannot: a booth within the exhibition's booth count,
a product of the entry's own KUB, a sale on a day of the exhibition (and not in the future),
a buyer's name or contact only with their consent, and the user's kecamatan scope.
"""

import uuid

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import in_scope

from .models import BuyerLead, Exhibition, ExhibitionEntry, ExhibitionSale


def _check_products(group, products) -> None:
    strangers = [p.name for p in products if p.group_id != group.pk]
    if strangers:
        raise ValidationError(
            _("Produk ini bukan milik KUB %(group)s: %(names)s.") % {"group": group.name, "names": ", ".join(strangers)}
        )


@transaction.atomic
def entries_add(
    *, exhibition: Exhibition, groups, user, products_by_group: dict | None = None
) -> list[ExhibitionEntry]:
    """Add the chosen KUBs to the exhibition, each with the products chosen for it (by default
    its products curated "Layak pamer"). A KUB already taking part is left as it is."""
    from groups.models import Product

    taken = set(exhibition.entries.values_list("group_id", flat=True))
    added = []
    with set_actor(user):
        for group in groups:
            if not in_scope(user, group):
                raise ValidationError(_("KUB ini di luar wilayah Anda."))
            if group.pk in taken:
                continue
            if products_by_group is not None and group.pk in products_by_group:
                products = list(products_by_group[group.pk])
            else:
                products = list(group.products.filter(curation_status=Product.Curation.APPROVED))
            _check_products(group, products)
            entry = ExhibitionEntry.objects.create(exhibition=exhibition, group=group)
            entry.products.set(products)
            added.append(entry)
            taken.add(group.pk)
    return added


def check_booths(exhibition: Exhibition, booths: dict[int, str]) -> None:
    """`booths`: entry pk -> booth as it is to be. Unique within the exhibition, and no more
    booths taken than the exhibition has."""
    current = dict(exhibition.entries.values_list("pk", "booth"))
    current.update({pk: (booth or "").strip() for pk, booth in booths.items()})
    taken = [booth for booth in current.values() if booth]
    seen, twice = set(), set()
    for booth in taken:
        (twice if booth.casefold() in seen else seen).add(booth.casefold())
    if twice:
        raise ValidationError(
            _("Nomor stan dipakai lebih dari satu KUB: %(booths)s.") % {"booths": ", ".join(sorted(twice))}
        )
    if len(taken) > exhibition.booth_count:
        raise ValidationError(
            _("Pameran ini hanya punya %(count)d stan; %(taken)d diisi.")
            % {"count": exhibition.booth_count, "taken": len(taken)}
        )


@transaction.atomic
def booths_assign(*, exhibition: Exhibition, rows: dict[int, tuple[str, str]], user) -> int:
    """`rows`: entry pk -> (booth, status). Returns how many entries changed."""
    Exhibition.objects.select_for_update().filter(pk=exhibition.pk).first()  # one assignment at a time
    rows = {pk: (booth.strip(), status) for pk, (booth, status) in rows.items()}
    check_booths(exhibition, {pk: booth for pk, (booth, _status) in rows.items()})
    entries = [e for e in exhibition.entries.filter(pk__in=list(rows)) if (e.booth, e.status) != rows[e.pk]]
    with set_actor(user):
        # Booths that move are freed first, so that two KUBs may swap theirs.
        ExhibitionEntry.objects.filter(pk__in=[e.pk for e in entries]).exclude(booth="").update(booth="")
        for entry in entries:
            entry.booth, entry.status = rows[entry.pk]
            entry.save(update_fields=["booth", "status"])
    return len(entries)


@transaction.atomic
def entry_update(*, entry: ExhibitionEntry, products, notes: str, user) -> ExhibitionEntry:
    products = list(products)
    _check_products(entry.group, products)
    with set_actor(user):
        entry.notes = notes
        entry.save(update_fields=["notes"])
        entry.products.set(products)
    return entry


def check_sale(*, entry: ExhibitionEntry, product, sold_on) -> None:
    exhibition = entry.exhibition
    errors = {}
    if product is not None and product.group_id != entry.group_id:
        errors["product"] = _("Produk ini bukan milik KUB peserta pameran ini.")
    if sold_on is not None:
        if not exhibition.start_date <= sold_on <= exhibition.end_date:
            errors["sold_on"] = _("Tanggal harus di antara %(start)s dan %(end)s, hari-hari pameran.") % {
                "start": exhibition.start_date.strftime("%d-%m-%Y"),
                "end": exhibition.end_date.strftime("%d-%m-%Y"),
            }
        elif sold_on > timezone.localdate():
            errors["sold_on"] = _("Penjualan hari yang belum tiba tidak bisa dicatat.")
    if errors:
        raise ValidationError(errors)


def sale_submit(
    *, entry: ExhibitionEntry, user, client_id: uuid.UUID, product, sold_on, quantity: int, amount, payment_method: str
) -> tuple[ExhibitionSale, bool]:
    """Record one sale from the booth's phone form, once per `client_id`: the same submission
    sent again (a double tap, a retry on a weak connection) returns the sale it first made and
    False."""
    if not in_scope(user, entry):
        raise ValidationError(_("Peserta pameran ini di luar wilayah Anda."))
    first = ExhibitionSale.objects.filter(client_id=client_id).first()
    if first is not None:
        if first.entry_id != entry.pk:
            raise ValidationError(
                _("Kiriman ini sudah dipakai untuk peserta lain. Muat ulang formulir lalu kirim lagi.")
            )
        return first, False
    check_sale(entry=entry, product=product, sold_on=sold_on)
    try:
        with transaction.atomic(), set_actor(user):
            sale = ExhibitionSale.objects.create(
                entry=entry,
                product=product,
                sold_on=sold_on,
                quantity=quantity,
                amount=amount,
                payment_method=payment_method,
                client_id=client_id,
                recorded_by=user,
                recorded_at=timezone.now(),
            )
            return sale, True
    except IntegrityError:
        first = ExhibitionSale.objects.filter(client_id=client_id, entry=entry).first()
        if first is None:
            raise
        return first, False


def lead_record(
    *,
    entry: ExhibitionEntry,
    user,
    interest: str,
    product=None,
    buyer_name: str = "",
    buyer_contact: str = "",
    consent=False,
) -> BuyerLead:
    if not in_scope(user, entry):
        raise ValidationError(_("Peserta pameran ini di luar wilayah Anda."))
    buyer_name, buyer_contact = buyer_name.strip(), buyer_contact.strip()
    if (buyer_name or buyer_contact) and not consent:
        raise ValidationError(
            {"consent": _("Nama dan kontak calon pembeli hanya boleh disimpan bila ia setuju dihubungi.")}
        )
    if product is not None and product.group_id != entry.group_id:
        raise ValidationError({"product": _("Produk ini bukan milik KUB peserta pameran ini.")})
    with transaction.atomic(), set_actor(user):
        return BuyerLead.objects.create(
            entry=entry,
            product=product,
            buyer_name=buyer_name,
            buyer_contact=buyer_contact,
            interest=interest.strip(),
            consent=bool(consent),
            recorded_by=user,
        )
