from django.conf import settings


def dpo(request):
    """The data protection officer's contact, in the footer of every page (UU 27/2022 Pasal 53).
    An office's number, not personal data: "tel", not "phone" (tests/test_privacy_registry.py)."""
    return {"dpo": {"name": settings.DPO_NAME, "email": settings.DPO_EMAIL, "tel": settings.DPO_PHONE}}
