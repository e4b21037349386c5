"""Content in the ++api++: pages by path, their versions, diffs and translations.

The API address of a page is its HTML address with /++api++ in front. Live
answers are cached as compact JSON bytes per page, live revision, language and
expansion, under a generation number that every publish, unpublish, move or
delete raises, so no server ever answers from a stale entry.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Subquery
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Path as PathParam
from ninja.errors import HttpError
from wagtail import hooks
from wagtail.models import Locale, Page, PageLogEntry, Site, get_page_models
from wagtail.rich_text import expand_db_html

from . import privacy
from .models import PolicyVersion, VersionedPageMixin
from .versioning import SnapshotDiff, diff_versions

router = Router(tags=["content"])

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

GENERATION_KEY = "akkoord:api:generation"
MAX_PATH = 1000
BATCH_MAX = 200
DEFAULT_BATCH = 25


def bump_generation() -> None:
    """Invalidate every cached answer on every server (shared cache)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


# -- Schemas (for the OpenAPI document) --------------------------------------------


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str = ""
    errors: list[dict[str, str]] | None = None


class VersionInfo(Schema):
    number: str
    effective_date: str
    material: bool
    change_note: str
    content_hash: str


class Content(Schema):
    at_id: str = Field(..., alias="@id")
    at_type: str = Field(..., alias="@type")
    id: int
    UID: str
    title: str
    language: str
    url: str
    version: VersionInfo | None = None
    items: list[dict[str, Any]] = []
    items_total: int = 0


class HistoryItem(Schema):
    at_id: str = Field(..., alias="@id")
    version: str
    effective_date: str
    published_at: str
    change_note: str
    material: bool
    content_hash: str


class History(Schema):
    at_id: str = Field(..., alias="@id")
    items: list[HistoryItem]
    items_total: int


class TranslationItem(Schema):
    at_id: str = Field(..., alias="@id")
    language: str
    title: str
    version: str | None
    up_to_date: bool


class Translations(Schema):
    at_id: str = Field(..., alias="@id")
    items: list[TranslationItem]


class DiffWord(Schema):
    op: str
    text: str


class DiffRule(Schema):
    id: str
    change: str
    moved: bool
    number_from: int | None
    number_to: int | None
    text_from: str | None
    text_to: str | None
    words: list[DiffWord]


class Diff(Schema):
    at_id: str = Field(..., alias="@id")
    from_: str = Field(..., alias="from")
    to: str
    rules: list[DiffRule]
    preamble: dict[str, Any] | None = None
    closing: dict[str, Any] | None = None


class ContentQuery(Schema):
    expand: str = Field("", max_length=200)
    version: str = Field("", max_length=12, description="'draft' for editors")
    b_start: int = Field(0, ge=0, le=1_000_000)
    b_size: int = Field(DEFAULT_BATCH, ge=1, le=BATCH_MAX)


class DiffQuery(Schema):
    from_: str = Field("", alias="from", max_length=12)
    to: str = Field("", max_length=12)


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
    generation = _generation()
    # Hashed: a path may hold any character, and cache keys may not.
    where = hashlib.sha256(f"{request.get_host()}\n{path}".encode()).hexdigest()
    route_key = f"akkoord:api:route:{generation}:{where}"
    found = cache.get(route_key)
    if found is None:
        found = _find(request, path)
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
    return privacy.visible(request, page.path, _generation())


def resolve(request, path: str) -> Page:
    """The live page whose HTML address is /{path}/, or 404."""
    page_id, content_type_id, _revision = route(request, path)
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    related = [name for name in ("locale", "audience") if _has_field(model, name)]
    return model.objects.select_related(*related).get(pk=page_id)


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _find(request, path: str) -> tuple[int, int]:
    parts = [part for part in path.strip("/").split("/") if part]
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
    url_path = home.url_path + "".join(f"{part}/" for part in rest)
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
    """Compact JSON bytes, cached; ETag from the cache key; 304 when it matches."""
    generation = _generation()
    key_parts = [
        generation,
        request.get_host(),
        translation.get_language(),
        # Which page-privacy restrictions the caller passes: answers that list
        # or show restricted pages are never shared with those who may not.
        privacy.fingerprint(request, generation),
        *key_parts,
    ]
    digest = hashlib.sha256(json.dumps(key_parts, default=str).encode()).hexdigest()
    etag = f'"{digest[:32]}"'
    personal = request.user.is_authenticated
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        key = f"akkoord:api:{digest}"
        body = cache.get(key)
        if body is None:
            body = dump(build())
            cache.set(key, body, 3600)
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = (
        "private, max-age=0, must-revalidate"
        if personal
        else "public, max-age=0, must-revalidate"
    )
    response["Vary"] = "Accept-Language, Cookie, Authorization"
    return response


