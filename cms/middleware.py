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
