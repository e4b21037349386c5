"""The only writers of policy_pages models (the rules they check are in
``models.rules``)."""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Revision

from .models import PolicyVersion, VersionedPageMixin, next_number
from .models.rules import (
    FIRST_VERSION_NOTE,
    check_new_version,
    effective_date,
    is_source_page,
    lagging_translations,
    new_version_errors,
    next_source_version,
    pending_version,
)
from .versioning import content_hash

__all__ = [  # the version rules, read here by the writers and their tests
    "check_new_version",
    "lagging_translations",
    "new_version_errors",
    "pending_version",
]

logger = logging.getLogger(__name__)


def _translation_source(page: Page, source_page: Page):
    """wagtail-localize's source of this translation, or None (a site may
    translate without it, or copy pages by hand)."""
    if not apps.is_installed("wagtail_localize"):
        return None
    from wagtail_localize.models import TranslationSource

    return TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=source_page.locale_id
    ).first()


def _synced_source_version(
    page: Page, source_page: Page, source
) -> PolicyVersion | None:
    """The source-language version this translation was last synced from: the
    newest published before wagtail-localize last synced the source (without
    wagtail-localize: before the translation was made). None when no version
    can be shown to be what it translates."""
    versions = PolicyVersion.objects.for_page(source_page).latest_first()
    if source is not None:
        synced_at = source.last_updated_at
    else:
        first = page.revisions.order_by("created_at").values("created_at").first()
        if first is None:
            return None
        synced_at = first["created_at"]
    return versions.filter(published_at__lte=synced_at).first()


def _has_unreviewed_machine_text(page: Page, source) -> bool:
    """Whether some of this translation's text is machine-translated and nobody
    has reviewed it since (wagtail-localize marks a segment "machine" until a
    person saves it in the translation editor)."""
    if source is None:
        return False
    from wagtail_localize.models import StringSegment, StringTranslation

    segments = StringSegment.objects.filter(source=source)
    return StringTranslation.objects.filter(
        locale_id=page.locale_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        translation_of_id__in=segments.values("string_id"),
        context_id__in=segments.values("context_id"),
    ).exists()


@transaction.atomic
def record_version(
    *, page: Page, revision: Revision, user=None
) -> PolicyVersion | None:
    """Record the published ``revision`` of ``page`` as a new version, if it is one.

    Guarantees: a publish whose content equals the latest version records nothing;
    the snapshot comes from the published revision and its hash from the snapshot;
    numbers follow the material flag (1.0 → 2.0) or not (1.0 → 1.1); a translation
    takes the number of the source version it was synced from.
    """
    content = revision.as_object()
    if not isinstance(content, VersionedPageMixin):
        return None
    snapshot = content.build_snapshot()
    digest = content_hash(snapshot)
    # Lock the page row so that two publishes of one page are numbered in turn.
    Page.objects.select_for_update().filter(pk=page.pk).first()
    latest = PolicyVersion.objects.current_for(page)
    author = user or revision.user

    if is_source_page(page):
        if latest is not None and latest.content_hash == digest:
            return None
        if latest is not None:
            # Publishing checked this already; a caller that went around
            # ``publish()`` gets the same refusal, never a made-up note.
            check_new_version(page=content)
        major, minor, material, note, effective = next_source_version(content, latest)
        source_version = None
        machine = False
    else:
        source_page = page.get_translation_or_none(Locale.get_default())
        source = _translation_source(page, source_page) if source_page else None
        source_version = (
            _synced_source_version(page, source_page, source) if source_page else None
        )
        if source_page is not None and source_version is None:
            # A translation of text that no version records (synced before the
            # source's first version): it must not pass for any version, so it
            # gets none until it is synced and published again.
            logger.warning(
                "Page %s translates no recorded version of page %s: no version",
                page.pk,
                source_page.pk,
            )
            return None
        machine = _has_unreviewed_machine_text(page, source)
        if (
            latest is not None
            and latest.content_hash == digest
            and latest.source_version_id == getattr(source_version, "pk", None)
            and latest.machine_translated == machine
        ):
            return None
        if source_version is None:  # a page only in this language: its own source
            major, minor = next_number(latest, material=latest is None)
            material = latest is None
            note = (content.version_change_note or "").strip() or FIRST_VERSION_NOTE
            effective = effective_date(content, latest)
        else:
            major, minor = source_version.major, source_version.minor
            material = source_version.material
            note = (content.version_change_note or "").strip()
            note = note or source_version.change_note
            effective = source_version.effective_date

    version = PolicyVersion(
        page=page,
        revision=revision,
        translation_key=page.translation_key,
        locale_id=page.locale_id,
        source_version=source_version,
        major=major,
        minor=minor,
        material=material,
        change_note=note,
        effective_date=effective,
        published_at=timezone.now(),
        published_by=author,
        published_by_name=(author.get_full_name() or author.get_username())
        if author
        else "",
        snapshot=snapshot,
        content_hash=digest,
        machine_translated=machine,
    )
    version.full_clean()
    version.save()
    logger.info("Recorded version %s of page %s", version.number, page.pk)
    return version
