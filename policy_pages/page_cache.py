"""The shared cache of anonymous HTML pages: a page (above all a rule set) as an
anonymous visitor sees it, per host, address and language, under the generation
that every publish, unpublish, move, delete and privacy change raises
(``policy_pages.cache``), so a cached page is never stale.

It is the page thousands of parents open from one e-mail. A warm hit is one cache
round trip and no query. What is never shared:

- anything a signed-in person sees (their status; ``Cache-Control: private``);
- a page under a page view restriction (login, groups or password);
- a response that sets a cookie, renders a CSRF token (the confirmation form
  lives on its own ``…/akkoord/`` address, which is never cached), changes the
  session or shows messages;
- previews and drafts (served by the admin, never by ``wagtail.views.serve``),
  other routes of a page (versions, comparisons, the form) and addresses with a
  query string (nobody fills the cache by varying it).

Pages mark themselves shareable in the ``before_serve_page`` hook
(``mark_shareable``); ``PageCacheMiddleware`` stores and serves them. It sits
after ``AuthenticationMiddleware`` (it must know who is asking) and before the
middleware that may add personal content.
"""

from __future__ import annotations

import hashlib

from django.http import HttpResponse
from django.utils import translation
from wagtail.models import PageViewRestriction

from .cache import host_is_cacheable, read_entry, store_entry

# Addresses that are never a page of the site.
NOT_PAGES = ("/++api++/", "/admin/", "/api/", "/documents/", "/static/", "/media/")
PRIVATE = ("private", "no-store", "no-cache")


def mark_shareable(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: an anonymous visit to the main view of a live
    page (a rule set, a protocol, the home page) outside any view restriction
    may be shared; other routes of a routable page (versions, comparisons, the
    form) are not."""
    if request.user.is_authenticated:
        return None
    match = getattr(request, "routable_resolver_match", None)
    if match is not None and match.url_name != "index_route":
        return None
    # Wagtail answers an anonymous visit to a page under a login or groups
    # restriction with a redirect and one under a password with its form (a
    # CSRF token): neither is stored. Who passed a password has it in the
    # session; what they see is never shared. (No query: the uncached serve
    # costs what it did.)
    session = getattr(request, "session", None)
    if session is not None and session.get(
        PageViewRestriction.passed_view_restrictions_session_key
    ):
        return None
    request._akkoord_shareable = True
    return None


def _key(request) -> str | None:
    """The cache key of this request's page, or None when it is never shared."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return None
    if request.path.startswith(NOT_PAGES) or not host_is_cacheable(request):
        return None
    if request.user.is_authenticated:
        return None
    where = f"{request.get_host()}\n{request.path}\n{translation.get_language()}"
    return "akkoord:page:" + hashlib.sha256(where.encode()).hexdigest()


def _shareable(request, response) -> bool:
    if not getattr(request, "_akkoord_shareable", False):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.user.is_authenticated:  # signed in during the request
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a CSRF token was rendered
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or messages.added_new):
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in PRIVATE)


class PageCacheMiddleware:
    """Serves shareable pages to anonymous visitors from the shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key is None:
            return self.get_response(request)
        entry = read_entry(request, key)
        if entry is not None:
            _built_under, status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _shareable(request, response):
            store_entry(
                request,
                key,
                response.status_code,
                list(response.items()),
                response.content,
            )
        return response


def purge_translations(sender, instance, **kwargs):
    """``page_published``/``page_unpublished``: a front-end cache (CDN, Varnish)
    also drops the page's translations, whose "not yet translated" notice and
    language links follow their source. Wagtail itself purges the page."""
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    from .models import VersionedPageMixin

    if isinstance(instance, VersionedPageMixin):
        purge_pages_from_cache(instance.get_translations().live().specific())
