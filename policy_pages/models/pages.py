"""Page types: protocols, rule sets and the mixin that makes any page versioned."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RuleBlock
from ..forms import VersionedPageForm
from ..panels import LaggingTranslationsPanel, PendingVersionPanel
from ..versioning import normalize_rich_text
from .rules import (
    Lag,
    PendingVersion,
    PublishRefused,
    check_new_version,
    is_source_page,
    lagging_translations,
    new_version_errors,
    pending_version,
)
from .versions import PolicyVersion

__all__ = ["PublishRefused"]

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class Audience(models.Model):
    """A group of readers a rule set is written for (pupils & parents, staff, …).

    Audiences are data, so editors can add more. ``group`` names the Django group
    whose members are expected to confirm (staff); parents confirm through the form.
    """

    token = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("name"), max_length=100)
    title_en = models.CharField(
        _("name in English"),
        max_length=100,
        blank=True,
        help_text=_("Shown on English pages. Empty: the name above is shown."),
    )
    title_translations = models.JSONField(
        _("name in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            "Per language code, the name on pages in that language, for example "
            '{"ar": "…", "tr": "…"}. A language not given shows the name above.'
        ),
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group that must confirm"),
        null=True,
        blank=True,
        # A staff rule set whose group vanished would become a public form.
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Members of this group must confirm (for staff)."),
    )

    panels: ClassVar = [
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("title_translations"),
        FieldPanel("token"),
        FieldPanel("group"),
    ]

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering: ClassVar = ["title"]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language_code: str | None) -> str:
        """The name in a page's language (the Dutch name when none is given)."""
        code = (language_code or "").split("-")[0]
        if code == "en" and self.title_en:
            return self.title_en
        translations = self.title_translations
        named = translations.get(code) if isinstance(translations, dict) else None
        return named if isinstance(named, str) and named.strip() else self.title

    def clean(self):
        super().clean()
        translations = self.title_translations
        if not isinstance(translations, dict) or not all(
            code in dict(settings.LANGUAGES)
            and isinstance(name, str)
            and 0 < len(name) <= 100
            for code, name in translations.items()
        ):
            raise ValidationError(
                {
                    "title_translations": _(
                        "Give a language code of this site and a name of at most "
                        "100 characters for each language."
                    )
                }
            )


