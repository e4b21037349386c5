"""The admin speaks Dutch unless a user chose another language in their profile."""

from django.conf import settings
from django.utils import translation


class AdminDefaultLanguageMiddleware:
    """Ignore the browser's Accept-Language in the admin: Dutch is the default.

    LocaleMiddleware sets the language from Accept-Language for URLs outside
    i18n_patterns; Wagtail then uses that when the user has no preference of their
    own. Foundation staff with an English browser still get a Dutch admin; anyone
    may pick English in their Wagtail account settings.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request):
        if request.path.startswith(self.prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)


class ApiTokenMiddleware:
    """``Authorization: Bearer <key>`` on the ++api++ acts as the token's user.

    A request with a token carries no ambient session authority, so it needs no
    CSRF token; a wrong or revoked key is refused with 401, never ignored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if request.path.startswith("/++api++/") and header:
            # Wagtail's own API tokens (Settings → API tokens in the admin).
            from wagtail.api.v3.auth import BearerTokenAuth

            scheme, _sep, key = header.partition(" ")
            token = None
            if scheme.lower() == "bearer" and key.strip():
                token = BearerTokenAuth().authenticate(request, key.strip())
            if token is None:
                from .api import problem

                return problem(
                    401,
                    translation.gettext("Log in first"),
                    translation.gettext("This token is not valid."),
                )
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)
