"""Admin views: the versions of a page, one version as published, two compared.

Read-only by design: versions are evidence, so there is no edit or delete view.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, PageLogEntry

from .models import PolicyVersion, VersionedPageMixin
from .models.rules import Lag, translation_overview
from .versioning import diff_versions


class PageVersionsMixin(WagtailAdminTemplateMixin):
    """Loads the page from the URL; only users who may edit it see its versions."""

    header_icon = "history"

    def dispatch(self, request, *args, **kwargs):
        page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not isinstance(page, VersionedPageMixin):
            raise PermissionDenied
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.page = page
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {
                "url": reverse("policy_pages_admin:index", args=[self.page.pk]),
                "label": _("Versions"),
            },
        ]

    def versions(self):
        return PolicyVersion.objects.for_page(self.page).latest_first()


class VersionIndexView(PageVersionsMixin, TemplateView):
    template_name = "policy_pages/admin/version_index.html"
    page_title = gettext_lazy("Versions")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(self.versions().defer("snapshot"))
        publishers = dict(
            PageLogEntry.objects.filter(
                page_id=self.page.pk,
                action="wagtail.publish",
                revision_id__in=[v.revision_id for v in versions],
            )
            .select_related("user")
            .values_list("revision_id", "user__username")
        )
        for index, version in enumerate(versions):
            version.publisher = publishers.get(version.revision_id, "")
            version.previous_in_list = (
                versions[index + 1] if index + 1 < len(versions) else None
            )
        context.update(
            page=self.page,
            versions=versions,
            # A translation behind its source has no current version.
            source_notice=versions[0].newer_source() if versions else None,
        )
        return context


class VersionDetailView(PageVersionsMixin, TemplateView):
    template_name = "policy_pages/admin/version_detail.html"

    def get_page_title(self):
        return _("Version %(number)s") % {"number": self.version.number}

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def dispatch(self, request, *args, **kwargs):
        self.version_id = kwargs["version_id"]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.version = get_object_or_404(self.versions(), pk=self.version_id)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.page, version=self.version, document=self.version.snapshot
        )
        return context


class VersionCompareView(PageVersionsMixin, TemplateView):
    template_name = "policy_pages/admin/version_compare.html"
    page_title = gettext_lazy("Compare versions")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(self.versions())
        by_id = {str(v.pk): v for v in versions}
        to_version = by_id.get(self.request.GET.get("to", "")) or (
            versions[0] if versions else None
        )
        from_version = by_id.get(self.request.GET.get("from", "")) or (
            self.page.comparison_start(self.request, to_version) if to_version else None
        )
        context.update(
            page=self.page,
            versions=versions,
            from_version=from_version,
            to_version=to_version,
            diff=diff_versions(from_version, to_version) if to_version else None,
        )
        return context


def may_edit_pages(user) -> bool:
    """Whether ``user`` may edit or publish some page (editors, approvers)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().user_has_any_permission(user, ["change", "publish"])


class LaggingTranslationsView(ReportView):
    """Translations whose version is behind their source: what to sync next.

    Readers of such a translation cannot confirm it; they are sent to the source.
    """

    page_title = gettext_lazy("Translations that are behind")
    header_icon = "globe"
    template_name = "policy_pages/admin/lagging_translations.html"
    results_template_name = "policy_pages/admin/lagging_translations_results.html"
    index_url_name = "policy_pages_admin:lagging"
    index_results_url_name = "policy_pages_admin:lagging_results"
    paginate_by = None

    def dispatch(self, request, *args, **kwargs):
        # Titles and states of every page in every language: for editors.
        if not may_edit_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        # One read of every page's current versions serves both tables.
        self.overview = translation_overview()
        return [
            Lag(translation=state.translation, source_current=state.behind)
            for row in self.overview
            for state in row.states
            if state.behind is not None
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overview"] = self.overview
        context["languages"] = [
            (code, name)
            for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
            if code != settings.LANGUAGE_CODE
        ]
        return context
