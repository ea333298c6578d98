class IndonesianByDefaultMiddleware:
    """The portal speaks Indonesian unless the user picks English in the footer.

    Django's LocaleMiddleware would otherwise follow the browser's Accept-Language, and an
    office PC set to English would get a half-English page. Placed before LocaleMiddleware:
    only the language cookie (set by the footer menu) can change the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
