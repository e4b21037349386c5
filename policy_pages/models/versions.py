"""Versions: the immutable record of each published state of a versioned page,
and the one reader of version numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Revision


class ImmutableRowError(Exception):
    """Raised when code tries to change or delete a recorded version."""


class PolicyVersionQuerySet(models.QuerySet):
    def for_page(self, page: Page) -> PolicyVersionQuerySet:
        return self.filter(page_id=page.pk)

    def for_page_id(self, page_id: int) -> PolicyVersionQuerySet:
        return self.filter(page_id=page_id)

    def latest_first(self) -> PolicyVersionQuerySet:
        return self.order_by("-published_at", "-pk")

    # -- The one place that says which version is current ------------------------
    #
    # A page's current version is its latest: the newest ``published_at`` (the
    # highest pk on a tie). Every reader asks these methods; none orders
    # versions itself to find it.

    def current_per_page(self) -> PolicyVersionQuerySet:
        """Each page's current version, as one query (filter first to narrow)."""
        latest = (
            PolicyVersion.objects.filter(page_id=models.OuterRef("page_id"))
            .latest_first()
            .values("pk")[:1]
        )
        return self.filter(pk=models.Subquery(latest))

    def current_for(self, page: Page | int) -> PolicyVersion | None:
        """The current version of ``page`` (a page or its id), or None."""
        return self.filter(page_id=getattr(page, "pk", page)).latest_first().first()

    def current_by_page(self, pages) -> dict[int, PolicyVersion]:
        """The current version of each of ``pages`` (pages or ids), in one query."""
        ids = [getattr(page, "pk", page) for page in pages]
        return {v.page_id: v for v in self.filter(page_id__in=ids).current_per_page()}

    @staticmethod
    def _source_current_pk() -> models.Subquery:
        """The id of the source language's current version of the outer row's
        translation key."""
        return models.Subquery(
            PolicyVersion.objects.filter(
                translation_key=models.OuterRef("translation_key"),
                source_version__isnull=True,
            )
            .latest_first()
            .values("pk")[:1]
        )

    def with_source_current(self) -> PolicyVersionQuerySet:
        """Each row carries the id of its source's current version, so that
        ``newer_source()`` answers "does it lag?" without another query."""
        return self.annotate(source_current_id=self._source_current_pk())

    def source_currents(self, translation_keys) -> dict[Any, PolicyVersion]:
        """The source language's current version per translation key."""
        rows = self.filter(
            translation_key__in=list(translation_keys), source_version__isnull=True
        ).filter(pk=self._source_current_pk())
        return {version.translation_key: version for version in rows}

    def source_states(self, translation_keys) -> dict[Any, SourceState]:
        """Per translation key, in one query: the source language's current
        version and the major number everyone must have confirmed, that of the
        latest material version (a minor version keeps earlier confirmations
        valid). Keys without versions are left out."""
        states: dict[Any, SourceState] = {}
        for version in (
            self.filter(
                translation_key__in=list(translation_keys), source_version__isnull=True
            )
            .defer("snapshot")
            .latest_first()
        ):
            state = states.setdefault(version.translation_key, SourceState(version))
            if version.material and state.required_major is None:
                state.required_major = version.major
        return states

    def required_majors(self, translation_keys) -> dict[Any, int]:
        """Per translation key, the major number everyone must have confirmed
        (``source_states``). Keys without one need 1: ``.get(key, 1)``."""
        return {
            key: state.required_major
            for key, state in self.source_states(translation_keys).items()
            if state.required_major is not None
        }

    def by_number(self, number: str) -> PolicyVersionQuerySet:
        parsed = parse_version_number(number)
        if parsed is None:
            return self.none()
        major, minor = parsed
        return self.filter(major=major, minor=minor).latest_first()

    def update(self, **kwargs):
        raise ImmutableRowError("Versions are never changed after they are recorded.")

    def delete(self):
        raise ImmutableRowError("Versions are never deleted.")


@dataclass
class SourceState:
    """A rule set's source-language current version and required major number."""

    current: PolicyVersion
    required_major: int | None = None


_LOOK_UP = object()


