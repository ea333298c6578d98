"""Log records never carry a NIK: any 16-digit number is masked like `3674********0001`.

Defence in depth. NIKs are kept out of URLs (searches are posted, records go by id), but a
request line, a referrer, an error message (a database's "Key (nik)=(…) already exists")
or a traceback may still hold one. `MaskNikFilter` sits on the handlers that write the
portal's logs: Django's console and `django.server` (runserver) handlers in settings.LOGGING,
gunicorn's access and error handlers in gunicorn.conf.py.
"""

import logging
import re

# Exactly 16 digits, not part of a longer number: the first 4 (province, regency) and the
# last 4 (serial) stay, the district and the birth date in between are hidden.
SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")


def mask_niks(text: str) -> str:
    return SIXTEEN_DIGITS.sub(r"\1********\2", text)


class MaskNikFilter(logging.Filter):
    """Rewrites the record's message (and its traceback) with every 16-digit number masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_niks(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text once it is set, so the traceback is masked too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_niks(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_niks(record.stack_info)
        return True
