"""The rules of versions, read-only: whether a page may be published as it is,
what its next version would be, and which translations lag behind. The admin
form, the approval panel, ``@workflow``, ``VersionedPageMixin.publish`` and the
writer ``services.record_version`` all ask here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from ..versioning import SnapshotDiff, content_hash, diff_snapshots
from .versions import PolicyVersion, next_number

if TYPE_CHECKING:
    from .pages import VersionedPageMixin


class PublishRefused(ValidationError):
    """A publish that would record a version the rules refuse.

    Raised by every path to publication (see ``VersionedPageMixin.publish``);
    ``message_dict`` names the fields of the "Versie" panel that are wrong.
    """


FIRST_VERSION_NOTE = "Eerste versie"


def is_source_page(page: Page) -> bool:
    """Pages in the default language are the source; others are translations."""
    return page.locale_id == Locale.get_default().pk


def new_version_errors(*, page: VersionedPageMixin) -> dict[str, str]:
    """What is wrong with the "Versie" panel if ``page`` were published as it is.

    Nothing is wrong when the content equals the latest version: that publish
    records no new version. Otherwise a new version needs its own change note and
    an effective date that is not before the previous version's.
    """
    if not page.pk or not is_source_page(page):
        return {}
    latest = PolicyVersion.objects.current_for(page)
    if latest is None:
        return {}
    try:
        snapshot = page.build_snapshot()
    except Exception:  # incomplete content: the form shows its own field errors
        return {}
    if content_hash(snapshot) == latest.content_hash:
        return {}
    errors: dict[str, str] = {}
    note = (page.version_change_note or "").strip()
    if not note:
        errors["version_change_note"] = _(
            "Write what changed. This is required for every new version."
        )
    elif note == latest.change_note.strip():
        errors["version_change_note"] = _(
            "This is still the note of version %(number)s. Write what changed now."
        ) % {"number": latest.number}
    date = page.version_effective_date
    if date is None and page.go_live_at:
        date = timezone.localdate(page.go_live_at)
    if date is not None and date < latest.effective_date:
        errors["version_effective_date"] = _(
            "This date is before the previous version (%(number)s, in force from "
            "%(date)s). Choose %(date)s or later."
        ) % {
            "number": latest.number,
            "date": date_format(latest.effective_date, "j E Y"),
        }
    return errors


def check_new_version(*, page: VersionedPageMixin) -> None:
    """Raise ``PublishRefused`` if ``page`` may not be published as it is.

    The one gate on publication: ``VersionedPageMixin.publish`` and
    ``record_version`` call it; the admin form and ``@workflow`` show the same
    ``new_version_errors`` before anything starts.
    """
    errors = new_version_errors(page=page)
    if errors:
        raise PublishRefused(errors)


def effective_date(
    page: VersionedPageMixin, latest: PolicyVersion | None
) -> datetime.date:
    if page.version_effective_date:
        date = page.version_effective_date
    elif page.go_live_at:
        date = timezone.localdate(page.go_live_at)
    else:
        date = timezone.localdate()
    if latest is not None and date < latest.effective_date:
        # The form refuses this; a publish by other means keeps the order anyway.
        date = latest.effective_date
    return date


def next_source_version(
    content: VersionedPageMixin, latest: PolicyVersion | None
) -> tuple[int, int, bool, str, datetime.date]:
    """Number (major, minor), kind, note and date that a source page's changed
    content gets as its next version: the one rule for ``record_version`` and
    for what an approver is shown (``pending_version``)."""
    first = latest is None
    material = first or content.version_material
    major, minor = next_number(latest, material=material)
    note = (content.version_change_note or "").strip()
    note = note or (FIRST_VERSION_NOTE if first else "")
    return major, minor, material, note, effective_date(content, latest)


@dataclass
class PendingVersion:
    """What publishing a draft would record, for whoever approves it."""

    number: str
    material: bool
    change_note: str
    effective_date: datetime.date
    previous: PolicyVersion | None
    diff: SnapshotDiff
    errors: dict[str, str]


def pending_version(*, draft: VersionedPageMixin) -> PendingVersion | None:
    """The version ``draft`` (a source page's latest revision as a page) would
    become if it were published now; None when it would record no new version.

    Computed by the same rules as ``record_version``: the approval screen and
    ``@workflow`` show what will be published, not a guess.
    """
    if not draft.pk or not is_source_page(draft):
        return None
    try:
        snapshot = draft.build_snapshot()
    except Exception:  # incomplete content: nothing can be published yet
        return None
    latest = PolicyVersion.objects.current_for(draft)
    if latest is not None and latest.content_hash == content_hash(snapshot):
        return None
    major, minor, material, note, effective = next_source_version(draft, latest)
    return PendingVersion(
        number=f"{major}.{minor}",
        material=material,
        change_note=note,
        effective_date=effective,
        previous=latest,
        diff=diff_snapshots(latest.snapshot if latest else {}, snapshot),
        errors=new_version_errors(page=draft),
    )


@dataclass
class Lag:
    """A translation whose current version is behind its source."""

    translation: PolicyVersion
    source_current: PolicyVersion


def lagging_translations(*, translation_key=None) -> list[Lag]:
    """Translations behind their source (all, or of one page), in three queries.

    Whether one lags is ``PolicyVersion.newer_source()``, the one rule; this
    only loads the rows it compares in bulk.
    """
    versions = (
        PolicyVersion.objects.filter(source_version__isnull=False)
        .current_per_page()
        .select_related("page", "locale", "source_version")
        .defer("snapshot", "source_version__snapshot")
        .order_by("page__title", "locale__language_code")
    )
    if translation_key is not None:
        versions = versions.filter(translation_key=translation_key)
    versions = list(versions)
    currents = PolicyVersion.objects.defer("snapshot").source_currents(
        {v.translation_key for v in versions}
    )
    lags = []
    for version in versions:
        newer = version.newer_source(currents.get(version.translation_key))
        if newer is not None:
            lags.append(Lag(translation=version, source_current=newer))
    return lags


@dataclass
class TranslationState:
    """One language of one versioned page, for the editors' overview."""

    language: str  # a code of settings.WAGTAIL_CONTENT_LANGUAGES
    translation: PolicyVersion | None  # its current version; None: not translated
    behind: PolicyVersion | None = None  # the newer source version, when behind

    @property
    def status(self) -> str:
        if self.translation is None:
            return "missing"
        if self.behind is not None:
            return "behind"
        if self.translation.machine_translated:
            return "machine"
        return "current"


@dataclass
class TranslationRow:
    source: PolicyVersion  # the source language's current version
    states: list[TranslationState]


def translation_overview() -> list[TranslationRow]:
    """Per versioned source page and per other content language: up to date,
    behind (since which version), machine-translated and not reviewed, or not
    translated. One query, whatever the number of pages and languages."""
    from django.conf import settings

    versions = list(
        PolicyVersion.objects.current_per_page()
        .select_related("page", "locale")
        .defer("snapshot")
        .order_by("page__title", "locale__language_code")
    )
    sources = {v.translation_key: v for v in versions if v.source_version_id is None}
    translations = {
        (v.translation_key, v.locale.language_code): v
        for v in versions
        if v.source_version_id is not None
    }
    rows = []
    for key, source in sources.items():
        states = []
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            if code == source.locale.language_code:
                continue
            translation = translations.get((key, code))
            behind = translation.newer_source(source) if translation else None
            states.append(TranslationState(code, translation, behind))
        rows.append(TranslationRow(source=source, states=states))
    return rows