class PolicyVersion(models.Model):
    """One published state of a versioned page: evidence, never changed afterwards.

    The snapshot is exactly what readers saw while this version was current; the
    content hash is ``sha256:`` + the hex digest of the snapshot's canonical JSON.
    A translation's versions carry the number of the source version they were
    synced from (``source_version``); the source language's versions have none.
    Only ``policy_pages.services.record_version`` creates rows.
    """

    page = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        on_delete=models.PROTECT,
        related_name="policy_versions",
    )
    revision = models.ForeignKey(
        Revision,
        verbose_name=_("revision"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    translation_key = models.UUIDField(_("translation key"), db_index=True)
    locale = models.ForeignKey(
        Locale, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    source_version = models.ForeignKey(
        "self",
        verbose_name=_("translation of version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
    )
    major = models.PositiveIntegerField(_("major number"))
    minor = models.PositiveIntegerField(_("minor number"))
    material = models.BooleanField(_("major change"))
    change_note = models.TextField(_("what changed"))
    effective_date = models.DateField(_("in force from"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_by_name = models.CharField(
        _("published by (name)"), max_length=255, blank=True
    )
    snapshot = models.JSONField(_("recorded text"))
    content_hash = models.CharField(_("content hash"), max_length=71)
    machine_translated = models.BooleanField(
        _("machine-translated, not reviewed"),
        default=False,
        help_text=_(
            "A translation published while some of its text was machine-translated "
            "and not yet reviewed by a person. Readers are told; the Dutch text is "
            "binding."
        ),
    )

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["page", "major", "minor"],
                condition=models.Q(source_version__isnull=True),
                name="policy_version_unique_number_per_source_page",
            ),
            models.CheckConstraint(
                condition=models.Q(content_hash__startswith="sha256:"),
                name="policy_version_hash_is_sha256",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["page", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.snapshot.get('title', '')} {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRowError(
                "Versions are never changed after they are recorded."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRowError("Versions are never deleted.")

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def is_first(self) -> bool:
        """Version 1.0: the first text, neither a major nor a minor change."""
        return (self.major, self.minor) == (1, 0)

    @property
    def is_major_change(self) -> bool:
        """A later version that everyone confirms again (shown as such)."""
        return self.material and not self.is_first

    def previous(self) -> PolicyVersion | None:
        return (
            PolicyVersion.objects.filter(page_id=self.page_id)
            .filter(published_at__lte=self.published_at)
            .exclude(pk=self.pk)
            .exclude(major=self.major, minor=self.minor)
            .latest_first()
            .first()
        )

    def comparison_start(self, confirmed: str | None = None) -> PolicyVersion:
        """Where "what changed?" up to this version starts when nobody says: the
        version the reader last confirmed (its number, ``confirmed``) if that is
        an earlier version of this page, else the version before this one (this
        one itself for a first version). The one rule for the site, the admin
        and the API; ``VersionedPageMixin.confirmed_number`` asks the apps which
        version a reader confirmed."""
        if confirmed and confirmed != self.number:
            parsed = parse_version_number(confirmed)
            if parsed is not None and parsed < (self.major, self.minor):
                found = (
                    PolicyVersion.objects.for_page_id(self.page_id)
                    .by_number(confirmed)
                    .first()
                )
                if found is not None:
                    return found
        return self.previous() or self

    def newer_source(self, source_current: Any = _LOOK_UP) -> PolicyVersion | None:
        """For a translation: the source's current version, if it is newer than
        the one this translation was synced from (then it lags behind).

        The one rule for "does this translation lag". A list passes each row's
        ``source_current`` from one ``source_currents()`` query.
        """
        if self.source_version_id is None:
            return None
        if source_current is _LOOK_UP and hasattr(self, "source_current_id"):
            # Read with ``with_source_current()``: look up only when it lags.
            if self.source_current_id in (None, self.source_version_id):
                return None
            return PolicyVersion.objects.filter(pk=self.source_current_id).first()
        if source_current is _LOOK_UP:
            source_current = PolicyVersion.objects.source_currents(
                [self.translation_key]
            ).get(self.translation_key)
        if source_current is None or source_current.pk == self.source_version_id:
            return None
        return source_current

    def get_url(self) -> str:
        page = self.page.specific
        return page.url + page.reverse_subpage("version", args=[self.number])


_VERSION_NUMBER = re.compile(r"([0-9]{1,5})\.([0-9]{1,5})", re.ASCII)
_MAJOR_NUMBER = re.compile(r"([0-9]{1,5})", re.ASCII)


def parse_version_number(
    value: str | None, *, major_only: bool = False
) -> tuple[int, int] | tuple[int, None] | None:
    """The one reader of version numbers people and clients type: "2.0" → (2, 0).

    ASCII digits only and at most five of them per part, so "².0", "٢.0" or a
    thousand nines are simply not a version (never an exception). With
    ``major_only`` a bare major number ("2") is accepted too, as (2, None).
    """
    if not isinstance(value, str) or len(value) > 11:
        return None
    value = value.strip()
    found = _VERSION_NUMBER.fullmatch(value)
    if found:
        return int(found[1]), int(found[2])
    if major_only:
        found = _MAJOR_NUMBER.fullmatch(value)
        if found:
            return int(found[1]), None
    return None


def next_number(latest: PolicyVersion | None, *, material: bool) -> tuple[int, int]:
    if latest is None:
        return 1, 0
    if material:
        return latest.major + 1, 0
    return latest.major, latest.minor + 1