PROBLEM = "application/problem+json"


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
        if request.headers.get("If-None-Match") == etag:
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    response["Cache-Control"] = (
        "private, max-age=0, must-revalidate" if personal else "no-cache"
    )
    response["Vary"] = "Accept-Language, Cookie, Authorization"
    return response


# -- Serializing -------------------------------------------------------------------


def version_info(version: PolicyVersion | None) -> dict | None:
    if version is None:
        return None
    return {
        "number": version.number,
        "effective_date": version.effective_date.isoformat(),
        "material": version.material,
        "change_note": version.change_note,
        "content_hash": version.content_hash,
    }


def _rich(value: str) -> str:
    return expand_db_html(value) if value else ""


def document_fields(snapshot: dict) -> dict:
    """The text of a version, as readers see it (links expanded)."""
    data: dict[str, Any] = {}
    for key, value in snapshot.items():
        if key in ("title", "language"):
            continue
        if key == "rules":
            data["rules"] = [
                {"id": r["id"], "number": r["number"], "text": _rich(r["text"])}
                for r in value
            ]
        elif key in ("preamble", "closing"):
            data[key] = _rich(value)
        else:
            data[key] = value
    return data


def components(base_id: str) -> dict:
    return {
        name: {"@id": f"{base_id}/@{name}"}
        for name in ("history", "diff", "translations", "signoff", "workflow")
    }


def serialize(
    request, page: Page, *, b_start=0, b_size=DEFAULT_BATCH, expand=()
) -> dict:
    base_id = api_id(request, page)
    parent = page.get_parent() if page.depth > 2 else None
    children = [c for c in page.get_children().live() if visible(request, c)]
    total = len(children)
    data: dict[str, Any] = {
        "@id": base_id,
        "@type": type(page).__name__,
        "id": page.pk,
        "UID": str(page.translation_key),
        "title": page.title,
        "language": page.locale.language_code,
        "url": request.build_absolute_uri(page.get_url(request)),
        "parent": (
            {"@id": api_id(request, parent), "title": parent.title}
            if parent is not None and parent.depth > 1
            else None
        ),
        "items": [
            {
                "@id": api_id(request, child),
                "@type": child.specific_class.__name__,
                "title": child.title,
            }
            for child in children[b_start : b_start + b_size]
        ],
        "items_total": total,
    }
    if total > b_size:
        data["batching"] = _batching(base_id, b_start, b_size, total)
    if isinstance(page, VersionedPageMixin):
        version = PolicyVersion.objects.for_page(page).latest_first().first()
        data["version"] = version_info(version)
        if version is not None:
            data.update(document_fields(version.snapshot))
        data["@components"] = components(base_id)
        if "history" in expand:
            data["@components"]["history"] = history(request, page)
        if "translations" in expand:
            data["@components"]["translations"] = translations(request, page)
    else:
        for name in ("introduction",):
            if hasattr(page, name):
                data[name] = getattr(page, name)
        if getattr(page, "body", None) is not None:
            data["body"] = _rich(str(page.body))
        document = getattr(page, "document", None)
        if document is not None:
            data["document"] = request.build_absolute_uri(document.url)
    return data


