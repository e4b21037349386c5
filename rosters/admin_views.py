"""The officers' roster screens: the families still to confirm, matching
confirmations to children, and the new school year (imports: import_views)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from signoff.admin_views import (
    PermissionRequiredMixin,
    RuleSetChoiceMixin,
    TitledHeaderMixin,
)
from signoff.exports import SafeSpreadsheetExportMixin
from signoff.models import School, SchoolGroup, SignOff, required_major

from . import coverage, services
from .forms import (
    ResolveForm,
)
from .matching import candidates_for
from .models import ChildMatch, MatchState, Pupil


class OutstandingFamiliesView(
    PermissionRequiredMixin, RuleSetChoiceMixin, SafeSpreadsheetExportMixin, ReportView
):
    """Children on the roster not yet covered for a parents' rule set, with
    their guardians' contact details, to phone them. Officers only."""

    permission_required = "signoff.view_signoff"
    page_title = gettext_lazy("Families who still have to confirm")
    header_icon = "warning"
    template_name = "rosters/admin/outstanding.html"
    results_template_name = "rosters/admin/outstanding_results.html"
    index_url_name = "rosters_admin:outstanding"
    index_results_url_name = "rosters_admin:outstanding_results"
    export_filename = "akkoord-gezinnen-nog-niet-gedaan"
    list_export = ["child", "school", "group", "guardians"]
    export_headings = {
        "child": gettext_lazy("Child"),
        "school": gettext_lazy("School"),
        "group": gettext_lazy("Group"),
        "guardians": gettext_lazy("Guardians (phone, e-mail address)"),
    }

    for_staff = False

    @cached_property
    def place(self) -> tuple[School | None, SchoolGroup | None]:
        """``?group_choice=school:group`` (or ``school:`` for a whole school),
        read after the permission check."""
        choice = self.request.GET.get("group_choice", "")
        school_token, _sep, group_token = choice.partition(":")
        school = School.objects.filter(token=school_token).first()
        group = (
            SchoolGroup.objects.filter(school=school, token=group_token).first()
            if school and group_token
            else None
        )
        return school, group

    def get_queryset(self):
        if self.rule_set is None:
            return []
        school, group = self.place
        return coverage.outstanding_children(
            self.rule_set,
            required_major(self.rule_set.translation_key),
            school=school,
            group=group,
        )

    def decorate_paginated_queryset(self, object_list):
        for pupil in object_list:
            links = list(pupil.guardianships.all())
            pupil.child = pupil.full_name
            pupil.school_name = pupil.school.name
            pupil.group_name = pupil.group.name
            pupil.links = links
            pupil.guardian_names = "; ".join(
                " – ".join(
                    part
                    for part in (
                        link.guardian.name,
                        link.guardian.phone,
                        link.guardian.email,
                    )
                    if part
                )
                for link in links
            )
        return object_list

    def to_row_dict(self, item):
        return {
            "child": item.full_name,
            "school": item.school.name,
            "group": item.group.name,
            "guardians": item.guardian_names,
        }

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(
            self.decorate_paginated_queryset(list(queryset)), spreadsheet_format
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            schools=School.objects.prefetch_related("groups"),
            school=self.place[0],
            group=self.place[1],
            has_roster=Pupil.objects.active().exists(),
        )
        return context


