"""The admin of rosters: pupils and guardians as snippets (editing one is a
rectification, kept in its history), the officers' roster screens as a
ViewSet, and the Leerlingenlijst menu."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem, WagtailMenuRegisterable
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, privacy
from .models import Guardian, Pupil


class RosterPermissionPolicy(ModelPermissionPolicy):
    """Roster rows arrive by import and leave by being marked as left or
    pseudonymised: nobody adds or deletes them by hand in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class PupilViewSet(SnippetViewSet):
    model = Pupil
    icon = "user"
    menu_label = _("Pupils")
    add_to_admin_menu = False
    list_display = ["full_name", "group", "external_id", "left_on"]
    list_filter = ["school", "group", "left_on"]
    search_fields = ["given_name", "family_name", "external_id"]
    search_backend_name = None
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Pupil.objects.select_related("school", "group")


class GuardianViewSet(SnippetViewSet):
    model = Guardian
    icon = "group"
    menu_label = _("Guardians")
    add_to_admin_menu = False
    list_display = ["name", "email", "phone", "language"]
    list_filter = ["language"]
    search_fields = ["name", "email"]
    search_backend_name = None
    inspect_view_enabled = True


class RosterScreensViewSet(ViewSet):
    """Import, families still to confirm, matching and privacy, under
    ``/admin/leerlingenlijst/`` (URL names ``rosters_admin:…``). Each view
    checks its own permission."""

    name = "rosters_admin"
    url_prefix = "leerlingenlijst"

    def get_urlpatterns(self):
        outstanding = admin_views.OutstandingFamiliesView
        return [
            path("importeren/", admin_views.ImportView.as_view(), name="import"),
            path(
                "importeren/<int:pk>/kolommen/",
                admin_views.ImportMappingView.as_view(),
                name="import_mapping",
            ),
            path(
                "importeren/<int:pk>/controleren/",
                admin_views.ImportPreviewView.as_view(),
                name="import_preview",
            ),
            path(
                "medewerkers-importeren/",
                admin_views.StaffImportView.as_view(),
                name="import_staff",
            ),
            path(
                "medewerkers-importeren/<int:pk>/controleren/",
                admin_views.StaffImportPreviewView.as_view(),
                name="import_staff_preview",
            ),
            path(
                "voorbeelden/<str:name>",
                admin_views.sample_file,
                name="sample",
            ),
            path("nog-niet-gedaan/", outstanding.as_view(), name="outstanding"),
            path(
                "nog-niet-gedaan/resultaten/",
                outstanding.as_view(results_only=True),
                name="outstanding_results",
            ),
            path("koppelingen/", admin_views.MatchesView.as_view(), name="matches"),
            path(
                "koppelingen/<int:pk>/",
                admin_views.ResolveMatchView.as_view(),
                name="resolve",
            ),
            path(
                "nieuw-schooljaar/",
                admin_views.NewSchoolYearView.as_view(),
                name="school_year",
            ),
            path(
                "inzage/<str:kind>/<int:pk>/",
                privacy.AccessView.as_view(),
                name="access",
            ),
        ]


class ScreenMenuEntry(WagtailMenuRegisterable):
    def __init__(self, label, url_name: str, icon: str, permission: str):
        self.menu_label = label
        self.menu_icon = icon
        self.url_name = url_name
        self.permission = permission

    @property
    def menu_url(self):
        return reverse(f"{RosterScreensViewSet.name}:{self.url_name}")

    @cached_property
    def menu_item_class(self):
        permission = self.permission
        return type(
            "RosterMenuItem",
            (MenuItem,),
            {"is_shown": lambda item, request: request.user.has_perm(permission)},
        )


class RosterMenu(ViewSetGroup):
    menu_label = _("Roster")
    menu_icon = "group"
    menu_order = 260

    def __init__(self, *, pupils, guardians):
        self.items = (
            ScreenMenuEntry(
                _("Import"), "import", "upload", "rosters.add_rosterimport"
            ),
            ScreenMenuEntry(
                _("Import staff"), "import_staff", "upload", "rosters.add_rosterimport"
            ),
            ScreenMenuEntry(
                _("Families still to confirm"),
                "outstanding",
                "warning",
                "signoff.view_signoff",
            ),
            ScreenMenuEntry(
                _("Confirmations and the roster"),
                "matches",
                "link",
                "rosters.change_childmatch",
            ),
            ScreenMenuEntry(
                _("New school year"), "school_year", "calendar", "rosters.change_pupil"
            ),
            pupils,
            guardians,
        )
        super().__init__()
