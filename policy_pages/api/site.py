"""Site-wide views: @vocabularies, @types, @search and the root."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.http import Http404
from ninja import Field, Query, Schema
from wagtail.models import Locale, Page, Site, get_page_models

from . import router
from .http import (
    BATCH_MAX,
    api_base,
    api_id,
    json_response,
    visible,
)
from .schemas import (
    Problem,
)

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
    from ..models import Audience

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
