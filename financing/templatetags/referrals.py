"""`{% applicant_withheld r as hidden %}`: whether the page must leave out who a referral is
about for the user reading it (`financing.selectors.applicant_withheld`)."""

from django import template

from financing.selectors import applicant_withheld as _withheld

register = template.Library()


@register.simple_tag(takes_context=True)
def applicant_withheld(context, referral) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _withheld(user=user, referral=referral)
