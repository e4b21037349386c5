"""Page addresses with a dot, such as an old version (…/versies/1.0/): Wagtail's
own page pattern has none. Include it right after ``wagtail.urls`` (before, it
would take Wagtail's own addresses too)::

    path("", include(wagtail_urls)),
    path("", include("policy_pages.urls")),
"""

from django.urls import re_path
from wagtail import views as wagtail_views

urlpatterns = [
    re_path(r"^((?:[\w\-.]+/)*)$", wagtail_views.serve, name="wagtail_serve_dotted"),
]
