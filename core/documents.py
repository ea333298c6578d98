"""Document scans live in `core.uploads` (SafeDocumentField, clean_document_file).

This module stays because `financing/migrations/0002_programmes_documents.py` names
`core.documents.SafeDocumentField`; migrations are never edited once landed.
"""

from core.uploads import SafeDocumentField  # noqa: F401
