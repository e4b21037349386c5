"""The language switcher's address. Include it outside ``i18n_patterns``::

path("taal/", include("policy_pages.language_urls")),
"""

from django.urls import path

from .languages import switch_language

urlpatterns = [
    path("<str:code>/", switch_language, name="policy_pages_language"),
]
