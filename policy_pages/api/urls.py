"""Mount the ++api++ in a site's urls.py, at exactly this prefix::

    path("++api++/", include("policy_pages.api.urls")),

The API's links (``@id``) and its optional middleware assume ``/++api++/``.
"""

from django.urls import path, re_path

from .root import api, not_found

urlpatterns = [
    path("", api.urls),
    # Any other address under /++api++/ (even one no route can match): 404.
    re_path(r"^[\s\S]*$", not_found),
]
