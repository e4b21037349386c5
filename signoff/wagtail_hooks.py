"""Wagtail registration of signoff, and nothing else: each hook names the
function that answers it (in views, api, guards and viewsets)."""

from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import api, guards, landing, scans, views
from .models import SignOff
from .viewsets import (
    AkkoordMenu,
    EvidencePermissionPolicy,
    OfficerScreensViewSet,
    SchoolGroupViewSet,
    SchoolViewSet,
    SignOffViewSet,
)

# -- On the site and in the ++api++ (policy_pages' hooks) ----------------------------


@hooks.register("register_versioned_page_routes")
def signoff_page_routes():
    return [
        path("akkoord/", views.confirm_view, name="signoff_confirm"),
        path("akkoord/bedankt/", views.thanks_view, name="signoff_thanks"),
        path(
            "akkoord/bevestigen/<str:token>/",
            views.verify_view,
            name="signoff_verify",
        ),
    ]


hooks.register("insert_versioned_page_actions", views.confirm_box)
hooks.register("versioned_page_last_seen", views.last_confirmed_number)
hooks.register("expand_versioned_page_api", api.expand_signoff)


@hooks.register("register_akkoord_api_router")
def signoff_api_router():
    """@signoff, @signoffs and the schools vocabulary in the ++api++."""
    return api.router


@hooks.register("register_akkoord_api_component")
def signoff_api_component():
    """Each versioned page lists @signoff; ``?expand=signoff`` puts it inline."""
    return "signoff"


# -- Evidence is never deleted by deleting what it points to -------------------------

hooks.register("signoff_my_protocols_links", landing.admin_link)
hooks.register("before_delete_user", guards.keep_users_with_confirmations)
hooks.register("before_bulk_action", guards.keep_evidence_in_bulk)
hooks.register("before_delete_snippet", guards.keep_schools_with_confirmations)

# -- The admin: read-only evidence, snippets, officers' screens, the menu -----------

register_permission_policy(SignOff, EvidencePermissionPolicy(SignOff))
scans.register_document_policy()

signoffs, schools, groups = SignOffViewSet(), SchoolViewSet(), SchoolGroupViewSet()
for snippet_viewset in (signoffs, schools, groups):
    register_snippet(snippet_viewset)

hooks.register("register_admin_viewset", OfficerScreensViewSet)
AkkoordMenu(signoffs=signoffs, schools=schools, groups=groups).on_register()
