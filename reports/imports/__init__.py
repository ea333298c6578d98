"""Excel imports (`/laporan/impor/`): a template to download, a file checked into a preview
that lists every bad cell, and an apply that writes all rows in one transaction or none.

`reader` opens an upload and reads its cells as they are (a formula stays a formula);
`participants` knows the participant columns, builds their template, and checks and applies
rows through the registration service itself.
"""
