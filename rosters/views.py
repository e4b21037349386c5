"""The teacher's view on the intranet: for their own groups only, which
children are covered for the parents' rules, to remind families at the school
gate. Children's and guardians' names only: no addresses or phone numbers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from signoff import reports

from .coverage import group_standing
from .models import StaffMembership, StaffRole


def taught_groups(user):
    if not user.is_authenticated or not user.is_active:
        return []
    return [
        m.group
        for m in StaffMembership.objects.filter(user=user, role=StaffRole.TEACHER)
        .select_related("group__school")
        .order_by("group__school__name", "group__sort_order")
    ]


@never_cache  # children's names: not kept in a shared school computer's cache
@login_required
def my_group(request):
    groups = taught_groups(request.user)
    rule_sets = (
        [result for result in reports.coverage() if not result.staff] if groups else []
    )
    sections = [
        {
            "group": group,
            "rule_sets": [
                {
                    "result": result,
                    "children": group_standing(
                        result.page, result.required_major, group
                    ),
                }
                for result in rule_sets
            ],
        }
        for group in groups
    ]
    for section in sections:
        for item in section["rule_sets"]:
            item["covered"] = sum(1 for c in item["children"] if c.covered)
    return render(request, "rosters/my_group.html", {"sections": sections})


def my_group_link(request):
    """Mijn protocollen links here for teachers (``signoff_my_protocols_links``)."""
    if taught_groups(request.user):
        return [(_("My group"), reverse("rosters:my_group"))]
    return []