def _batching(base_id: str, start: int, size: int, total: int) -> dict:
    last = max(0, ((total - 1) // size) * size)
    links = {
        "@id": f"{base_id}?b_start={start}&b_size={size}",
        "first": f"{base_id}?b_start=0&b_size={size}",
        "last": f"{base_id}?b_start={last}&b_size={size}",
    }
    if start + size < total:
        links["next"] = f"{base_id}?b_start={start + size}&b_size={size}"
    if start > 0:
        links["prev"] = f"{base_id}?b_start={max(0, start - size)}&b_size={size}"
    return links


WORKFLOW_EVENTS = {
    "wagtail.workflow.start": "submitted",
    "wagtail.workflow.approve": "approved",
    "wagtail.workflow.reject": "rejected",
    "wagtail.workflow.cancel": "cancelled",
}


def workflow_events(page: Page) -> list[dict]:
    """Submitted, approved, rejected: from Wagtail's log, newest first."""
    entries = (
        PageLogEntry.objects.filter(page_id=page.pk, action__in=WORKFLOW_EVENTS)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    return [
        {
            "event": WORKFLOW_EVENTS[entry.action],
            "at": entry.timestamp.isoformat(),
            "actor": (entry.user.get_full_name() or entry.user.get_username())
            if entry.user
            else "",
            "comment": entry.comment,
        }
        for entry in entries
    ]


def history(request, page: Page) -> dict:
    base_id = api_id(request, page)
    versions = list(
        PolicyVersion.objects.for_page(page).defer("snapshot").latest_first()
    )
    return {
        "@id": f"{base_id}/@history",
        "items": [
            {
                "@id": f"{base_id}/@history/{v.number}",
                "version": v.number,
                "effective_date": v.effective_date.isoformat(),
                "published_at": v.published_at.isoformat(),
                "change_note": v.change_note,
                "material": v.material,
                "content_hash": v.content_hash,
            }
            for v in versions
        ],
        "items_total": len(versions),
    }


def translations(request, page: Page) -> dict:
    pages = [
        p
        for p in page.get_translations(inclusive=True).live().specific()
        if visible(request, p)
    ]
    latest: dict[int, PolicyVersion] = {}
    for version in (
        PolicyVersion.objects.filter(page__in=[p.pk for p in pages])
        .defer("snapshot")
        .order_by("page_id", "-published_at", "-pk")
    ):
        latest.setdefault(version.page_id, version)
    source_current = next(
        (v for v in latest.values() if v.source_version_id is None), None
    )
    items = []
    for translated in sorted(pages, key=lambda p: p.locale.language_code):
        version = latest.get(translated.pk)
        up_to_date = version is not None and (
            version.source_version_id is None
            or (
                source_current is not None
                and version.source_version_id == source_current.pk
            )
        )
        items.append(
            {
                "@id": api_id(request, translated),
                "language": translated.locale.language_code,
                "title": translated.title,
                "version": version.number if version else None,
                "up_to_date": up_to_date,
            }
        )
    return {"@id": f"{api_id(request, page)}/@translations", "items": items}


def diff_data(request, page, frm: PolicyVersion, to: PolicyVersion) -> dict:
    result: SnapshotDiff = diff_versions(frm, to)
    return {
        "@id": f"{api_id(request, page)}/@diff?from={frm.number}&to={to.number}",
        "from": frm.number,
        "to": to.number,
        **result.as_data(),
    }


def _versioned(request, path: str) -> Page:
    page = resolve(request, path)
    if not isinstance(page, VersionedPageMixin):
        raise Http404
    return page


def _version(page: Page, number: str) -> PolicyVersion:
    version = PolicyVersion.objects.for_page(page).by_number(number).first()
    if version is None:
        raise HttpError(
            404, _("This page has no version %(number)s.") % {"number": number[:12]}
        )
    return version


# -- Site-wide views ---------------------------------------------------------------

VOCABULARIES: dict[str, Any] = {}


def register_vocabulary(name: str):
    """Register ``fn(request) -> list[dict]`` as ``/++api++/@vocabularies/{name}``."""

    def decorator(fn):
        VOCABULARIES[name] = fn
        return fn

    return decorator


@register_vocabulary("audiences")
def audience_terms(request):
    from .models import Audience

    return [{"token": a.token, "title": a.title} for a in Audience.objects.all()]


@register_vocabulary("languages")
def language_terms(request):
    return [{"token": code, "title": name} for code, name in settings.LANGUAGES]


class Vocabulary(Schema):
    at_id: str = Field(..., alias="@id")
    items: list[dict[str, Any]]


@router.get(
    "/@vocabularies/{name}",
    response={200: Vocabulary, 404: Problem},
    summary="The choices a client needs: audiences, languages, schools",
    by_alias=True,
)
def get_vocabulary(request, name: str):
    terms = VOCABULARIES.get(name)
    if terms is None:
        raise Http404
    return json_response(
        request,
        {"@id": f"{api_base(request)}/@vocabularies/{name}", "items": terms(request)},
        personal=False,
    )


def page_types() -> dict[str, type]:
    """Every page type of the site (not only this app's), by class name."""
    return {cls.__name__: cls for cls in get_page_models() if cls is not Page}


_JSON_TYPES = {
    "CharField": "string",
    "TextField": "string",
    "SlugField": "string",
    "RichTextField": "string",
    "StreamField": "array",
    "BooleanField": "boolean",
    "DateField": "string",
    "DateTimeField": "string",
    "ForeignKey": "object",
    "UUIDField": "string",
    "PositiveIntegerField": "integer",
    "IntegerField": "integer",
}


def type_schema(cls) -> dict:
    """A JSON Schema of the fields editors fill in for this page type."""
    properties: dict[str, Any] = {}
    required = []
    for panel_field in ["title", *[f for f in _panel_fields(cls) if f != "title"]]:
        field = cls._meta.get_field(panel_field)
        kind = type(field).__name__
        prop: dict[str, Any] = {
            "title": str(field.verbose_name),
            "type": _JSON_TYPES.get(kind, "string"),
        }
        if field.help_text:
            prop["description"] = str(field.help_text)
        if getattr(field, "max_length", None):
            prop["maxLength"] = field.max_length
        if kind == "DateField":
            prop["format"] = "date"
        properties[panel_field] = prop
        if not field.blank:
            required.append(panel_field)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": str(cls._meta.verbose_name),
        "type": "object",
        "properties": properties,
        "required": required,
    }


def _panel_fields(cls) -> list[str]:
    names = []

    def walk(panels):
        for panel in panels:
            if getattr(panel, "field_name", None):
                names.append(panel.field_name)
            walk(getattr(panel, "children", []))

    walk(cls.content_panels)
    return names


@router.get(
    "/@types", response={200: list[dict]}, summary="The page types", by_alias=True
)
def get_types(request):
    base = api_base(request)
    return json_response(
        request,
        [
            {
                "@id": f"{base}/@types/{name}",
                "title": str(cls._meta.verbose_name),
                "addable": True,
            }
            for name, cls in page_types().items()
        ],
        personal=False,
    )


@router.get(
    "/@types/{name}",
    response={200: dict, 404: Problem},
    summary="The JSON Schema of one page type",
    by_alias=True,
)
def get_type(request, name: str):
    cls = page_types().get(name)
    if cls is None:
        raise Http404
    return json_response(request, type_schema(cls), personal=False)


class SearchQuery(Schema):
    q: str = Field("", max_length=200)
    language: str = Field("", max_length=12)
    b_start: int = Field(0, ge=0, le=1_000_000)
    b_size: int = Field(25, ge=1, le=BATCH_MAX)


@router.get(
    "/@search",
    response={200: dict, 400: Problem},
    summary="Live pages that match a search, via Wagtail search",
    by_alias=True,
)
def get_search(request, query: Query[SearchQuery]):
    pages = Page.objects.live()
    if query.language:
        locale = Locale.objects.filter(language_code=query.language).first()
        pages = pages.filter(locale=locale) if locale else pages.none()
    # Only words: quotes and operators would be search syntax for some backends.
    words = " ".join(re.findall(r"\w+", query.q))
    results = (
        [page for page in pages.search(words) if visible(request, page)]
        if words
        else []
    )
    window = [
        page.specific for page in results[query.b_start : query.b_start + query.b_size]
    ]
    return json_response(
        request,
        {
            "@id": f"{api_base(request)}/@search",
            "items": [
                {
                    "@id": api_id(request, page),
                    "@type": type(page).__name__,
                    "title": page.title,
                    "language": page.locale.language_code,
                }
                for page in window
            ],
            "items_total": len(results),
        },
        personal=False,
    )


@router.get(
    "/",
    response={200: dict},
    summary="The site: its home page per language",
    by_alias=True,
)
def get_root(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    homes = [
        home
        for home in site.root_page.get_translations(inclusive=True).live().specific()
        if visible(request, home)
    ]
    return json_response(
        request,
        {
            "@id": api_base(request),
            "@type": "Site",
            "title": site.site_name or "Akkoord",
            "items": [
                {
                    "@id": api_id(request, home),
                    "@type": type(home).__name__,
                    "title": home.title,
                    "language": home.locale.language_code,
                }
                for home in homes
            ],
        },
        personal=False,
    )


# -- @workflow ---------------------------------------------------------------------


class WorkflowIn(Schema):
    comment: str = Field("", max_length=2000)


def _editable(request, path: str) -> Page:
    if not request.user.is_authenticated:
        raise HttpError(401, _("Log in first"))
    page = resolve(request, path)
    if not page.permissions_for_user(request.user).can_edit():
        raise HttpError(403, _("Only editors of this page may see its workflow."))
    return page


def workflow_state(page: Page) -> str:
    if page.expired:
        return "expired"
    if page.workflow_in_progress:
        return "in_moderation"
    if page.revisions.filter(approved_go_live_at__isnull=False).exists():
        return "scheduled"
    return "live" if page.live else "draft"


def transitions(page: Page, user) -> list[dict]:
    permissions = page.permissions_for_user(user)
    state = page.current_workflow_state
    result = []
    if state is not None and state.is_active:
        task_state = state.current_task_state
        if task_state is not None:
            task = task_state.task.specific
            seen = set()
            for name, label, _modal in task.get_actions(page, user):
                if name not in seen:
                    seen.add(name)
                    result.append({"name": name, "title": str(label)})
        if state.user_can_cancel(user):
            result.append({"name": "cancel", "title": _("Cancel the approval")})
    elif (
        page.has_unpublished_changes
        and page.get_workflow() is not None
        and permissions.can_submit_for_moderation()
    ):
        result.append({"name": "submit", "title": _("Submit for approval")})
    return result


def workflow_data(request, page: Page) -> dict:
    workflow = page.get_workflow()
    state = page.current_workflow_state
    current_task = state.current_task_state if state and state.is_active else None
    return {
        "@id": f"{api_id(request, page)}/@workflow",
        "state": workflow_state(page),
        "workflow": (
            {
                "name": workflow.name,
                "tasks": [
                    {
                        "name": task.name,
                        "active": bool(
                            current_task and current_task.task_id == task.pk
                        ),
                    }
                    for task in workflow.tasks.all()
                ],
            }
            if workflow
            else None
        ),
        "transitions": transitions(page, request.user),
        "pending_version": pending_version_data(page),
    }


def pending_version_data(page: Page) -> dict | None:
    """What approving the latest draft would publish, rule by rule (as @diff)."""
    from .services import pending_version

    draft = page.get_latest_revision_as_object()
    pending = (
        pending_version(draft=draft) if isinstance(draft, VersionedPageMixin) else None
    )
    if pending is None:
        return None
    return {
        "number": pending.number,
        "from": pending.previous.number if pending.previous else None,
        "change_note": pending.change_note,
        "material": pending.material,
        "effective_date": pending.effective_date.isoformat(),
        "errors": [
            {"field": name, "message": message}
            for name, message in pending.errors.items()
        ],
        **pending.diff.as_data(),
    }


def _version_refused(errors: dict) -> HttpResponse:
    return problem(
        400,
        _("This draft cannot become a new version yet."),
        _("Fill in the 'Version' panel of the page first: see errors."),
        errors=[
            {"field": name, "message": str(message)}
            for name, messages in errors.items()
            for message in (messages if isinstance(messages, list) else [messages])
        ],
    )


@router.get(
    "/{path:path}/@workflow",
    response={200: dict, 401: Problem, 403: Problem, 404: Problem},
    summary="Editors: the page's state, workflow and allowed transitions",
    by_alias=True,
)
def get_workflow(request, path: PagePath):
    page = _editable(request, path)
    return json_response(request, workflow_data(request, page))


@router.post(
    "/{path:path}/@workflow/{transition}",
    response={200: dict, 400: Problem, 401: Problem, 403: Problem, 404: Problem},
    summary="Editors and approvers: take a transition",
    by_alias=True,
)
def post_workflow(request, path: PagePath, transition: str, payload: WorkflowIn):
    page = _editable(request, path)
    allowed = {t["name"] for t in transitions(page, request.user)}
    if transition not in allowed:
        raise HttpError(403, _("You may not take this step now."))
    if transition in ("submit", "approve"):
        # Refused before anything starts: the same rule as every publish.
        from .services import new_version_errors

        draft = page.get_latest_revision_as_object()
        if isinstance(draft, VersionedPageMixin):
            errors = new_version_errors(page=draft)
            if errors:
                return _version_refused(errors)
    if transition == "submit":
        if not page.has_unpublished_changes:
            raise HttpError(400, _("There is no new draft to submit."))
        page.get_workflow().start(page, request.user)
    elif transition == "cancel":
        page.current_workflow_state.cancel(user=request.user)
    else:
        from .models import PublishRefused

        state = page.current_workflow_state
        task_state = state.current_task_state
        try:
            task_state.task.specific.on_action(
                task_state, request.user, transition, comment=payload.comment
            )
        except PublishRefused as refused:  # the action is rolled back
            return _version_refused(refused.message_dict)
    page = type(page).objects.get(pk=page.pk)
    return json_response(request, workflow_data(request, page))


# -- Routes (named views first; the content catch-all last) ------------------------


@router.get(
    "/{path:path}/@history/{number}",
    response={200: dict, 404: Problem},
    summary="One version exactly as it was published",
    by_alias=True,
)
def get_history_version(request, path: PagePath, number: str):
    page = _versioned(request, path)
    version = _version(page, number)

    def build():
        base_id = api_id(request, page)
        data = {
            "@id": f"{base_id}/@history/{version.number}",
            "@type": type(page).__name__,
            "id": page.pk,
            "UID": str(page.translation_key),
            "title": version.snapshot.get("title", ""),
            "language": version.snapshot.get("language") or page.locale.language_code,
            "url": request.build_absolute_uri(
                page.get_url(request)
                + page.reverse_subpage("version", args=[version.number])
            ),
            "version": version_info(version),
            "current": False,
        }
        data.update(document_fields(version.snapshot))
        return data

    return cached_json(request, ["history-version", version.pk], build)


@router.get(
    "/{path:path}/@history",
    response={200: History, 404: Problem},
    summary="The versions of a page, newest first",
    by_alias=True,
)
def get_history(request, path: PagePath):
    page = _versioned(request, path)
    if (
        request.user.is_authenticated
        and page.permissions_for_user(request.user).can_edit()
    ):
        # Editors also see the workflow's events: personal, never cached.
        data = history(request, page)
        data["workflow_events"] = workflow_events(page)
        return json_response(request, data)
    return cached_json(
        request,
        ["history", page.pk, page.live_revision_id],
        lambda: history(request, page),
    )


@router.get(
    "/{path:path}/@diff",
    response={200: Diff, 404: Problem},
    summary="Rule-by-rule comparison of two versions",
    by_alias=True,
)
def get_diff(request, path: PagePath, query: Query[DiffQuery]):
    page = _versioned(request, path)
    versions = list(
        PolicyVersion.objects.for_page(page).defer("snapshot").latest_first()
    )
    if not versions:
        raise Http404
    to = _version(page, query.to) if query.to else versions[0]
    if query.from_:
        frm = _version(page, query.from_)
    else:
        # The version the caller last confirmed (an app tells, through the hook
        # ``versioned_page_last_seen``), else the one before ``to``.
        seen = None
        for hook in hooks.get_hooks("versioned_page_last_seen"):
            seen = seen or hook(request, page)
        frm = (
            next((v for v in versions if v.number == seen), None)
            or to.comparison_start()
        )
    return cached_json(
        request, ["diff", frm.pk, to.pk], lambda: diff_data(request, page, frm, to)
    )


@router.get(
    "/{path:path}/@translations",
    response={200: Translations, 404: Problem},
    summary="Every translation, with the version it was synced from",
    by_alias=True,
)
def get_translations(request, path: PagePath):
    page = _versioned(request, path)
    return json_response(request, translations(request, page), personal=False)


@router.get(
    "/{path:path}",
    response={200: Content, 404: Problem},
    summary="A page by its path",
    by_alias=True,
)
def get_content(request, path: PagePath, query: Query[ContentQuery]):
    expand = set(query.expand.split(",")) & {"history", "translations", "signoff"}
    if query.version == "draft":
        return _draft(request, resolve(request, path))
    default_batch = (query.b_start, query.b_size) == (0, DEFAULT_BATCH)
    if expand & {"translations", "signoff"} or not default_batch:
        # Personal or fast-changing parts are never in the shared cache, and
        # neither are other batches (anyone could fill it with every b_start).
        page = resolve(request, path)
        data = serialize(
            request,
            page,
            b_start=query.b_start,
            b_size=query.b_size,
            expand=tuple(expand),
        )
        for hook in hooks.get_hooks("expand_versioned_page_api"):
            hook(request, page, data, expand)
        return json_response(request, data, personal=request.user.is_authenticated)
    page_id, _content_type, revision_id = route(request, path)
    return cached_json(
        request,
        ["content", page_id, revision_id, sorted(expand)],
        # Only a cache miss loads the page.
        lambda: serialize(request, resolve(request, path), expand=tuple(expand)),
    )


def _draft(request, page: Page):
    """Editors: the latest draft, as it would be published (not cached)."""
    if not (
        request.user.is_authenticated
        and page.permissions_for_user(request.user).can_edit()
    ):
        raise HttpError(403, _("Only editors of this page may see its draft."))
    draft = page.get_latest_revision_as_object()
    data = serialize(request, page)
    data["title"] = draft.title
    data["draft"] = True
    if isinstance(draft, VersionedPageMixin):
        data.update(document_fields(draft.build_snapshot()))
    return json_response(request, data)
