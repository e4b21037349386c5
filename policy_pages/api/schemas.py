"""Schemas of the content answers, for the OpenAPI document."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from .http import (
    BATCH_MAX,
    DEFAULT_BATCH,
)

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
