"""Wagtail registration of rosters, and nothing else."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import api, coverage, panels, privacy, services, views
from .models import Guardian, Pupil
from .viewsets import (
    GuardianViewSet,
    NoRosterBulkDelete,
    PupilViewSet,
    RosterMenu,
    RosterPermissionPolicy,
    RosterScreensViewSet,
)

# -- Hooks of signoff: new evidence is matched; reports count against the roster --

hooks.register("after_record_signoff", services.match_new_signoff)
hooks.register("signoff_parent_coverage", coverage.parent_coverage)


@hooks.register("signoff_outstanding_parents_url")
def outstanding_parents_url(page) -> str:
    return f"{reverse('rosters_admin:outstanding')}?rule_set={page.pk}"


# -- The admin -------------------------------------------------------------------

hooks.register("construct_homepage_panels", panels.add_summary_panel)

for model in (Pupil, Guardian):
    register_permission_policy(model, RosterPermissionPolicy(model))
# After Wagtail's own snippet delete action (order 0), so this one replaces it.
hooks.register("register_bulk_action", NoRosterBulkDelete, order=100)
pupils, guardians = PupilViewSet(), GuardianViewSet()
for snippet_viewset in (pupils, guardians):
    register_snippet(snippet_viewset)

hooks.register("register_admin_viewset", RosterScreensViewSet)
RosterMenu(pupils=pupils, guardians=guardians).on_register()

# -- The intranet ----------------------------------------------------------------

hooks.register("signoff_my_protocols_links", views.my_group_link)


@hooks.register("register_akkoord_api_router")
def rosters_api_router():
    """@roster-coverage in the ++api++."""
    return api.router


# -- Right of access: a button on each guardian and each user -----------------


@hooks.register("register_snippet_listing_buttons")
def guardian_access_button(snippet, user, next_url=None):
    if isinstance(snippet, Guardian) and user.has_perm(privacy.ACCESS_PERMISSION):
        yield ListingButton(
            _("Everything held (AVG)"),
            reverse("rosters_admin:access", args=["guardian", snippet.pk]),
            icon_name="doc-full",
            priority=50,
        )


@hooks.register("register_user_listing_buttons")
def staff_access_button(user, request_user):
    if request_user.has_perm(privacy.ACCESS_PERMISSION):
        yield ListingButton(
            _("Everything held (AVG)"),
            reverse("rosters_admin:access", args=["staff", user.pk]),
            icon_name="doc-full",
            priority=50,
        )
