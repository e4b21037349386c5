"""Wagtail registration of rosters, and nothing else."""

from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import coverage, panels, services, views
from .viewsets import GuardianViewSet, PupilViewSet, RosterMenu, RosterScreensViewSet

# -- Hooks of signoff: new evidence is matched; reports count against the roster --

hooks.register("after_record_signoff", services.match_new_signoff)
hooks.register("signoff_parent_coverage", coverage.parent_coverage)


@hooks.register("signoff_outstanding_parents_url")
def outstanding_parents_url(page) -> str:
    return f"{reverse('rosters_admin:outstanding')}?rule_set={page.pk}"


# -- The admin -------------------------------------------------------------------

hooks.register("construct_homepage_panels", panels.add_summary_panel)

pupils, guardians = PupilViewSet(), GuardianViewSet()
for snippet_viewset in (pupils, guardians):
    register_snippet(snippet_viewset)

hooks.register("register_admin_viewset", RosterScreensViewSet)
RosterMenu(pupils=pupils, guardians=guardians).on_register()

# -- The intranet ----------------------------------------------------------------

hooks.register("signoff_my_protocols_links", views.my_group_link)
