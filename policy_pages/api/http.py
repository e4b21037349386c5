"""Addresses, caching and answers of the ++api++: a path to its live page (with
Wagtail's page privacy), the shared cache of answers under the generation that
every publish raises (``policy_pages.cache``), ETags, and problem details."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Subquery
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from ninja import Path as PathParam
from ninja.errors import HttpError
from wagtail.models import Page, Site

from .. import privacy
from ..cache import generation as _generation
from ..cache import host_is_cacheable, read_entry, store_entry

# The path of a page, as in its HTML address (also what schemathesis starts from).
PagePath = Annotated[
    str,
    PathParam(
        ...,
        description="The page's HTML path without slashes at the ends",
        examples=[
            "nl/protocol-sociale-media/gedragsregels-medewerkers",
            "en/social-media-protocol/code-of-conduct-staff",
            "nl/protocol-sociale-media/gedragsregels-leerlingen-ouders",
        ],
    ),
]

MAX_PATH = 1000
BATCH_MAX = 200
DEFAULT_BATCH = 25


# -- Resolving a path ----------------------------------------------------------------


def api_base(request) -> str:
    return request.build_absolute_uri("/++api++").rstrip("/")


def api_id(request, page: Page) -> str:
    return api_base(request) + page.get_url(request).rstrip("/")


def route(request, path: str) -> tuple[int, int, int | None]:
    """(page id, content type id, live revision id) of the live page at /{path}/.

    Cached under the generation that every publish, unpublish, move and delete
    raises, so a warm read needs no query and is never stale; a miss resolves by
    the tree's ``url_path`` in a few small queries. 404 when there is no page.
    """
    if len(path) > MAX_PATH:
        raise Http404
    canonical = "/".join(part for part in path.split("/") if part)
    if canonical != path:
        # Only canonical addresses are resolved (and cached): others move.
        raise NotCanonicalError
    generation = _generation(request)
    # Hashed: a path may hold any character, and cache keys may not.
    where = hashlib.sha256(f"{request.get_host()}\n{path}".encode()).hexdigest()
    route_key = f"akkoord:api:route:{generation}:{where}"
    cacheable = host_is_cacheable(request)
    found = cache.get(route_key) if cacheable else None
    if found is None:
        found = _find(request, path)
        if cacheable:
            cache.set(route_key, found, 3600)
    page_id, content_type_id, revision_id, tree_path = found
    refused = privacy.refusal(request, tree_path, generation)
    if refused == 401:
        raise HttpError(401, _("Log in first"))
    if refused:
        raise HttpError(403, _("You may not see this page."))
    return page_id, content_type_id, revision_id


class NotCanonicalError(Exception):
    """The address has doubled or trailing slashes: answer with a redirect."""


def canonical_location(request) -> str:
    path = re.sub(r"/{2,}", "/", request.path)
    path = path.rstrip("/") if path != "/++api++/" else path
    query = request.META.get("QUERY_STRING", "")
    return path + (f"?{query}" if query else "")


def visible(request, page: Page) -> bool:
    """May this caller see ``page`` (Wagtail's page privacy)?"""
    return privacy.visible(request, page.path, _generation(request))


def resolve(request, path: str, *, only: tuple[str, ...] = ()) -> Page:
    """The live page whose HTML address is /{path}/, or 404. With ``only``, just
    those of the named fields the page has (a write that needs a few facts, not
    the content: ``"locale__language_code"``, ``"audience__group_id"``)."""
    page_id, content_type_id, _revision = route(request, path)
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    related = [name for name in ("locale", "audience") if _has_field(model, name)]
    pages = model.objects.select_related(*related)
    fields = [f for f in only if _has_field(model, f.split("__")[0])]
    if fields:
        pages = pages.only(*fields)
    return pages.get(pk=page_id)


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _find(request, path: str) -> tuple[int, int]:
    parts = [part for part in path.strip("/").split("/") if part]
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        # A site in one language: its HTML addresses have no language in front.
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        home = Page.objects.filter(pk=site.root_page_id).only("url_path").first()
        return _live(home.url_path + "".join(f"{part}/" for part in parts))
    if not parts or parts[0] not in dict(settings.LANGUAGES):
        raise Http404
    language, rest = parts[0], parts[1:]
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    home = (
        Page.objects.filter(
            translation_key=Subquery(
                Page.objects.filter(pk=site.root_page_id).values("translation_key")
            ),
            locale__language_code=language,
        )
        .only("url_path")
        .first()
    )
    if home is None:
        raise Http404
    return _live(home.url_path + "".join(f"{part}/" for part in rest))


def _live(url_path: str) -> tuple[int, int, int | None, str]:
    found = (
        Page.objects.live()
        .filter(url_path=url_path)
        .values_list("pk", "content_type_id", "live_revision_id", "path")
        .first()
    )
    if found is None:
        raise Http404
    return tuple(found)


def cached_json(request, key_parts: list, build) -> HttpResponse:
    """Compact JSON bytes, cached; ETag from the cache key; 304 when it matches.

    ``build`` makes the answer on a miss (it may resolve the page and refuse
    with 401/403/404, which are never cached). ``key_parts`` name the answer
    without the generation, host, language or caller.
    """
    if not request.user.is_authenticated:
        return _shared_json(request, key_parts, build)
    generation = _generation(request)
    digest = _digest(
        [
            generation,
            request.get_host(),
            translation.get_language(),
            # Which page-privacy restrictions the caller passes: answers that
            # list or show restricted pages are never shared with those who may
            # not.
            privacy.fingerprint(request, generation),
            *key_parts,
        ]
    )
    etag = f'"{digest[:32]}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _cache_headers(not_modified, etag, personal=True)
    key = f"akkoord:api:{digest}"
    cacheable = host_is_cacheable(request)
    body = cache.get(key) if cacheable else None
    if body is None:
        body = dump(build())
        if cacheable:
            cache.set(key, body, 3600)
    response = HttpResponse(body, content_type="application/json")
    return _cache_headers(response, etag, personal=True)


def _shared_json(request, key_parts: list, build) -> HttpResponse:
    """Anonymous callers pass no page view restriction, so their privacy
    fingerprint is the same for all of them under one generation: a warm read
    is one cache round trip (the generation and the entry together), and the
    entry carries the generation and ETag it was built under."""
    key = "akkoord:api:shared:" + _digest(
        [request.get_host(), translation.get_language(), *key_parts]
    )
    cacheable = host_is_cacheable(request)
    entry = read_entry(request, key) if cacheable else None
    if entry is None:
        generation = _generation(request)
        body = dump(build())
        etag = f'"{_digest([generation, key])[:32]}"'
        if cacheable:
            store_entry(request, key, etag, body)
    else:
        _built_under, etag, body = entry
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _cache_headers(not_modified, etag, personal=False)
    response = HttpResponse(body, content_type="application/json")
    return _cache_headers(response, etag, personal=False)


def _digest(parts: list) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _cache_headers(response, etag: str, *, personal: bool) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = (
        "private, max-age=0, must-revalidate"
        if personal
        else "public, max-age=0, must-revalidate"
    )
    response["Vary"] = "Accept-Language, Cookie, Authorization"
    return response


PROBLEM = "application/problem+json"


class Problem(HttpError):
    """An error that answers as a problem with its own title and detail; raised
    anywhere under the API, answered by its one ``HttpError`` handler."""

    title = ""
    detail = ""

    def __init__(self, status_code=None, title=None, detail=None):
        self.title = title or self.title
        self.detail = detail or self.detail
        super().__init__(status_code or self.status, str(self.title))


def problem(status: int, title: str, detail: str = "", errors=None, **extra):
    """An RFC 9457 problem details answer, the only shape of an API error."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = HttpResponse(dump(body), status=status, content_type=PROBLEM)
    response["Cache-Control"] = "no-store"
    return response


def dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(request, data, status: int = 200, personal: bool = True):
    """An uncached answer; a GET still gets an ETag (of its bytes) and 304."""
    body = dump(data)
    if request.method == "GET" and status == 200:
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        response = get_conditional_response(request, etag=etag) or HttpResponse(
            body, content_type="application/json"
        )
        response["ETag"] = etag
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    response["Cache-Control"] = (
        "private, max-age=0, must-revalidate" if personal else "no-cache"
    )
    response["Vary"] = "Accept-Language, Cookie, Authorization"
    return response
