"""The officer's admin home: one panel with coverage against the roster."""

from __future__ import annotations

from django.db.models import Count
from wagtail.admin.ui.components import Component

from signoff import permissions, reports

from .models import ChildMatch, MatchState, Pupil


class RosterSummaryPanel(Component):
    """Per rule set: children covered of the children on the roster (parents)
    or staff confirmed of staff expected, and the matches to decide."""

    name = "akkoord_roster_summary"
    template_name = "rosters/admin/home_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        to_decide = 0
        if request.user.has_perm("rosters.change_childmatch"):
            to_decide = ChildMatch.objects.filter(
                state=MatchState.AMBIGUOUS,
                decided_by__isnull=True,
                signoff__verified_at__isnull=False,
                signoff__revoked_at__isnull=True,
            ).count()
        context.update(
            coverage=reports.coverage(),
            pupils=Pupil.objects.active().aggregate(n=Count("pk"))["n"],
            to_decide=to_decide,
            can_see_names=permissions.may_see_names(request.user),
            can_import=request.user.has_perm("rosters.add_rosterimport"),
        )
        return context


def add_summary_panel(request, panels) -> None:
    if permissions.may_see_coverage(request.user):
        panels.append(RosterSummaryPanel())
