"""Pages by path and their named views: @history, @diff, @translations. The
content catch-all is declared last so the named views match first."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query
from ninja.errors import HttpError
from wagtail import hooks
from wagtail.models import Page

from ..models import PolicyVersion, VersionedPageMixin
from . import router
from .extensions import OWN_EXPANSIONS, contributed_components
from .http import (
    DEFAULT_BATCH,
    PagePath,
    api_id,
    cached_json,
    json_response,
    resolve,
    route,
)
from .schemas import (
    Content,
    ContentQuery,
    Diff,
    DiffQuery,
    History,
    Problem,
    Translations,
)
from .serializers import (
    diff_data,
    document_fields,
    history,
    serialize,
    translations,
    version_info,
    workflow_events,
)


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
    to = _version(page, query.to) if query.to else page.specific.current_version
    if to is None:
        raise Http404
    frm = (
        _version(page, query.from_)
        if query.from_
        else page.specific.comparison_start(request, to)
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
    personal = {"translations", *contributed_components()}
    expand = set(query.expand.split(",")) & (OWN_EXPANSIONS | personal)
    if query.version == "draft":
        return _draft(request, resolve(request, path))
    default_batch = (query.b_start, query.b_size) == (0, DEFAULT_BATCH)
    if expand & personal or not default_batch:
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
    if request.user.is_authenticated:
        # Their privacy is checked before any cached answer (or 304) is given.
        page_id, _content_type, revision_id = route(request, path)
        key = ["content", page_id, revision_id, sorted(expand)]
    else:
        # Anonymous: keyed by the path, so a warm read is one cache round trip;
        # only an answer an anonymous caller was allowed to see is ever stored.
        key = ["content", path, sorted(expand)]
    return cached_json(
        request,
        key,
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
