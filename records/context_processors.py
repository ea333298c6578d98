from django.conf import settings


def dpo(request):
    """The data protection officer's contact, in the footer of every page (UU 27/2022 Pasal 53)."""
    return {"dpo": {"name": settings.DPO_NAME, "email": settings.DPO_EMAIL, "phone": settings.DPO_PHONE}}