class VersionedPageMixin(RoutablePageMixin, models.Model):
    """Makes a page type versioned: every published change becomes a ``PolicyVersion``.

    The three ``version_*`` fields form the "Versie" panel: the editor states them
    while editing and they are saved with the revision, so an approver publishing
    later publishes exactly what the editor stated. Subclasses declare which fields
    are frozen in a snapshot and compared: ``version_text_fields`` (compared as
    text) and ``version_items_field`` (a StreamField whose blocks are numbered
    items with stable ids, such as rules).
    """

    version_change_note = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_(
            "Required for every new version. Write briefly what changed and why. "
            "For the first version: 'First version'."
        ),
    )
    version_material = models.BooleanField(
        _("major change (everyone confirms again)"),
        default=False,
        help_text=_(
            "On: a new major version (for example 2.0) and everyone confirms "
            "again. Off: a minor change (for example 1.1), earlier confirmations "
            "stay valid."
        ),
    )
    version_effective_date = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: the date of publishing (or of the scheduled publication). "
            "May not be before the date of the previous version."
        ),
    )

    # First on the edit screen, where approvers review: what publishing this
    # draft would record, compared rule by rule with the current version.
    review_panels: ClassVar = [PendingVersionPanel()]
    version_panels: ClassVar = [
        MultiFieldPanel(
            [
                LaggingTranslationsPanel(),
                FieldPanel("version_change_note"),
                FieldPanel("version_material"),
                FieldPanel("version_effective_date"),
            ],
            heading=_("Version"),
        )
    ]

    version_text_fields: ClassVar[tuple[str, ...]] = ()
    version_items_field: ClassVar[str | None] = None

    base_form_class = VersionedPageForm

    class Meta:
        abstract = True

    def build_snapshot(self) -> dict[str, Any]:
        """The content as readers see it, as plain JSON data (rich text as stored)."""
        snapshot: dict[str, Any] = {
            "title": self.title,
            "language": self.locale.language_code if self.locale_id else None,
        }
        for name in self.version_text_fields:
            value = getattr(self, name)
            snapshot[name] = normalize_rich_text(str(value) if value else "")
        if self.version_items_field:
            stream = getattr(self, self.version_items_field)
            snapshot[self.version_items_field] = [
                {
                    "id": str(block["id"]),
                    "number": number,
                    "text": normalize_rich_text(block["value"]),
                }
                for number, block in enumerate(stream.raw_data, start=1)
            ]
        snapshot.update(self.snapshot_extra())
        return snapshot

    def snapshot_extra(self) -> dict[str, Any]:
        """Extra content a subclass freezes in its snapshot (such as the audience)."""
        return {}

    def lag_context(self, current: PolicyVersion | None) -> dict[str, Any]:
        """For a translation behind its source: the source's current version and
        page, so that a page says so and links the text to read and confirm."""
        source_notice = current.newer_source() if current else None
        return {
            "source_notice": source_notice,
            "source_page": source_notice.page.specific if source_notice else None,
        }

    def publish(self, revision, *args, **kwargs):
        """Refuse to publish a revision that would make a version without a note.

        ``Revision.publish()`` ends here on every path: the admin's publish and
        workflow approval, ``@workflow``, a scheduled publish and the
        ``publish_scheduled`` command. (The admin's edit view calls Wagtail's
        publish action itself; its form checks the same rule first.)
        """
        check_new_version(page=revision.as_object())
        return super().publish(revision, *args, **kwargs)

    @cached_property
    def current_version(self) -> PolicyVersion | None:
        return PolicyVersion.objects.current_for(self)

    # The version rules (``models.rules``), asked of a page by the panels and
    # the edit form, which must not import the models themselves.

    @property
    def is_source(self) -> bool:
        return is_source_page(self)

    def new_version_errors(self) -> dict[str, str]:
        return new_version_errors(page=self)

    def pending_version(self) -> PendingVersion | None:
        return pending_version(draft=self) if self.pk else None

    def lagging_translations(self) -> list[Lag]:
        if not (self.pk and self.is_source):
            return []
        return lagging_translations(translation_key=self.translation_key)

    def confirmed_number(self, request) -> str | None:
        """The number of the version of this page the reader confirmed last, as
        an app tells through the ``versioned_page_last_seen`` hook (``signoff``
        does), or None."""
        for hook in hooks.get_hooks("versioned_page_last_seen"):
            number = hook(request, self)
            if number:
                return number
        return None

    def comparison_start(self, request, to: PolicyVersion) -> PolicyVersion:
        """Where "what changed up to ``to``" starts for this reader when they do
        not say: the site, the admin and the API all ask here."""
        return to.comparison_start(self.confirmed_number(request))

    @classmethod
    def get_subpage_urls(cls):
        """This page's own routes, then those other apps add to every versioned page.

        An app adds routes with the ``register_versioned_page_routes`` hook: a
        function returning ``path()`` patterns whose views take ``(page, request,
        …)``. That is how ``signoff`` adds its confirmation form without this app
        knowing about it.
        """
        routes = list(super().get_subpage_urls())
        for hook in hooks.get_hooks("register_versioned_page_routes"):
            routes.extend(hook())
        return tuple(routes)

    def get_cached_paths(self) -> list[str]:
        """What a front-end cache (``wagtail.contrib.frontend_cache``) purges on
        publish and unpublish: the page, its comparison and every version page
        (each says whether it is still current)."""
        versions = PolicyVersion.objects.for_page(self).defer("snapshot")
        return [
            "/",
            self.reverse_subpage("compare"),
            *(self.reverse_subpage("version", args=[v.number]) for v in versions),
        ]

    @path("versies/<str:number>/", name="version")
    def version_view(self, request, number: str):
        version = PolicyVersion.objects.for_page(self).by_number(number).first()
        if version is None:
            raise Http404
        current = self.current_version
        lag = self.lag_context(current)
        latest = current is not None and version.pk == current.pk
        return render(
            request,
            "policy_pages/version_page.html",
            {
                "page": self,
                "self": self,
                "version": version,
                "current": current,
                # A translation's latest version is not current while it lags.
                "is_current": latest and lag["source_notice"] is None,
                "is_latest_translation": latest and lag["source_notice"] is not None,
                "document": version.snapshot,
                **lag,
            },
        )

    @path("vergelijken/", name="compare")
    def compare_view(self, request):
        from ..versioning import diff_versions

        versions = list(PolicyVersion.objects.for_page(self).latest_first())
        if not versions:
            raise Http404
        by_number = {v.number: v for v in reversed(versions)}
        asked = {key: request.GET.get(key, "").strip()[:12] for key in ("van", "tot")}
        unknown = [n for n in asked.values() if n and n not in by_number]
        to = by_number.get(asked["tot"]) or versions[0]
        frm = by_number.get(asked["van"]) or self.comparison_start(request, to)
        return render(
            request,
            "policy_pages/compare_page.html",
            {
                "page": self,
                "self": self,
                "versions": versions,
                "from_version": frm,
                "to_version": to,
                "unknown_versions": unknown,
                "diff": diff_versions(frm, to),
            },
            # An address naming a version that does not exist is not found, even
            # though the page helps the reader on with the default comparison.
            status=404 if unknown else 200,
        )


