from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views

# Wagtail's own API v2 stays for tools that expect it; ++api++ is the contract.
wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("++api++/", include("policy_pages.api.urls")),
    path("taal/", include("policy_pages.language_urls")),
    path("api/v2/", wagtail_api.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("sso.urls")),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path(
        "toegankelijkheid/",
        cms_views.accessibility_statement,
        name="accessibility_statement",
    ),
    path("", include("signoff.urls")),
    path("", include("rosters.urls")),
    path("", include("campaigns.urls")),
    path("", include(wagtail_urls)),
    # Wagtail's page pattern has no dots; version addresses (…/versies/1.0/) do.
    path("", include("policy_pages.urls")),
    prefix_default_language=True,
)
