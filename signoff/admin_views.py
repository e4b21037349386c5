"""Admin screens for officers: coverage, outstanding staff, paper entry, revoking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from policy_pages.models import PolicyVersion, RuleSetPage

from . import permissions, reports, scans, services
from .exports import SafeSpreadsheetExportMixin
from .forms import PaperSignOffForm, RevokeForm
from .models import Channel, SignOff
from .views import site_url


class PermissionRequiredMixin:
    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RuleSetChoiceMixin:
    """A report on one rule set, chosen with ``?rule_set=<page id>`` among the
    live ones for staff (``for_staff``) or for parents; the first by default.
    Put it after the permission mixin: it reads pages only for whom may look."""

    for_staff = True

    def dispatch(self, request, *args, **kwargs):
        self.rule_sets = [
            page
            for page in reports.source_rule_sets()
            if permissions.is_staff_rule_set(page) is self.for_staff
        ]
        wanted = request.GET.get("rule_set", "")
        self.rule_set = next(
            (p for p in self.rule_sets if str(p.pk) == wanted),
            self.rule_sets[0] if self.rule_sets else None,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rule_sets=self.rule_sets, rule_set=self.rule_set)
        return context


class TitledHeaderMixin:
    """The admin header names the screen (Wagtail shows the last breadcrumb;
    without this it says only "Home")."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class CoverageReportView(
    PermissionRequiredMixin, SafeSpreadsheetExportMixin, ReportView
):
    """Per rule set and version: confirmed and expected, per school and group.

    Counts only: editors and approvers may see it; names need the officer's
    permission (the confirmations list and the outstanding staff report).
    """

    permission_required = "signoff.view_coverage"
    page_title = gettext_lazy("Confirmations: coverage")
    header_icon = "tasks"
    template_name = "signoff/admin/coverage.html"
    results_template_name = "signoff/admin/coverage_results.html"
    index_url_name = "signoff_admin:coverage"
    index_results_url_name = "signoff_admin:coverage_results"
    paginate_by = None
    export_filename = "akkoord-dekking"
    list_export = [
        "rule_set",
        "version",
        "audience",
        "school",
        "group",
        "confirmed",
        "expected",
        "percent",
    ]
    export_headings = {
        "rule_set": gettext_lazy("Code of conduct"),
        "version": gettext_lazy("Current version"),
        "audience": gettext_lazy("Audience"),
        "school": gettext_lazy("School"),
        "group": gettext_lazy("Group"),
        "confirmed": gettext_lazy("Confirmed"),
        "expected": gettext_lazy("Expected"),
        "percent": gettext_lazy("Percentage"),
    }

    def get_queryset(self):
        self.coverage = reports.coverage()
        return [row for result in self.coverage for row in result.rows]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coverage"] = self.coverage
        context["can_see_names"] = self.request.user.has_perm("signoff.view_signoff")
        return context


class OutstandingStaffView(
    PermissionRequiredMixin, RuleSetChoiceMixin, SafeSpreadsheetExportMixin, ReportView
):
    """Staff members who still have to confirm the current version of a rule set."""

    permission_required = "signoff.view_signoff"
    page_title = gettext_lazy("Staff members who still have to confirm")
    header_icon = "warning"
    template_name = "signoff/admin/outstanding.html"
    results_template_name = "signoff/admin/outstanding_results.html"
    index_url_name = "signoff_admin:outstanding"
    index_results_url_name = "signoff_admin:outstanding_results"
    export_filename = "akkoord-nog-niet-gedaan"
    list_export = ["get_full_name", "username", "email", "schools"]
    export_headings = {
        "get_full_name": gettext_lazy("Name"),
        "username": gettext_lazy("Username"),
        "email": gettext_lazy("E-mail address"),
        "schools": gettext_lazy("Schools"),
    }

    def get_queryset(self):
        if self.rule_set is None:
            return []
        return reports.outstanding_staff(self.rule_set)

    def decorate_paginated_queryset(self, object_list):
        for user in object_list:
            user.schools = ", ".join(s.name for s in user.signoff_schools.all())
        return object_list

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(
            self.decorate_paginated_queryset(list(queryset)), spreadsheet_format
        )


class PaperSignOffView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """An officer enters a confirmation that was signed on paper."""

    permission_required = "signoff.add_paper_signoff"
    page_title = gettext_lazy("Enter a paper confirmation")
    header_icon = "doc-full"
    template_name = "signoff/admin/paper.html"
    form_class = PaperSignOffForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The current version of every live rule set, in every language.
        kwargs["versions"] = (
            PolicyVersion.objects.filter(page__in=RuleSetPage.objects.live())
            .current_per_page()
            .select_related("locale", "page")
        )
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        version = data["version"]
        scan = None
        try:
            with transaction.atomic():
                if data.get("scan"):
                    scan = scans.store_paper_scan(
                        upload=data["scan"], uploaded_by=self.request.user
                    )
                result = services.confirm(
                    services.Shown.of(version),
                    channel=Channel.PAPER,
                    user=data["staff_member"] if form.for_staff else None,
                    parent=None if form.for_staff else form.parent_details(),
                    acted_by=self.request.user,
                    paper_signed_on=data["paper_signed_on"],
                    paper_scan=scan,
                    site_url=site_url(self.request),
                )
                signoff, created = result.signoff, result.created
                if scan is not None and not created:
                    # The existing record keeps its own evidence.
                    raise _KeepExisting(signoff)
        except _KeepExisting as kept:
            scan.file.delete(save=False)
            signoff, created = kept.signoff, False
        except services.NotConfirmableError:
            if scan is not None:
                scan.file.delete(save=False)
            form.add_error("version", _("This version is no longer current."))
            return self.form_invalid(form)
        if created:
            messages.success(
                self.request,
                _("Paper confirmation saved. Reference: %(reference)s")
                % {"reference": signoff.reference},
            )
        else:
            messages.warning(
                self.request,
                _("This confirmation already existed. Reference: %(reference)s")
                % {"reference": signoff.reference},
            )
        return redirect(
            reverse("wagtailsnippets_signoff_signoff:inspect", args=[signoff.pk])
        )


class _KeepExisting(Exception):
    """Roll back a scan stored for a confirmation that already existed."""

    def __init__(self, signoff: SignOff):
        super().__init__(signoff.reference)
        self.signoff = signoff


class RevokeSignOffView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """Revoke a confirmation with a reason; the record and its history stay."""

    permission_required = "signoff.revoke_signoff"
    page_title = gettext_lazy("Revoke confirmation")
    header_icon = "cross"
    template_name = "signoff/admin/revoke.html"
    form_class = RevokeForm

    @cached_property
    def signoff(self) -> SignOff:
        # Looked up only after the permission check in dispatch(): someone without
        # the permission gets the same answer for every id, existing or not.
        return get_object_or_404(SignOff, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.signoff)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signoff"] = self.signoff
        return context

    def form_valid(self, form):
        try:
            services.revoke_signoff(
                signoff=self.signoff,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.message_dict.get("reason", []):
                form.add_error("reason", message)
            return self.form_invalid(form)
        messages.success(self.request, _("The confirmation is revoked."))
        return redirect(
            reverse("wagtailsnippets_signoff_signoff:inspect", args=[self.signoff.pk])
        )