class ProtocolPage(Page):
    """The umbrella document ("Protocol sociale media"); its children are rule sets."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(
        _("text"), blank=True, features=[*RICH_TEXT_FEATURES, "h2", "h3"]
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("full protocol (document)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels: ClassVar = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("document"),
    ]
    search_fields: ClassVar = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    subpage_types: ClassVar = ["policy_pages.RuleSetPage"]

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")

    def __str__(self) -> str:
        return self.title

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rule_sets"] = (
            RuleSetPage.objects.child_of(self)
            .live()
            .select_related("audience", "locale")
        )
        return context


class RuleSetPage(VersionedPageMixin, Page):
    """The rules for one audience, numbered by their order; each rule keeps its id."""

    audience = models.ForeignKey(
        Audience,
        verbose_name=_("audience"),
        on_delete=models.PROTECT,
        related_name="rule_sets",
    )
    preamble = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    rules = StreamField(
        [("rule", RuleBlock())],
        verbose_name=_("rules"),
        help_text=_("The numbers follow from the order."),
    )
    closing = RichTextField(
        _("closing text"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("For example: what happens when the rules are broken."),
    )
    contact = models.CharField(
        _("contact when in doubt"),
        max_length=255,
        blank=True,
        help_text=_("Whom to ask when in doubt, for example 'the teacher'."),
    )

    content_panels: ClassVar = [
        *VersionedPageMixin.review_panels,
        *Page.content_panels,
        FieldPanel("audience"),
        FieldPanel("preamble"),
        FieldPanel("rules"),
        FieldPanel("closing"),
        FieldPanel("contact"),
        *VersionedPageMixin.version_panels,
    ]
    search_fields: ClassVar = [
        *Page.search_fields,
        index.SearchField("preamble"),
        index.SearchField("rules"),
        index.SearchField("closing"),
    ]
    api_fields: ClassVar = [
        APIField("audience"),
        APIField("preamble"),
        APIField("rules"),
        APIField("closing"),
        APIField("contact"),
    ]
    parent_page_types: ClassVar = ["policy_pages.ProtocolPage"]
    subpage_types: ClassVar = []

    version_text_fields: ClassVar = ("preamble", "closing", "contact")
    version_items_field: ClassVar = "rules"

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("code of conduct")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if not len(self.rules):
            raise ValidationError({"rules": _("Add at least one rule.")})

    def snapshot_extra(self) -> dict[str, Any]:
        # The source name, in every language: snapshots (and hashes) of recorded
        # versions must stay reproducible.
        return {
            "audience": {"token": self.audience.token, "title": self.audience.title}
        }

    @property
    def audience_title(self) -> str:
        """The audience's name in this page's language."""
        return self.audience.title_in(self.locale.language_code)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        versions = list(
            PolicyVersion.objects.for_page(self).defer("snapshot").latest_first()
        )
        version = versions[0] if versions else None
        context["versions"] = versions
        context["version"] = version
        context["previous_version"] = versions[1] if len(versions) > 1 else None
        context["document"] = self.build_snapshot()
        context.update(self.lag_context(version))
        return context
