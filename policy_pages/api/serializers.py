"""Pages, versions, translations and comparisons as the JSON the API answers."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page, PageLogEntry
from wagtail.rich_text import expand_db_html

from ..models import PolicyVersion, VersionedPageMixin
from ..versioning import SnapshotDiff, diff_versions
from .extensions import component_names
from .http import (
    DEFAULT_BATCH,
    api_id,
    visible,
)

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
    return {name: {"@id": f"{base_id}/@{name}"} for name in component_names()}


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
        version = PolicyVersion.objects.current_for(page)
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
    current = PolicyVersion.objects.defer("snapshot").current_by_page(pages)
    source_current = PolicyVersion.objects.source_currents([page.translation_key]).get(
        page.translation_key
    )
    items = []
    for translated in sorted(pages, key=lambda p: p.locale.language_code):
        version = current.get(translated.pk)
        up_to_date = (
            version is not None and version.newer_source(source_current) is None
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
