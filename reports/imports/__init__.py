"""Excel imports (`/laporan/impor/`): a template to download, a file checked into a preview
that lists every bad cell, and an apply that writes all rows in one transaction or none.

One machinery, several kinds: `reader` opens an upload and reads its cells as they are (a
formula stays a formula); `base.ImportKind` holds what every kind shares (the template built
from its columns, the header, the refusals every cell gets, duplicates within the file, the
check-then-write run); `registry` lists the kinds; `jobs` keeps the job of each upload (its
SHA-256, its preview, its apply in the background). The kinds: `participants` (registration
lists, checked in bulk and written with bulk_create) and `visits` (inventory visits from paper
forms, written through the visit form's service).
"""
