"""What a role without access to personal data sees of it: masked NIKs, phones and addresses.

Personal data under UU No. 27/2022 (NIK, phone, address) is shown masked to roles that
do not need it, and always masked in the audit trail (AUDITLOG_MASK_CALLABLE). Plain
functions of the value, so every app (and the settings) can use them.
"""


def mask_nik(nik: str) -> str:
    """`3674012345670001` -> `3674********0001`."""
    if not nik:
        return ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_value(value) -> str:
    """Auditlog's mask for personal fields (NIK, phone, address)."""
    text = str(value or "")
    if len(text) == 16 and text.isdigit():
        return mask_nik(text)
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]
