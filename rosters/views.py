"""The teacher's view on the intranet: for their own groups only, which
children are covered for the parents' rules, to remind families at the school
gate. Children's and guardians' names only: no addresses or phone numbers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from policy_pages.languages import in_staff_language
from policy_pages.models import PolicyVersion
from signoff import permissions, reports

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


@in_staff_language
@never_cache  # children's names: not kept in a shared school computer's cache
@login_required
def my_group(request):
    groups = taught_groups(request.user)
    pages = (
        [p for p in reports.source_rule_sets() if not permissions.is_staff_rule_set(p)]
        if groups
        else []
    )
    majors = PolicyVersion.objects.required_majors([p.translation_key for p in pages])
    sections = []
    for group in groups:
        items = []
        for page in pages:
            children = group_standing(page, majors.get(page.translation_key, 1), group)
            covered = sum(1 for child in children if child.covered)
            items.append({"page": page, "children": children, "covered": covered})
        sections.append({"group": group, "rule_sets": items})
    return render(request, "rosters/my_group.html", {"sections": sections})


def my_group_link(request):
    """Mijn protocollen links here for teachers (``signoff_my_protocols_links``)."""
    if taught_groups(request.user):
        return [(_("My group"), reverse("rosters:my_group"))]
    return []
