"""How sign-off data leaves the site: spreadsheet cells and moments in time.

One place decides how a cell is made harmless for spreadsheet programs and how a
moment is written, for people (``format_moment``) and for files (``export_moment``),
so the record page, its history, the e-mail, the reports and every export agree.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin

# Spreadsheet programs run a cell that starts with one of these as a formula
# (tab and carriage return too: some programs strip them and look again).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made plain text with
    a leading apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def site_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _in_site_zone(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value.astimezone(site_zone())


def format_moment(value: datetime.datetime | None, empty: str = "—") -> str:
    """A moment for people: in the site's zone, with the zone named,
    e.g. ``26-11-2026 05:01 (CET)``; ``empty`` when there is none."""
    if value is None:
        return empty
    local = _in_site_zone(value)
    return f"{local:%d-%m-%Y %H:%M} ({local.tzname()})"


def export_moment(value: datetime.datetime | None) -> str:
    """A moment for files: ISO 8601 in the site's zone with its offset, to the
    second, e.g. ``2026-11-26T05:01:30+01:00``; empty when there is none."""
    if value is None:
        return ""
    return _in_site_zone(value).replace(microsecond=0).isoformat()


def moment_heading(label) -> str:
    """A column heading that states the zone its moments are in."""
    return f"{label} ({settings.TIME_ZONE})"


class SafeSpreadsheetExportMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin`` (``list_export``):
    every cell neutralised, every moment in ISO 8601 with offset and its column
    heading naming the zone, in CSV and XLSX alike."""

    # Fields that hold moments but are not model DateTimeFields (properties,
    # annotations, report rows).
    export_moment_fields: tuple[str, ...] = ()

    def _is_moment_field(self, queryset, field: str) -> bool:
        if field in self.export_moment_fields:
            return True
        model = getattr(queryset, "model", None)
        if model is None:
            return False
        try:
            return isinstance(model._meta.get_field(field), models.DateTimeField)
        except FieldDoesNotExist:  # a property or a method
            return False

    def get_heading(self, queryset, field):
        heading = super().get_heading(queryset, field)
        if self._is_moment_field(queryset, field):
            return moment_heading(heading)
        return heading

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            # Text, not a spreadsheet date: a date cell cannot hold a zone.
            return export_moment(value)
        if value is None:
            return ""
        return neutralise_cell(
            super().preprocess_field_value(field, value, export_format)
        )


class RowsExport(SafeSpreadsheetExportMixin, SpreadsheetExportMixin):
    """Wagtail's ``list_export`` for rows that are not a view's queryset (the
    ++api++'s @signoffs): dicts with the same columns, the same safe cells."""

    def __init__(self, fields, *, filename: str, moment_fields=()):
        self.list_export = list(fields)
        self.export_filename = filename
        self.export_moment_fields = tuple(moment_fields)

    def to_row_dict(self, item: dict) -> dict:
        return {field: item.get(field) for field in self.list_export}