class MatchesView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Parents' confirmations and the roster children they were matched to:
    the ambiguous and unmatched ones first, to decide by hand."""

    permission_required = "rosters.change_childmatch"
    page_title = gettext_lazy("Confirmations and the roster")
    header_icon = "link"
    template_name = "rosters/admin/matches.html"
    per_page = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", MatchState.AMBIGUOUS)
        if state not in MatchState.values:
            state = MatchState.AMBIGUOUS
        matches = (
            ChildMatch.objects.filter(
                state=state,
                # Claims whose e-mailed link was not followed prove nothing yet.
                signoff__verified_at__isnull=False,
                signoff__revoked_at__isnull=True,
            )
            .select_related(
                "signoff__school", "signoff__group", "pupil__group", "decided_by"
            )
            .order_by("-signoff__signed_at")
        )
        counts = dict(
            ChildMatch.objects.filter(
                signoff__verified_at__isnull=False, signoff__revoked_at__isnull=True
            )
            .values_list("state")
            .annotate(n=Count("pk"))
            .order_by()
        )
        context.update(
            state=state,
            states=[
                (value, label, counts.get(value, 0))
                for value, label in MatchState.choices
            ],
            matches=matches[: self.per_page],
            total=matches.count(),
        )
        return context


class ResolveMatchView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, FormView
):
    """Decide which child one confirmation is for."""

    permission_required = "rosters.change_childmatch"
    page_title = gettext_lazy("Which child is this confirmation for?")
    header_icon = "link"
    template_name = "rosters/admin/resolve.html"
    form_class = ResolveForm

    @cached_property
    def signoff(self) -> SignOff:
        # Revoked confirmations count for nobody: nothing to decide.
        return get_object_or_404(
            SignOff.objects.of_parents()
            .filter(revoked_at__isnull=True)
            .select_related("school", "group"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["candidates"] = candidates_for(self.signoff)
        return kwargs

    def form_valid(self, form):
        services.resolve_match(
            signoff=self.signoff, pupil=form.pupil(), by=self.request.user
        )
        messages.success(self.request, _("The decision was saved."))
        return redirect(reverse("rosters_admin:matches") + "?state=ambiguous")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signoff"] = self.signoff
        context["match"] = getattr(self.signoff, "roster_match", None)
        return context


def proposed_next_groups() -> list[tuple[SchoolGroup, SchoolGroup | None, int]]:
    """Each group with pupils, the group after it in its school's order (None
    for the last: they leave), and how many pupils it has."""
    counts = dict(
        Pupil.objects.active().values_list("group").annotate(n=Count("pk")).order_by()
    )
    rows = []
    groups = list(SchoolGroup.objects.select_related("school"))
    for group in groups:
        if not counts.get(group.pk):
            continue
        later = [
            g
            for g in groups
            if g.school_id == group.school_id
            and (g.sort_order, g.name) > (group.sort_order, group.name)
        ]
        rows.append((group, later[0] if later else None, counts[group.pk]))
    return rows


class NewSchoolYearView(
    PermissionRequiredMixin, TitledHeaderMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Move every active pupil up a group, per a mapping the officer checks;
    the last group leaves. (Importing the new year's file does the same.)"""

    permission_required = "rosters.change_pupil"
    page_title = gettext_lazy("New school year")
    header_icon = "calendar"
    template_name = "rosters/admin/school_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            (group, target, n, list(group.school.groups.all()))
            for group, target, n in proposed_next_groups()
        ]
        context["state"] = services.roster_state()
        context["last_move"] = services.last_school_year_move()
        return context

    def post(self, request, *args, **kwargs):
        mapping = {}
        valid = {g.pk: g for g in SchoolGroup.objects.all()}
        for group, _target, _n in proposed_next_groups():
            value = request.POST.get(f"group-{group.pk}", "")
            if value == "left":
                mapping[group.pk] = None
            elif re.fullmatch(r"[0-9]{1,18}", value) and int(value) in valid:
                mapping[group.pk] = int(value)
            else:
                messages.error(request, _("Choose where each group goes."))
                return redirect(request.path)
        try:
            result = services.move_school_year(
                mapping=mapping, state=request.POST.get("state", ""), by=request.user
            )
        except services.PlanChangedError:
            messages.warning(
                request,
                _("The roster changed since this page was opened. Check it again."),
            )
            return redirect(request.path)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(
            request,
            _("%(moved)d pupils moved up a group, %(left)d left the school.") % result,
        )
        return redirect("rosters_admin:school_year")
